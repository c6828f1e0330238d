//! The diagnostics panel's commands: counts and the thumbnail service's metrics, and the list of
//! files that could not be indexed or decoded.

use tauri::State;

use crate::dto::{Diagnostics, FailureDto, FailureList};
use crate::error::{blocking, CommandResult};
use crate::state::AppState;

/// Counts and the thumbnail service's metrics, for the diagnostics panel (polled about once a second).
#[tauri::command]
#[specta::specta]
pub async fn diagnostics(state: State<'_, AppState>) -> CommandResult<Diagnostics> {
    blocking(&state.library, |lib| {
        let stats = lib.stats()?;
        Ok::<_, shoebox_engine::Error>(Diagnostics::new(
            &stats,
            &lib.thumbs().metrics(),
            lib.watch_mode().as_str(),
        ))
    })
    .await
}

/// Failures listed at most (the total is counted in full).
const MAX_FAILURES: usize = 500;

/// Every file the scan could not index and every photo whose thumbnails failed (the first 500),
/// with the stage, path and reason.
#[tauri::command]
#[specta::specta]
pub async fn failures(state: State<'_, AppState>) -> CommandResult<FailureList> {
    blocking(&state.library, |lib| {
        let all = lib.failures().list()?;
        Ok::<_, shoebox_engine::Error>(FailureList {
            total: all.len() as u64,
            failures: all
                .iter()
                .take(MAX_FAILURES)
                .map(FailureDto::from)
                .collect(),
        })
    })
    .await
}
