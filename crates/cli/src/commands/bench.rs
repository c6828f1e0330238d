//! `shoebox bench ...`: runs an engine benchmark and prints its report.

use anyhow::Result;
use serde_json::json;
use shoebox_engine::bench::{self, IndexBenchOptions};
use shoebox_engine::Library;

use super::print_json;
use crate::args::Bench;
use crate::json::ScrollJson;

pub fn run(which: Bench) -> Result<()> {
    match which {
        Bench::Generate {
            dir,
            photos,
            per_folder,
            long_edge,
        } => {
            let bytes = bench::generate(&dir, photos, per_folder, long_edge)?;
            println!(
                "wrote {photos} photos ({bytes} bytes) under {}",
                dir.display()
            );
            Ok(())
        }
        Bench::Watch {
            photos,
            per_folder,
            dir,
            changes,
            idle_secs,
            poll,
            json,
        } => watch(photos, per_folder, dir, changes, idle_secs, poll, json),
        Bench::Sync {
            large_files,
            large_mib,
            small_files,
            small_kib,
            parallel,
            endpoint,
            bucket,
            json,
        } => sync(
            &bench::SyncBenchOptions {
                large_files,
                large_mib,
                small_files,
                small_kib,
                parallel,
                endpoint,
                bucket,
            },
            json,
        ),
        Bench::Scroll { .. } => unreachable!("needs a library: dispatched by commands::run"),
        Bench::Index {
            photos,
            timeline_rows,
            dir,
            json,
        } => {
            let r = bench::index(&IndexBenchOptions {
                photos,
                timeline_rows,
                dir,
            })?;
            let value = json!({
                "photos": r.photos,
                "first_scan_ms": r.first_scan_ms,
                "photos_per_sec": r.photos_per_sec,
                "hash_ms": r.hash_ms,
                "rescan_ms": r.rescan_ms,
                "rescan_ratio": r.rescan_ratio,
                "rescan_ratio_vs_scan_command": r.rescan_ratio_vs_scan_command,
                "timeline_rows": r.timeline_rows,
                "page_size": r.page_size,
                "page_samples": r.page_samples,
                "page_p50_us": r.page_p50_us,
                "page_p99_us": r.page_p99_us,
                "months_ms": r.months_ms,
            });
            if json {
                return print_json(&value);
            }
            println!(
                "first scan of {} photos: {:.0} ms = {:.0} photos/s",
                r.photos, r.first_scan_ms, r.photos_per_sec
            );
            println!("hash phase: {:.0} ms", r.hash_ms);
            println!(
                "rescan (unchanged): {:.0} ms = {:.1}% of the metadata pass, {:.1}% of the first `shoebox scan` (with hashing)",
                r.rescan_ms,
                r.rescan_ratio * 100.0,
                r.rescan_ratio_vs_scan_command * 100.0
            );
            println!(
                "timeline page of {} in {} rows: p50 {:.0} us, p99 {:.0} us ({} samples); months query {:.1} ms",
                r.page_size, r.timeline_rows, r.page_p50_us, r.page_p99_us, r.page_samples, r.months_ms
            );
            Ok(())
        }
    }
}

pub fn scroll(library: &Library, screen: u32, json: bool) -> Result<()> {
    let report = bench::scroll(library, screen)?;
    let view = ScrollJson::from(&report);
    if json {
        return print_json(&view);
    }
    for (i, p) in view.passes.iter().enumerate() {
        println!(
            "pass {}: {} requests, memory hits {:.1}%, disk hits {:.1}%, generated {}, failed {}, \
             p50 {:.0} us, p99 {:.0} us, memory-hit p99 {:.0} us, {:.0} ms",
            i + 1,
            p.requests,
            p.memory_hit_rate * 100.0,
            p.disk_hit_rate * 100.0,
            p.generated,
            p.failed,
            p.p50_us,
            p.p99_us,
            p.memory_hit_p99_us,
            p.elapsed_ms
        );
    }
    Ok(())
}

fn watch(
    photos: usize,
    per_folder: usize,
    dir: Option<std::path::PathBuf>,
    changes: usize,
    idle_secs: u64,
    poll: bool,
    json: bool,
) -> Result<()> {
    let r = bench::watch(&bench::WatchBenchOptions {
        photos,
        per_folder,
        dir,
        changes,
        idle: std::time::Duration::from_secs(idle_secs),
        watch: super::watch::options(400, poll, 30),
    })?;
    let idle_cpu_percent = r.idle_cpu_ms / (r.idle_secs * 1e3).max(1.0) * 100.0;
    let value = json!({
        "photos": r.photos,
        "folders": r.folders,
        "mode": r.mode,
        "start_ms": r.start_ms,
        "catch_up_ms": r.catch_up_ms,
        "rss_before_kib": r.rss_before_kib,
        "rss_watching_kib": r.rss_watching_kib,
        "idle_secs": r.idle_secs,
        "idle_cpu_ms": r.idle_cpu_ms,
        "idle_cpu_percent": idle_cpu_percent,
        "add_p50_ms": r.add_p50_ms,
        "add_max_ms": r.add_max_ms,
        "rename_p50_ms": r.rename_p50_ms,
        "rename_max_ms": r.rename_max_ms,
    });
    if json {
        return print_json(&value);
    }
    println!(
        "watching {} photos in {} folders ({}): started in {:.0} ms (catch-up {:.0} ms)",
        r.photos, r.folders, r.mode, r.start_ms, r.catch_up_ms
    );
    println!(
        "memory: {} MiB resident before watching, {} MiB while watching",
        r.rss_before_kib / 1024,
        r.rss_watching_kib / 1024
    );
    println!(
        "idle: {:.0} ms CPU over {:.1} s ({idle_cpu_percent:.2} %)",
        r.idle_cpu_ms, r.idle_secs
    );
    println!(
        "change to visible: add p50 {:.0} ms, max {:.0} ms; rename p50 {:.0} ms, max {:.0} ms",
        r.add_p50_ms, r.add_max_ms, r.rename_p50_ms, r.rename_max_ms
    );
    Ok(())
}

fn sync(options: &bench::SyncBenchOptions, json: bool) -> Result<()> {
    let r = bench::sync(options)?;
    if json {
        return print_json(&json!({
            "server": r.server,
            "multipart_speedup": r.multipart_speedup,
            "noop_resync_ms": r.noop_resync_ms,
            "runs": r.runs.iter().map(|run| json!({
                "name": run.name,
                "objects": run.objects,
                "bytes": run.bytes,
                "ms": run.ms,
                "mib_per_sec": run.mib_per_sec,
                "objects_per_sec": run.objects_per_sec,
            })).collect::<Vec<_>>(),
        }));
    }
    println!("server: {}", r.server);
    for run in &r.runs {
        println!(
            "{:<44} {:>5} objects {:>10} bytes {:>9.0} ms {:>8.1} MiB/s {:>8.1} objects/s",
            run.name, run.objects, run.bytes, run.ms, run.mib_per_sec, run.objects_per_sec
        );
    }
    println!(
        "multipart with parallel parts = {:.2}x single PUT; a sync with nothing to send took {:.0} ms",
        r.multipart_speedup, r.noop_resync_ms
    );
    Ok(())
}
