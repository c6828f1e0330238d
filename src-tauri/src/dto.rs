//! The shapes the UI sees (camelCase JSON). Engine types are converted here, never serialized directly.

use serde::Serialize;
use shoebox_engine::sync::{SyncError, SyncProgress, SyncReport};
use shoebox_engine::{
    Folder, MetricsSnapshot, MonthCount, Phase, Photo, Progress, ScanReport, Stats,
};

const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Tile {
    pub id: i64,
    pub width: u32,
    pub height: u32,
    pub taken_at: String,
    pub color: Option<String>,
    pub thumbhash: Option<String>,
    pub rev: i64,
}

impl From<&Photo> for Tile {
    fn from(p: &Photo) -> Self {
        Tile {
            id: p.id,
            width: p.width,
            height: p.height,
            taken_at: p.taken_at.format(DATE_FORMAT).to_string(),
            color: p.color.map(|c| format!("#{c:06x}")),
            thumbhash: p.placeholder.as_deref().map(base64),
            rev: p.rev,
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePage {
    pub photos: Vec<Tile>,
    pub next: Option<String>,
}

#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MonthDto {
    pub month: String,
    pub count: u64,
}

impl From<&MonthCount> for MonthDto {
    fn from(m: &MonthCount) -> Self {
        MonthDto {
            month: m.month.to_string(),
            count: m.count,
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhotoInfo {
    pub id: i64,
    pub path: String,
    pub taken_at: String,
    pub taken_at_offset: Option<String>,
    pub taken_at_source: String,
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
    pub format: String,
    pub size: u64,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens: Option<String>,
    pub focal_length: Option<f64>,
    pub aperture: Option<f64>,
    pub exposure_time: Option<f64>,
    pub iso: Option<u32>,
    pub gps_lat: Option<f64>,
    pub gps_lon: Option<f64>,
}

impl From<&Photo> for PhotoInfo {
    fn from(p: &Photo) -> Self {
        PhotoInfo {
            id: p.id,
            path: p.path.display().to_string(),
            taken_at: p.taken_at.format(DATE_FORMAT).to_string(),
            taken_at_offset: p.taken_at_offset.clone(),
            taken_at_source: p.taken_at_source.clone(),
            width: p.width,
            height: p.height,
            orientation: p.orientation,
            format: p.format.clone(),
            size: p.size,
            make: p.make.clone(),
            model: p.model.clone(),
            lens: p.lens.clone(),
            focal_length: p.focal_length,
            aperture: p.aperture,
            exposure_time: p.exposure_time,
            iso: p.iso,
            gps_lat: p.gps_lat,
            gps_lon: p.gps_lon,
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FolderDto {
    pub id: i64,
    pub path: String,
    pub name: String,
    pub parent_id: Option<i64>,
    pub count: u64,
}

impl From<&Folder> for FolderDto {
    fn from(f: &Folder) -> Self {
        FolderDto {
            id: f.id,
            path: f.path.display().to_string(),
            name: f.path.file_name().map_or_else(
                || f.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            parent_id: f.parent_id,
            count: f.count,
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScanSummary {
    pub seen: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub failed: u64,
}

impl From<&ScanReport> for ScanSummary {
    fn from(r: &ScanReport) -> Self {
        ScanSummary {
            seen: r.seen,
            added: r.added,
            updated: r.updated,
            unchanged: r.unchanged,
            removed: r.removed,
            failed: r.failed,
        }
    }
}

/// Progress of an import, streamed over a `Channel`.
#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProgressDto {
    pub phase: &'static str,
    pub done: u64,
    pub total: Option<u64>,
}

impl From<Progress> for ProgressDto {
    fn from(p: Progress) -> Self {
        let phase = if p.phase == Phase::Thumbs {
            "thumbs"
        } else {
            "scan"
        };
        ProgressDto {
            phase,
            done: p.done,
            total: p.total,
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    pub photos: u64,
    pub folders: u64,
    pub failed: u64,
    pub hashed: u64,
    pub queue_depth: u64,
    pub generated: u64,
    pub thumbs_per_sec: f64,
    pub mem_cache_bytes: u64,
    pub mem_cache_entries: u64,
    pub mem_hit_rate: f64,
    pub serve_p50_us: f64,
    pub serve_p99_us: f64,
    pub watching: String,
}

impl Diagnostics {
    pub fn new(stats: &Stats, m: &MetricsSnapshot, watching: &str) -> Self {
        let requests = m.memory_hits + m.disk_hits + m.misses;
        Diagnostics {
            photos: stats.photos,
            folders: stats.folders,
            failed: stats.failed,
            hashed: stats.hashed,
            queue_depth: m.queue_depth,
            generated: m.generated,
            thumbs_per_sec: m.thumbnails_per_sec,
            mem_cache_bytes: m.memory_bytes,
            mem_cache_entries: m.memory_entries,
            mem_hit_rate: if requests == 0 {
                0.0
            } else {
                m.memory_hits as f64 / requests as f64
            },
            // Answers from the caches; a variant generated on demand is counted in `generated`.
            serve_p50_us: if m.memory_hits >= m.disk_hits {
                m.memory_hit.p50_us
            } else {
                m.disk_hit.p50_us
            },
            serve_p99_us: m.memory_hit.p99_us.max(m.disk_hit.p99_us),
            watching: watching.into(),
        }
    }
}

/// The backup remote as the settings pane shows it, whether AWS keys were found (never the keys
/// themselves) and the state of the current or last run.
#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    pub url: Option<String>,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub include_variants: bool,
    pub credentials_found: bool,
    pub running: bool,
    pub progress: Option<BackupProgress>,
    pub last: Option<BackupOutcome>,
}

/// Progress of a backup, sent as `backup-progress` events.
#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupProgress {
    pub phase: &'static str,
    pub objects_done: u64,
    pub objects_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

impl From<SyncProgress> for BackupProgress {
    fn from(p: SyncProgress) -> Self {
        BackupProgress {
            phase: p.phase.as_str(),
            objects_done: p.objects_done,
            objects_total: p.objects_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
        }
    }
}

/// How a backup ended, sent as the `backup-finished` event: `status` is "done", "cancelled" or
/// "failed"; a finished run has a summary (whose `failed` counts objects that did not go up).
#[derive(Debug, Serialize, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BackupOutcome {
    pub status: &'static str,
    pub error: Option<String>,
    pub summary: Option<BackupSummary>,
}

/// Per-object failures shown at most; the count is in `failed`.
const MAX_FAILURES_SHOWN: usize = 20;

impl BackupOutcome {
    /// `cancelled`: the user asked to stop, so an error is the stop (the hash phase reports it as a
    /// library error), not a failure.
    pub fn new(result: &Result<SyncReport, SyncError>, cancelled: bool) -> Self {
        match result {
            Ok(report) => BackupOutcome {
                status: "done",
                error: None,
                summary: Some(BackupSummary::from(report)),
            },
            Err(e) if cancelled || matches!(e, SyncError::Cancelled) => BackupOutcome {
                status: "cancelled",
                error: None,
                summary: None,
            },
            Err(e) => BackupOutcome {
                status: "failed",
                error: Some(e.to_string()),
                summary: None,
            },
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
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

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
