//! What the app holds while it runs: the open library, shared by every command, where events go,
//! the background work attached to the library (thumbnail backlog, folder watcher, backup, export,
//! restore) and where the backup's keys are kept (the system keyring).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use shoebox_engine::{defaults, Library};

use crate::events::Events;
use crate::keys::{KeyStore, SystemKeyring};
use crate::workers::{Backlog, BackupJob, LiveWatch, RunSlot};

pub struct AppState {
    pub library: Arc<Library>,
    pub events: Events,
    pub backlog: Arc<Backlog>,
    pub live: LiveWatch,
    pub backup: Arc<BackupJob>,
    /// The one export, and the one restore, that may run at a time.
    pub export: Arc<RunSlot>,
    pub restore: Arc<RunSlot>,
    pub keys: Arc<dyn KeyStore>,
    /// The files the app was started with ("Open with Shoebox"), see [`crate::launch`].
    launch_files: Mutex<Vec<PathBuf>>,
}

impl AppState {
    /// Opens the library named by `SHOEBOX_LIBRARY` (or the default path), as the CLI does.
    pub fn open_default(events: Events) -> Result<AppState, shoebox_engine::Error> {
        Ok(AppState::new(
            Library::open(&defaults::library_path())?,
            events,
        ))
    }

    pub fn new(library: Library, events: Events) -> AppState {
        AppState::with_keys(library, events, Arc::new(SystemKeyring::from_env()))
    }

    /// As [`AppState::new`], with the backup's keys kept in `keys` (tests keep them in memory).
    pub fn with_keys(library: Library, events: Events, keys: Arc<dyn KeyStore>) -> AppState {
        AppState {
            library: Arc::new(library),
            events,
            backlog: Arc::default(),
            live: LiveWatch::default(),
            backup: Arc::default(),
            export: Arc::default(),
            restore: Arc::default(),
            keys,
            launch_files: Mutex::default(),
        }
    }

    /// The files the app was started with.
    pub fn launch_files(&self) -> Vec<PathBuf> {
        self.launch_files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Records the files the app was started with (once, at start-up; tests set their own).
    pub fn set_launch_files(&self, files: Vec<PathBuf>) {
        *self.launch_files.lock().unwrap_or_else(|e| e.into_inner()) = files;
    }

    /// Makes the grid thumbnails the library lacks, after `delay` (see [`Backlog::kick`]).
    pub fn kick_backlog(&self, delay: std::time::Duration) {
        self.backlog
            .kick(self.events.clone(), Arc::clone(&self.library), delay);
    }

    /// (Re)starts watching every root after `delay` (see [`LiveWatch::restart`]): at launch, so new
    /// files in known folders appear in a normal session, and after each import, for new roots.
    pub fn watch_roots(&self, delay: std::time::Duration) {
        self.live.restart(
            self.events.clone(),
            Arc::clone(&self.library),
            Arc::clone(&self.backlog),
            delay,
        );
    }
}
