//! Importing: dropped or chosen folders and files become roots and are scanned, with progress on a
//! per-call channel; the Pictures folder the empty state offers; and taking a root folder out of the
//! library again (its files stay on disk).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use shoebox_engine::{CancelToken, Library, Progress, ProgressSink, ScanReport};
use tauri::ipc::Channel;
use tauri::State;

use crate::dto::{FolderRemoval, ProgressDto, ScanSummary};
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
    let summary = scan_with_progress(&state, on_progress, move |lib, sink| {
        lib.scan(&paths, &CancelToken::new(), sink)
    })
    .await;
    // New roots are watched from now on.
    state.watch_roots(Duration::ZERO);
    summary
}

/// Rescans one sidebar folder and everything under it (the folder's context menu), through the same
/// path as an import: progress on the channel, refreshes, hashing, then the thumbnail backlog.
#[tauri::command]
#[specta::specta]
pub async fn rescan_folder(
    state: State<'_, AppState>,
    folder_id: i64,
    on_progress: Channel<ProgressDto>,
) -> CommandResult<ScanSummary> {
    let folder = blocking(&state.library, move |lib| {
        let folders = lib.folders()?;
        Ok::<_, shoebox_engine::Error>(folders.into_iter().find(|f| f.id == folder_id))
    })
    .await?
    .ok_or_else(|| {
        CommandError::new(
            crate::error::ErrorKind::NotFound,
            format!("There is no folder {folder_id} in the library."),
        )
    })?;
    scan_with_progress(&state, on_progress, move |lib, sink| {
        lib.rescan_folders(&[folder.path], true, &CancelToken::new(), sink)
    })
    .await
}

/// "Remove from library": takes the root folder `folder_id` out of the library (its photos leave the
/// timeline; no file is touched), tells the UI to refresh and restarts watching over the remaining
/// roots. A folder inside a root is refused (invalid input, naming the root to remove instead).
#[tauri::command]
#[specta::specta]
pub async fn remove_folder(
    state: State<'_, AppState>,
    folder_id: i64,
) -> CommandResult<FolderRemoval> {
    let removal = blocking(&state.library, move |lib| {
        let folder = lib
            .folders()?
            .into_iter()
            .find(|f| f.id == folder_id)
            .ok_or_else(|| {
                CommandError::new(
                    crate::error::ErrorKind::NotFound,
                    format!("There is no folder {folder_id} in the library."),
                )
            })?;
        let roots = lib.roots()?;
        match folder.root(&roots) {
            Some(root) if folder.is_root(&roots) => {
                Ok(FolderRemoval::from(&lib.remove_root_id(root.id)?))
            }
            Some(root) => Err(CommandError::invalid(format!(
                "{} is inside the library folder {}: remove {} to take it out of the library.",
                folder.path.display(),
                root.path.display(),
                root.path.display()
            ))),
            None => Err(CommandError::new(
                crate::error::ErrorKind::NotFound,
                format!("{} is in no library folder.", folder.path.display()),
            )),
        }
    })
    .await?;
    state.events.library_changed();
    // The watcher follows the remaining roots only (the engine also skips a removed root's rescans).
    state.watch_roots(Duration::ZERO);
    Ok(removal)
}

/// Runs `scan` on the blocking pool, streaming progress and telling the UI to refresh as photos arrive
/// (at most every 400 ms); then hashes the new files and kicks the thumbnail backlog.
async fn scan_with_progress<F>(
    state: &AppState,
    on_progress: Channel<ProgressDto>,
    scan: F,
) -> CommandResult<ScanSummary>
where
    F: FnOnce(&Library, &dyn ProgressSink) -> shoebox_engine::Result<ScanReport> + Send + 'static,
{
    let last_emit = AtomicU64::new(0);
    let started = Instant::now();
    let (library, backlog, events) = (
        Arc::clone(&state.library),
        Arc::clone(&state.backlog),
        state.events.clone(),
    );
    blocking(&state.library, move |lib| {
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
        let report = scan(lib, &sink)?;
        events.library_changed();
        lib.hash_pending(&CancelToken::new(), &sink)?;
        backlog.kick(events.clone(), Arc::clone(&library), Duration::ZERO);
        Ok::<_, shoebox_engine::Error>(ScanSummary::from(&report))
    })
    .await
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
