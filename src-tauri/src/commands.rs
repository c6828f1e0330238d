//! The gallery's `#[tauri::command]`s (validate the input, run one engine call off the UI thread, convert
//! to DTOs) and the one handler that registers every command, backup's (in `backup.rs`) included.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use shoebox_engine::{CancelToken, Cursor, Library, Month, Progress, TimelineQuery};
use tauri::ipc::{Channel, Invoke};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::dto::{
    Diagnostics, FolderDto, MonthDto, PhotoInfo, ProgressDto, ScanSummary, Tile, TimelinePage,
};
use crate::state::AppState;

/// The event that tells the UI the library changed (photos added, removed or updated).
pub const LIBRARY_CHANGED: &str = "library-changed";
const MAX_PAGE: u32 = 1000;
const MAX_VIEWPORT_IDS: usize = 10_000;

pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        timeline_months,
        timeline_page,
        photo_info,
        folders,
        import_paths,
        pictures_dir,
        set_viewport,
        diagnostics,
        crate::backup::backup_settings,
        crate::backup::save_backup_settings,
        crate::backup::start_backup,
        crate::backup::cancel_backup
    ]
}

pub(crate) type CommandResult<T> = Result<T, String>;

/// Runs engine work on the blocking pool so neither the UI thread nor the async runtime waits on it.
pub(crate) async fn blocking<T, F>(library: &Arc<Library>, work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Library) -> shoebox_engine::Result<T> + Send + 'static,
{
    let library = Arc::clone(library);
    tauri::async_runtime::spawn_blocking(move || work(&library))
        .await
        .map_err(|e| format!("internal error: {e}"))?
        .map_err(|e| e.to_string())
}

#[tauri::command]
pub async fn timeline_months(
    state: State<'_, AppState>,
    folder_id: Option<i64>,
) -> CommandResult<Vec<MonthDto>> {
    blocking(&state.library, move |lib| {
        Ok(lib.months(folder_id)?.iter().map(MonthDto::from).collect())
    })
    .await
}

#[tauri::command]
pub async fn timeline_page(
    state: State<'_, AppState>,
    folder_id: Option<i64>,
    cursor: Option<String>,
    from_month: Option<String>,
    limit: u32,
) -> CommandResult<TimelinePage> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(format!("limit must be 1..={MAX_PAGE}"));
    }
    let after = match (from_month, cursor) {
        (Some(month), _) => Library::month_start(Month::parse(&month).map_err(|e| e.to_string())?),
        (None, Some(cursor)) => Cursor::parse(&cursor).map_err(|e| e.to_string())?,
        (None, None) => Cursor::START,
    };
    let query = TimelineQuery {
        folder: folder_id,
        after,
        limit,
    };
    blocking(&state.library, move |lib| {
        let page = lib.timeline(&query)?;
        Ok(TimelinePage {
            photos: page.photos.iter().map(Tile::from).collect(),
            next: page.next.map(|c| c.to_string()),
        })
    })
    .await
}

#[tauri::command]
pub async fn photo_info(state: State<'_, AppState>, id: i64) -> CommandResult<PhotoInfo> {
    blocking(&state.library, move |lib| {
        Ok(PhotoInfo::from(&lib.photo(id)?))
    })
    .await
}

#[tauri::command]
pub async fn folders(state: State<'_, AppState>) -> CommandResult<Vec<FolderDto>> {
    blocking(&state.library, |lib| {
        Ok(lib.folders()?.iter().map(FolderDto::from).collect())
    })
    .await
}

/// Adds dropped or chosen folders/files as roots and scans them, streaming progress and telling the
/// UI to refresh as photos arrive (at most every 400 ms); then hashes the new files and hands the
/// thumbnails to the background backlog (tiles on screen are served on demand meanwhile).
#[tauri::command]
pub async fn import_paths<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<ProgressDto>,
) -> CommandResult<ScanSummary> {
    let paths = validate_import_paths(&paths)?;
    let last_emit = AtomicU64::new(0);
    let started = Instant::now();
    let (library, backlog) = (Arc::clone(&state.library), Arc::clone(&state.backlog));
    let watch_app = app.clone();
    let summary = blocking(&state.library, move |lib| {
        let sink = |p: Progress| {
            let _ = on_progress.send(ProgressDto::from(p));
            let now = started.elapsed().as_millis() as u64;
            let last = last_emit.load(Ordering::Relaxed);
            if now.saturating_sub(last) >= 400
                && last_emit
                    .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                let _ = app.emit(LIBRARY_CHANGED, ());
            }
        };
        let cancel = CancelToken::new();
        let report = lib.scan(&paths, &cancel, &sink)?;
        let _ = app.emit(LIBRARY_CHANGED, ());
        lib.hash_pending(&cancel, &sink)?;
        backlog.kick(app, Arc::clone(&library), Duration::ZERO);
        Ok(ScanSummary::from(&report))
    })
    .await;
    // New roots are watched from now on.
    state.live.restart(
        watch_app,
        Arc::clone(&state.library),
        Arc::clone(&state.backlog),
        Duration::ZERO,
    );
    summary
}

/// Import paths must be absolute and exist; at most 1,000 per call.
pub fn validate_import_paths(paths: &[String]) -> CommandResult<Vec<PathBuf>> {
    if paths.is_empty() || paths.len() > 1000 {
        return Err("give between 1 and 1000 paths".into());
    }
    paths
        .iter()
        .map(|p| {
            let path = PathBuf::from(p);
            if !path.is_absolute() {
                return Err(format!("{p}: not an absolute path"));
            }
            if !path.exists() {
                return Err(format!("{p}: no such file or folder"));
            }
            Ok(path)
        })
        .collect()
}

#[tauri::command]
pub fn pictures_dir() -> Option<String> {
    dirs::picture_dir()
        .filter(|p| p.is_dir())
        .map(|p| p.display().to_string())
}

/// Which photos are on screen and which are near: the engine's thumbnail queue serves those first
/// and drops queued work for photos that scrolled away.
#[tauri::command]
pub async fn set_viewport(
    state: State<'_, AppState>,
    visible: Vec<i64>,
    near: Vec<i64>,
) -> CommandResult<()> {
    if visible.len() > MAX_VIEWPORT_IDS || near.len() > MAX_VIEWPORT_IDS {
        return Err(format!("at most {MAX_VIEWPORT_IDS} ids each"));
    }
    state.library.set_viewport(&visible, &near);
    Ok(())
}

/// Counts and the thumbnail service's metrics, for the diagnostics panel (polled about once a second).
#[tauri::command]
pub async fn diagnostics(state: State<'_, AppState>) -> CommandResult<Diagnostics> {
    blocking(&state.library, |lib| {
        Ok(Diagnostics::new(
            &lib.stats()?,
            &lib.metrics(),
            lib.watch_mode().as_str(),
        ))
    })
    .await
}
