//! `shoebox restore`: a backup brought back into a folder and a library; a summary, the dry-run
//! list, or JSON. A dry run never creates the library.

use std::path::Path;

use anyhow::{bail, Result};
use serde_json::json;
use shoebox_engine::restore::{RestoreOptions, RestoreProgress, RestoreReport};
use shoebox_engine::sync::RemoteTarget;
use shoebox_engine::{CancelToken, LibraryOptions};

use super::print_json;
use crate::args::RestoreArgs;
use crate::progress_bar::Bar;

pub fn run(library_path: &Path, library: LibraryOptions, a: RestoreArgs, json: bool) -> Result<()> {
    let source = RemoteTarget::parse(&a.from, a.endpoint.as_deref(), a.region.as_deref())?;
    let mut options = RestoreOptions::new(source, a.to);
    options.dry_run = a.dry_run;
    options.snapshot = a.snapshot;
    options.parallel = a.parallel.into();
    options.max_bytes_per_sec = a.limit_mib_per_sec.map(|m| (m * 1_048_576.0) as u64);
    let cancel = CancelToken::new();
    let bar = Bar::new(!json);
    let sink = |p: RestoreProgress| bar.restore(p);
    let report = if options.dry_run && !library_path.exists() {
        shoebox_engine::restore::restore(None, &options, &cancel, &sink)?
    } else {
        let library = super::open(library_path, library)?;
        library.restore(&options, &cancel, &sink)?
    };
    bar.finish();
    if json {
        print_json(&to_json(&report, options.dry_run))?;
    } else {
        print_text(&report, &options, library_path);
    }
    if report.failed > 0 {
        bail!(
            "{} objects failed; the rest is restored: run the same command again to retry them",
            report.failed
        );
    }
    Ok(())
}

fn to_json(r: &RestoreReport, dry_run: bool) -> serde_json::Value {
    let m = &r.merged;
    json!({
        "downloaded": r.downloaded,
        "skipped": r.skipped,
        "failed": r.failed,
        "bytes": r.bytes,
        "elapsed_ms": r.elapsed_ms,
        "photos": r.photos,
        "albums": r.albums,
        "tags": r.tags,
        "failures": r.failures.iter().map(|(key, error)| json!({"key": key, "error": error})).collect::<Vec<_>>(),
        "snapshot": r.snapshot,
        "snapshot_bytes": r.snapshot_bytes,
        "variants_downloaded": r.variants_downloaded,
        "variant_bytes": r.variant_bytes,
        "dry_run": dry_run,
        "planned": r.planned.iter().map(|(key, dest, size)| json!({"key": key, "to": dest.to_string_lossy(), "size": size})).collect::<Vec<_>>(),
        "conflicts": r.conflicts.iter().map(|c| json!({"existing": c.existing.to_string_lossy(), "restored_as": c.restored_as.to_string_lossy()})).collect::<Vec<_>>(),
        "merged": {
            "photos_added": m.photos_added,
            "photos_present": m.photos_present,
            "albums_created": m.albums_created,
            "albums_merged": m.albums_merged,
            "album_photos_added": m.album_photos_added,
            "tags_created": m.tags_created,
            "tags_merged": m.tags_merged,
            "photo_tags_added": m.photo_tags_added,
            "marks": m.marks,
        },
    })
}

fn print_text(r: &RestoreReport, options: &RestoreOptions, library_path: &Path) {
    let snapshot = super::sync::short(&r.snapshot);
    if options.dry_run {
        for (key, dest, size) in &r.planned {
            println!("download {key} -> {} ({size} bytes)", dest.display());
        }
        let bytes: u64 = r.planned.iter().map(|(_, _, size)| size).sum();
        println!(
            "dry run: snapshot {snapshot}: {} photos, {} files ({bytes} bytes) would be downloaded, {} already in place, {} missing from the bucket",
            r.photos,
            r.planned.len(),
            r.skipped,
            r.failed
        );
        return;
    }
    let m = &r.merged;
    println!(
        "{} -> {}: {} downloaded ({} bytes), {} skipped, {} failed in {} ms (snapshot {snapshot})",
        options.source,
        options.dest.display(),
        r.downloaded,
        r.bytes,
        r.skipped,
        r.failed,
        r.elapsed_ms
    );
    println!(
        "  library {}: {} photos ({} added, {} already there), {} albums ({} new, {} merged), {} tags ({} new, {} merged), marks on {} photos, {} thumbnails from the bucket",
        library_path.display(),
        r.photos,
        m.photos_added,
        m.photos_present,
        r.albums,
        m.albums_created,
        m.albums_merged,
        r.tags,
        m.tags_created,
        m.tags_merged,
        m.marks,
        r.variants_downloaded
    );
    for c in &r.conflicts {
        println!(
            "  kept {} (a different file); restored beside it as {}",
            c.existing.display(),
            c.restored_as.display()
        );
    }
    for (key, error) in &r.failures {
        println!("  failed: {key}: {error}");
    }
}
