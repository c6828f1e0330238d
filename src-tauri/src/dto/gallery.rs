//! The gallery's shapes (timeline, viewer, folders, import, diagnostics) as the UI sees them.

use serde::Serialize;
use shoebox_engine::{
    Failure, Folder, MetricsSnapshot, MonthCount, Phase, Photo, Progress, RootRemoval, ScanReport,
    Stats,
};
use specta::Type;

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Tile {
    pub id: i64,
    /// As displayed (orientation already applied).
    pub width: u32,
    pub height: u32,
    /// "YYYY-MM-DDTHH:MM:SS", wall clock.
    pub taken_at: String,
    /// False when `taken_at` is only the file's time (no date recorded with the photo): the tile
    /// belongs to the "Undated" group, after every month.
    pub dated: bool,
    /// "#rrggbb" dominant colour, or null before the thumbnail was made.
    pub color: Option<String>,
    /// Base64 thumbhash, or null.
    pub thumbhash: Option<String>,
    /// Bumps when the file changed; appended as ?v=rev to image URLs.
    pub rev: i64,
    /// Why its thumbnail could not be made (a sentence), or null: the tile shows as broken at once.
    pub broken: Option<String>,
    /// Stars, flag, colour label and favourite (the tile's badges).
    pub marks: super::MarksDto,
}

impl From<&Photo> for Tile {
    fn from(p: &Photo) -> Self {
        Tile {
            id: p.id,
            width: p.width,
            height: p.height,
            taken_at: p.capture.taken_at_text(),
            dated: p.capture.is_dated(),
            color: p.color_hex(),
            thumbhash: p.placeholder.as_deref().map(base64),
            rev: p.rev,
            broken: None,
            marks: super::MarksDto::from(&p.marks),
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePage {
    pub photos: Vec<Tile>,
    pub next: Option<String>,
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MonthDto {
    /// "YYYY-MM", or "undated" for the group of photos without a recorded date (always last).
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

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhotoInfo {
    pub id: i64,
    pub path: String,
    pub taken_at: String,
    pub taken_at_offset: Option<String>,
    /// Where the date comes from: "exif", "xmp", "iptc", "filename", or "birth" / "file" (the file's
    /// times, when the photo records no date).
    pub taken_at_source: String,
    /// False when the date is only the file's time (the photo is in the "Undated" group).
    pub dated: bool,
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
    /// Why no thumbnail could be made (a sentence), or null.
    pub problem: Option<String>,
    /// What could not be read from the file's metadata (kept with what could), or null.
    pub meta_warning: Option<String>,
}

impl From<&Photo> for PhotoInfo {
    fn from(p: &Photo) -> Self {
        PhotoInfo {
            id: p.id,
            path: p.path.display().to_string(),
            taken_at: p.capture.taken_at_text(),
            taken_at_offset: p.capture.offset.clone(),
            taken_at_source: p.capture.source.as_str().to_string(),
            dated: p.capture.is_dated(),
            width: p.width,
            height: p.height,
            orientation: p.orientation,
            format: p.format.as_str().to_string(),
            size: p.size,
            make: p.camera.make.clone(),
            model: p.camera.model.clone(),
            lens: p.camera.lens.clone(),
            focal_length: p.exposure.focal_length,
            aperture: p.exposure.aperture,
            exposure_time: p.exposure.exposure_time,
            iso: p.exposure.iso,
            gps_lat: p.gps_lat,
            gps_lon: p.gps_lon,
            problem: None,
            meta_warning: p.meta_warning.clone(),
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FolderDto {
    pub id: i64,
    pub path: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// Photos directly in this folder (not in sub-folders).
    pub count: u64,
    /// A folder added to the library (a root): only these can be removed from it.
    pub is_root: bool,
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
            is_root: false,
        }
    }
}

/// A folder taken out of the library: what left the timeline. Its files were not touched.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FolderRemoval {
    pub path: String,
    pub photos: u64,
    pub folders: u64,
    /// A remaining library folder that contains this one (its photos come back with its next scan).
    pub still_covered_by: Option<String>,
}

impl From<&RootRemoval> for FolderRemoval {
    fn from(r: &RootRemoval) -> Self {
        FolderRemoval {
            path: r.root.path.display().to_string(),
            photos: r.photos,
            folders: r.folders,
            still_covered_by: r
                .still_covered_by
                .as_ref()
                .map(|c| c.path.display().to_string()),
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
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

/// What an import is doing: indexing files, or making thumbnails.
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ImportPhase {
    Scan,
    Thumbs,
}

/// Progress of an import, streamed over a `Channel`.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProgressDto {
    pub phase: ImportPhase,
    pub done: u64,
    pub total: Option<u64>,
}

impl From<Progress> for ProgressDto {
    fn from(p: Progress) -> Self {
        let phase = if p.phase == Phase::Thumbs {
            ImportPhase::Thumbs
        } else {
            ImportPhase::Scan
        };
        ProgressDto {
            phase,
            done: p.done,
            total: p.total,
        }
    }
}

#[derive(Debug, Serialize, Type, Clone, PartialEq, Default)]
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

/// Where a failure happened: the scan could not index the file (it is not in the timeline), or
/// the photo is indexed but its thumbnails could not be made.
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum FailureStage {
    Scan,
    Decode,
}

/// One file Shoebox could not read or decode, for the diagnostics panel's list.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FailureDto {
    pub stage: FailureStage,
    pub path: String,
    /// A sentence.
    pub reason: String,
    /// The photo, when the file is one of the library's photos (decode failures).
    pub photo_id: Option<i64>,
    /// When it was recorded, in milliseconds since the Unix epoch.
    pub at: Option<f64>,
}

impl From<&Failure> for FailureDto {
    fn from(f: &Failure) -> Self {
        FailureDto {
            stage: match f.stage {
                shoebox_engine::FailureStage::Scan => FailureStage::Scan,
                shoebox_engine::FailureStage::Decode => FailureStage::Decode,
            },
            path: f.path.display().to_string(),
            reason: crate::error::sentence(&f.reason),
            photo_id: f.photo_id,
            at: f.at.map(|s| s as f64 * 1000.0),
        }
    }
}

/// The library's failures: how many there are and the first few hundred.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FailureList {
    pub total: u64,
    pub failures: Vec<FailureDto>,
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

/// A file the app was started with ("Open with Shoebox").
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OpenedFile {
    pub path: String,
    /// The file's name, for the offer to add its folder.
    pub name: String,
    /// The folder it is in (what "Add folder" adds).
    pub folder: String,
    /// The library's photo of this file, or null when the library does not have it (yet).
    pub photo: Option<OpenedPhoto>,
    /// Whether the file is under one of the library's folders (then it is not a photo Shoebox
    /// reads, or the folder was not rescanned since it appeared).
    pub inside_root: bool,
}

/// Where an opened file's photo is: its id, the folder view it belongs to, and its month there
/// ("YYYY-MM", or "undated").
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OpenedPhoto {
    pub id: i64,
    pub folder_id: i64,
    pub month: String,
}
