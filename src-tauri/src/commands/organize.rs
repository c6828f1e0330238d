//! The organize commands about marks, captions and the history: set marks or a caption on photos (ids or a view's index
//! ranges), one photo's marks / tags / albums for the info panel, undo, redo and the history's state.
//! Every write is one engine transaction and one undo step; a refused input changes nothing.

use tauri::State;

use crate::dto::{
    AlbumRef, CaptionChangeDto, HistoryDto, MarkChangeDto, MarksDto, OutcomeDto, PhotoOrganization,
    TargetsDto,
};
use crate::error::{blocking, CommandResult};
use crate::state::AppState;
use crate::targets;

/// Sets marks (stars, flag, colour label, favourite; null leaves one as it is) on the photos of
/// `targets`: one undo step, whatever the number of photos.
#[tauri::command]
#[specta::specta]
pub async fn mark(
    state: State<'_, AppState>,
    targets: TargetsDto,
    change: MarkChangeDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.mark(ids, &change.into())
    })
    .await
}

/// Sets or clears the title and / or description of the photos of `targets` (null leaves one as
/// it is, "" clears it): one undo step; a title with a line break or text over its limit is
/// refused and nothing changes.
#[tauri::command]
#[specta::specta]
pub async fn caption(
    state: State<'_, AppState>,
    targets: TargetsDto,
    change: CaptionChangeDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.caption(ids, &change.into())
    })
    .await
}

/// One photo's marks, title, description, tags (paths) and albums, for the info panel.
#[tauri::command]
#[specta::specta]
pub async fn photo_organization(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<PhotoOrganization> {
    blocking(&state.library, move |lib| {
        let photo = lib.photo(id)?;
        let org = lib.organize();
        let caption = org.caption_of(id)?;
        Ok::<_, shoebox_engine::Error>(PhotoOrganization {
            marks: MarksDto::from(&photo.marks),
            title: caption.title,
            description: caption.description,
            tags: org.photo_tags(id)?,
            albums: org
                .photo_albums(id)?
                .into_iter()
                .map(|(id, name)| AlbumRef { id, name })
                .collect(),
        })
    })
    .await
}

/// Undoes the last step (from this app or the CLI); null when there is nothing to undo.
#[tauri::command]
#[specta::specta]
pub async fn undo(state: State<'_, AppState>) -> CommandResult<Option<OutcomeDto>> {
    blocking(&state.library, |lib| {
        Ok::<_, shoebox_engine::Error>(lib.organize().undo()?.map(OutcomeDto::from))
    })
    .await
}

/// Redoes the last undone step; null when there is nothing to redo.
#[tauri::command]
#[specta::specta]
pub async fn redo(state: State<'_, AppState>) -> CommandResult<Option<OutcomeDto>> {
    blocking(&state.library, |lib| {
        Ok::<_, shoebox_engine::Error>(lib.organize().redo()?.map(OutcomeDto::from))
    })
    .await
}

/// The history's revision and the labels of the next undo and redo steps.
#[tauri::command]
#[specta::specta]
pub async fn history_state(state: State<'_, AppState>) -> CommandResult<HistoryDto> {
    blocking(&state.library, |lib| {
        Ok::<_, shoebox_engine::Error>(lib.organize().history_state()?.into())
    })
    .await
}
