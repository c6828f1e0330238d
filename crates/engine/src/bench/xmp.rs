//! `shoebox bench xmp`: what reading XMP and IPTC adds to a first scan (the same generated photos
//! plain, with embedded Lightroom-shaped XMP and IPTC, and with a sidecar each as well, scanned
//! side by side in alternating runs), and how long writing the sidecars of a bulk action takes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::{ensure_generated, open_in, warm_page_cache};
use crate::error::{Error, Result};
use crate::model::PhotoFilter;
use crate::organize::MarkChange;
use crate::progress::{no_progress, CancelToken, Progress};
use crate::{Library, SidecarReport};
use shoebox_testkit::{self as testkit, xmp as fixtures};

#[derive(Debug, Clone)]
pub struct XmpBenchOptions {
    /// Photos in each scanned set.
    pub photos: usize,
    /// Photos of the bulk action whose sidecars are written.
    pub writes: usize,
    /// Scans of each set; the medians are compared.
    pub runs: usize,
    /// Where the generated sets go (kept and reused); a temp dir if `None`.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct XmpBenchReport {
    pub photos: usize,
    pub runs: usize,
    /// Every first scan of each set, ms, in run order.
    pub plain_ms: Vec<f64>,
    pub embedded_ms: Vec<f64>,
    pub sidecar_ms: Vec<f64>,
    /// Median scan of the set / median scan of the plain set.
    pub embedded_ratio: f64,
    pub sidecar_ratio: f64,
    /// What the scans took from the files (checked: every photo rated, titled and tagged).
    pub rated: u64,
    pub tagged_place: u64,
    pub writes: usize,
    /// The bulk rating of `writes` photos (the organize step), ms.
    pub bulk_mark_ms: f64,
    /// New sidecars for every photo of that step.
    pub first_write: SidecarReport,
    pub first_write_ms: f64,
    /// A second bulk action (a tag) written into the sidecars that now exist (each read, merged).
    pub rewrite: SidecarReport,
    pub rewrite_ms: f64,
    /// Progress reports the writes sent.
    pub progress_reports: u64,
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    super::percentile(&sorted, 0.5)
}

pub fn xmp(options: &XmpBenchOptions) -> Result<XmpBenchReport> {
    let temp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let base = options
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().join("xmp-bench"));
    let plain = base.join("plain");
    let embedded = base.join("embedded");
    let sidecars = base.join("sidecars");
    ensure_generated(&plain, options.photos)?;
    derive_sets(&plain, &embedded, &sidecars, options.photos)?;

    let mut report = XmpBenchReport {
        photos: options.photos,
        runs: options.runs.max(1),
        writes: options.writes,
        ..XmpBenchReport::default()
    };
    let cancel = CancelToken::new();
    for run in 0..report.runs {
        for (set, times) in [
            (&plain, &mut report.plain_ms),
            (&embedded, &mut report.embedded_ms),
            (&sidecars, &mut report.sidecar_ms),
        ] {
            warm_page_cache(set)?;
            let library = open_in(temp.path(), &format!("scan-{run}.db"))?;
            let started = Instant::now();
            let scanned = library.scan(std::slice::from_ref(set), &cancel, &no_progress())?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
            if scanned.added as usize != options.photos {
                return Err(Error::Bench(format!(
                    "bench sanity check: scanning {} added {} photos, expected {}",
                    set.display(),
                    scanned.added,
                    options.photos
                )));
            }
            if set == &sidecars && run == 0 {
                (report.rated, report.tagged_place) = check_read(&library, options.photos)?;
            }
            drop(library);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(temp.path().join(format!("scan-{run}.db{suffix}")));
            }
        }
    }
    report.embedded_ratio = median(&report.embedded_ms) / median(&report.plain_ms);
    report.sidecar_ratio = median(&report.sidecar_ms) / median(&report.plain_ms);
    bench_writes(temp.path(), &mut report)?;
    Ok(report)
}

/// The embedded set (every plain JPEG with an XMP packet and an IPTC block) and the sidecar set
/// (the embedded photos, hard-linked, each with a `photo.jpg.xmp` saying other values).
fn derive_sets(plain: &Path, embedded: &Path, sidecars: &Path, count: usize) -> Result<()> {
    let marker = sidecars.join(format!(".derived-{count}"));
    if marker.exists() {
        return Ok(());
    }
    for dir in [embedded, sidecars] {
        let _ = std::fs::remove_dir_all(dir);
    }
    let mut seed = 0usize;
    for folder in sorted_entries(plain)? {
        if !folder.is_dir() {
            continue;
        }
        let name = folder.file_name().unwrap_or_default();
        let (to_embedded, to_sidecars) = (embedded.join(name), sidecars.join(name));
        for dir in [&to_embedded, &to_sidecars] {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        for file in sorted_entries(&folder)? {
            let file_name = file.file_name().unwrap_or_default().to_owned();
            let jpeg = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let tagged = fixtures::with_app_segment(
                &fixtures::with_xmp(&jpeg, &fixtures::lightroom_packet(seed, 3)),
                0xED,
                &fixtures::iptc_block(&["Holiday", "Family"], "From the camera roll"),
            );
            let embedded_file = to_embedded.join(&file_name);
            std::fs::write(&embedded_file, &tagged).map_err(|e| Error::io(&embedded_file, e))?;
            let linked = to_sidecars.join(&file_name);
            if std::fs::hard_link(&embedded_file, &linked).is_err() {
                std::fs::write(&linked, &tagged).map_err(|e| Error::io(&linked, e))?;
            }
            let mut sidecar_name = file_name.clone();
            sidecar_name.push(".xmp");
            let sidecar = to_sidecars.join(sidecar_name);
            std::fs::write(&sidecar, fixtures::lightroom_packet(seed + 1, 4))
                .map_err(|e| Error::io(&sidecar, e))?;
            seed += 1;
        }
    }
    std::fs::write(&marker, b"").map_err(|e| Error::io(&marker, e))
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    Ok(entries)
}

/// Every photo of the sidecar set has the sidecar's 4 stars, and a place tag from it: the scan
/// really read what it was timed reading.
fn check_read(library: &Library, photos: usize) -> Result<(u64, u64)> {
    use crate::find::Query;
    let count = |text: &str| -> Result<u64> {
        let query = Query::parse(text).map_err(|e| Error::Bench(format!("{text}: {e}")))?;
        Ok(library.search(&PhotoFilter::query(query), None, 1)?.total)
    };
    let rated = count("rating:4")?;
    let tagged = count("tag:Places")?;
    if rated as usize != photos || tagged as usize != photos {
        return Err(Error::Bench(format!(
            "bench sanity check: {rated} of {photos} photos rated from their sidecars, \
             {tagged} tagged from them"
        )));
    }
    Ok((rated, tagged))
}

/// A bulk rating of `report.writes` photos, then its sidecars written; then a bulk tag, written
/// into the sidecars that now exist.
fn bench_writes(scratch: &Path, report: &mut XmpBenchReport) -> Result<()> {
    let photos = scratch.join("write-photos");
    testkit::generate_library(&photos, report.writes, 200).map_err(|e| Error::io(&photos, e))?;
    let library = open_in(scratch, "write.db")?;
    let cancel = CancelToken::new();
    library.scan(std::slice::from_ref(&photos), &cancel, &no_progress())?;
    library.settings().set_user("xmp.sidecars", "write")?;
    let ids = library.timeline_range(&PhotoFilter::default(), 0, report.writes as u64)?;
    let reports = AtomicU64::new(0);
    let progress = |_: Progress| {
        reports.fetch_add(1, Ordering::Relaxed);
    };

    let started = Instant::now();
    library.organize().mark(
        &ids,
        &MarkChange {
            rating: Some(4),
            ..MarkChange::default()
        },
    )?;
    report.bulk_mark_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    report.first_write = library.xmp().write(false, &cancel, &progress)?;
    report.first_write_ms = started.elapsed().as_secs_f64() * 1e3;

    library.organize().tag_photos("Trips/Lisbon", &ids)?;
    let started = Instant::now();
    report.rewrite = library.xmp().write(false, &cancel, &progress)?;
    report.rewrite_ms = started.elapsed().as_secs_f64() * 1e3;
    report.progress_reports = reports.load(Ordering::Relaxed);

    let expected = report.writes as u64;
    if report.first_write.written != expected || report.rewrite.written != expected {
        return Err(Error::Bench(format!(
            "bench sanity check: wrote {} then {} sidecars, expected {expected} each ({} failed)",
            report.first_write.written,
            report.rewrite.written,
            report.first_write.failed.len() + report.rewrite.failed.len()
        )));
    }
    Ok(())
}
