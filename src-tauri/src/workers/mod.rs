//! The app's background work, each on its own thread and one run at a time: the thumbnail backlog,
//! the folder watcher, the backup, the organize history's poller, and the slot an export or a
//! restore holds while it runs. Commands start them; they report through `crate::events`.

mod backlog;
mod backup;
mod history;
mod live;
mod run_slot;

pub use backlog::Backlog;
pub use backup::BackupJob;
pub use history::{watch_history, POLL as HISTORY_POLL};
pub use live::LiveWatch;
pub use run_slot::{RunSlot, SlotRun};
