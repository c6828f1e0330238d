//! The background thumbnail backlog: one run at a time of the engine's `make_thumbnails`, started
//! at launch and again after each import, so imports return as soon as photos are indexed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use shoebox_engine::{no_progress, CancelToken, Library, Tier};

use crate::events::Events;

#[derive(Default)]
pub struct Backlog {
    running: AtomicBool,
    again: AtomicBool,
}

impl Backlog {
    /// Makes the grid thumbnails every photo lacks, after `delay`; if a run is under way, it runs
    /// once more when that one ends (so photos imported meanwhile are covered).
    pub fn kick(self: &Arc<Self>, events: Events, library: Arc<Library>, delay: Duration) {
        self.again.store(true, Ordering::SeqCst);
        if self.running.swap(true, Ordering::SeqCst) {
            return;
        }
        let backlog = Arc::clone(self);
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            while backlog.again.swap(false, Ordering::SeqCst) {
                let made = library.thumbs().make_thumbnails(
                    Tier::Grid,
                    &CancelToken::new(),
                    &no_progress(),
                );
                if made.is_ok_and(|report| report.generated > 0) {
                    events.library_changed(); // colours and thumbhashes are in now
                }
            }
            backlog.running.store(false, Ordering::SeqCst);
            // An import may have kicked between the last check and the store above.
            if backlog.again.load(Ordering::SeqCst) {
                backlog.kick(events, library, Duration::ZERO);
            }
        });
    }
}
