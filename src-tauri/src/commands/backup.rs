//! The backup pane's commands: the remote's settings (read, validate and save), "Back up now" and
//! Cancel. The run itself is `workers::BackupJob`; the remote's storage is `settings::Remote`.

use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use shoebox_engine::sync::{CredentialSource, RemoteTarget, SyncOptions};
use tauri::State;

use crate::dto::BackupSettings;
use crate::error::{blocking, CommandError, CommandResult, ErrorKind};
use crate::settings::Remote;
use crate::state::AppState;

/// Reads the saved remote and checks (without returning them) whether AWS keys can be found.
async fn current_settings(state: &AppState) -> CommandResult<BackupSettings> {
    let (remote, found, stored) = blocking(&state.library, |lib| {
        let found = CredentialSource::from_process().credentials().is_ok();
        let stored = crate::settings::last_backup(lib)?;
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

/// How long Save waits for the endpoint to answer.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// What the pane's Save runs first: validates the remote as typed and, when it names an endpoint,
/// checks within 3 s that the endpoint accepts connections. Invalid input for a bad remote, remote
/// (with the reason as a sentence) for an endpoint that cannot be reached. Stores nothing.
#[tauri::command]
#[specta::specta]
pub async fn check_backup_remote(
    url: String,
    endpoint: Option<String>,
    region: Option<String>,
) -> CommandResult<()> {
    let target = typed_target(&url, endpoint, region)?;
    let Some(endpoint) = target.endpoint else {
        return Ok(());
    };
    tauri::async_runtime::spawn_blocking(move || reach(&endpoint, CHECK_TIMEOUT))
        .await
        .map_err(|e| CommandError::new(ErrorKind::Internal, format!("Internal error: {e}.")))?
}

/// Opens (and closes) a TCP connection to the endpoint's host and port (80/443 by scheme).
fn reach(endpoint: &str, timeout: Duration) -> CommandResult<()> {
    let unreachable = |why: String| {
        CommandError::new(
            ErrorKind::Remote,
            format!("Could not reach {endpoint}: {why}. Check the endpoint and that the server is running."),
        )
    };
    let (scheme, rest) = endpoint.split_once("://").unwrap_or(("https", endpoint));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let default_port = if scheme.eq_ignore_ascii_case("http") {
        80
    } else {
        443
    };
    let has_port = if authority.starts_with('[') {
        authority.contains("]:")
    } else {
        authority.contains(':')
    };
    let address = if has_port {
        authority.to_string()
    } else {
        format!("{authority}:{default_port}")
    };
    let addrs: Vec<_> = address
        .to_socket_addrs()
        .map_err(|e| unreachable(format!("the host name did not resolve ({e})")))?
        .collect();
    let mut last = String::from("no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(_) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                last = format!("no answer within {} s", timeout.as_secs());
            }
            Err(e) => last = e.to_string().to_lowercase(),
        }
    }
    Err(unreachable(last))
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
    fn an_endpoint_that_refuses_connections_is_reported_as_a_sentence() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let open = listener.local_addr().unwrap();
        assert!(reach(&format!("http://{open}/"), CHECK_TIMEOUT).is_ok());
        drop(listener);
        let err = reach(&format!("http://{open}"), CHECK_TIMEOUT).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Remote);
        assert!(
            err.message.starts_with("Could not reach http://"),
            "{}",
            err.message
        );
        assert!(err.message.ends_with('.'), "{}", err.message);
    }
}
