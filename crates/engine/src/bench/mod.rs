//! Benchmarks behind `shoebox bench`: generated libraries, timed the same way every run
//! (`organize.rs`: marks, albums and tags at library scale; `xmp.rs`: reading XMP and IPTC on a
//! first scan, writing sidecars).

mod duplicates;
mod find;
mod organize;
mod restore;
mod sync;
mod watch;
mod xmp;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::{Error, Result};
use crate::model::{Cursor, PhotoFilter, TimelineQuery};
use crate::progress::{no_progress, CancelToken};
use crate::Library;
use shoebox_testkit as testkit;

pub use duplicates::{
    duplicates, DuplicatesBenchOptions, DuplicatesBenchReport, SweepPoint, TransformScore,
};
pub use find::{find, synthesize_varied, FindBenchOptions, FindBenchReport};
pub use organize::{organize, BulkTimes, OrganizeBenchOptions, OrganizeBenchReport, Spread};
pub use restore::{library_data, LibraryDataBenchOptions, LibraryDataBenchReport, LibraryDataRun};
pub use sync::{sync, SyncBenchOptions, SyncBenchReport, SyncBenchRun};
pub use watch::{watch, WatchBenchOptions, WatchBenchReport};
pub use xmp::{xmp, XmpBenchOptions, XmpBenchReport};

#[derive(Debug, Clone)]
pub struct IndexBenchOptions {
    /// Photos generated and scanned.
    pub photos: usize,
    /// Rows synthesized for the timeline-paging measurement.
    pub timeline_rows: usize,
    /// Where the generated photos go (kept and reused when it already holds them); a temp dir if `None`.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct IndexBenchReport {
    pub photos: usize,
    pub first_scan_ms: f64,
    pub photos_per_sec: f64,
    pub hash_ms: f64,
    pub rescan_ms: f64,
    /// rescan time / first scan time.
    pub rescan_ratio: f64,
    /// rescan time / (first scan + hash phase): what `shoebox scan` runs the first time.
    pub rescan_ratio_vs_scan_command: f64,
    pub timeline_rows: usize,
    pub page_size: u32,
    pub page_samples: usize,
    pub page_p50_us: f64,
    pub page_p99_us: f64,
    pub months_ms: f64,
}

pub fn index(options: &IndexBenchOptions) -> Result<IndexBenchReport> {
    let temp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let photos_dir = options
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().join("photos"));
    ensure_generated(&photos_dir, options.photos)?;
    warm_page_cache(&photos_dir)?;

    let cancel = CancelToken::new();
    let library = open_in(temp.path(), "bench.db")?;
    let started = Instant::now();
    let first = library.scan(std::slice::from_ref(&photos_dir), &cancel, &no_progress())?;
    let first_scan = started.elapsed().as_secs_f64();
    let started = Instant::now();
    library.hash_pending(&cancel, &no_progress())?;
    let hash = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let second = library.scan(&[], &cancel, &no_progress())?;
    let rescan = started.elapsed().as_secs_f64();
    if first.added as usize != options.photos || second.unchanged as usize != options.photos {
        return Err(Error::Bench(format!(
            "bench sanity check: first scan added {}, rescan unchanged {}, expected {}",
            first.added, second.unchanged, options.photos
        )));
    }
    drop(library);

    let big = open_in(temp.path(), "timeline.db")?;
    synthesize_photos(&big, options.timeline_rows)?;
    let (page_size, samples) = (200u32, 2000usize);
    // Real cursors spread over the whole timeline, to start the measured pages from.
    let mut cursors = vec![Cursor::START];
    let mut query = TimelineQuery {
        filter: PhotoFilter::default(),
        after: Cursor::START,
        limit: 1000,
    };
    while let Some(next) = big.timeline(&query)?.next {
        cursors.push(next);
        query.after = next;
    }
    let mut latencies: Vec<f64> = Vec::with_capacity(samples);
    for i in 0..samples {
        let after = cursors[(i * 7919) % cursors.len()];
        let started = Instant::now();
        let page = big.timeline(&TimelineQuery {
            filter: PhotoFilter::default(),
            after,
            limit: page_size,
        })?;
        latencies.push(started.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(page);
    }
    latencies.sort_by(f64::total_cmp);
    let started = Instant::now();
    big.months(&PhotoFilter::default())?;
    let months_ms = started.elapsed().as_secs_f64() * 1e3;

    Ok(IndexBenchReport {
        photos: options.photos,
        first_scan_ms: first_scan * 1e3,
        photos_per_sec: options.photos as f64 / first_scan,
        hash_ms: hash * 1e3,
        rescan_ms: rescan * 1e3,
        rescan_ratio: rescan / first_scan,
        rescan_ratio_vs_scan_command: rescan / (first_scan + hash),
        timeline_rows: options.timeline_rows,
        page_size,
        page_samples: samples,
        page_p50_us: percentile(&latencies, 0.50),
        page_p99_us: percentile(&latencies, 0.99),
        months_ms,
    })
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Writes `photos` generated JPEGs (long edge `long_edge`) under `dir`, `per_folder` to a sub-folder
/// (`shoebox bench generate`); returns the bytes written.
pub fn generate(dir: &Path, photos: usize, per_folder: usize, long_edge: u32) -> Result<u64> {
    testkit::generate_library_sized(dir, photos, per_folder, long_edge)
        .map_err(|e| Error::io(dir, e))
}

/// A library `name` in the scratch folder `dir`, its variants under `dir/cache` (never the user's).
fn open_in(dir: &Path, name: &str) -> Result<Library> {
    let options = crate::LibraryOptions {
        cache_dir: Some(dir.join("cache")),
        ..Default::default()
    };
    Library::open_with(&dir.join(name), options)
}

fn ensure_generated(dir: &Path, count: usize) -> Result<()> {
    let marker = dir.join(format!(".generated-{count}"));
    if marker.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    testkit::generate_library(dir, count, 200).map_err(|e| Error::io(dir, e))?;
    std::fs::write(&marker, b"").map_err(|e| Error::io(&marker, e))
}

/// Reads every file once so the scan is measured with a warm page cache, as the goal states.
fn warm_page_cache(dir: &Path) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .map_err(|e| Error::io(&d, e))?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let _ = std::fs::read(&path);
            }
        }
    }
    Ok(())
}

/// Fills a library with `count` synthetic photo rows (no files), dated over ~20 years, 500 a folder.
pub fn synthesize_photos(library: &Library, count: usize) -> Result<()> {
    use crate::meta::{Format, PhotoMeta};
    use crate::model::{Camera, Capture, DateSource, Exposure};
    synthesize_rows(library, count, |i, taken_at| {
        let meta = PhotoMeta {
            format: Format::Jpeg,
            width: if i % 4 == 1 { 4000 } else { 6000 },
            height: if i % 4 == 1 { 6000 } else { 4000 },
            orientation: 1,
            capture: Capture {
                taken_at,
                offset: None,
                source: DateSource::Exif,
            },
            camera: Camera {
                make: Some("Synthetic".into()),
                model: Some("Rows".into()),
                lens: None,
            },
            exposure: Exposure {
                focal_length: Some(35.0),
                aperture: Some(2.8),
                exposure_time: Some(0.004),
                iso: Some(200),
            },
            gps: None,
            warning: None,
            organized: Default::default(),
        };
        (meta, 8_000_000, format!("IMG_{i:07}.jpg"))
    })
}

/// Writes `count` rows, 500 a folder under `/synthetic`, ~1 photo every 20 minutes from 2005 with
/// bursts sharing a second; `row(i, taken_at)` gives each photo's metadata, size and file name.
pub(crate) fn synthesize_rows(
    library: &Library,
    count: usize,
    row: impl Fn(usize, chrono::NaiveDateTime) -> (crate::meta::PhotoMeta, i64, String),
) -> Result<()> {
    use crate::db::{roots, scan_index};

    // Synthetic rows go in through a writer of the bench's own, like any other writer of the file.
    let mut conn = crate::db::connection::open_side_writer(library.path())?;
    let tx = conn.transaction()?;
    let root_id = roots::add_root(&tx, b"/synthetic", false)?;
    let start = chrono::NaiveDate::from_ymd_opt(2005, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let mut folder_id = 0;
    for i in 0..count {
        if i % 500 == 0 {
            folder_id = roots::ensure_folder(
                &tx,
                root_id,
                format!("/synthetic/{:05}", i / 500).as_bytes(),
                None,
            )?;
        }
        let taken_at = start
            + chrono::Duration::seconds((i as i64 / 3) * 1200 + (i as i64 % 3) * (i as i64 % 2));
        let (meta, size, name) = row(i, taken_at);
        let path = format!("/synthetic/{:05}/{name}", i / 500);
        let file = scan_index::FileRow {
            root_id,
            folder_id,
            path: path.as_bytes(),
            size,
            mtime_ns: 0,
        };
        scan_index::upsert_photo(&tx, &file, &meta, (None, None))?;
    }
    tx.commit()?;
    Ok(())
}

/// One replay of scrolling through the whole timeline.
#[derive(Debug, Clone, Default)]
pub struct ScrollPass {
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

#[derive(Debug, Clone, Default)]
pub struct ScrollBenchReport {
    pub photos: u64,
    pub passes: Vec<ScrollPass>,
}

/// Scrolls through the whole timeline of `library` newest first, twice, a screen (`screen` photos)
/// at a time: sets the viewport (this screen visible, the next one near) and asks the serving path
/// for every grid variant of every photo on screen. The memory cache starts empty.
pub fn scroll(library: &Library, screen: u32) -> Result<ScrollBenchReport> {
    let thumbs = library.thumbs();
    thumbs.clear_memory_cache();
    let sizes = thumbs.options().grid_sizes.clone();
    let mut report = ScrollBenchReport::default();
    for _ in 0..2 {
        let started = Instant::now();
        let mut all = Vec::new();
        let mut memory = Vec::new();
        let mut pass = ScrollPass::default();
        let mut cursor = Cursor::START;
        let mut photos = 0;
        loop {
            let page = library.timeline(&TimelineQuery {
                filter: PhotoFilter::default(),
                after: cursor,
                limit: screen * 2,
            })?;
            let ids: Vec<i64> = page.photos.iter().map(|p| p.id).collect();
            let split = ids.len().min(screen as usize);
            let (visible, near) = ids.split_at(split);
            thumbs.set_viewport(visible, near);
            for &id in visible {
                for &size in &sizes {
                    let t = Instant::now();
                    let outcome = thumbs.variant(id, size);
                    let us = t.elapsed().as_secs_f64() * 1e6;
                    all.push(us);
                    pass.requests += 1;
                    match outcome.map(|v| v.source) {
                        Ok(crate::Source::Memory) => {
                            pass.memory_hits += 1;
                            memory.push(us);
                        }
                        Ok(crate::Source::Disk) => pass.disk_hits += 1,
                        Ok(crate::Source::Generated) => pass.generated += 1,
                        Err(_) => pass.failed += 1,
                    }
                }
            }
            photos += visible.len() as u64;
            let more = page.next.is_some() || !near.is_empty();
            match (more, visible.last()) {
                (true, Some(&last)) => {
                    let p = page.photos.iter().find(|p| p.id == last).expect("listed");
                    cursor = Cursor::after(p);
                }
                _ => break,
            }
        }
        thumbs.set_viewport(&[], &[]);
        let rate = |n: u64| {
            if pass.requests == 0 {
                0.0
            } else {
                n as f64 / pass.requests as f64
            }
        };
        pass.memory_hit_rate = rate(pass.memory_hits);
        pass.disk_hit_rate = rate(pass.disk_hits);
        all.sort_by(f64::total_cmp);
        memory.sort_by(f64::total_cmp);
        (pass.p50_us, pass.p99_us) = (percentile(&all, 0.50), percentile(&all, 0.99));
        pass.memory_hit_p50_us = percentile(&memory, 0.50);
        pass.memory_hit_p99_us = percentile(&memory, 0.99);
        pass.elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
        report.photos = photos;
        report.passes.push(pass);
    }
    Ok(report)
}
