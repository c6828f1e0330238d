//! The events the shell sends the UI. Each one's name is declared here, once; the generated
//! bindings carry it to TypeScript (`events.libraryChanged.listen(…)`), so neither side spells it.

use serde::Serialize;
use specta::Type;
use tauri_specta::Event;

use super::{BackupOutcome, BackupProgress, HistoryDto};

/// The library changed (photos added, removed or updated, thumbnails made): refresh the gallery.
#[derive(Debug, Serialize, Type, Event, Clone, Copy, PartialEq, Eq)]
#[tauri_specta(event_name = "library-changed")]
pub struct LibraryChanged;

/// Marks, albums, tags or the undo history changed (in the app or from the CLI): the history's
/// state now. The UI refreshes the view and the sidebar.
#[derive(Debug, Serialize, Type, Event, Clone, PartialEq)]
#[tauri_specta(event_name = "organize-changed")]
pub struct OrganizeChanged(pub HistoryDto);

/// A backup's progress (at most ~10 a second, and on every new phase).
#[derive(Debug, Serialize, Type, Event, Clone, PartialEq)]
#[tauri_specta(event_name = "backup-progress")]
pub struct BackupProgressed(pub BackupProgress);

/// A backup ended (done, cancelled or failed); sent once per run.
#[derive(Debug, Serialize, Type, Event, Clone, PartialEq)]
#[tauri_specta(event_name = "backup-finished")]
pub struct BackupFinished(pub BackupOutcome);
