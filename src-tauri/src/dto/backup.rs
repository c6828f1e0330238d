//! The backup pane's shapes: the remote's settings, a run's progress and how it ended.

use serde::Serialize;
use shoebox_engine::sync::{SyncError, SyncPhase, SyncProgress, SyncReport};
use shoebox_engine::LastBackup;
use specta::Type;

/// The backup remote as the settings pane shows it, whether AWS keys were found (never the keys
/// themselves) and the state of the current or last run.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    /// "s3://bucket[/prefix]", or null before one was saved.
    pub url: Option<String>,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub include_variants: bool,
    /// AWS keys found: in the environment or the AWS profile files, else in the system keyring.
    pub credentials_found: bool,
    /// Where the keys a backup would use come from (null: none found).
    pub credentials_from: Option<CredentialsFrom>,
    /// Whether keys can be kept in the system keyring, and whether some are.
    pub keyring: KeyringState,
    pub running: bool,
    /// The running backup's latest progress (null when idle).
    pub progress: Option<BackupProgress>,
    /// How the last backup ended: this session's run, else the engine's record in the library
    /// (so it survives a restart and includes backups run by `shoebox sync`).
    pub last: Option<BackupOutcome>,
}

/// Where a backup's keys come from: the environment / AWS profile files, or the system keyring (used
/// only when the first has none).
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum CredentialsFrom {
    Environment,
    Keyring,
}

/// The system keyring as the pane shows it (never the keys).
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct KeyringState {
    pub available: bool,
    /// Keys are stored there.
    pub stored: bool,
    /// Why it is not available, as a sentence (null when it is).
    pub message: Option<String>,
}

/// The step a backup is in (the engine's `SyncPhase`).
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum BackupPhase {
    Hash,
    Plan,
    Upload,
    Manifest,
    Prune,
}

impl From<SyncPhase> for BackupPhase {
    fn from(phase: SyncPhase) -> Self {
        match phase {
            SyncPhase::Hash => BackupPhase::Hash,
            SyncPhase::Plan => BackupPhase::Plan,
            SyncPhase::Upload => BackupPhase::Upload,
            SyncPhase::Manifest => BackupPhase::Manifest,
            SyncPhase::Prune => BackupPhase::Prune,
        }
    }
}

/// Progress of a backup, sent as `backup-progress` events.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupProgress {
    pub phase: BackupPhase,
    pub objects_done: u64,
    pub objects_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

impl From<SyncProgress> for BackupProgress {
    fn from(p: SyncProgress) -> Self {
        BackupProgress {
            phase: p.phase.into(),
            objects_done: p.objects_done,
            objects_total: p.objects_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
        }
    }
}

/// How a backup ended.
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum BackupStatus {
    Done,
    Cancelled,
    Failed,
}

/// How a backup ended, sent as the `backup-finished` event: a finished run has a summary (whose
/// `failed` counts objects that did not go up), a failed one the error.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupOutcome {
    pub status: BackupStatus,
    /// A sentence saying what went wrong (failed runs only).
    pub error: Option<String>,
    pub summary: Option<BackupSummary>,
    /// When the run ended, in milliseconds since the Unix epoch.
    pub finished_at: Option<f64>,
}

/// Per-object failures shown at most; the count is in `failed`.
const MAX_FAILURES_SHOWN: usize = 20;

impl BackupOutcome {
    /// `cancelled`: the user asked to stop, so an error is the stop (the hash phase reports it as a
    /// library error), not a failure.
    pub fn new(result: &Result<SyncReport, SyncError>, cancelled: bool) -> Self {
        let finished_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_millis() as f64);
        let outcome = match result {
            Ok(report) => BackupOutcome {
                status: BackupStatus::Done,
                error: None,
                summary: Some(BackupSummary::from(report)),
                finished_at: None,
            },
            Err(e) if cancelled || matches!(e, SyncError::Cancelled) => BackupOutcome {
                status: BackupStatus::Cancelled,
                error: None,
                summary: None,
                finished_at: None,
            },
            Err(e) => BackupOutcome {
                status: BackupStatus::Failed,
                error: Some(crate::error::sentence(&e.to_string())),
                summary: None,
                finished_at: None,
            },
        };
        BackupOutcome {
            finished_at,
            ..outcome
        }
    }
}

impl From<&LastBackup> for BackupOutcome {
    /// The engine's record of the last sync (whichever front end ran it), after a restart: it keeps
    /// the counts and the error, not the per-object failures, adoptions or the manifest.
    fn from(last: &LastBackup) -> Self {
        let finished_at = Some(last.finished_at as f64 * 1000.0);
        match &last.error {
            Some(_) if last.cancelled() => BackupOutcome {
                status: BackupStatus::Cancelled,
                error: None,
                summary: None,
                finished_at,
            },
            Some(e) => BackupOutcome {
                status: BackupStatus::Failed,
                error: Some(crate::error::sentence(e)),
                summary: None,
                finished_at,
            },
            None => BackupOutcome {
                status: BackupStatus::Done,
                error: None,
                summary: Some(BackupSummary {
                    uploaded: last.uploaded,
                    skipped: last.skipped,
                    failed: last.failed,
                    adopted: 0,
                    bytes_uploaded: last.bytes_uploaded,
                    elapsed_ms: last.elapsed_ms,
                    library_saved: true,
                    failures: Vec::new(),
                }),
                finished_at,
            },
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    pub uploaded: u64,
    pub skipped: u64,
    pub failed: u64,
    pub adopted: u64,
    pub bytes_uploaded: u64,
    pub elapsed_ms: u64,
    /// The library's data (albums, marks, tags, edits) is in the bucket as a snapshot, so a
    /// restore onto a new machine rebuilds the library and not only the files.
    pub library_saved: bool,
    /// (object key, reason), the first few.
    pub failures: Vec<(String, String)>,
}

impl From<&SyncReport> for BackupSummary {
    fn from(r: &SyncReport) -> Self {
        BackupSummary {
            uploaded: r.uploaded,
            skipped: r.skipped,
            failed: r.failed,
            adopted: r.adopted,
            bytes_uploaded: r.bytes_uploaded,
            elapsed_ms: r.elapsed_ms,
            library_saved: r.library.is_some(),
            failures: r
                .failures
                .iter()
                .take(MAX_FAILURES_SHOWN)
                .cloned()
                .collect(),
        }
    }
}
