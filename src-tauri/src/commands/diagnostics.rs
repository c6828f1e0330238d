//! The diagnostics panel's one command: counts and the thumbnail service's metrics.

use tauri::State;

use crate::dto::Diagnostics;
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
