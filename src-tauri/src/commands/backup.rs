//! The backup pane's commands: the remote's settings (read, validate and save), "Back up now" and
//! Cancel. The run itself is `workers::BackupJob`; the remote's storage is `settings::Remote`.

use std::sync::Arc;

use shoebox_engine::sync::{CredentialSource, Credentials, RemoteTarget, SyncError, SyncOptions};
use tauri::State;

use crate::dto::{BackupOutcome, BackupSettings};
use crate::error::{blocking, CommandError, CommandResult};
use crate::settings::Remote;
use crate::state::AppState;

/// Reads the saved remote and checks (without returning them) whether AWS keys can be found.
async fn current_settings(state: &AppState) -> CommandResult<BackupSettings> {
    let (remote, found, stored) = blocking(&state.library, |lib| {
        let found = CredentialSource::from_process().credentials().is_ok();
        let stored = lib.last_backup()?.as_ref().map(BackupOutcome::from);
        Remote::load(lib).map(|remote| (remote, found, stored))
    })
    .await?;
    Ok(state.backup.settings(remote, found, stored))
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
    let target = typed_target(&url, endpoint, region)?;
    let remote = Remote {
        url: Some(target.to_string()),
        endpoint: target.endpoint,
        region: target.region,
        include_variants,
    };
    blocking(&state.library, move |lib| remote.store(lib)).await?;
    current_settings(&state).await
}

/// The remote as typed in the pane (empty endpoint or region mean none), validated.
fn typed_target(
    url: &str,
    endpoint: Option<String>,
    region: Option<String>,
) -> CommandResult<RemoteTarget> {
    let given = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Remote {
        url: Some(url.trim().to_string()),
        endpoint: given(endpoint),
        region: given(region),
        include_variants: false,
    }
    .target()
}

/// What the pane's Save runs first: validates the remote as typed, then asks the engine to reach it
/// (`Library::check_remote`: one signed listing within 5 s), so a wrong endpoint, bucket or key pair
/// is told apart before anything is stored. Invalid input for a bad remote; remote, with a sentence
/// naming the endpoint and the reason, for one that cannot be reached, refuses the keys or has no
/// such bucket. Without credentials the server is still reached (with placeholder keys) so an
/// unreachable endpoint is refused; the pane says no credentials were found. Stores nothing.
#[tauri::command]
#[specta::specta]
pub async fn check_backup_remote(
    state: State<'_, AppState>,
    url: String,
    endpoint: Option<String>,
    region: Option<String>,
) -> CommandResult<()> {
    let target = typed_target(&url, endpoint, region)?;
    blocking(&state.library, move |lib| {
        let mut options = SyncOptions::new(target);
        let anonymous = CredentialSource::from_process().credentials().is_err();
        if anonymous {
            options.credentials = Some(Credentials {
                access_key_id: "shoebox-check".into(),
                secret_access_key: "shoebox-check".into(),
                session_token: None,
            });
        }
        match lib.check_remote(&options) {
            Ok(_) => Ok(()),
            // Placeholder keys refused: the server answered, which is all that can be checked.
            Err(SyncError::Auth(_)) if anonymous => Ok(()),
            Err(e) => Err(check_error(&options.target, e)),
        }
    })
    .await
}

/// A failed check as a sentence naming where and why.
fn check_error(target: &RemoteTarget, error: SyncError) -> CommandError {
    let place = target
        .endpoint
        .clone()
        .unwrap_or_else(|| "the storage server (AWS S3)".into());
    let message = match &error {
        SyncError::Unreachable(why) => format!(
            "Could not reach {place}: {}. Check the endpoint and that the server is running.",
            innermost(why)
        ),
        SyncError::Auth(why) => format!(
            "{place} refused the access keys: {}. Check the key id and secret.",
            outermost(why)
        ),
        SyncError::Remote(why) => format!(
            "{place} answered, but not for s3://{}: {}.",
            target.bucket,
            outermost(why)
        ),
        other => crate::error::sentence(&other.to_string()),
    };
    CommandError::new(CommandError::from(error).kind, message)
}

/// The root cause at the end of a chain of client errors ("…: tcp connect error: Connection refused
/// (os error 111)" -> "connection refused"), lower-cased for the middle of a sentence.
fn innermost(why: &str) -> String {
    let last = why
        .rsplit(": ")
        .find(|s| !s.trim().is_empty())
        .unwrap_or(why);
    let last = last.split(" (os error").next().unwrap_or(last).trim();
    let mut chars = last.chars();
    let first = chars.next().map(|c| c.to_lowercase().collect::<String>());
    first.unwrap_or_default() + chars.as_str().trim_end_matches('.')
}

/// The engine's own words before the client's details ("the bucket does not exist (Generic S3 error:
/// …)" -> "the bucket does not exist").
fn outermost(why: &str) -> &str {
    why.split(" (")
        .next()
        .unwrap_or(why)
        .trim()
        .trim_end_matches('.')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_error_chains_become_short_reasons() {
        assert_eq!(
            innermost("Generic S3 error: Error performing GET http://127.0.0.1:1/b in 1ms - HTTP error: error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)"),
            "connection refused"
        );
        assert_eq!(
            innermost("no answer from http://x:1 within 5 s"),
            "no answer from http://x:1 within 5 s"
        );
        assert_eq!(
            outermost("the bucket does not exist (Generic S3 error: 404)"),
            "the bucket does not exist"
        );
    }
}
