//! The XMP shapes: the sidecar settings and their state ("12 photos not written: folder is
//! read-only"), a write run's report, the conflicts settled by policy, and a caption change.

use serde::{Deserialize, Serialize};
use shoebox_engine::xmp::settings::{ConflictPolicy, SidecarMode};
use shoebox_engine::xmp::ConflictRecord;
use shoebox_engine::{CaptionChange, SidecarReport, XmpStatus};
use specta::Type;

/// Whether Shoebox writes XMP sidecars.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum SidecarModeDto {
    Off,
    Write,
}

/// Which side a conflict keeps.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ConflictPolicyDto {
    Newest,
    Sidecar,
    Library,
}

impl From<SidecarModeDto> for SidecarMode {
    fn from(m: SidecarModeDto) -> Self {
        match m {
            SidecarModeDto::Off => SidecarMode::Off,
            SidecarModeDto::Write => SidecarMode::Write,
        }
    }
}

impl From<SidecarMode> for SidecarModeDto {
    fn from(m: SidecarMode) -> Self {
        match m {
            SidecarMode::Off => SidecarModeDto::Off,
            SidecarMode::Write => SidecarModeDto::Write,
        }
    }
}

impl From<ConflictPolicyDto> for ConflictPolicy {
    fn from(p: ConflictPolicyDto) -> Self {
        match p {
            ConflictPolicyDto::Newest => ConflictPolicy::Newest,
            ConflictPolicyDto::Sidecar => ConflictPolicy::Sidecar,
            ConflictPolicyDto::Library => ConflictPolicy::Library,
        }
    }
}

impl From<ConflictPolicy> for ConflictPolicyDto {
    fn from(p: ConflictPolicy) -> Self {
        match p {
            ConflictPolicy::Newest => ConflictPolicyDto::Newest,
            ConflictPolicy::Sidecar => ConflictPolicyDto::Sidecar,
            ConflictPolicy::Library => ConflictPolicyDto::Library,
        }
    }
}

/// Photos whose last write failed for one reason.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WriteFailureDto {
    pub reason: String,
    pub photos: u64,
}

/// The settings and what is waiting.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct XmpStatusDto {
    pub sidecars: SidecarModeDto,
    pub conflicts: ConflictPolicyDto,
    /// Photos whose sidecars lack library changes.
    pub pending: u64,
    /// Of those, the ones whose last write failed, by reason (most first).
    pub failed: Vec<WriteFailureDto>,
    pub conflicts_recorded: u64,
}

impl From<XmpStatus> for XmpStatusDto {
    fn from(s: XmpStatus) -> Self {
        XmpStatusDto {
            sidecars: s.sidecars.into(),
            conflicts: s.conflicts.into(),
            pending: s.pending,
            failed: s
                .failed
                .into_iter()
                .map(|(reason, photos)| WriteFailureDto { reason, photos })
                .collect(),
            conflicts_recorded: s.conflicts_recorded,
        }
    }
}

/// What "Write now" did.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SidecarReportDto {
    pub written: u64,
    pub unchanged: u64,
    /// The first failures (path: reason); `failedCount` is all of them.
    pub failed: Vec<String>,
    pub failed_count: u64,
    pub merged: u64,
    pub conflicts: u64,
    pub elapsed_ms: u64,
}

/// Failures listed in a report; the rest are counted.
pub const MAX_LISTED_WRITE_FAILURES: usize = 20;

impl From<SidecarReport> for SidecarReportDto {
    fn from(r: SidecarReport) -> Self {
        SidecarReportDto {
            written: r.written,
            unchanged: r.unchanged,
            failed_count: r.failed.len() as u64,
            failed: r
                .failed
                .iter()
                .take(MAX_LISTED_WRITE_FAILURES)
                .map(|(path, why)| format!("{}: {why}", path.display()))
                .collect(),
            merged: r.merged,
            conflicts: r.conflicts,
            elapsed_ms: r.elapsed_ms,
        }
    }
}

/// A conflict settled by policy.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct XmpConflictDto {
    pub photo_id: i64,
    pub path: String,
    pub field: String,
    pub library: String,
    pub sidecar: String,
    pub kept: String,
    pub policy: String,
    /// Unix seconds.
    pub at: i64,
}

impl From<ConflictRecord> for XmpConflictDto {
    fn from(c: ConflictRecord) -> Self {
        XmpConflictDto {
            photo_id: c.photo_id,
            path: c.path.display().to_string(),
            field: c.field,
            library: c.library,
            sidecar: c.sidecar,
            kept: c.kept,
            policy: c.policy,
            at: c.at,
        }
    }
}

/// A title and / or description to set; null leaves one as it is, "" clears it.
#[derive(Debug, Deserialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CaptionChangeDto {
    pub title: Option<String>,
    pub description: Option<String>,
}

impl From<CaptionChangeDto> for CaptionChange {
    fn from(c: CaptionChangeDto) -> Self {
        CaptionChange {
            title: c.title,
            description: c.description,
        }
    }
}
