//! Every `#[tauri::command]`: validate the input, run one engine call off the UI thread, convert to DTOs.

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
        diagnostics
    ]
}

type CommandResult<T> = Result<T, String>;

/// Runs engine work on the blocking pool so neither the UI thread nor the async runtime waits on it.
async fn blocking<T, F>(library: &Arc<Library>, work: F) -> CommandResult<T>
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
/// UI to refresh as photos arrive (at most every 400 ms), then hashes the new files.
#[tauri::command]
pub async fn import_paths<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<ProgressDto>,
) -> CommandResult<ScanSummary> {
    let paths = validate_import_paths(&paths)?;
    let last_emit = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    blocking(&state.library, move |lib| {
        let sink = |p: Progress| {
            let _ = on_progress.send(ProgressDto {
                phase: p.phase.as_str(),
                done: p.done,
                total: p.total,
            });
            let now = started.elapsed().as_millis() as u64;
            let last = last_emit.load(Ordering::Relaxed);
            if now.saturating_sub(last) >= Duration::from_millis(400).as_millis() as u64
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
        Ok(ScanSummary::from(&report))
    })
    .await
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

/// Which photos are on screen and which are near: the engine's thumbnail queue serves those first.
#[tauri::command]
pub async fn set_viewport(
    _state: State<'_, AppState>,
    visible: Vec<i64>,
    near: Vec<i64>,
) -> CommandResult<()> {
    if visible.len() > MAX_VIEWPORT_IDS || near.len() > MAX_VIEWPORT_IDS {
        return Err(format!("at most {MAX_VIEWPORT_IDS} ids each"));
    }
    Ok(())
}

#[tauri::command]
pub async fn diagnostics(state: State<'_, AppState>) -> CommandResult<Diagnostics> {
    blocking(&state.library, |lib| {
        let stats = lib.stats()?;
        Ok(Diagnostics {
            photos: stats.photos,
            folders: stats.folders,
            failed: stats.failed,
            hashed: stats.hashed,
            watching: "off".into(),
            ..Diagnostics::default()
        })
    })
    .await
}
