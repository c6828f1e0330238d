//! One restore from start to end: the snapshot (fetched and checked), the plan against the library
//! and the disk, the library written, then the originals and variants downloaded and verified.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;

use super::download::{self, Downloader, Job, VariantJob};
use super::plan::{self, Placed, Settled};
use super::{attach, fetch, Conflict, RestoreOptions, RestorePhase, RestoreProgress};
use super::{RestoreProgressSink, RestoreReport};
use crate::db::{self, restore as sql};
use crate::error::Error;
use crate::progress::CancelToken;
use crate::sync::pacer::Pacer;
use crate::sync::remote::{Budget, Remote};
use crate::sync::{RemoteTarget, SyncError, SyncOptions};
use crate::Library;

/// Restores from `options.source` into `library` (`None` only for a dry run, when no library exists
/// yet). Blocks the calling thread (it drives its own async runtime).
pub fn restore(
    library: Option<&Library>,
    options: &RestoreOptions,
    cancel: &CancelToken,
    progress: &dyn RestoreProgressSink,
) -> Result<RestoreReport, SyncError> {
    let started = Instant::now();
    let library = match (library, options.dry_run) {
        (Some(library), _) => Some(library),
        (None, true) => None,
        (None, false) => {
            return Err(SyncError::Library(Error::InvalidInput(
                "a restore needs a library to write into".into(),
            )))
        }
    };
    let tell = |phase, done, total| {
        progress.report(RestoreProgress {
            phase,
            files_done: done,
            files_total: total,
            bytes_done: 0,
            bytes_total: 0,
        })
    };
    tell(RestorePhase::Snapshot, 0, 0);
    if !options.dry_run {
        check_writable(&options.dest)?;
    }
    let source = &options.source;
    let mut connect = SyncOptions::new(source.clone());
    connect.credentials = options.credentials.clone();
    let remote = Remote::for_options(&connect, &Budget::SYNC)?;
    let runtime = runtime()?;
    let parallel = options.parallel.max(1);
    let recipe = runtime.block_on(async {
        remote.preflight().await?;
        fetch::choose(&remote, source, options.snapshot.as_deref()).await
    })?;
    // A dry run assembles the snapshot in a temporary folder; a restore beside the library, where a
    // rerun finds it again.
    let scratch = tempfile::tempdir().map_err(|e| lib_io(std::env::temp_dir(), e))?;
    let staging_dir = match library {
        Some(library) if !options.dry_run => library
            .path()
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        _ => scratch.path().to_path_buf(),
    };
    let staging = staging_dir.join(format!(".shoebox-restore-{}.db", recipe.id));
    let fetched = runtime.block_on(fetch::assemble(&remote, source, recipe, &staging, parallel))?;
    if cancel.is_cancelled() {
        return Err(SyncError::Cancelled);
    }
    bring_up_to_date(&staging, &fetched.recipe.id)?;

    let mut conn = match library {
        Some(library) => db::connection::open_side_writer(library.path())?,
        None => Connection::open_in_memory().map_err(Error::from)?,
    };
    sql::attach(&conn, &staging)?;
    let snap_roots = sql::roots(&conn)?;
    let folders = sql::folders(&conn)?;
    let photos = sql::photos(&conn)?;
    let (albums, tags) = sql::snapshot_counts(&conn)?;
    let present = match library {
        Some(_) => plan::present(sql::library_photos(&conn)?),
        None => plan::Present::new(),
    };
    tell(RestorePhase::Plan, 0, photos.len() as u64);
    let listed: HashMap<[u8; 32], (String, u64)> = if options.originals {
        runtime
            .block_on(remote.list("originals"))
            .map_err(fatal)?
            .into_iter()
            .filter_map(|o| Some((RemoteTarget::hash_of_key(&o.key)?, (o.key, o.size))))
            .collect()
    } else {
        HashMap::new()
    };
    let root_places = plan::root_places(&snap_roots, &options.dest);
    let roots_by_id: HashMap<i64, sql::SnapRoot> =
        snap_roots.iter().map(|r| (r.id, r.clone())).collect();
    let folder_places = plan::folder_places(&folders, &roots_by_id, &root_places);
    let placed = plan::place(
        photos,
        &roots_by_id,
        &root_places,
        &present,
        options.originals,
    );

    let mut report = RestoreReport {
        snapshot: fetched.recipe.id.clone(),
        snapshot_bytes: fetched.downloaded,
        albums,
        tags,
        ..RestoreReport::default()
    };
    // Photos whose original the bucket lacks get no row (a rerun adds them once it is there).
    let (placed, missing): (Vec<Placed>, Vec<Placed>) = placed.into_iter().partition(|p| {
        !options.originals || p.present.is_some() || listed.contains_key(&p.photo.hash)
    });
    let mut reported_missing = HashSet::new();
    for p in &missing {
        if reported_missing.insert(p.photo.hash) {
            let key = source.original_key(&p.photo.hash, &crate::sync::extension(&p.photo.format));
            report.failures.push((
                key,
                "missing from the bucket: this original cannot be restored".into(),
            ));
        }
    }
    report.conflicts = placed
        .iter()
        .filter_map(|p| {
            Some(Conflict {
                existing: p.conflict.clone()?,
                restored_as: p.path.clone(),
            })
        })
        .collect();
    let jobs = jobs(&placed, &listed);
    report.skipped = placed
        .iter()
        .filter(|p| p.present.is_some() || p.settled == Settled::Same)
        .count() as u64;

    if options.dry_run {
        report.photos = placed.len() as u64;
        for job in jobs.iter().filter(|j| j.have.is_none()) {
            for (i, dest) in job.dests.iter().enumerate() {
                let size = if i == 0 { job.size } else { 0 };
                report.planned.push((job.key.clone(), dest.clone(), size));
            }
        }
        report.failed = report.failures.len() as u64;
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        return Ok(report);
    }

    tell(RestorePhase::Attach, 0, placed.len() as u64);
    let layout = attach::Layout {
        roots: &snap_roots,
        root_places: &root_places,
        folders: &folders,
        folder_places: &folder_places,
    };
    report.merged = attach::attach(&mut conn, &layout, &placed)?;
    sql::detach(&conn)?;
    drop(conn);
    report.photos = placed.len() as u64;

    if options.originals {
        let downloader = Downloader {
            remote: &remote,
            pacer: Pacer::new(options.max_bytes_per_sec),
            parallel,
            cancel,
            progress,
        };
        let outcome = runtime.block_on(downloader.run(jobs))?;
        report.downloaded = outcome.downloaded + outcome.copied;
        report.bytes = outcome.bytes;
        report.failures.extend(outcome.failures);
        if let Some(library) = library {
            let wanted = variant_jobs(library, source, &placed, &remote, &runtime)?;
            let (count, bytes) =
                runtime.block_on(download::variants(&remote, wanted, parallel, progress))?;
            report.variants_downloaded = count;
            report.variant_bytes = bytes;
        }
    }
    report.failed = report.failures.len() as u64;
    if report.failed == 0 {
        let _ = std::fs::remove_file(&staging);
    }
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

fn lib_io(path: impl Into<PathBuf>, e: std::io::Error) -> SyncError {
    SyncError::Library(Error::io(path, e))
}

fn fatal(failure: crate::sync::remote::Failure) -> SyncError {
    use crate::sync::remote::Failure;
    match failure {
        Failure::Fatal(e) => e,
        Failure::Object(why) => SyncError::Remote(why),
        Failure::NotFound => SyncError::Remote("not found".into()),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, SyncError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| SyncError::Remote(format!("cannot start the network runtime: {e}")))
}

/// The restore folder exists (or can be made) and takes files, before anything is written.
fn check_writable(dest: &Path) -> Result<(), SyncError> {
    let refuse = |e: std::io::Error| {
        SyncError::Library(Error::InvalidInput(format!(
            "cannot write to the restore folder {}: {e}",
            dest.display()
        )))
    };
    std::fs::create_dir_all(dest).map_err(refuse)?;
    tempfile::Builder::new()
        .prefix(".shoebox-probe-")
        .tempfile_in(dest)
        .map_err(refuse)?;
    Ok(())
}

/// An older snapshot is migrated to this build's schema before it is read.
fn bring_up_to_date(staging: &Path, id: &str) -> Result<(), SyncError> {
    let mut conn = Connection::open(staging).map_err(Error::from)?;
    let version = db::migrate::schema_version(&conn)?;
    let quick: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| SyncError::Remote(format!("snapshot {id} is not a readable library: {e}")))?;
    if quick != "ok" {
        return Err(SyncError::Remote(format!(
            "snapshot {id} is not a readable library: {quick}"
        )));
    }
    if version > db::migrate::LATEST {
        return Err(SyncError::Remote(format!(
            "snapshot {id} was written by a newer Shoebox (schema version {version}; this build knows up to {}): \
             upgrade Shoebox to restore it",
            db::migrate::LATEST
        )));
    }
    if version < db::migrate::LATEST {
        db::migrate::migrate_to(&mut conn, db::migrate::LATEST)?;
    }
    Ok(())
}

/// One job per distinct content that some place still needs.
fn jobs(placed: &[Placed], listed: &HashMap<[u8; 32], (String, u64)>) -> Vec<Job> {
    let mut by_hash: HashMap<[u8; 32], Job> = HashMap::new();
    let mut order = Vec::new();
    for p in placed.iter().filter(|p| p.present.is_none()) {
        let Some((key, size)) = listed.get(&p.photo.hash) else {
            continue;
        };
        let job = by_hash.entry(p.photo.hash).or_insert_with(|| {
            order.push(p.photo.hash);
            Job {
                hash: p.photo.hash,
                key: key.clone(),
                size: *size,
                mtime_ns: p.photo.mtime_ns,
                dests: Vec::new(),
                have: None,
            }
        });
        match p.settled {
            Settled::Same => job.have = Some(p.path.clone()),
            _ => job.dests.push(p.path.clone()),
        }
    }
    order
        .into_iter()
        .filter_map(|hash| by_hash.remove(&hash))
        .filter(|job| !job.dests.is_empty())
        .collect()
}

/// Variants the bucket has for the restored photos and the thumbnail store lacks.
fn variant_jobs(
    library: &Library,
    source: &RemoteTarget,
    placed: &[Placed],
    remote: &Remote,
    runtime: &tokio::runtime::Runtime,
) -> Result<Vec<VariantJob>, SyncError> {
    let listed: HashMap<String, Option<String>> = runtime
        .block_on(remote.list("variants"))
        .map_err(fatal)?
        .into_iter()
        .map(|o| (o.key, o.etag))
        .collect();
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let thumbs = library.thumbnailer();
    let mut seen = HashSet::new();
    let mut jobs = Vec::new();
    for p in placed {
        if !seen.insert(p.photo.hash) {
            continue;
        }
        for (size, path) in thumbs.variant_paths(&p.photo.hash) {
            let key = source.variant_key(&p.photo.hash, size);
            if let Some(etag) = listed.get(&key) {
                if std::fs::metadata(&path).is_err() {
                    jobs.push(VariantJob {
                        key,
                        path,
                        etag: etag.clone(),
                    });
                }
            }
        }
    }
    Ok(jobs)
}
