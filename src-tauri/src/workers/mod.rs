//! The app's background work, each on its own thread and one run at a time: the thumbnail backlog,
//! the folder watcher, the backup and the organize history's poller. Commands start them; they report through `crate::events`.

mod backlog;
mod backup;
mod history;
mod live;

pub use backlog::Backlog;
pub use backup::BackupJob;
pub use history::{watch_history, POLL as HISTORY_POLL};
pub use live::LiveWatch;
