//! Keeps the library live while the app runs: the engine's folder watcher on its own thread,
//! restarted when roots are added; each applied change batch refreshes the gallery and queues
//! thumbnails for what is new.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use shoebox_engine::{CancelToken, Library, WatchEvent, WatchOptions};

use crate::events::Events;
use crate::workers::Backlog;

#[derive(Default)]
pub struct LiveWatch {
    running: Mutex<Option<CancelToken>>,
}

impl LiveWatch {
    /// (Re)starts watching every root after `delay`; a previous watcher is stopped first.
    /// Without roots there is nothing to watch; the next import starts it.
    pub fn restart(
        &self,
        events: Events,
        library: Arc<Library>,
        backlog: Arc<Backlog>,
        delay: Duration,
    ) {
        let token = CancelToken::new();
        if let Some(previous) = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(token.clone())
        {
            previous.cancel();
        }
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            if token.is_cancelled() || library.roots().map_or(true, |roots| roots.is_empty()) {
                return;
            }
            let on_event = |event: WatchEvent| {
                if let WatchEvent::Batch(batch) = event {
                    if batch.changed() {
                        events.library_changed();
                        backlog.kick(events.clone(), Arc::clone(&library), Duration::ZERO);
                    }
                }
            };
            // Errors (a root unplugged, say) end watching; diagnostics then show "off".
            let _ = library.watch(&[], &WatchOptions::default(), &token, &on_event);
        });
    }
}
