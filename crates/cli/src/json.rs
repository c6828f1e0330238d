//! The JSON shapes the CLI prints. Tests and benchmarks rely on these names: add fields, rename none.
//!
//! Engine reports are serialised through serde's remote definitions (`#[serde(remote = ...)]`): the
//! field list is declared once here and checked against the engine type by the compiler, never copied
//! value by value. Photos are views borrowing the photo, flattened from sub-views (capture, camera,
//! exposure) so the listing and the detail share them.

use serde::{Serialize, Serializer};
use shoebox_engine::bench::{
    BulkTimes, IndexBenchReport, OrganizeBenchReport, ScrollBenchReport, ScrollPass, Spread,
};
use shoebox_engine::meta::{Camera, Capture, Exposure};
use shoebox_engine::{
    Album, AlbumPage, Caption, FileError, Folder, GcReport, HashReport, Marks, MetricsSnapshot,
    MonthCount, Outcome, Page, Photo, PhotoState, ScanReport, Stats, Tag, ThumbReport, ThumbStats,
};

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

fn errors<S: Serializer>(errors: &[FileError], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(ErrorJson::from))
}

#[derive(Serialize)]
#[serde(remote = "ScanReport")]
struct ScanReportDef {
    seen: u64,
    added: u64,
    updated: u64,
    unchanged: u64,
    removed: u64,
    moved: u64,
    failed: u64,
    #[serde(serialize_with = "errors")]
    errors: Vec<FileError>,
    opened: u64,
    /// The scan's own time; the JSON's `elapsed_ms` is the whole command's.
    #[serde(skip)]
    #[allow(dead_code)]
    elapsed_ms: u64,
}

/// `scan --json`: the scan report, the hash phase's count and time, and the whole run's time.
#[derive(Serialize)]
pub struct ScanJson<'a> {
    #[serde(flatten, with = "ScanReportDef")]
    pub scan: &'a ScanReport,
    pub hashed: u64,
    pub hash_ms: u64,
    pub elapsed_ms: u64,
}

impl<'a> ScanJson<'a> {
    pub fn new(scan: &'a ScanReport, hash: Option<&HashReport>, elapsed_ms: u64) -> Self {
        ScanJson {
            scan,
            hashed: hash.map_or(0, |h| h.hashed),
            hash_ms: hash.map_or(0, |h| h.elapsed_ms),
            elapsed_ms,
        }
    }
}

/// When a photo was taken, as the listing shows it.
#[derive(Serialize)]
pub struct CaptureJson<'a> {
    /// `YYYY-MM-DDTHH:MM:SS`, wall clock.
    pub taken_at: String,
    pub taken_at_offset: Option<&'a str>,
    pub taken_at_source: &'static str,
    /// False when the time is only the file's (birth or modification time): an undated photo.
    pub dated: bool,
}

impl<'a> From<&'a Capture> for CaptureJson<'a> {
    fn from(c: &'a Capture) -> Self {
        CaptureJson {
            taken_at: c.taken_at_text(),
            taken_at_offset: c.offset.as_deref(),
            taken_at_source: c.source.as_str(),
            dated: c.is_dated(),
        }
    }
}

/// A photo in a timeline listing.
#[derive(Serialize)]
pub struct PhotoJson<'a> {
    pub id: i64,
    pub path: String,
    #[serde(flatten)]
    pub capture: CaptureJson<'a>,
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
    pub format: &'static str,
    pub make: Option<&'a str>,
    pub model: Option<&'a str>,
    pub size: u64,
    #[serde(flatten, with = "MarksDef")]
    pub marks: &'a Marks,
}

/// A photo's marks: `favourite`, `rating` (0–5), `flag` (none, pick, reject), `label` (none, red, …).
#[derive(Serialize)]
#[serde(remote = "Marks")]
struct MarksDef {
    favourite: bool,
    rating: u8,
    #[serde(serialize_with = "flag_name")]
    flag: shoebox_engine::Flag,
    #[serde(serialize_with = "label_name")]
    label: shoebox_engine::Label,
}

fn flag_name<S: Serializer>(flag: &shoebox_engine::Flag, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(flag.name())
}

fn label_name<S: Serializer>(label: &shoebox_engine::Label, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(label.name())
}

impl<'a> From<&'a Photo> for PhotoJson<'a> {
    fn from(p: &'a Photo) -> Self {
        PhotoJson {
            id: p.id,
            path: p.path.display().to_string(),
            capture: CaptureJson::from(&p.capture),
            width: p.width,
            height: p.height,
            orientation: p.orientation,
            format: p.format.as_str(),
            make: p.camera.make.as_deref(),
            model: p.camera.model.as_deref(),
            size: p.size,
            marks: &p.marks,
        }
    }
}

#[derive(Serialize)]
pub struct PageJson<'a> {
    pub photos: Vec<PhotoJson<'a>>,
    pub next: Option<String>,
}

impl<'a> From<&'a Page> for PageJson<'a> {
    fn from(page: &'a Page) -> Self {
        PageJson {
            photos: page.photos.iter().map(PhotoJson::from).collect(),
            next: page.next.map(|c| c.to_string()),
        }
    }
}

impl<'a> From<&'a AlbumPage> for PageJson<'a> {
    fn from(page: &'a AlbumPage) -> Self {
        PageJson {
            photos: page.photos.iter().map(PhotoJson::from).collect(),
            next: page.next.as_ref().map(|c| c.0.clone()),
        }
    }
}

/// The listing's camera fields (`make`, `model`) are in [`PhotoJson`]; the detail adds the lens.
#[derive(Serialize)]
#[serde(remote = "Camera")]
struct LensDef {
    #[serde(skip)]
    #[allow(dead_code)]
    make: Option<String>,
    #[serde(skip)]
    #[allow(dead_code)]
    model: Option<String>,
    lens: Option<String>,
}

#[derive(Serialize)]
#[serde(remote = "Exposure")]
struct ExposureDef {
    focal_length: Option<f64>,
    aperture: Option<f64>,
    exposure_time: Option<f64>,
    iso: Option<u32>,
}

fn state<S: Serializer>(state: &PhotoState, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match state {
        PhotoState::Active => "active",
        PhotoState::Removed => "removed",
    })
}

/// Every stored field of a photo (`shoebox show`).
#[derive(Serialize)]
pub struct PhotoDetailJson<'a> {
    #[serde(flatten)]
    pub summary: PhotoJson<'a>,
    pub root_id: i64,
    pub folder_id: i64,
    pub mtime_ns: i64,
    #[serde(flatten, with = "LensDef")]
    pub camera: &'a Camera,
    #[serde(flatten, with = "ExposureDef")]
    pub exposure: &'a Exposure,
    pub gps_lat: Option<f64>,
    pub gps_lon: Option<f64>,
    pub content_hash: Option<&'a str>,
    pub placeholder: Option<String>,
    pub color: Option<String>,
    pub rev: i64,
    #[serde(serialize_with = "state")]
    pub state: PhotoState,
    pub meta_warning: Option<&'a str>,
    /// Why the photo has no thumbnail (a decode failure that still holds), if so.
    pub thumbnail_failure: Option<String>,
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    /// Tag paths, sorted.
    pub tags: Vec<String>,
    pub albums: Vec<PhotoAlbumJson>,
}

impl<'a> PhotoDetailJson<'a> {
    pub fn new(
        p: &'a Photo,
        caption: &'a Caption,
        tags: Vec<String>,
        albums: Vec<(i64, String)>,
        thumbnail_failure: Option<String>,
    ) -> Self {
        PhotoDetailJson {
            summary: PhotoJson::from(p),
            root_id: p.root_id,
            folder_id: p.folder_id,
            mtime_ns: p.mtime_ns,
            camera: &p.camera,
            exposure: &p.exposure,
            gps_lat: p.gps_lat,
            gps_lon: p.gps_lon,
            content_hash: p.content_hash.as_deref(),
            placeholder: p
                .placeholder
                .as_ref()
                .map(|b| b.iter().map(|x| format!("{x:02x}")).collect()),
            color: p.color_hex(),
            rev: p.rev,
            state: p.state,
            meta_warning: p.meta_warning.as_deref(),
            thumbnail_failure,
            title: caption.title.as_deref(),
            description: caption.description.as_deref(),
            tags,
            albums: albums
                .into_iter()
                .map(|(id, name)| PhotoAlbumJson { id, name })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct MonthJson {
    pub month: String,
    pub count: u64,
}

/// `months --json`: dated photos per month, newest first, and how many photos are undated.
#[derive(Serialize)]
pub struct MonthsJson {
    pub months: Vec<MonthJson>,
    pub undated: u64,
}

impl MonthsJson {
    pub fn new(months: &[MonthCount], undated: u64) -> Self {
        MonthsJson {
            months: months
                .iter()
                .map(|m| MonthJson {
                    month: m.month.to_string(),
                    count: m.count,
                })
                .collect(),
            undated,
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
#[serde(remote = "Stats")]
struct StatsDef {
    photos: u64,
    removed: u64,
    roots: u64,
    folders: u64,
    failed: u64,
    hashed: u64,
    photo_bytes: u64,
    library_bytes: u64,
    schema_version: i64,
}

#[derive(Serialize)]
#[serde(remote = "ThumbStats")]
struct ThumbStatsDef {
    variants: u64,
    #[serde(rename = "variant_bytes")]
    store_bytes: u64,
    #[serde(rename = "thumb_failed")]
    failed: u64,
    placeholders: u64,
    #[serde(rename = "cache", serialize_with = "cache")]
    metrics: MetricsSnapshot,
}

fn cache<S: Serializer>(m: &MetricsSnapshot, s: S) -> Result<S::Ok, S::Error> {
    CacheJson::from(m).serialize(s)
}

/// `stats --json`: the library's counts, then the thumbnail side.
#[derive(Serialize)]
pub struct StatsJson<'a> {
    #[serde(flatten, with = "StatsDef")]
    pub library: &'a Stats,
    #[serde(flatten, with = "ThumbStatsDef")]
    pub thumbs: &'a ThumbStats,
}

impl<'a> StatsJson<'a> {
    pub fn new(library: &'a Stats, thumbs: &'a ThumbStats) -> Self {
        StatsJson { library, thumbs }
    }
}

/// The thumbnail service's counters and latency percentiles (the histograms flattened to `_us` fields).
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
    pub decode_budget_bytes: u64,
    pub decode_bytes_peak: u64,
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
            decode_budget_bytes: m.decode_budget_bytes,
            decode_bytes_peak: m.decode_bytes_peak,
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
#[serde(remote = "ThumbReport")]
struct ThumbReportDef {
    generated: u64,
    skipped: u64,
    failed: u64,
    #[serde(serialize_with = "errors")]
    errors: Vec<FileError>,
    variants: u64,
    elapsed_ms: u64,
}

/// `thumbs --json`.
#[derive(Serialize)]
#[serde(transparent)]
pub struct ThumbsJson<'a>(#[serde(with = "ThumbReportDef")] pub &'a ThumbReport);

#[derive(Serialize)]
#[serde(remote = "GcReport")]
struct GcReportDef {
    removed: u64,
    removed_bytes: u64,
    kept: u64,
    kept_bytes: u64,
    elapsed_ms: u64,
}

/// `gc --json`.
#[derive(Serialize)]
#[serde(transparent)]
pub struct GcJson<'a>(#[serde(with = "GcReportDef")] pub &'a GcReport);

#[derive(Serialize)]
#[serde(remote = "ScrollPass")]
struct ScrollPassDef {
    requests: u64,
    memory_hits: u64,
    disk_hits: u64,
    generated: u64,
    failed: u64,
    memory_hit_rate: f64,
    disk_hit_rate: f64,
    p50_us: f64,
    p99_us: f64,
    memory_hit_p50_us: f64,
    memory_hit_p99_us: f64,
    elapsed_ms: f64,
}

fn passes<S: Serializer>(passes: &[ScrollPass], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Pass<'a>(#[serde(with = "ScrollPassDef")] &'a ScrollPass);
    s.collect_seq(passes.iter().map(Pass))
}

/// `bench scroll --json`.
#[derive(Serialize)]
pub struct ScrollJson<'a> {
    pub photos: u64,
    #[serde(serialize_with = "passes")]
    pub passes: &'a [ScrollPass],
    /// Of the second pass (the warm one).
    pub memory_hit_p99_us: f64,
}

impl<'a> From<&'a ScrollBenchReport> for ScrollJson<'a> {
    fn from(r: &'a ScrollBenchReport) -> Self {
        ScrollJson {
            photos: r.photos,
            passes: &r.passes,
            memory_hit_p99_us: r.passes.last().map_or(0.0, |p| p.memory_hit_p99_us),
        }
    }
}

#[derive(Serialize)]
#[serde(remote = "IndexBenchReport")]
struct IndexBenchReportDef {
    photos: usize,
    first_scan_ms: f64,
    photos_per_sec: f64,
    hash_ms: f64,
    rescan_ms: f64,
    rescan_ratio: f64,
    rescan_ratio_vs_scan_command: f64,
    timeline_rows: usize,
    page_size: u32,
    page_samples: usize,
    page_p50_us: f64,
    page_p99_us: f64,
    months_ms: f64,
}

/// `bench index --json`.
#[derive(Serialize)]
#[serde(transparent)]
pub struct IndexBenchJson<'a>(#[serde(with = "IndexBenchReportDef")] pub &'a IndexBenchReport);

/// What an organize action did (`mark`, `album add`, `tag rename`, `undo`, …).
#[derive(Serialize)]
#[serde(remote = "Outcome")]
struct OutcomeDef {
    changed: u64,
    step: Option<i64>,
    label: String,
}

#[derive(Serialize)]
pub struct OutcomeJson<'a>(#[serde(with = "OutcomeDef")] pub &'a Outcome);

/// `undo` / `redo`: whether there was a step, and what it was.
#[derive(Serialize)]
pub struct HistoryStepJson<'a> {
    pub done: bool,
    pub label: Option<&'a str>,
    pub changed: u64,
}

/// One album or album folder in `album list`, and `album create`'s reply.
#[derive(Serialize)]
pub struct AlbumJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub kind: &'static str,
    pub parent_id: Option<i64>,
    pub count: u64,
    pub cover_id: Option<i64>,
    pub first_taken_at: Option<String>,
    pub last_taken_at: Option<String>,
    pub sort: &'static str,
    /// A smart album's query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<&'a str>,
}

impl<'a> From<&'a Album> for AlbumJson<'a> {
    fn from(a: &'a Album) -> Self {
        AlbumJson {
            id: a.id,
            name: &a.name,
            kind: a.kind.name(),
            parent_id: a.parent_id,
            count: a.count,
            cover_id: a.cover_id,
            first_taken_at: a
                .first_taken_at
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            last_taken_at: a
                .last_taken_at
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            sort: a.sort.name(),
            query: a.query.as_deref(),
        }
    }
}

/// `search --json`: a page of photos (the `photos` shape), the next cursor and the total.
#[derive(Serialize)]
pub struct SearchJson<'a> {
    pub photos: Vec<PhotoJson<'a>>,
    pub next: Option<&'a str>,
    pub total: u64,
}

impl<'a> From<&'a shoebox_engine::find::SearchPage> for SearchJson<'a> {
    fn from(page: &'a shoebox_engine::find::SearchPage) -> Self {
        SearchJson {
            photos: page.photos.iter().map(PhotoJson::from).collect(),
            next: page.next.as_deref(),
            total: page.total,
        }
    }
}

/// One facet value in `facets --json`.
#[derive(Serialize)]
pub struct FacetValueJson<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub query: &'a str,
    pub count: u64,
    pub selected: bool,
}

/// `facets --json`: `{facets: {NAME: [{value, count, …}]}}`, in the filter bar's order.
#[derive(Serialize)]
pub struct FacetsJson<'a> {
    pub facets: serde_json::Map<String, serde_json::Value>,
    #[serde(skip)]
    pub _source: std::marker::PhantomData<&'a ()>,
}

impl<'a> FacetsJson<'a> {
    pub fn new(facets: &'a shoebox_engine::find::Facets) -> serde_json::Result<Self> {
        let mut map = serde_json::Map::new();
        for facet in &facets.facets {
            let values: Vec<FacetValueJson<'_>> = facet
                .values
                .iter()
                .map(|v| FacetValueJson {
                    value: &v.value,
                    label: &v.label,
                    query: &v.query,
                    count: v.count,
                    selected: v.selected,
                })
                .collect();
            map.insert(facet.name.to_string(), serde_json::to_value(values)?);
        }
        Ok(FacetsJson {
            facets: map,
            _source: std::marker::PhantomData,
        })
    }
}

/// One place in `places --json`.
#[derive(Serialize)]
pub struct PlaceJson<'a> {
    pub country: &'a str,
    pub country_code: &'a str,
    pub region: &'a str,
    pub city: &'a str,
    pub place_id: i64,
    pub count: u64,
}

impl<'a> From<&'a shoebox_engine::find::PlaceCount> for PlaceJson<'a> {
    fn from(p: &'a shoebox_engine::find::PlaceCount) -> Self {
        PlaceJson {
            country: &p.country,
            country_code: &p.country_code,
            region: &p.region,
            city: &p.city,
            place_id: p.place_id,
            count: p.count,
        }
    }
}

#[derive(Serialize)]
pub struct AlbumsJson<'a> {
    pub albums: Vec<AlbumJson<'a>>,
}

#[derive(Serialize)]
pub struct TagJson<'a> {
    pub id: i64,
    pub path: &'a str,
    pub name: &'a str,
    pub parent_id: Option<i64>,
    pub count: u64,
}

#[derive(Serialize)]
pub struct TagsJson<'a> {
    pub tags: Vec<TagJson<'a>>,
}

impl<'a> TagsJson<'a> {
    pub fn new(tags: &'a [Tag]) -> Self {
        TagsJson {
            tags: tags
                .iter()
                .map(|t| TagJson {
                    id: t.id,
                    path: &t.path,
                    name: &t.name,
                    parent_id: t.parent_id,
                    count: t.count,
                })
                .collect(),
        }
    }
}

/// An album a photo is in, in `show --json`.
#[derive(Serialize)]
pub struct PhotoAlbumJson {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize)]
#[serde(remote = "Spread")]
struct SpreadDef {
    p50_ms: f64,
    p99_ms: f64,
}

#[derive(Serialize)]
#[serde(remote = "BulkTimes")]
struct BulkDef {
    rate_ms: f64,
    flag_ms: f64,
    tag_ms: f64,
    album_add_ms: f64,
    undo_ms: f64,
}

#[derive(Serialize)]
#[serde(remote = "OrganizeBenchReport")]
struct OrganizeBenchDef {
    photos: usize,
    selection: usize,
    #[serde(with = "BulkDef")]
    range: BulkTimes,
    #[serde(with = "BulkDef")]
    spread: BulkTimes,
    albums: usize,
    #[serde(with = "SpreadDef")]
    album_list: Spread,
    big_album: usize,
    #[serde(with = "SpreadDef")]
    manual_page: Spread,
    #[serde(with = "SpreadDef")]
    date_page: Spread,
    #[serde(with = "SpreadDef")]
    move_one: Spread,
    #[serde(with = "SpreadDef")]
    rename: Spread,
    #[serde(with = "SpreadDef")]
    timeline_page: Spread,
}

/// `bench organize --json`.
#[derive(Serialize)]
pub struct OrganizeBenchJson<'a>(#[serde(with = "OrganizeBenchDef")] pub &'a OrganizeBenchReport);

/// A duplicate group: `{kind, photos, keep, reason}`.
pub struct GroupJson<'a>(pub &'a shoebox_engine::cleanup::Group);

impl Serialize for GroupJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let g = self.0;
        let mut st = s.serialize_struct("Group", 4)?;
        st.serialize_field("kind", g.kind.name())?;
        st.serialize_field("photos", &g.photos)?;
        st.serialize_field("keep", &g.keep)?;
        st.serialize_field("reason", &g.reason)?;
        st.end()
    }
}

/// One file to or from the trash: `{photo, path, ok, to | error, note}`.
pub struct FileOutcomeJson<'a>(pub &'a shoebox_engine::cleanup::FileOutcome);

impl Serialize for FileOutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let o = self.0;
        let mut st = s.serialize_struct("FileOutcome", 5)?;
        st.serialize_field("photo", &o.photo)?;
        st.serialize_field("path", &o.path.display().to_string())?;
        st.serialize_field("ok", &o.result.is_ok())?;
        match &o.result {
            Ok(to) => st.serialize_field("to", &to.display().to_string())?,
            Err(e) => st.serialize_field("error", e)?,
        }
        st.serialize_field("note", &o.note)?;
        st.end()
    }
}

/// One entry of what Shoebox trashed: `{photo, path, trashed_at, sidecars}`.
pub struct TrashedJson<'a>(pub &'a shoebox_engine::cleanup::Trashed);

impl Serialize for TrashedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let t = self.0;
        let mut st = s.serialize_struct("Trashed", 4)?;
        st.serialize_field("photo", &t.photo)?;
        st.serialize_field("path", &t.path.display().to_string())?;
        st.serialize_field("trashed_at", &t.trashed_at)?;
        let sidecars: Vec<String> = t.sidecars.iter().map(|p| p.display().to_string()).collect();
        st.serialize_field("sidecars", &sidecars)?;
        st.end()
    }
}
