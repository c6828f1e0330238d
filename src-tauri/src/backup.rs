//! Backing the library up from the app: the one S3-compatible remote's settings (kept in the library;
//! never a credential, which the engine looks up in the environment or the AWS profile files), and one
//! run at a time of the engine's sync on its own thread, reported as `backup-progress` events
//! (at most ~10 a second) and one `backup-finished` event.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use shoebox_engine::sync::{CredentialSource, RemoteTarget, SyncOptions, SyncPhase, SyncProgress};
use shoebox_engine::{CancelToken, Library};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::commands::{blocking, CommandResult};
use crate::dto::{BackupOutcome, BackupProgress, BackupSettings};
use crate::state::AppState;

pub const BACKUP_PROGRESS: &str = "backup-progress";
pub const BACKUP_FINISHED: &str = "backup-finished";
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

const KEY_URL: &str = "backup.url";
const KEY_ENDPOINT: &str = "backup.endpoint";
const KEY_REGION: &str = "backup.region";
const KEY_INCLUDE_VARIANTS: &str = "backup.include_variants";

/// The saved remote, as typed (validated before it is stored).
#[derive(Debug, Clone, Default, PartialEq)]
struct Remote {
    url: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    include_variants: bool,
}

impl Remote {
    fn load(lib: &Library) -> shoebox_engine::Result<Remote> {
        Ok(Remote {
            url: lib.setting(KEY_URL)?,
            endpoint: lib.setting(KEY_ENDPOINT)?,
            region: lib.setting(KEY_REGION)?,
            include_variants: lib.setting(KEY_INCLUDE_VARIANTS)?.as_deref() == Some("true"),
        })
    }

    fn store(&self, lib: &Library) -> shoebox_engine::Result<()> {
        lib.set_setting(KEY_URL, self.url.as_deref())?;
        lib.set_setting(KEY_ENDPOINT, self.endpoint.as_deref())?;
        lib.set_setting(KEY_REGION, self.region.as_deref())?;
        let variants = if self.include_variants {
            "true"
        } else {
            "false"
        };
        lib.set_setting(KEY_INCLUDE_VARIANTS, Some(variants))
    }

    fn target(&self) -> Result<RemoteTarget, String> {
        let url = self
            .url
            .as_deref()
            .ok_or("no backup remote is set up yet: save one first")?;
        RemoteTarget::parse(url, self.endpoint.as_deref(), self.region.as_deref())
            .map_err(|e| e.to_string())
    }
}

/// Lets a progress report through at most every `PROGRESS_INTERVAL`, and whenever the phase changes.
#[derive(Default)]
struct Throttle(Mutex<Option<(Instant, SyncPhase)>>);

impl Throttle {
    fn due(&self, phase: SyncPhase, now: Instant) -> bool {
        let mut last = lock(&self.0);
        let due = last.is_none_or(|(at, was)| {
            was != phase || now.saturating_duration_since(at) >= PROGRESS_INTERVAL
        });
        if due {
            *last = Some((now, phase));
        }
        due
    }
}

/// The running backup (its cancel token), its latest progress and the last run's outcome.
#[derive(Default)]
pub struct BackupJob {
    running: Mutex<Option<CancelToken>>,
    progress: Mutex<Option<BackupProgress>>,
    last: Mutex<Option<BackupOutcome>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl BackupJob {
    pub fn is_running(&self) -> bool {
        lock(&self.running).is_some()
    }

    /// Starts `options` on a plain thread (the engine drives its own async runtime, so never on
    /// Tauri's); refuses while a backup runs.
    pub fn start<R: Runtime>(
        self: &Arc<Self>,
        app: AppHandle<R>,
        library: Arc<Library>,
        options: SyncOptions,
    ) -> CommandResult<()> {
        let token = CancelToken::new();
        {
            let mut running = lock(&self.running);
            if running.is_some() {
                return Err("a backup is already running".into());
            }
            *running = Some(token.clone());
        }
        *lock(&self.progress) = None;
        let job = Arc::clone(self);
        std::thread::spawn(move || {
            let throttle = Throttle::default();
            let sink = |p: SyncProgress| {
                let dto = BackupProgress::from(p);
                *lock(&job.progress) = Some(dto.clone());
                if throttle.due(p.phase, Instant::now()) {
                    let _ = app.emit(BACKUP_PROGRESS, dto);
                }
            };
            let result = library.sync(&options, &token, &sink);
            let outcome = BackupOutcome::new(&result, token.is_cancelled());
            *lock(&job.last) = Some(outcome.clone());
            *lock(&job.running) = None;
            let _ = app.emit(BACKUP_FINISHED, outcome);
        });
        Ok(())
    }

    /// Asks the running backup to stop; false when none runs.
    pub fn cancel(&self) -> bool {
        lock(&self.running)
            .as_ref()
            .inspect(|t| t.cancel())
            .is_some()
    }

    fn settings(&self, remote: Remote, credentials_found: bool) -> BackupSettings {
        BackupSettings {
            url: remote.url,
            endpoint: remote.endpoint,
            region: remote.region,
            include_variants: remote.include_variants,
            credentials_found,
            running: self.is_running(),
            progress: lock(&self.progress).clone(),
            last: lock(&self.last).clone(),
        }
    }
}

/// Reads the saved remote and checks (without returning them) whether AWS keys can be found.
async fn current_settings(state: &AppState) -> CommandResult<BackupSettings> {
    let (remote, found) = blocking(&state.library, |lib| {
        let found = CredentialSource::from_process().credentials().is_ok();
        Ok((Remote::load(lib)?, found))
    })
    .await?;
    Ok(state.backup.settings(remote, found))
}

/// The saved remote, whether credentials were found, and the current or last run.
#[tauri::command]
pub async fn backup_settings(state: State<'_, AppState>) -> CommandResult<BackupSettings> {
    current_settings(&state).await
}

/// Validates and saves the remote; an empty endpoint or region means none (AWS, or the region
/// from the environment / profile). Nothing is stored when the remote is invalid.
#[tauri::command]
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
#[tauri::command]
pub async fn start_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<()> {
    if state.backup.is_running() {
        return Err("a backup is already running".into());
    }
    let remote = blocking(&state.library, Remote::load).await?;
    let mut options = SyncOptions::new(remote.target()?);
    options.include_variants = remote.include_variants;
    state.backup.start(app, Arc::clone(&state.library), options)
}

/// Stops the running backup (it ends with a `backup-finished` event, status "cancelled"); false
/// when none runs.
#[tauri::command]
pub async fn cancel_backup(state: State<'_, AppState>) -> CommandResult<bool> {
    Ok(state.backup.cancel())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_goes_out_at_most_every_interval_and_on_each_new_phase() {
        let t = Throttle::default();
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        assert!(t.due(SyncPhase::Upload, at(0)));
        assert!(!t.due(SyncPhase::Upload, at(30)));
        assert!(!t.due(SyncPhase::Upload, at(99)));
        assert!(t.due(SyncPhase::Upload, at(100)));
        assert!(t.due(SyncPhase::Manifest, at(110)));
        assert!(!t.due(SyncPhase::Manifest, at(150)));
        let sent = (0..1000)
            .filter(|i| t.due(SyncPhase::Manifest, at(200 + i)))
            .count();
        assert_eq!(sent, 10, "1,000 reports in one second");
    }
}
