//! Notices organize changes made outside the app (the CLI) or by it: polls the history's revision
//! (one row on the read-only connection) about once a second and sends `organize-changed` when it
//! moved, so marks, albums and tags appear without a restart. After a change, and when
//! `xmp.sidecars` has just been turned to `write`, it writes the pending XMP sidecars (on this
//! thread, off the UI's; a failed write stays pending, with its reason, for `shoebox xmp status`
//! and the Settings pane, and is tried again after the next change).

use std::sync::Arc;
use std::time::Duration;

use shoebox_engine::xmp::settings::SidecarMode;
use shoebox_engine::Library;

use crate::events::Events;

/// How often the revision is read.
pub const POLL: Duration = Duration::from_millis(1000);

fn sidecars_on(library: &Library) -> bool {
    matches!(library.xmp().mode(), Ok(SidecarMode::Write))
}

/// Starts the poller on its own thread for the life of the app.
pub fn watch_history(events: Events, library: Arc<Library>, every: Duration) {
    std::thread::spawn(move || {
        let mut last = library.organize().history_state().ok().map(|h| h.rev);
        let mut writing = sidecars_on(&library);
        loop {
            std::thread::sleep(every);
            // A busy or locked database is retried on the next tick.
            let Ok(state) = library.organize().history_state() else {
                continue;
            };
            let changed = last != Some(state.rev);
            if changed {
                last = Some(state.rev);
                events.organize_changed(state.into());
            }
            // Sidecars just turned on: what waited is written now, not at the next change.
            let now_writing = sidecars_on(&library);
            let turned_on = now_writing && !writing;
            writing = now_writing;
            if changed || turned_on {
                if let Err(e) = library.xmp().write_if_enabled() {
                    eprintln!("shoebox-app: writing XMP sidecars failed: {e}");
                }
            }
        }
    });
}
