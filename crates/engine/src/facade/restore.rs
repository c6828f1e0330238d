//! `library.restore(…)`: a backup brought back into this library (see [`crate::restore`]), with the
//! progress callback and cancel flag every front end passes. A dry run before any library exists is
//! [`crate::restore::restore`] with no library.

use crate::progress::CancelToken;
use crate::restore::{RestoreOptions, RestoreProgressSink, RestoreReport};
use crate::sync::SyncError;
use crate::Library;

impl Library {
    /// Restores `options.source` into this library and `options.dest`. Blocks; call it from a worker
    /// thread. Safe to run again after a failure, a cancel or a kill: what is in place is skipped.
    pub fn restore(
        &self,
        options: &RestoreOptions,
        cancel: &CancelToken,
        progress: &dyn RestoreProgressSink,
    ) -> Result<RestoreReport, SyncError> {
        crate::restore::restore(Some(self), options, cancel, progress)
    }
}
