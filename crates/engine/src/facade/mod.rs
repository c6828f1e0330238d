//! The facade's handles, one per concern, so [`crate::Library`] grows by concern rather than as one
//! long list of methods: `library.thumbs()`, `library.settings()`, `library.failures()` (albums and
//! search will join them).

pub(crate) mod backup;
mod failures;
mod roots;
mod settings;
mod thumbs;

pub use backup::LastBackup;
pub use failures::{Failure, FailureStage, Failures};
pub use roots::RootRemoval;
pub use settings::Settings;
pub use thumbs::Thumbs;
