//! The events the shell sends the UI. Each one's name is declared here, once; the generated
//! bindings carry it to TypeScript (`events.libraryChanged.listen(…)`), so neither side spells it.

use serde::Serialize;
use specta::Type;
use tauri_specta::Event;

use super::{BackupOutcome, BackupProgress};

/// The library changed (photos added, removed or updated, thumbnails made): refresh the gallery.
#[derive(Debug, Serialize, Type, Event, Clone, Copy, PartialEq, Eq)]
#[tauri_specta(event_name = "library-changed")]
pub struct LibraryChanged;

/// A backup's progress (at most ~10 a second, and on every new phase).
#[derive(Debug, Serialize, Type, Event, Clone, PartialEq)]
#[tauri_specta(event_name = "backup-progress")]
pub struct BackupProgressed(pub BackupProgress);

/// A backup ended (done, cancelled or failed); sent once per run.
#[derive(Debug, Serialize, Type, Event, Clone, PartialEq)]
#[tauri_specta(event_name = "backup-finished")]
pub struct BackupFinished(pub BackupOutcome);
