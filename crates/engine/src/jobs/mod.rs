//! Background thumbnail jobs: the priority queue and the tally of one batch over the whole library.
//! What runs a job (the thumbnailer's pool) is not known here.

pub(crate) mod queue;

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::model::{FileError, PhotoId};

/// What a thumbnail batch did. `failed`/`errors` cover every photo whose failure still holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThumbReport {
    /// Photo passes that made at least one variant or placeholder.
    pub generated: u64,
    /// Photo passes that found everything present.
    pub skipped: u64,
    pub failed: u64,
    pub errors: Vec<FileError>,
    /// Variants written.
    pub variants: u64,
    pub elapsed_ms: u64,
}

/// Tally of one batch, filled by pool threads.
#[derive(Default)]
pub(crate) struct Batch {
    finished: AtomicU64,
    generated: AtomicU64,
    skipped: AtomicU64,
    variants: AtomicU64,
    /// Failures that are not the photo's fault (database, store), reported but not recorded.
    errors: Mutex<Vec<(PhotoId, String)>>,
    wake: Condvar,
    lock: Mutex<()>,
}

impl Batch {
    /// A job made `variants` variants (or only a placeholder).
    pub fn made(&self, variants: u64) {
        self.generated.fetch_add(1, Relaxed);
        self.variants.fetch_add(variants, Relaxed);
    }

    /// A job found everything present (or its photo gone).
    pub fn skipped(&self) {
        self.skipped.fetch_add(1, Relaxed);
    }

    /// A job ended (whatever came of it): wakes whoever waits for the batch.
    pub fn finish(&self) {
        self.finished.fetch_add(1, Relaxed);
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.wake.notify_all();
    }

    pub fn finished(&self) -> u64 {
        self.finished.load(Relaxed)
    }

    /// The report of a finished batch: its counts, `failed` recorded failures and `errors`
    /// (recorded ones first, then those noted by [`Batch::note`], named by `path_of`).
    pub fn report(
        &self,
        mut errors: Vec<FileError>,
        path_of: impl Fn(PhotoId) -> std::path::PathBuf,
        elapsed_ms: u64,
    ) -> ThumbReport {
        let failed = errors.len() as u64;
        for (id, error) in self.errors.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            errors.push(FileError {
                path: path_of(*id),
                error: error.clone(),
            });
        }
        ThumbReport {
            generated: self.generated.load(Relaxed),
            skipped: self.skipped.load(Relaxed),
            failed,
            errors,
            variants: self.variants.load(Relaxed),
            elapsed_ms,
        }
    }

    /// A failure that is not the photo's fault (database, store): reported, not recorded.
    pub fn note(&self, id: PhotoId, error: String) {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((id, error));
    }

    /// Waits up to `timeout` for `count` jobs to finish; true when they have.
    pub fn wait(&self, count: u64, timeout: Duration) -> bool {
        let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if self.finished.load(Relaxed) >= count {
            return true;
        }
        let _ = self.wake.wait_timeout(guard, timeout);
        self.finished.load(Relaxed) >= count
    }
}
