//! The JSON shapes the CLI prints. Tests and benchmarks rely on these names: add fields, rename none.

use serde::Serialize;
use shoebox_engine::bench::ScrollBenchReport;
use shoebox_engine::{
    FileError, Folder, GcReport, HashReport, MetricsSnapshot, MonthCount, Page, Photo, ScanReport,
    Stats, ThumbReport, ThumbStats,
};

const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

#[derive(Serialize)]
pub struct ErrorJson {
    pub path: String,
    pub error: String,
}

impl From<&FileError> for ErrorJson {
    fn from(e: &FileError) -> Self {
        ErrorJson {
            path: e.path.display().to_string(),
            error: e.error.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct ScanJson {
    pub seen: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    pub moved: u64,
    pub failed: u64,
    pub errors: Vec<ErrorJson>,
    pub opened: u64,
    pub hashed: u64,
    pub hash_ms: u64,
    pub elapsed_ms: u64,
}

impl ScanJson {
    pub fn new(scan: &ScanReport, hash: Option<&HashReport>, elapsed_ms: u64) -> Self {
        ScanJson {
            seen: scan.seen,
            added: scan.added,
            updated: scan.updated,
            unchanged: scan.unchanged,
            removed: scan.removed,
            moved: scan.moved,
            failed: scan.failed,
            errors: scan.errors.iter().map(ErrorJson::from).collect(),
            opened: scan.opened,
            hashed: hash.map_or(0, |h| h.hashed),
            hash_ms: hash.map_or(0, |h| h.elapsed_ms),
            elapsed_ms,
        }
    }
}

/// A photo in a timeline listing.
#[derive(Serialize)]
pub struct PhotoJson {
    pub id: i64,
    pub path: String,
    pub taken_at: String,
    pub taken_at_offset: Option<String>,
    pub taken_at_source: String,
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
    pub format: String,
    pub make: Option<String>,
    pub model: Option<String>,
    pub size: u64,
}

impl From<&Photo> for PhotoJson {
    fn from(p: &Photo) -> Self {
        PhotoJson {
            id: p.id,
            path: p.path.display().to_string(),
            taken_at: p.taken_at.format(DATE_FORMAT).to_string(),
            taken_at_offset: p.taken_at_offset.clone(),
            taken_at_source: p.taken_at_source.clone(),
            width: p.width,
            height: p.height,
            orientation: p.orientation,
            format: p.format.clone(),
            make: p.make.clone(),
            model: p.model.clone(),
            size: p.size,
        }
    }
}

#[derive(Serialize)]
pub struct PageJson {
    pub photos: Vec<PhotoJson>,
    pub next: Option<String>,
}

impl From<&Page> for PageJson {
    fn from(page: &Page) -> Self {
        PageJson {
            photos: page.photos.iter().map(PhotoJson::from).collect(),
            next: page.next.map(|c| c.to_string()),
        }
    }
}

/// Every stored field of a photo (`shoebox show`).
#[derive(Serialize)]
pub struct PhotoDetailJson {
    #[serde(flatten)]
    pub summary: PhotoJson,
    pub root_id: i64,
    pub folder_id: i64,
    pub mtime_ns: i64,
    pub lens: Option<String>,
    pub focal_length: Option<f64>,
    pub aperture: Option<f64>,
    pub exposure_time: Option<f64>,
    pub iso: Option<u32>,
    pub gps_lat: Option<f64>,
    pub gps_lon: Option<f64>,
    pub content_hash: Option<String>,
    pub placeholder: Option<String>,
    pub color: Option<String>,
    pub rev: i64,
    pub state: &'static str,
    pub meta_warning: Option<String>,
}

impl From<&Photo> for PhotoDetailJson {
    fn from(p: &Photo) -> Self {
        PhotoDetailJson {
            summary: PhotoJson::from(p),
            root_id: p.root_id,
            folder_id: p.folder_id,
            mtime_ns: p.mtime_ns,
            lens: p.lens.clone(),
            focal_length: p.focal_length,
            aperture: p.aperture,
            exposure_time: p.exposure_time,
            iso: p.iso,
            gps_lat: p.gps_lat,
            gps_lon: p.gps_lon,
            content_hash: p.content_hash.clone(),
            placeholder: p
                .placeholder
                .as_ref()
                .map(|b| b.iter().map(|x| format!("{x:02x}")).collect()),
            color: p.color.map(|c| format!("#{c:06x}")),
            rev: p.rev,
            state: match p.state {
                shoebox_engine::PhotoState::Active => "active",
                shoebox_engine::PhotoState::Removed => "removed",
            },
            meta_warning: p.meta_warning.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct MonthJson {
    pub month: String,
    pub count: u64,
}

#[derive(Serialize)]
pub struct MonthsJson {
    pub months: Vec<MonthJson>,
}

impl From<&[MonthCount]> for MonthsJson {
    fn from(months: &[MonthCount]) -> Self {
        MonthsJson {
            months: months
                .iter()
                .map(|m| MonthJson {
                    month: m.month.to_string(),
                    count: m.count,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct FolderJson {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
    pub count: u64,
}

impl From<&Folder> for FolderJson {
    fn from(f: &Folder) -> Self {
        FolderJson {
            id: f.id,
            parent_id: f.parent_id,
            path: f.path.display().to_string(),
            count: f.count,
        }
    }
}

#[derive(Serialize)]
pub struct StatsJson {
    pub photos: u64,
    pub removed: u64,
    pub roots: u64,
    pub folders: u64,
    pub failed: u64,
    pub hashed: u64,
    pub photo_bytes: u64,
    pub library_bytes: u64,
    pub schema_version: i64,
    pub variants: u64,
    pub variant_bytes: u64,
    pub thumb_failed: u64,
    pub placeholders: u64,
    pub cache: CacheJson,
}

impl StatsJson {
    pub fn new(s: &Stats, t: &ThumbStats) -> Self {
        StatsJson {
            photos: s.photos,
            removed: s.removed,
            roots: s.roots,
            folders: s.folders,
            failed: s.failed,
            hashed: s.hashed,
            photo_bytes: s.photo_bytes,
            library_bytes: s.library_bytes,
            schema_version: s.schema_version,
            variants: t.variants,
            variant_bytes: t.store_bytes,
            thumb_failed: t.failed,
            placeholders: t.placeholders,
            cache: CacheJson::from(&t.metrics),
        }
    }
}

/// The thumbnail service's counters and latency percentiles.
#[derive(Serialize)]
pub struct CacheJson {
    pub memory_hits: u64,
    pub disk_hits: u64,
    pub misses: u64,
    pub evictions: u64,
    pub generated: u64,
    pub failed: u64,
    pub queue_depth: u64,
    pub thumbnails_per_sec: f64,
    pub memory_bytes: u64,
    pub memory_entries: u64,
    pub memory_capacity: u64,
    pub memory_hit_p50_us: f64,
    pub memory_hit_p99_us: f64,
    pub disk_hit_p50_us: f64,
    pub disk_hit_p99_us: f64,
    pub generate_p50_us: f64,
    pub generate_p99_us: f64,
}

impl From<&MetricsSnapshot> for CacheJson {
    fn from(m: &MetricsSnapshot) -> Self {
        CacheJson {
            memory_hits: m.memory_hits,
            disk_hits: m.disk_hits,
            misses: m.misses,
            evictions: m.evictions,
            generated: m.generated,
            failed: m.failed,
            queue_depth: m.queue_depth,
            thumbnails_per_sec: m.thumbnails_per_sec,
            memory_bytes: m.memory_bytes,
            memory_entries: m.memory_entries,
            memory_capacity: m.memory_capacity,
            memory_hit_p50_us: m.memory_hit.p50_us,
            memory_hit_p99_us: m.memory_hit.p99_us,
            disk_hit_p50_us: m.disk_hit.p50_us,
            disk_hit_p99_us: m.disk_hit.p99_us,
            generate_p50_us: m.generate.p50_us,
            generate_p99_us: m.generate.p99_us,
        }
    }
}

#[derive(Serialize)]
pub struct ThumbsJson {
    pub generated: u64,
    pub skipped: u64,
    pub failed: u64,
    pub errors: Vec<ErrorJson>,
    pub variants: u64,
    pub elapsed_ms: u64,
}

impl From<&ThumbReport> for ThumbsJson {
    fn from(r: &ThumbReport) -> Self {
        ThumbsJson {
            generated: r.generated,
            skipped: r.skipped,
            failed: r.failed,
            errors: r.errors.iter().map(ErrorJson::from).collect(),
            variants: r.variants,
            elapsed_ms: r.elapsed_ms,
        }
    }
}

#[derive(Serialize)]
pub struct GcJson {
    pub removed: u64,
    pub removed_bytes: u64,
    pub kept: u64,
    pub kept_bytes: u64,
    pub elapsed_ms: u64,
}

impl From<&GcReport> for GcJson {
    fn from(r: &GcReport) -> Self {
        GcJson {
            removed: r.removed,
            removed_bytes: r.removed_bytes,
            kept: r.kept,
            kept_bytes: r.kept_bytes,
            elapsed_ms: r.elapsed_ms,
        }
    }
}

#[derive(Serialize)]
pub struct ScrollPassJson {
    pub requests: u64,
    pub memory_hits: u64,
    pub disk_hits: u64,
    pub generated: u64,
    pub failed: u64,
    pub memory_hit_rate: f64,
    pub disk_hit_rate: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub memory_hit_p50_us: f64,
    pub memory_hit_p99_us: f64,
    pub elapsed_ms: f64,
}

#[derive(Serialize)]
pub struct ScrollJson {
    pub photos: u64,
    pub passes: Vec<ScrollPassJson>,
    /// Of the second pass (the warm one).
    pub memory_hit_p99_us: f64,
}

impl From<&ScrollBenchReport> for ScrollJson {
    fn from(r: &ScrollBenchReport) -> Self {
        let passes: Vec<ScrollPassJson> = r
            .passes
            .iter()
            .map(|p| ScrollPassJson {
                requests: p.requests,
                memory_hits: p.memory_hits,
                disk_hits: p.disk_hits,
                generated: p.generated,
                failed: p.failed,
                memory_hit_rate: p.memory_hit_rate,
                disk_hit_rate: p.disk_hit_rate,
                p50_us: p.p50_us,
                p99_us: p.p99_us,
                memory_hit_p50_us: p.memory_hit_p50_us,
                memory_hit_p99_us: p.memory_hit_p99_us,
                elapsed_ms: p.elapsed_ms,
            })
            .collect();
        ScrollJson {
            photos: r.photos,
            memory_hit_p99_us: passes.last().map_or(0.0, |p| p.memory_hit_p99_us),
            passes,
        }
    }
}
