//! Sending the UI its events: the one list registered with the bindings, and [`Events`], the
//! handle commands and workers emit through (it hides the Tauri runtime, so nothing else is generic
//! over it). The events' names and payloads are declared in `dto/events.rs`.

use std::sync::Arc;

use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use crate::dto::{
    BackupFinished, BackupOutcome, BackupProgress, BackupProgressed, HistoryDto, LibraryChanged,
    OrganizeChanged,
};

/// Every event, for the bindings (`ui/src/bindings.ts` `events`) and `mount_events`.
pub fn all() -> tauri_specta::Events {
    tauri_specta::collect_events![
        LibraryChanged,
        BackupProgressed,
        BackupFinished,
        OrganizeChanged
    ]
}

/// The wire names, for Rust code that listens (tests).
pub const LIBRARY_CHANGED: &str = LibraryChanged::NAME;
pub const BACKUP_PROGRESS: &str = BackupProgressed::NAME;
pub const BACKUP_FINISHED: &str = BackupFinished::NAME;
pub const ORGANIZE_CHANGED: &str = OrganizeChanged::NAME;

trait Emit: Send + Sync {
    fn library_changed(&self);
    fn backup_progress(&self, progress: BackupProgress);
    fn backup_finished(&self, outcome: BackupOutcome);
    fn organize_changed(&self, history: HistoryDto);
}

impl<R: Runtime> Emit for AppHandle<R> {
    // A webview that went away cannot be told; there is nothing else to do with the error.
    fn library_changed(&self) {
        let _ = LibraryChanged.emit(self);
    }
    fn backup_progress(&self, progress: BackupProgress) {
        let _ = BackupProgressed(progress).emit(self);
    }
    fn backup_finished(&self, outcome: BackupOutcome) {
        let _ = BackupFinished(outcome).emit(self);
    }
    fn organize_changed(&self, history: HistoryDto) {
        let _ = OrganizeChanged(history).emit(self);
    }
}

/// Where the app's events go (cheap to clone).
#[derive(Clone)]
pub struct Events(Arc<dyn Emit>);

impl Events {
    /// Events to every window of `app`, whose events were mounted (`commands::mount`).
    pub fn new<R: Runtime>(app: AppHandle<R>) -> Events {
        Events(Arc::new(app))
    }

    pub fn library_changed(&self) {
        self.0.library_changed();
    }

    pub fn backup_progress(&self, progress: BackupProgress) {
        self.0.backup_progress(progress);
    }

    pub fn backup_finished(&self, outcome: BackupOutcome) {
        self.0.backup_finished(outcome);
    }

    pub fn organize_changed(&self, history: HistoryDto) {
        self.0.organize_changed(history);
    }
}
