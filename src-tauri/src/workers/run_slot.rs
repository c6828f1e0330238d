//! A job that runs one at a time (an export, a restore): its cancel flag, so the dialog's Cancel
//! reaches the running job, and a second start while one runs is refused (busy) instead of
//! competing for the cores and the disk.

use std::sync::{Arc, Mutex};

use shoebox_engine::CancelToken;

#[derive(Debug, Default)]
pub struct RunSlot {
    running: Mutex<Option<CancelToken>>,
}

/// Held while the job runs; the slot is free again when it is dropped.
pub struct SlotRun {
    job: Arc<RunSlot>,
    pub cancel: CancelToken,
}

impl RunSlot {
    /// Takes the slot, or `None` when a run holds it.
    pub fn begin(self: &Arc<Self>) -> Option<SlotRun> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.is_some() {
            return None;
        }
        let cancel = CancelToken::new();
        *running = Some(cancel.clone());
        Some(SlotRun {
            job: Arc::clone(self),
            cancel,
        })
    }

    /// Asks the running job to stop after the files in progress; false when none runs.
    pub fn cancel(&self) -> bool {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.as_ref().map(CancelToken::cancel).is_some()
    }
}

impl Drop for SlotRun {
    fn drop(&mut self) {
        *self.job.running.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_run_at_a_time_and_cancel_reaches_it() {
        let job = Arc::new(RunSlot::default());
        assert!(!job.cancel(), "nothing to cancel");
        let run = job.begin().expect("the slot is free");
        assert!(job.begin().is_none(), "a second run is refused");
        assert!(job.cancel());
        assert!(run.cancel.is_cancelled());
        drop(run);
        assert!(job.begin().is_some(), "free again once the first ended");
    }
}
