//! The restore screen's shapes: where the backup is and where its photos go, progress by phase, and
//! the summary with each failure and each file kept beside one already in place.

use serde::{Deserialize, Serialize};
use shoebox_engine::restore::{RestorePhase, RestoreProgress, RestoreReport};
use specta::Type;

/// At most this many failures and conflicts are listed in a summary (the counts are always exact).
pub const MAX_LISTED_RESTORE_ITEMS: usize = 200;

#[derive(Debug, Deserialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRequestDto {
    /// `s3://BUCKET[/PREFIX]`, as the backup was made.
    pub url: String,
    /// Empty: AWS.
    pub endpoint: String,
    /// Empty: `AWS_REGION`, the profile, else us-east-1.
    pub region: String,
    /// An absolute folder: each backed-up root comes back as a folder in it.
    pub dest: String,
}

#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum RestorePhaseDto {
    Snapshot,
    Plan,
    Attach,
    Download,
    Variants,
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreProgressDto {
    pub phase: RestorePhaseDto,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

impl From<RestoreProgress> for RestoreProgressDto {
    fn from(p: RestoreProgress) -> Self {
        RestoreProgressDto {
            phase: match p.phase {
                RestorePhase::Snapshot => RestorePhaseDto::Snapshot,
                RestorePhase::Plan => RestorePhaseDto::Plan,
                RestorePhase::Attach => RestorePhaseDto::Attach,
                RestorePhase::Download => RestorePhaseDto::Download,
                RestorePhase::Variants => RestorePhaseDto::Variants,
            },
            files_done: p.files_done,
            files_total: p.files_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreFailureDto {
    /// The object of the bucket.
    pub key: String,
    pub reason: String,
}

/// A different file was already where a restored one belonged: it is kept, the restored copy beside it.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreConflictDto {
    pub existing: String,
    pub restored_as: String,
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSummaryDto {
    pub snapshot: String,
    /// Photos of the backup now in the library.
    pub photos: u64,
    pub photos_added: u64,
    /// Photos the library already held (by content): not downloaded again.
    pub photos_present: u64,
    pub albums: u64,
    pub tags: u64,
    pub downloaded: u64,
    pub skipped: u64,
    pub failed: u64,
    pub bytes: u64,
    pub thumbnails: u64,
    pub elapsed_ms: u64,
    pub dest: String,
    /// The first [`MAX_LISTED_RESTORE_ITEMS`] failures; run the restore again to retry them.
    pub failures: Vec<RestoreFailureDto>,
    /// Files restored beside a different file already at their place (`existing` kept).
    pub conflicts: Vec<RestoreConflictDto>,
    pub conflicts_total: u64,
}

impl RestoreSummaryDto {
    pub fn new(r: &RestoreReport, dest: &str) -> Self {
        RestoreSummaryDto {
            snapshot: r.snapshot.clone(),
            photos: r.photos,
            photos_added: r.merged.photos_added,
            photos_present: r.merged.photos_present,
            albums: r.albums,
            tags: r.tags,
            downloaded: r.downloaded,
            skipped: r.skipped,
            failed: r.failed,
            bytes: r.bytes,
            thumbnails: r.variants_downloaded,
            elapsed_ms: r.elapsed_ms,
            dest: dest.to_string(),
            failures: r
                .failures
                .iter()
                .take(MAX_LISTED_RESTORE_ITEMS)
                .map(|(key, reason)| RestoreFailureDto {
                    key: key.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            conflicts: r
                .conflicts
                .iter()
                .take(MAX_LISTED_RESTORE_ITEMS)
                .map(|c| RestoreConflictDto {
                    existing: c.existing.display().to_string(),
                    restored_as: c.restored_as.display().to_string(),
                })
                .collect(),
            conflicts_total: r.conflicts.len() as u64,
        }
    }
}
