//! The outcome of the last backup, kept in the library's settings (one small JSON value under
//! [`LAST_BACKUP_KEY`]) so the app and `shoebox` can say "last backup: …" after a restart.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::Connection;
use serde_json::{json, Value};

use crate::db;
use crate::error::Result;
use crate::sync::{SyncError, SyncOptions, SyncReport};

/// The settings key of the record.
pub const LAST_BACKUP_KEY: &str = "backup.last";

/// What the last (non-dry-run) sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastBackup {
    /// Unix seconds.
    pub finished_at: i64,
    /// The remote as the ledger names it.
    pub remote: String,
    pub uploaded: u64,
    pub skipped: u64,
    pub failed: u64,
    pub bytes_uploaded: u64,
    pub elapsed_ms: u64,
    /// Why the sync stopped as a whole, when it did (per-object failures are counted in `failed`).
    pub error: Option<String>,
}

impl LastBackup {
    /// Whether the sync was cancelled (rather than failed or finished).
    pub fn cancelled(&self) -> bool {
        self.error.as_deref().is_some_and(|e| {
            e == SyncError::Cancelled.to_string() || e == crate::Error::Cancelled.to_string()
        })
    }

    fn of(options: &SyncOptions, result: &Result<SyncReport, SyncError>) -> LastBackup {
        let finished_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let empty = SyncReport::default();
        let (report, error) = match result {
            Ok(report) => (report, None),
            Err(e) => (&empty, Some(e.to_string())),
        };
        LastBackup {
            finished_at,
            remote: options.target.identity(),
            uploaded: report.uploaded,
            skipped: report.skipped,
            failed: report.failed,
            bytes_uploaded: report.bytes_uploaded,
            elapsed_ms: report.elapsed_ms,
            error,
        }
    }

    fn to_json(&self) -> String {
        json!({
            "finished_at": self.finished_at,
            "remote": self.remote,
            "uploaded": self.uploaded,
            "skipped": self.skipped,
            "failed": self.failed,
            "bytes_uploaded": self.bytes_uploaded,
            "elapsed_ms": self.elapsed_ms,
            "error": self.error,
        })
        .to_string()
    }

    fn from_json(text: &str) -> Option<LastBackup> {
        let v: Value = serde_json::from_str(text).ok()?;
        let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
        Some(LastBackup {
            finished_at: v.get("finished_at")?.as_i64()?,
            remote: v.get("remote")?.as_str()?.to_string(),
            uploaded: n("uploaded"),
            skipped: n("skipped"),
            failed: n("failed"),
            bytes_uploaded: n("bytes_uploaded"),
            elapsed_ms: n("elapsed_ms"),
            error: v.get("error").and_then(Value::as_str).map(str::to_string),
        })
    }
}

fn lock(conn: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|e| e.into_inner())
}

/// Records the outcome of a sync (a dry run is not a backup and is not recorded).
pub(crate) fn record(
    writer: &Mutex<Connection>,
    options: &SyncOptions,
    result: &Result<SyncReport, SyncError>,
) -> Result<()> {
    if options.dry_run {
        return Ok(());
    }
    let record = LastBackup::of(options, result).to_json();
    db::settings::set(&lock(writer), LAST_BACKUP_KEY, Some(&record))
}

/// The recorded outcome, if any (an unreadable record counts as none).
pub(crate) fn last(reader: &Mutex<Connection>) -> Result<Option<LastBackup>> {
    Ok(db::settings::get(&lock(reader), LAST_BACKUP_KEY)?.and_then(|t| LastBackup::from_json(&t)))
}
