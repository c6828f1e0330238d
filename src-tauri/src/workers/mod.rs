//! The app's background work, each on its own thread and one run at a time: the thumbnail backlog,
//! the folder watcher and the backup. Commands start them; they report through `crate::events`.

mod backlog;
mod backup;
mod live;

pub use backlog::Backlog;
pub use backup::BackupJob;
pub use live::LiveWatch;
