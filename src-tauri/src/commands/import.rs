//! Importing: dropped or chosen folders and files become roots and are scanned, with progress on a
//! per-call channel; and the Pictures folder the empty state offers.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use shoebox_engine::{CancelToken, Progress};
use tauri::ipc::Channel;
use tauri::State;

use crate::dto::{ProgressDto, ScanSummary};
use crate::error::{blocking, CommandError, CommandResult};
use crate::state::AppState;

const MAX_IMPORT_PATHS: usize = 1000;
/// How often the gallery is told to refresh while photos arrive.
const REFRESH_EVERY_MS: u64 = 400;

/// Adds dropped or chosen folders/files as roots and scans them, streaming progress and telling the
/// UI to refresh as photos arrive (at most every 400 ms); then hashes the new files and hands the
/// thumbnails to the background backlog (tiles on screen are served on demand meanwhile).
#[tauri::command]
#[specta::specta]
pub async fn import_paths(
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<ProgressDto>,
) -> CommandResult<ScanSummary> {
    let paths = validate_import_paths(&paths)?;
    let last_emit = AtomicU64::new(0);
    let started = Instant::now();
    let (library, backlog, events) = (
        Arc::clone(&state.library),
        Arc::clone(&state.backlog),
        state.events.clone(),
    );
    let summary = blocking(&state.library, move |lib| {
        let sink = |p: Progress| {
            let _ = on_progress.send(ProgressDto::from(p));
            let now = started.elapsed().as_millis() as u64;
            let last = last_emit.load(Ordering::Relaxed);
            if now.saturating_sub(last) >= REFRESH_EVERY_MS
                && last_emit
                    .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                events.library_changed();
            }
        };
        let cancel = CancelToken::new();
        let report = lib.scan(&paths, &cancel, &sink)?;
        events.library_changed();
        lib.hash_pending(&cancel, &sink)?;
        backlog.kick(events.clone(), Arc::clone(&library), Duration::ZERO);
        Ok::<_, shoebox_engine::Error>(ScanSummary::from(&report))
    })
    .await;
    // New roots are watched from now on.
    state.watch_roots(Duration::ZERO);
    summary
}

/// Import paths must be absolute and exist; at most 1,000 per call.
pub fn validate_import_paths(paths: &[String]) -> CommandResult<Vec<PathBuf>> {
    if paths.is_empty() || paths.len() > MAX_IMPORT_PATHS {
        return Err(CommandError::invalid(format!(
            "give between 1 and {MAX_IMPORT_PATHS} paths"
        )));
    }
    paths
        .iter()
        .map(|p| {
            let path = PathBuf::from(p);
            if !path.is_absolute() {
                return Err(CommandError::invalid(format!("{p}: not an absolute path")));
            }
            if !path.exists() {
                return Err(CommandError::new(
                    crate::error::ErrorKind::NotFound,
                    format!("{p}: no such file or folder"),
                ));
            }
            Ok(path)
        })
        .collect()
}

/// The user's Pictures folder, when there is one (offered by the empty state).
#[tauri::command]
#[specta::specta]
pub fn pictures_dir() -> Option<String> {
    dirs::picture_dir()
        .filter(|p| p.is_dir())
        .map(|p| p.display().to_string())
}
