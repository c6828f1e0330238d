//! One backup at a time: the engine's sync on a plain thread (it drives its own async runtime, so
//! never on Tauri's), reported as `backup-progress` events (at most ~10 a second) and one
//! `backup-finished` event; the latest progress and the last outcome are kept for the pane.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use shoebox_engine::sync::{SyncOptions, SyncPhase, SyncProgress};
use shoebox_engine::{CancelToken, Library};

use crate::dto::{BackupOutcome, BackupProgress, BackupSettings, CredentialsFrom, KeyringState};
use crate::error::{CommandError, CommandResult};
use crate::events::Events;
use crate::settings::Remote;

const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);
const ALREADY_RUNNING: &str = "a backup is already running";

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

    /// Refuses (busy) while a backup runs.
    pub fn check_idle(&self) -> CommandResult<()> {
        if self.is_running() {
            return Err(CommandError::busy(ALREADY_RUNNING));
        }
        Ok(())
    }

    /// Starts `options` on a plain thread; refuses (busy) while a backup runs.
    pub fn start(
        self: &Arc<Self>,
        events: Events,
        library: Arc<Library>,
        options: SyncOptions,
    ) -> CommandResult<()> {
        let token = CancelToken::new();
        {
            let mut running = lock(&self.running);
            if running.is_some() {
                return Err(CommandError::busy(ALREADY_RUNNING));
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
                    events.backup_progress(dto);
                }
            };
            let result = library.sync(&options, &token, &sink);
            // The engine recorded it in the library (Library::last_backup); this one has the details.
            let outcome = BackupOutcome::new(&result, token.is_cancelled());
            *lock(&job.last) = Some(outcome.clone());
            *lock(&job.running) = None;
            events.backup_finished(outcome);
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

    /// What the pane shows: the saved remote, where credentials were found, this run or the last
    /// (this session's, unless `stored`, the engine's record, is newer: a `shoebox sync` since).
    pub fn settings(
        &self,
        remote: Remote,
        credentials_from: Option<CredentialsFrom>,
        keyring: KeyringState,
        stored: Option<BackupOutcome>,
    ) -> BackupSettings {
        BackupSettings {
            url: remote.url,
            endpoint: remote.endpoint,
            region: remote.region,
            include_variants: remote.include_variants,
            credentials_found: credentials_from.is_some(),
            credentials_from,
            keyring,
            running: self.is_running(),
            progress: lock(&self.progress).clone(),
            last: newest(lock(&self.last).clone(), stored),
        }
    }
}

/// This session's outcome, unless the engine's record is strictly newer (it is written, in whole
/// seconds, just before the session's is made).
fn newest(session: Option<BackupOutcome>, stored: Option<BackupOutcome>) -> Option<BackupOutcome> {
    match (session, stored) {
        (Some(s), Some(r)) if r.finished_at > s.finished_at => Some(r),
        (Some(s), _) => Some(s),
        (None, r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_outcome_wins_unless_the_record_is_newer() {
        let at = |ms: f64| BackupOutcome {
            status: crate::dto::BackupStatus::Done,
            error: None,
            summary: None,
            finished_at: Some(ms),
        };
        assert_eq!(
            newest(Some(at(5_500.0)), Some(at(5_000.0))),
            Some(at(5_500.0))
        );
        assert_eq!(
            newest(Some(at(5_500.0)), Some(at(9_000.0))),
            Some(at(9_000.0))
        );
        assert_eq!(newest(None, Some(at(1.0))), Some(at(1.0)));
        assert_eq!(newest(Some(at(1.0)), None), Some(at(1.0)));
    }

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
