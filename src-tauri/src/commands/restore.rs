//! The restore screen's commands ("Restore from a backup…" on the first-run screen and in the
//! backup pane): a backup brought back into this library and a folder, progress on a `Channel`, a
//! summary; and Cancel. The engine's `library.restore` does the work, as `shoebox restore` does.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use shoebox_engine::restore::{RestoreOptions, RestoreProgress};
use shoebox_engine::sync::{RemoteTarget, SyncError};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::backup::find_keys;
use crate::dto::{RestoreProgressDto, RestoreRequestDto, RestoreSummaryDto};
use crate::error::{CommandError, CommandResult, ErrorKind};
use crate::state::AppState;

/// Restores the newest snapshot of the backup at `request.url` into this library: each backed-up
/// root comes back as a folder under `request.dest`, with the library's albums, marks and tags.
/// One restore at a time (busy otherwise). Objects that fail are listed and the rest is kept: the
/// same request again retries them. Signs with the environment's keys, else the keyring's.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    state: State<'_, AppState>,
    request: RestoreRequestDto,
    on_progress: Channel<RestoreProgressDto>,
) -> CommandResult<RestoreSummaryDto> {
    let dest = PathBuf::from(request.dest.trim());
    if !dest.is_absolute() {
        return Err(CommandError::invalid(format!(
            "Choose a folder to restore into ({:?} is not an absolute path).",
            request.dest
        )));
    }
    let endpoint = Some(request.endpoint.trim()).filter(|e| !e.is_empty());
    let region = Some(request.region.trim()).filter(|r| !r.is_empty());
    let source = RemoteTarget::parse(request.url.trim(), endpoint, region)?;
    let run = state
        .restore
        .begin()
        .ok_or_else(|| CommandError::busy("A restore is already running."))?;
    let mut options = RestoreOptions::new(source, dest.clone());
    // The keyring's keys only when the environment and the profile files have none.
    options.credentials = find_keys(state.keys.as_ref()).keyring_keys;
    let library = Arc::clone(&state.library);
    let (events, backlog) = (state.events.clone(), Arc::clone(&state.backlog));
    // The engine drives its own async runtime: run it on a thread of its own, outside Tauri's.
    let worker = std::thread::Builder::new()
        .name("restore".into())
        .spawn(move || {
            let sink = |p: RestoreProgress| {
                let _ = on_progress.send(RestoreProgressDto::from(p));
            };
            let report = library.restore(&options, &run.cancel, &sink);
            if report.is_ok() {
                events.library_changed();
                backlog.kick(events.clone(), Arc::clone(&library), Duration::ZERO);
            }
            report
        })
        .map_err(|e| CommandError::new(ErrorKind::Internal, format!("internal error: {e}")))?;
    let report = tauri::async_runtime::spawn_blocking(move || worker.join())
        .await
        .map_err(|e| CommandError::new(ErrorKind::Internal, format!("internal error: {e}")))?
        .map_err(|_| CommandError::new(ErrorKind::Internal, "the restore stopped unexpectedly"))?
        .map_err(restore_error)?;
    // The restored folders are roots now: watched from here on.
    state.watch_roots(Duration::ZERO);
    Ok(RestoreSummaryDto::new(&report, &dest.display().to_string()))
}

/// Stops the running restore between files (what is in place stays; the same restore again
/// continues); false when none runs.
#[tauri::command]
#[specta::specta]
pub fn cancel_restore(state: State<'_, AppState>) -> bool {
    state.restore.cancel()
}

/// The engine's error as the screen shows it: a sentence naming the problem.
fn restore_error(error: SyncError) -> CommandError {
    match error {
        SyncError::Cancelled => CommandError::new(
            ErrorKind::Cancelled,
            "The restore was cancelled; what was restored stays, and restoring again continues.",
        ),
        other => {
            let e = CommandError::from(other);
            CommandError::new(e.kind, crate::error::sentence(&e.message))
        }
    }
}
