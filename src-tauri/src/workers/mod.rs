//! The app's background work, each on its own thread and one run at a time: the thumbnail backlog,
//! the folder watcher, the backup, the export and the organize history's poller. Commands start them; they report through `crate::events`.

mod backlog;
mod backup;
mod export;
mod history;
mod live;

pub use backlog::Backlog;
pub use backup::BackupJob;
pub use export::{ExportJob, ExportRun};
pub use history::{watch_history, POLL as HISTORY_POLL};
pub use live::LiveWatch;
