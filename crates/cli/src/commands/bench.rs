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
            let bytes = shoebox_engine::testkit::generate_library_sized(
                &dir, photos, per_folder, long_edge,
            )?;
            println!(
                "wrote {photos} photos ({bytes} bytes) under {}",
                dir.display()
            );
            Ok(())
        }
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
                "rescan (unchanged): {:.0} ms = {:.1}% of the first scan",
                r.rescan_ms,
                r.rescan_ratio * 100.0
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
