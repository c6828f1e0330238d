//! `shoebox sync`: one backup run to an S3-compatible bucket; a summary, the dry-run list, or JSON.

use anyhow::{bail, Result};
use serde_json::json;
use shoebox_engine::sync::{SyncOptions, SyncProgress};
use shoebox_engine::{CancelToken, Library};

use super::print_json;
use crate::args::SyncArgs;
use crate::progress_bar::Bar;

/// The engine's sync options from the command line.
pub fn options(a: SyncArgs) -> Result<SyncOptions> {
    let target = shoebox_engine::sync::RemoteTarget::parse(
        &a.to,
        a.endpoint.as_deref(),
        a.region.as_deref(),
    )?;
    let mut options = SyncOptions::new(target);
    options.dry_run = a.dry_run;
    options.include_variants = a.include_variants;
    options.prune = a.prune;
    options.parallel = a.parallel.into();
    options.multipart_threshold = a.multipart_mib << 20;
    options.part_size = a.part_mib << 20;
    options.max_bytes_per_sec = a.limit_mib_per_sec.map(|m| (m * 1_048_576.0) as u64);
    options.keep_snapshots = a.keep_snapshots as usize;
    options.write_manifest = a.manifest;
    Ok(options)
}

pub fn run(library: &Library, options: &SyncOptions, json: bool) -> Result<()> {
    let cancel = CancelToken::new();
    let bar = Bar::new(!json);
    let report = library.sync(options, &cancel, &|p: SyncProgress| bar.sync(p))?;
    bar.finish();
    if json {
        return print_json(&json!({
            "uploaded": report.uploaded,
            "skipped": report.skipped,
            "failed": report.failed,
            "bytes_uploaded": report.bytes_uploaded,
            "elapsed_ms": report.elapsed_ms,
            "adopted": report.adopted,
            "resumed_parts": report.resumed_parts,
            "aborted_uploads": report.aborted_uploads,
            "pruned": report.pruned,
            "manifest_uploaded": report.manifest_uploaded,
            "library": report.library.as_ref().map(|l| json!({
                "snapshot": l.snapshot,
                "unchanged": l.unchanged,
                "chunks": l.chunks,
                "chunks_uploaded": l.chunks_uploaded,
                "bytes_uploaded": l.bytes_uploaded,
                "snapshot_bytes": l.snapshot_bytes,
                "pruned_snapshots": l.pruned_snapshots,
            })),
            "dry_run": options.dry_run,
            "planned": report.planned.iter().map(|(key, size)| json!({"key": key, "size": size})).collect::<Vec<_>>(),
            "planned_deletes": report.planned_deletes,
            "failures": report.failures.iter().map(|(key, error)| json!({"key": key, "error": error})).collect::<Vec<_>>(),
        }));
    }
    if options.dry_run {
        for (key, size) in &report.planned {
            println!("upload {key} ({size} bytes)");
        }
        for key in &report.planned_deletes {
            println!("delete {key}");
        }
        let bytes: u64 = report.planned.iter().map(|(_, size)| size).sum();
        println!(
            "dry run: {} objects ({bytes} bytes) would be uploaded, {} already there, {} would be deleted",
            report.planned.len(),
            report.skipped,
            report.planned_deletes.len()
        );
        return Ok(());
    }
    println!(
        "{}: {} uploaded ({} bytes), {} skipped, {} failed, {} pruned in {} ms{}",
        options.target,
        report.uploaded,
        report.bytes_uploaded,
        report.skipped,
        report.failed,
        report.pruned,
        report.elapsed_ms,
        if report.resumed_parts > 0 {
            format!(" ({} parts resumed)", report.resumed_parts)
        } else {
            String::new()
        }
    );
    if let Some(l) = &report.library {
        if l.unchanged {
            println!(
                "  library data: unchanged (snapshot {})",
                short(&l.snapshot)
            );
        } else {
            println!(
                "  library data: snapshot {} ({} of {} chunks sent, {} bytes; {} bytes in all)",
                short(&l.snapshot),
                l.chunks_uploaded,
                l.chunks,
                l.bytes_uploaded,
                l.snapshot_bytes
            );
        }
    }
    for (key, error) in &report.failures {
        println!("  failed: {key}: {error}");
    }
    if report.failed > 0 {
        bail!(
            "{} objects failed; run the sync again to retry them",
            report.failed
        );
    }
    Ok(())
}

/// The first 12 hex digits of a snapshot id: enough for `restore --snapshot`.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}
