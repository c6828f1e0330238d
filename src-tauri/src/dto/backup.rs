//! The backup pane's shapes: the remote's settings, a run's progress and how it ended.

use serde::{Deserialize, Serialize};
use shoebox_engine::sync::{SyncError, SyncPhase, SyncProgress, SyncReport};
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
    /// AWS keys found in the environment or the AWS profile files.
    pub credentials_found: bool,
    pub running: bool,
    /// The running backup's latest progress (null when idle).
    pub progress: Option<BackupProgress>,
    /// How the last backup ended (kept in the library, so it survives a restart).
    pub last: Option<BackupOutcome>,
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
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum BackupStatus {
    Done,
    Cancelled,
    Failed,
}

/// How a backup ended, sent as the `backup-finished` event: a finished run has a summary (whose
/// `failed` counts objects that did not go up), a failed one the error.
#[derive(Debug, Serialize, Deserialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupOutcome {
    pub status: BackupStatus,
    /// A sentence saying what went wrong (failed runs only).
    pub error: Option<String>,
    pub summary: Option<BackupSummary>,
    /// When the run ended, in milliseconds since the Unix epoch.
    #[serde(default)]
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

#[derive(Debug, Serialize, Deserialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    pub uploaded: u64,
    pub skipped: u64,
    pub failed: u64,
    pub adopted: u64,
    pub bytes_uploaded: u64,
    pub elapsed_ms: u64,
    pub manifest_uploaded: bool,
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
            manifest_uploaded: r.manifest_uploaded,
            failures: r
                .failures
                .iter()
                .take(MAX_FAILURES_SHOWN)
                .cloned()
                .collect(),
        }
    }
}
