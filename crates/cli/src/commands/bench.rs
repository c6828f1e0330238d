//! `shoebox bench ...`: runs an engine benchmark and prints its report.

use anyhow::Result;
use serde_json::json;
use shoebox_engine::bench::{self, IndexBenchOptions};
use shoebox_engine::Library;

use super::print_json;
use crate::args::{Bench, BenchGenerateArgs, BenchIndexArgs, BenchWatchArgs};
use crate::json::{IndexBenchJson, ScrollJson};

pub fn run(which: Bench, json: bool) -> Result<()> {
    match which {
        Bench::Generate(BenchGenerateArgs {
            dir,
            photos,
            per_folder,
            long_edge,
        }) => {
            let bytes = bench::generate(&dir, photos, per_folder, long_edge)?;
            println!(
                "wrote {photos} photos ({bytes} bytes) under {}",
                dir.display()
            );
            Ok(())
        }
        Bench::Watch(a) => watch(a, json),
        Bench::Sync(a) => sync(
            &bench::SyncBenchOptions {
                large_files: a.large_files,
                large_mib: a.large_mib,
                small_files: a.small_files,
                small_kib: a.small_kib,
                parallel: a.parallel,
                endpoint: a.endpoint,
                bucket: a.bucket,
            },
            json,
        ),
        Bench::Scroll(_) => unreachable!("needs a library: dispatched by commands::run"),
        Bench::Index(BenchIndexArgs {
            photos,
            timeline_rows,
            dir,
        }) => {
            let r = bench::index(&IndexBenchOptions {
                photos,
                timeline_rows,
                dir,
            })?;
            if json {
                return print_json(&IndexBenchJson(&r));
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
    if json {
        return print_json(&ScrollJson::from(&report));
    }
    for (i, p) in report.passes.iter().enumerate() {
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

fn watch(a: BenchWatchArgs, json: bool) -> Result<()> {
    let r = bench::watch(&bench::WatchBenchOptions {
        photos: a.photos,
        per_folder: a.per_folder,
        dir: a.dir,
        changes: a.changes,
        idle: std::time::Duration::from_secs(a.idle_secs),
        watch: super::watch::options(400, a.poll, 30),
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
