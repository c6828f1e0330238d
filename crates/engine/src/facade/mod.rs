//! The facade's handles, one per concern, so [`crate::Library`] grows by concern rather than as one
//! long list of methods: `library.thumbs()`, `library.settings()`, `library.failures()`, `library.organize()`, `library.cleanup()`, `library.xmp()`.

pub(crate) mod backup;
mod cleanup;
mod export;
mod failures;
mod find;
mod organize;
mod restore;
mod roots;
mod settings;
mod thumbs;
mod xmp;

pub use backup::LastBackup;
pub use cleanup::{Cleanup, PrintReport};
pub use export::Export;
pub use failures::{Failure, FailureStage, Failures};
pub use organize::Organize;
pub use roots::RootRemoval;
pub use settings::{SettingSpec, Settings, USER_SETTINGS};
pub use thumbs::Thumbs;
pub use xmp::{SidecarReport, Xmp, XmpStatus};
