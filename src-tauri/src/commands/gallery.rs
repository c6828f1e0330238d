//! The gallery's commands: a view's month table and timeline pages by keyset (all photos, a folder,
//! an album in date or manual order, a tag, favourites, picks, rejected), one photo's details, the
//! folder tree, and what is on screen (so the thumbnail queue serves it first).

use shoebox_engine::{AlbumCursor, TimelineQuery};
use tauri::State;

use crate::dto::{FolderDto, MonthDto, PhotoInfo, Tile, TimelinePage, ViewDto};
use crate::error::{blocking, CommandError, CommandResult};
use crate::state::AppState;
use crate::targets;

const MAX_PAGE: u32 = 1000;
const MAX_VIEWPORT_IDS: usize = 10_000;

/// Photos per month of a view, newest first, then the "Undated" group (photos whose only date is
/// the file's) as month "undated", when it has any; a manual-order album has one entry, "manual".
#[tauri::command]
#[specta::specta]
pub async fn timeline_months(
    state: State<'_, AppState>,
    view: ViewDto,
) -> CommandResult<Vec<MonthDto>> {
    blocking(&state.library, move |lib| targets::months(lib, &view)).await
}

/// Up to `limit` tiles of a view after `cursor` (or from the start of `from_month`, "undated" for
/// the undated group), newest first; a manual-order album's in its order (`from_month` ignored).
#[tauri::command]
#[specta::specta]
pub async fn timeline_page(
    state: State<'_, AppState>,
    view: ViewDto,
    cursor: Option<String>,
    from_month: Option<String>,
    limit: u32,
) -> CommandResult<TimelinePage> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(CommandError::invalid(format!(
            "limit must be 1..={MAX_PAGE}"
        )));
    }
    blocking(&state.library, move |lib| {
        let (photos, next) = match targets::manual_album(lib, &view)? {
            Some(album) => {
                let after = cursor.map(AlbumCursor);
                let page = lib.organize().album_page(album, after.as_ref(), limit)?;
                (page.photos, page.next.map(|c| c.0))
            }
            None => {
                let query = TimelineQuery::page(
                    view.filter()?,
                    cursor.as_deref(),
                    from_month.as_deref(),
                    limit,
                )?;
                let page = lib.timeline(&query)?;
                (page.photos, page.next.map(|c| c.to_string()))
            }
        };
        // Tiles whose thumbnails failed say so with the page, before any image load fails.
        let ids: Vec<i64> = photos.iter().map(|p| p.id).collect();
        let mut failed = lib.failures().failed_ids(&ids)?;
        let photos = photos
            .iter()
            .map(|p| Tile {
                broken: failed.remove(&p.id).map(|why| crate::error::sentence(&why)),
                ..Tile::from(p)
            })
            .collect();
        Ok::<_, shoebox_engine::Error>(TimelinePage { photos, next })
    })
    .await
}

/// Everything the viewer's info panel shows about one photo.
#[tauri::command]
#[specta::specta]
pub async fn photo_info(state: State<'_, AppState>, id: i64) -> CommandResult<PhotoInfo> {
    blocking(&state.library, move |lib| {
        let photo = lib.photo(id)?;
        let problem = lib.failures().reason(id)?;
        Ok::<_, shoebox_engine::Error>(PhotoInfo {
            problem: problem.map(|r| crate::error::sentence(&r)),
            ..PhotoInfo::from(&photo)
        })
    })
    .await
}

/// Every folder that holds photos, with its parent and whether it is a root, for the sidebar tree.
#[tauri::command]
#[specta::specta]
pub async fn folders(state: State<'_, AppState>) -> CommandResult<Vec<FolderDto>> {
    blocking(&state.library, |lib| {
        let roots = lib.roots()?;
        let folders = lib.folders()?;
        Ok::<_, shoebox_engine::Error>(
            folders
                .iter()
                .map(|f| FolderDto {
                    is_root: f.is_root(&roots),
                    ..FolderDto::from(f)
                })
                .collect(),
        )
    })
    .await
}

/// Which photos are on screen and which are near: the engine's thumbnail queue serves those first
/// and drops queued work for photos that scrolled away.
#[tauri::command]
#[specta::specta]
pub async fn set_viewport(
    state: State<'_, AppState>,
    visible: Vec<i64>,
    near: Vec<i64>,
) -> CommandResult<()> {
    if visible.len() > MAX_VIEWPORT_IDS || near.len() > MAX_VIEWPORT_IDS {
        return Err(CommandError::invalid(format!(
            "at most {MAX_VIEWPORT_IDS} ids each"
        )));
    }
    state.library.thumbs().set_viewport(&visible, &near);
    Ok(())
}

/// "Show in folder": opens the system file manager on photo `id`'s file, selected. The path comes
/// from the library by id, so the webview can never name an arbitrary path or URL.
#[tauri::command]
#[specta::specta]
pub async fn reveal_photo(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    blocking(&state.library, move |lib| {
        let photo = lib.photo(id)?;
        reveal(&photo.path)
    })
    .await
}

/// "Show in folder" for a path the library knows: a recorded failure (a scan failure has no photo
/// id) or a photo. Any other path is refused (not found), so the webview cannot open arbitrary ones.
#[tauri::command]
#[specta::specta]
pub async fn reveal_path(state: State<'_, AppState>, path: String) -> CommandResult<()> {
    if !std::path::Path::new(&path).is_absolute() {
        return Err(CommandError::invalid(format!(
            "{path} is not an absolute path."
        )));
    }
    blocking(&state.library, move |lib| {
        let known = lib
            .failures()
            .list()?
            .into_iter()
            .map(|f| f.path)
            .find(|p| p.display().to_string() == path);
        let known = match known {
            Some(p) => p,
            None => match lib.photo_by_path(std::path::Path::new(&path)) {
                Ok(photo) => photo.path,
                Err(shoebox_engine::Error::PhotoNotFound(_)) => {
                    return Err(CommandError::new(
                        crate::error::ErrorKind::NotFound,
                        format!("{path} is neither a photo nor a failure the library knows."),
                    ))
                }
                Err(e) => return Err(e.into()),
            },
        };
        reveal(&known)
    })
    .await
}

/// Opens the system file manager on `path`'s folder with the file selected.
fn reveal(path: &std::path::Path) -> CommandResult<()> {
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|e| {
        CommandError::new(
            crate::error::ErrorKind::Io,
            format!("Could not show {} in its folder: {e}.", path.display()),
        )
    })
}
