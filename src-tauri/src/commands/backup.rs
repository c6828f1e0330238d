//! The backup pane's commands: the remote's settings (read, validate and save), "Back up now" and
//! Cancel. The run itself is `workers::BackupJob`; the remote's storage is `settings::Remote`.

use std::sync::Arc;

use shoebox_engine::sync::{CredentialSource, SyncOptions};
use tauri::State;

use crate::dto::BackupSettings;
use crate::error::{blocking, CommandResult};
use crate::settings::Remote;
use crate::state::AppState;

/// Reads the saved remote and checks (without returning them) whether AWS keys can be found.
async fn current_settings(state: &AppState) -> CommandResult<BackupSettings> {
    let (remote, found) = blocking(&state.library, |lib| {
        let found = CredentialSource::from_process().credentials().is_ok();
        Remote::load(lib).map(|remote| (remote, found))
    })
    .await?;
    Ok(state.backup.settings(remote, found))
}

/// The saved remote, whether credentials were found, and the current or last run.
#[tauri::command]
#[specta::specta]
pub async fn backup_settings(state: State<'_, AppState>) -> CommandResult<BackupSettings> {
    current_settings(&state).await
}

/// Validates and saves the remote; an empty endpoint or region means none (AWS, or the region
/// from the environment / profile). Nothing is stored when the remote is invalid.
#[tauri::command]
#[specta::specta]
pub async fn save_backup_settings(
    state: State<'_, AppState>,
    url: String,
    endpoint: Option<String>,
    region: Option<String>,
    include_variants: bool,
) -> CommandResult<BackupSettings> {
    let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let typed = Remote {
        url: Some(url.trim().to_string()),
        endpoint: given(endpoint),
        region: given(region),
        include_variants,
    };
    let target = typed.target()?;
    let remote = Remote {
        url: Some(target.to_string()),
        endpoint: target.endpoint,
        region: target.region,
        include_variants,
    };
    blocking(&state.library, move |lib| remote.store(lib)).await?;
    current_settings(&state).await
}

/// Starts backing up to the saved remote; returns at once (progress and the end come as events).
/// Busy while a backup runs; invalid input when no valid remote is saved.
#[tauri::command]
#[specta::specta]
pub async fn start_backup(state: State<'_, AppState>) -> CommandResult<()> {
    state.backup.check_idle()?;
    let remote = blocking(&state.library, Remote::load).await?;
    let mut options = SyncOptions::new(remote.target()?);
    options.include_variants = remote.include_variants;
    state
        .backup
        .start(state.events.clone(), Arc::clone(&state.library), options)
}

/// Stops the running backup (it ends with a `backup-finished` event, status "cancelled"); false
/// when none runs.
#[tauri::command]
#[specta::specta]
pub async fn cancel_backup(state: State<'_, AppState>) -> CommandResult<bool> {
    Ok(state.backup.cancel())
}
