//! The backup pane's commands: the remote's settings (read, validate, check and save), the access
//! keys in the system keyring (store, forget), "Back up now" and Cancel. The run itself is
//! `workers::BackupJob`; the remote's storage is `settings::Remote`, the keys' `keys::KeyStore`.

use std::sync::Arc;

use shoebox_engine::sync::{CredentialSource, Credentials, RemoteTarget, SyncError, SyncOptions};
use tauri::State;

use crate::dto::{BackupOutcome, BackupSettings, CredentialsFrom, KeyringState};
use crate::error::{blocking, CommandError, CommandResult};
use crate::keys::KeyStore;
use crate::settings::Remote;
use crate::state::AppState;

/// The keys a backup signs with: the environment's or the AWS profile's (`None` here: the engine
/// finds them), else the keyring's; `from` is none when neither has any.
pub(crate) struct Keys {
    from: Option<CredentialsFrom>,
    pub(crate) keyring_keys: Option<Credentials>,
    keyring: KeyringState,
}

/// Looks for keys (environment and profile first, then the keyring); never returns them to the UI.
pub(crate) fn find_keys(keys: &dyn KeyStore) -> Keys {
    let environment = CredentialSource::from_process().credentials().is_ok();
    let (keyring, keyring_keys) = match keys.status().and_then(|()| keys.load()) {
        Ok(found) => (
            KeyringState {
                available: true,
                stored: found.is_some(),
                message: None,
            },
            found,
        ),
        Err(why) => (
            KeyringState {
                available: false,
                stored: false,
                message: Some(why),
            },
            None,
        ),
    };
    let from = if environment {
        Some(CredentialsFrom::Environment)
    } else if keyring_keys.is_some() {
        Some(CredentialsFrom::Keyring)
    } else {
        None
    };
    Keys {
        keyring_keys: keyring_keys.filter(|_| !environment),
        from,
        keyring,
    }
}

/// Reads the saved remote and checks (without returning them) where AWS keys can be found.
async fn current_settings(state: &AppState) -> CommandResult<BackupSettings> {
    let store = Arc::clone(&state.keys);
    let (remote, keys, stored) = blocking(&state.library, move |lib| {
        let keys = find_keys(store.as_ref());
        let stored = lib.last_backup()?.as_ref().map(BackupOutcome::from);
        Remote::load(lib).map(|remote| (remote, keys, stored))
    })
    .await?;
    Ok(state
        .backup
        .settings(remote, keys.from, keys.keyring, stored))
}

/// Stores an access key id and secret in the system keyring (never in the library); a backup uses
/// them when the environment and the AWS profile files have none. Invalid input for empty or
/// malformed keys; io, with the reason as a sentence, when the keyring is not available.
#[tauri::command]
#[specta::specta]
pub async fn save_backup_keys(
    state: State<'_, AppState>,
    access_key_id: String,
    secret_access_key: String,
) -> CommandResult<BackupSettings> {
    let id = access_key_id.trim().to_string();
    let secret = secret_access_key.trim().to_string();
    if id.is_empty() || secret.is_empty() {
        return Err(CommandError::invalid(
            "Give both the access key id and the secret access key.",
        ));
    }
    if id.len() > 128
        || secret.len() > 256
        || id.chars().chain(secret.chars()).any(char::is_whitespace)
    {
        return Err(CommandError::invalid(
            "An access key id or secret has no spaces and is at most 128 / 256 characters.",
        ));
    }
    let store = Arc::clone(&state.keys);
    let credentials = Credentials {
        access_key_id: id,
        secret_access_key: secret,
        session_token: None,
    };
    blocking(&state.library, move |_| {
        store
            .store(&credentials)
            .map_err(|why| CommandError::new(crate::error::ErrorKind::Io, why))
    })
    .await?;
    current_settings(&state).await
}

/// Forgets the keys stored in the system keyring (nothing when there were none).
#[tauri::command]
#[specta::specta]
pub async fn forget_backup_keys(state: State<'_, AppState>) -> CommandResult<BackupSettings> {
    let store = Arc::clone(&state.keys);
    blocking(&state.library, move |_| {
        store
            .clear()
            .map_err(|why| CommandError::new(crate::error::ErrorKind::Io, why))
    })
    .await?;
    current_settings(&state).await
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
    let store = Arc::clone(&state.keys);
    blocking(&state.library, move |lib| {
        let mut options = SyncOptions::new(target);
        let keys = find_keys(store.as_ref());
        options.credentials = keys.keyring_keys;
        let anonymous = keys.from.is_none();
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
        SyncError::Unreachable(_) => format!(
            "Could not reach {place}: {}. Check the endpoint and that the server is running.",
            error.short_reason()
        ),
        SyncError::Auth(_) => format!(
            "{place} refused the access keys: {}. Check the key id and secret.",
            error.short_reason()
        ),
        SyncError::Remote(_) => format!(
            "{place} answered, but not for s3://{}: {}.",
            target.bucket,
            error.short_reason()
        ),
        other => crate::error::sentence(&other.to_string()),
    };
    CommandError::new(CommandError::from(error).kind, message)
}

/// Starts backing up to the saved remote; returns at once (progress and the end come as events).
/// Busy while a backup runs; invalid input when no valid remote is saved.
#[tauri::command]
#[specta::specta]
pub async fn start_backup(state: State<'_, AppState>) -> CommandResult<()> {
    state.backup.check_idle()?;
    let store = Arc::clone(&state.keys);
    let (remote, keys) = blocking(&state.library, move |lib| {
        Remote::load(lib).map(|remote| (remote, find_keys(store.as_ref()).keyring_keys))
    })
    .await?;
    let mut options = SyncOptions::new(remote.target()?);
    options.include_variants = remote.include_variants;
    // The keyring's keys only when the environment and the profile files have none.
    options.credentials = keys;
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
