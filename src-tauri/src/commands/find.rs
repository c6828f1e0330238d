//! The find commands: a query's check (its problem and span, for the search box), facet counts
//! and places under a view and its query, and smart albums (a saved query; create, re-save).
//! Pages, months and range selections take the query with the view (`ViewDto::query`).

use shoebox_engine::find::Query;
use tauri::State;

use crate::dto::{
    facets as facet_dtos, AlbumDto, FacetDto, OutcomeDto, PlaceCountDto, QueryProblemDto, ViewDto,
};
use crate::error::{blocking, CommandError, CommandResult};
use crate::state::AppState;
use crate::targets;

/// The longest query the box may send (the engine refuses longer ones with a message too).
const MAX_QUERY_BYTES: usize = 64 * 1024;

fn check_len(query: &str) -> CommandResult<()> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(CommandError::invalid(format!(
            "A query is at most {MAX_QUERY_BYTES} bytes."
        )));
    }
    Ok(())
}

/// What is wrong with `query` (the engine's message, and the span it is about in UTF-16 units);
/// null when it parses. Parsing only: nothing is read from the library.
#[tauri::command]
#[specta::specta]
pub async fn check_query(query: String) -> CommandResult<Option<QueryProblemDto>> {
    check_len(&query)?;
    match Query::parse(&query) {
        Ok(_) => Ok(None),
        Err(e) => match QueryProblemDto::of(&query, &e) {
            Some(problem) => Ok(Some(problem)),
            None => Err(e.into()),
        },
    }
}

/// Every facet's values with counts under the view and its query; each facet is counted without
/// its own terms, so its other values stay choosable.
#[tauri::command]
#[specta::specta]
pub async fn facets(state: State<'_, AppState>, view: ViewDto) -> CommandResult<Vec<FacetDto>> {
    check_len(view.query.as_deref().unwrap_or(""))?;
    blocking(&state.library, move |lib| {
        Ok::<_, shoebox_engine::Error>(facet_dtos(&lib.facets(&view.filter()?)?))
    })
    .await
}

/// Photos per place (country, region, city) under the view and its query.
#[tauri::command]
#[specta::specta]
pub async fn places(
    state: State<'_, AppState>,
    view: ViewDto,
) -> CommandResult<Vec<PlaceCountDto>> {
    check_len(view.query.as_deref().unwrap_or(""))?;
    blocking(&state.library, move |lib| {
        Ok::<_, shoebox_engine::Error>(
            lib.places(&view.filter()?)?
                .iter()
                .map(PlaceCountDto::from)
                .collect(),
        )
    })
    .await
}

/// A smart album named `name` (at the top, or inside the folder `parent_id`) holding whatever
/// `query` finds, live as photos arrive; a query that does not parse is refused with its message.
#[tauri::command]
#[specta::specta]
pub async fn create_smart_album(
    state: State<'_, AppState>,
    name: String,
    parent_id: Option<i64>,
    query: String,
) -> CommandResult<AlbumDto> {
    check_len(&query)?;
    blocking(&state.library, move |lib| {
        let album = lib
            .organize()
            .create_smart_album(&name, parent_id, &query)?;
        Ok::<_, shoebox_engine::Error>(AlbumDto::from(&album))
    })
    .await
}

/// Re-saves smart album `id`'s query (one undo step).
#[tauri::command]
#[specta::specta]
pub async fn set_album_query(
    state: State<'_, AppState>,
    id: i64,
    query: String,
) -> CommandResult<OutcomeDto> {
    check_len(&query)?;
    targets::write(&state.library, move |org| org.set_album_query(id, &query)).await
}
