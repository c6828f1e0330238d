//! What the app holds while it runs: the open library, shared by every command, and the background
//! work attached to it (thumbnail backlog, folder watcher, backup).

use std::sync::Arc;

use shoebox_engine::{defaults, Library};

use crate::backlog::Backlog;
use crate::backup::BackupJob;
use crate::live::LiveWatch;

pub struct AppState {
    pub library: Arc<Library>,
    pub backlog: Arc<Backlog>,
    pub live: LiveWatch,
    pub backup: Arc<BackupJob>,
}

impl AppState {
    /// Opens the library named by `SHOEBOX_LIBRARY` (or the default path), as the CLI does.
    pub fn open_default() -> Result<AppState, shoebox_engine::Error> {
        Ok(AppState::new(Library::open(&defaults::library_path())?))
    }

    pub fn new(library: Library) -> AppState {
        AppState {
            library: Arc::new(library),
            backlog: Arc::default(),
            live: LiveWatch::default(),
            backup: Arc::default(),
        }
    }
}
