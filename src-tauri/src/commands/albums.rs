//! The album commands: the list (albums and album folders, with counts and covers), create, rename,
//! move, delete, add and remove photos (ids or a view's index ranges), reorder in the manual order,
//! the cover and the sort. Names are checked by the engine (empty, too long, control characters,
//! '/'); its refusal is the error's message and nothing changes.

use tauri::State;

use crate::dto::{AlbumDto, AlbumKindDto, AlbumSortDto, OutcomeDto, PlaceDto, TargetsDto};
use crate::error::{blocking, CommandResult};
use crate::state::AppState;
use crate::targets;

/// Every album and album folder, in one list (the sidebar builds the tree from `parentId`).
#[tauri::command]
#[specta::specta]
pub async fn albums(state: State<'_, AppState>) -> CommandResult<Vec<AlbumDto>> {
    blocking(&state.library, |lib| {
        Ok::<_, shoebox_engine::Error>(
            lib.organize()
                .albums()?
                .iter()
                .map(AlbumDto::from)
                .collect(),
        )
    })
    .await
}

/// A new album (or album folder) named `name`, at the top or inside the folder `parent_id`.
#[tauri::command]
#[specta::specta]
pub async fn create_album(
    state: State<'_, AppState>,
    name: String,
    parent_id: Option<i64>,
    kind: AlbumKindDto,
) -> CommandResult<AlbumDto> {
    blocking(&state.library, move |lib| {
        let album = lib.organize().create_album(&name, parent_id, kind.into())?;
        Ok::<_, shoebox_engine::Error>(AlbumDto::from(&album))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn rename_album(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| org.rename_album(id, &name)).await
}

/// Moves an album or folder into the folder `parent_id` (null: the top level).
#[tauri::command]
#[specta::specta]
pub async fn move_album(
    state: State<'_, AppState>,
    id: i64,
    parent_id: Option<i64>,
) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| org.move_album(id, parent_id)).await
}

/// Deletes an album, or a folder with what it holds (the photos stay in the library).
#[tauri::command]
#[specta::specta]
pub async fn delete_album(state: State<'_, AppState>, id: i64) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| org.delete_album(id)).await
}

/// Adds photos at the end of the album, in view order (those already in it are skipped).
#[tauri::command]
#[specta::specta]
pub async fn add_to_album(
    state: State<'_, AppState>,
    album: i64,
    targets: TargetsDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.add_to_album(album, ids)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_from_album(
    state: State<'_, AppState>,
    album: i64,
    targets: TargetsDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.remove_from_album(album, ids)
    })
    .await
}

/// Moves photos (in view order) to `place` of the album's manual order.
#[tauri::command]
#[specta::specta]
pub async fn reorder_album(
    state: State<'_, AppState>,
    album: i64,
    targets: TargetsDto,
    place: PlaceDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.reorder(album, ids, place.into())
    })
    .await
}

/// The album's cover: a photo of it, or null for its first photo.
#[tauri::command]
#[specta::specta]
pub async fn set_album_cover(
    state: State<'_, AppState>,
    album: i64,
    photo: Option<i64>,
) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| org.set_cover(album, photo)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_album_sort(
    state: State<'_, AppState>,
    album: i64,
    sort: AlbumSortDto,
) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| {
        org.set_album_sort(album, sort.into())
    })
    .await
}
