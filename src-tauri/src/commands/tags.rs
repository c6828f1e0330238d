//! The tag commands: the tree with counts, autocomplete, tag and untag photos (ids or a view's index
//! ranges; tagging creates the path), rename or move (onto an existing tag: merge) and delete.

use tauri::State;

use crate::dto::{OutcomeDto, TagDto, TargetsDto};
use crate::error::{blocking, CommandResult};
use crate::state::AppState;
use crate::targets;

/// Suggestions at most.
const MAX_SUGGESTIONS: u32 = 50;

/// The whole tag tree, parents before children.
#[tauri::command]
#[specta::specta]
pub async fn tags(state: State<'_, AppState>) -> CommandResult<Vec<TagDto>> {
    blocking(&state.library, |lib| {
        Ok::<_, shoebox_engine::Error>(lib.organize().tags()?.iter().map(TagDto::from).collect())
    })
    .await
}

/// Tags with a path component starting with `prefix` (any case), for autocomplete.
#[tauri::command]
#[specta::specta]
pub async fn suggest_tags(
    state: State<'_, AppState>,
    prefix: String,
    limit: u32,
) -> CommandResult<Vec<TagDto>> {
    let limit = limit.clamp(1, MAX_SUGGESTIONS);
    blocking(&state.library, move |lib| {
        Ok::<_, shoebox_engine::Error>(
            lib.organize()
                .suggest_tags(&prefix, limit)?
                .iter()
                .map(TagDto::from)
                .collect(),
        )
    })
    .await
}

/// Tags photos with `path` ("Places/France"), creating the tags it names.
#[tauri::command]
#[specta::specta]
pub async fn tag_photos(
    state: State<'_, AppState>,
    path: String,
    targets: TargetsDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.tag_photos(&path, ids)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn untag_photos(
    state: State<'_, AppState>,
    path: String,
    targets: TargetsDto,
) -> CommandResult<OutcomeDto> {
    targets::write_on(&state.library, targets, move |org, ids| {
        org.untag_photos(&path, ids)
    })
    .await
}

/// Renames or moves the tag `from` to the path `to` (onto an existing tag: merges them).
#[tauri::command]
#[specta::specta]
pub async fn rename_tag(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| org.rename_tag(&from, &to)).await
}

/// Deletes a tag and the tags below it (the photos stay).
#[tauri::command]
#[specta::specta]
pub async fn delete_tag(state: State<'_, AppState>, path: String) -> CommandResult<OutcomeDto> {
    targets::write(&state.library, move |org| org.delete_tag(&path)).await
}
