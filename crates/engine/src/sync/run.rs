//! One sync from start to end: hash what is new, plan against the ledger, resume or abort unfinished
//! multipart uploads, adopt objects already on the remote, upload the rest in parallel, send the
//! library's data (a snapshot, and the manifest when asked for and changed), and prune when asked.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use tokio::sync::Semaphore;

use super::pacer::Pacer;
use super::plan::{self, Item};
use super::remote::{Budget, Failure, Listed, Remote};
use super::snapshot::LocalSnapshot;
use super::upload::{digest_parts, now, Ctx};
use super::{library_data, manifest, verify};
use super::{SyncError, SyncOptions, SyncPhase, SyncProgress, SyncProgressSink, SyncReport};
use crate::db::{self, sync as ledger_db};
use crate::progress::{CancelToken, Progress};
use crate::Library;

/// Runs one sync of `library` to `options.target`. Blocks the calling thread (it drives its own async
/// runtime): call it from a worker thread, never from inside a tokio runtime.
pub fn sync(
    library: &Library,
    options: &SyncOptions,
    cancel: &CancelToken,
    progress: &dyn SyncProgressSink,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    // Keys are content hashes: photos indexed but not hashed yet get theirs first.
    library.hash_pending(cancel, &|p: Progress| {
        progress.report(counted(SyncPhase::Hash, p.done, p.total.unwrap_or(0)))
    })?;
    progress.report(counted(SyncPhase::Plan, 0, 0));
    // The ledger is written as objects are acknowledged: a connection that may write, of its own.
    let conn = db::connection::open_side_writer(library.path())?;
    let target = &options.target;
    let thumbs = library.thumbnailer();
    let variants_of = |hash: &[u8; 32]| -> Vec<(u32, PathBuf)> { thumbs.variant_paths(hash) };
    let variants_of: Option<plan::VariantPaths<'_>> =
        options.include_variants.then_some(&variants_of as _);
    let variant_sizes = if options.include_variants {
        thumbs.options().all_sizes()
    } else {
        Vec::new()
    };

    if options.dry_run {
        let remote_id = ledger_db::find_remote_id(&conn, &target.identity())?;
        let plan = plan::plan(&conn, remote_id, target, variants_of)?;
        let mut report = SyncReport {
            skipped: plan.skipped,
            planned: plan
                .pending
                .iter()
                .map(|i| (i.key.clone(), i.size))
                .collect(),
            ..SyncReport::default()
        };
        if options.prune {
            let remote = connect(options)?;
            let wanted: HashSet<[u8; 32]> = plan.contents.iter().copied().collect();
            report.planned_deletes = runtime()?.block_on(async {
                remote.preflight().await?;
                prunable(&remote, &wanted).await
            })?;
        }
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        return Ok(report);
    }

    let remote_id = ledger_db::remote_id(&conn, &target.identity())?;
    // The library's snapshot is taken on a thread of its own while the plan and the uploads go on:
    // it reads nothing they write (the ledger is blanked from it), and at 500,000 photos each side
    // is over a second of the sync.
    let library_file = library.path().to_path_buf();
    let taking = std::thread::Builder::new()
        .name("shoebox-snapshot".into())
        .spawn(move || LocalSnapshot::take(&library_file))
        .map_err(|e| SyncError::Library(crate::Error::io(library.path(), e)))?;
    let plan = plan::plan(&conn, Some(remote_id), target, variants_of)?;
    let (pending, skipped) = (plan.pending, plan.skipped);
    let wanted_hashes: HashSet<[u8; 32]> = if options.prune {
        plan.contents.into_iter().collect()
    } else {
        HashSet::new()
    };
    let remote = connect(options)?;
    let ctx = Ctx {
        remote,
        db: Mutex::new(conn),
        remote_id,
        permits: Arc::new(Semaphore::new(options.parallel.max(1))),
        pacer: Pacer::new(options.max_bytes_per_sec),
        multipart_threshold: options.multipart_threshold,
        part_size: options.part_size.max(5 * 1024 * 1024),
        parts_parallel: options.parallel.max(1),
        bytes_sent: AtomicU64::new(0),
        cancel: cancel.clone(),
    };
    let mut report = SyncReport {
        skipped,
        ..SyncReport::default()
    };
    runtime()?.block_on(async {
        ctx.remote.preflight().await?;
        let mut open = resume_or_abort(&ctx, &pending, &mut report).await?;
        let pending = adopt(&ctx, pending, options, &mut report).await?;
        upload_all(
            &ctx,
            pending,
            &mut open,
            options,
            cancel,
            progress,
            &mut report,
        )
        .await?;
        if cancel.is_cancelled() {
            return Err(SyncError::Cancelled);
        }
        progress.report(counted(SyncPhase::Manifest, 0, 0));
        let snapshot = tokio::task::block_in_place(|| taking.join()).map_err(|_| {
            SyncError::Library(crate::Error::InvalidInput(
                "the library's snapshot could not be taken (its thread stopped)".into(),
            ))
        })??;
        let parallel = options.parallel.max(1);
        let sent = library_data::publish(&ctx, target, snapshot, options.keep_snapshots, parallel);
        report.library = Some(sent.await?);
        if options.write_manifest {
            send_manifest(&ctx, options, &variant_sizes, &mut report).await?;
        }
        if options.prune {
            progress.report(counted(SyncPhase::Prune, 0, 0));
            let doomed = prunable(&ctx.remote, &wanted_hashes).await?;
            // Forgotten first: if a batch delete fails part-way, the ledger never claims an object
            // the bucket lost (forgetting too much costs an adoption or an upload, nothing more).
            for key in &doomed {
                ledger_db::forget_object(&ctx.db(), remote_id, key)?;
            }
            report.pruned = ctx.remote.delete(doomed).await.map_err(fatal)?;
        }
        Ok::<_, SyncError>(())
    })?;
    // Originals, variants and the manifest; the library's data is counted in `report.library`.
    let library_bytes = report.library.as_ref().map_or(0, |l| l.bytes_uploaded);
    report.bytes_uploaded = ctx.bytes_sent.load(Ordering::Relaxed) - library_bytes;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// Progress of a step counted in objects (or files) rather than bytes.
fn counted(phase: SyncPhase, done: u64, total: u64) -> SyncProgress {
    SyncProgress {
        phase,
        objects_done: done,
        objects_total: total,
        bytes_done: 0,
        bytes_total: 0,
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, SyncError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| SyncError::Remote(format!("cannot start the network runtime: {e}")))
}

fn connect(options: &SyncOptions) -> Result<Remote, SyncError> {
    Remote::for_options(options, &Budget::SYNC)
}

fn fatal(failure: Failure) -> SyncError {
    match failure {
        Failure::Fatal(e) => e,
        Failure::Object(why) => SyncError::Remote(why),
        Failure::NotFound => SyncError::Remote("not found".into()),
    }
}

/// Unfinished multipart uploads of earlier syncs: those whose object is still wanted are handed to
/// the upload step to continue; the others are aborted on the server and dropped from the ledger.
async fn resume_or_abort(
    ctx: &Ctx,
    pending: &[Item],
    report: &mut SyncReport,
) -> Result<HashMap<String, ledger_db::OpenUpload>, SyncError> {
    let wanted: HashSet<&str> = pending.iter().map(|i| i.key.as_str()).collect();
    let mut open = HashMap::new();
    let uploads = ledger_db::open_uploads(&ctx.db(), ctx.remote_id)?;
    for upload in uploads {
        if wanted.contains(upload.key.as_str()) {
            open.insert(upload.key.clone(), upload);
            continue;
        }
        match ctx
            .remote
            .abort_multipart(&upload.key, &upload.upload_id)
            .await
        {
            Ok(()) | Err(Failure::NotFound) => {
                ledger_db::end_upload(&ctx.db(), upload.id)?;
                report.aborted_uploads += 1;
            }
            // Kept in the ledger, the only record of it, to be aborted by the next sync.
            Err(Failure::Object(_)) => {}
            Err(Failure::Fatal(e)) => return Err(e),
        }
    }
    Ok(open)
}

/// Pending objects that the remote already holds byte for byte (same size, and an ETag equal to the
/// one computed from the local file) are recorded without uploading: a lost ledger, or a second
/// library backing up into the same bucket, costs reads, not uploads.
async fn adopt(
    ctx: &Ctx,
    pending: Vec<Item>,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<Vec<Item>, SyncError> {
    if pending.is_empty() {
        return Ok(pending);
    }
    let mut listed: HashMap<String, Listed> = HashMap::new();
    let folders: &[&str] = if options.include_variants {
        &["originals", "variants"]
    } else {
        &["originals"]
    };
    for folder in folders {
        for object in ctx.remote.list(folder).await.map_err(fatal)? {
            listed.insert(object.key.clone(), object);
        }
    }
    let mut rest = Vec::with_capacity(pending.len());
    for item in pending {
        let Some(remote) = listed.get(&item.key).filter(|l| l.size == item.size) else {
            rest.push(item);
            continue;
        };
        let local = local_etag(&item, ctx.multipart_threshold, ctx.part_size).await;
        match (&remote.etag, local) {
            (Some(remote_etag), Some(local)) if *remote_etag == local => {
                ledger_db::record_object(
                    &ctx.db(),
                    ctx.remote_id,
                    &item.key,
                    item.size,
                    &local,
                    "listed",
                    now(),
                )?;
                report.adopted += 1;
                report.skipped += 1;
            }
            _ => rest.push(item),
        }
    }
    Ok(rest)
}

/// The ETag this file would get from our own upload of it (read in part-sized pieces, so memory
/// stays bounded), `None` when it cannot be read or no longer has the BLAKE3 its key names.
async fn local_etag(item: &Item, threshold: u64, part_size: u64) -> Option<String> {
    let (path, expect_hash) = (item.path.clone(), item.expect_hash);
    let multipart = item.size >= threshold;
    let part_size = if multipart {
        verify::part_size(item.size, part_size)
    } else {
        u64::MAX
    };
    tokio::task::spawn_blocking(move || {
        let file = crate::fsutil::open_readonly(&path).ok()?;
        let mut md5s = digest_parts(&file, &path, part_size, expect_hash).ok()?;
        if multipart {
            Some(verify::multipart_etag(&md5s))
        } else {
            md5s.pop()
        }
    })
    .await
    .ok()
    .flatten()
}

#[allow(clippy::too_many_arguments)]
async fn upload_all(
    ctx: &Ctx,
    pending: Vec<Item>,
    open: &mut HashMap<String, ledger_db::OpenUpload>,
    options: &SyncOptions,
    cancel: &CancelToken,
    progress: &dyn SyncProgressSink,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let objects_total = pending.len() as u64;
    let bytes_total: u64 = pending.iter().map(|i| i.size).sum();
    let tell = |done: u64| {
        progress.report(SyncProgress {
            phase: SyncPhase::Upload,
            objects_done: done,
            objects_total,
            bytes_done: ctx.bytes_sent.load(Ordering::Relaxed),
            bytes_total,
        })
    };
    tell(0);
    let jobs: Vec<(Item, Option<ledger_db::OpenUpload>)> = pending
        .into_iter()
        .map(|item| {
            let resume = open.remove(&item.key);
            (item, resume)
        })
        .collect();
    let mut results = stream::iter(jobs)
        .take_while(|_| futures::future::ready(!cancel.is_cancelled()))
        .map(|(item, resume)| async move {
            let outcome = ctx.upload(&item, resume).await;
            (item, outcome)
        })
        .buffer_unordered(options.parallel.max(1));
    let mut done = 0;
    loop {
        let next = tokio::time::timeout(Duration::from_millis(250), results.next()).await;
        let Ok(next) = next else {
            tell(done); // a large file is going up: report its bytes
            continue;
        };
        let Some((item, outcome)) = next else { break };
        done += 1;
        match outcome {
            Ok(sent) => {
                report.uploaded += 1;
                report.resumed_parts += sent.resumed_parts;
            }
            Err(Failure::Fatal(e)) => return Err(e),
            Err(Failure::Object(why)) => {
                report.failed += 1;
                report.failures.push((item.key, why));
            }
            Err(Failure::NotFound) => {
                report.failed += 1;
                report
                    .failures
                    .push((item.key, "the server lost the object mid-upload".into()));
            }
        }
        tell(done);
    }
    Ok(())
}

/// Uploads the manifest when its bytes differ from the copy the ledger says the remote holds.
async fn send_manifest(
    ctx: &Ctx,
    options: &SyncOptions,
    variant_sizes: &[u32],
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let target = &options.target;
    let (originals, rows, ledger) = {
        let conn = ctx.db();
        (
            ledger_db::originals(&conn)?,
            ledger_db::manifest_rows(&conn)?,
            ledger_db::ledger(&conn, ctx.remote_id)?,
        )
    };
    // The one key each distinct content went up under (its first photo's format names it).
    let original_keys: HashMap<[u8; 32], String> = originals
        .iter()
        .map(|o| {
            let key = target.original_key(&o.hash, &plan::extension(&o.format));
            (o.hash, key)
        })
        .collect();
    let held: HashSet<String> = ledger.keys().cloned().collect();
    let bytes = manifest::build(&rows, target, &original_keys, &held, variant_sizes);
    let md5 = verify::md5_hex(&bytes);
    let key = target.manifest_key();
    if ledger.get(&key).is_some_and(|(_, etag)| *etag == md5) {
        return Ok(());
    }
    let size = bytes.len() as u64;
    let etag = match ctx.remote.put(&key, bytes).await.map_err(fatal)? {
        Some(etag) => etag,
        None => ctx
            .remote
            .head(&key)
            .await
            .map_err(fatal)?
            .etag
            .unwrap_or_default(),
    };
    if etag != md5 {
        return Err(SyncError::Remote(format!(
            "verification failed for {key}: ETag {etag:?} is not the MD5 {md5}"
        )));
    }
    ledger_db::record_object(&ctx.db(), ctx.remote_id, &key, size, &md5, "md5", now())?;
    ctx.bytes_sent.fetch_add(size, Ordering::Relaxed);
    report.manifest_uploaded = true;
    Ok(())
}

/// Remote originals and variants whose content no active photo has any more.
async fn prunable(remote: &Remote, wanted: &HashSet<[u8; 32]>) -> Result<Vec<String>, SyncError> {
    let mut doomed = Vec::new();
    for folder in ["originals", "variants"] {
        for object in remote.list(folder).await.map_err(fatal)? {
            let ours = super::target::RemoteTarget::hash_of_key(&object.key);
            if ours.is_some_and(|hash| !wanted.contains(&hash)) {
                doomed.push(object.key);
            }
        }
    }
    Ok(doomed)
}
