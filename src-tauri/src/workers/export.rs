//! The one export that runs at a time: its cancel flag, so the dialog's Cancel reaches the job,
//! and a second Export while one runs is refused (busy) instead of competing for the cores.

use std::sync::{Arc, Mutex};

use shoebox_engine::CancelToken;

#[derive(Debug, Default)]
pub struct ExportJob {
    running: Mutex<Option<CancelToken>>,
}

/// Held while an export runs; the slot is free again when it is dropped.
pub struct ExportRun {
    job: Arc<ExportJob>,
    pub cancel: CancelToken,
}

impl ExportJob {
    /// Takes the slot, or `None` when an export is running.
    pub fn begin(self: &Arc<Self>) -> Option<ExportRun> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.is_some() {
            return None;
        }
        let cancel = CancelToken::new();
        *running = Some(cancel.clone());
        Some(ExportRun {
            job: Arc::clone(self),
            cancel,
        })
    }

    /// Asks the running export to stop after the files in progress; false when none runs.
    pub fn cancel(&self) -> bool {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.as_ref().map(CancelToken::cancel).is_some()
    }
}

impl Drop for ExportRun {
    fn drop(&mut self) {
        *self.job.running.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_export_at_a_time_and_cancel_reaches_it() {
        let job = Arc::new(ExportJob::default());
        assert!(!job.cancel(), "nothing to cancel");
        let run = job.begin().expect("the slot is free");
        assert!(job.begin().is_none(), "a second export is refused");
        assert!(job.cancel());
        assert!(run.cancel.is_cancelled());
        drop(run);
        assert!(job.begin().is_some(), "free again once the first ended");
    }
}
