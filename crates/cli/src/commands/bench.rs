//! `shoebox bench ...`: runs an engine benchmark and prints its report.

use anyhow::Result;
use serde_json::json;
use shoebox_engine::bench::{self, IndexBenchOptions};
use shoebox_engine::Library;

use super::print_json;
use crate::args::{
    Bench, BenchDuplicatesArgs, BenchFindArgs, BenchGenerateArgs, BenchIndexArgs,
    BenchOrganizeArgs, BenchWatchArgs, BenchXmpArgs,
};
use crate::json::{IndexBenchJson, OrganizeBenchJson, ScrollJson};

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
        Bench::Xmp(a) => xmp(a, json),
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
        Bench::Organize(a) => organize(a, json),
        Bench::Duplicates(a) => duplicates(a, json),
        Bench::Find(a) => find(a, json),
        Bench::LibraryData(a) => library_data(a.photos, json),
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

fn xmp(a: BenchXmpArgs, json: bool) -> Result<()> {
    let r = bench::xmp(&bench::XmpBenchOptions {
        photos: a.photos,
        writes: a.writes,
        runs: a.runs,
        dir: a.dir,
    })?;
    let write = |w: &shoebox_engine::SidecarReport, ms: f64| {
        json!({ "written": w.written, "unchanged": w.unchanged, "failed": w.failed.len(),
                "merged": w.merged, "ms": ms })
    };
    if json {
        return print_json(&json!({
            "photos": r.photos,
            "runs": r.runs,
            "plain_ms": r.plain_ms,
            "embedded_ms": r.embedded_ms,
            "sidecar_ms": r.sidecar_ms,
            "embedded_ratio": r.embedded_ratio,
            "sidecar_ratio": r.sidecar_ratio,
            "rated_from_sidecars": r.rated,
            "tagged_from_sidecars": r.tagged_place,
            "writes": r.writes,
            "bulk_mark_ms": r.bulk_mark_ms,
            "first_write": write(&r.first_write, r.first_write_ms),
            "rewrite": write(&r.rewrite, r.rewrite_ms),
            "progress_reports": r.progress_reports,
        }));
    }
    let list = |v: &[f64]| {
        v.iter()
            .map(|ms| format!("{ms:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("first scan of {} photos, {} runs (ms):", r.photos, r.runs);
    println!("  plain:              {}", list(&r.plain_ms));
    println!(
        "  embedded XMP+IPTC:  {}  (median ×{:.3})",
        list(&r.embedded_ms),
        r.embedded_ratio
    );
    println!(
        "  + a sidecar each:   {}  (median ×{:.3}; {} photos rated and {} tagged from them)",
        list(&r.sidecar_ms),
        r.sidecar_ratio,
        r.rated,
        r.tagged_place
    );
    println!(
        "bulk rating of {} photos: {:.0} ms; their sidecars written in {:.0} ms ({} new)",
        r.writes, r.bulk_mark_ms, r.first_write_ms, r.first_write.written
    );
    println!(
        "a bulk tag on the same photos: sidecars rewritten in {:.0} ms ({} read and merged); {} progress reports",
        r.rewrite_ms, r.rewrite.written, r.progress_reports
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

fn organize(a: BenchOrganizeArgs, json: bool) -> Result<()> {
    let r = bench::organize(&bench::OrganizeBenchOptions {
        photos: a.photos,
        albums: a.albums,
        big_album: a.big_album,
        selection: a.selection,
    })?;
    if json {
        return print_json(&OrganizeBenchJson(&r));
    }
    for (what, b) in [
        ("a timeline range", &r.range),
        ("spread over the library", &r.spread),
    ] {
        println!(
            "bulk actions on {} of {} photos ({what}): rate {:.1} ms, reject {:.1} ms, tag {:.1} ms, add to album {:.1} ms, undo {:.1} ms",
            r.selection, r.photos, b.rate_ms, b.flag_ms, b.tag_ms, b.album_add_ms, b.undo_ms
        );
    }
    let line = |what: &str, s: &bench::Spread| {
        println!("{what}: p50 {:.2} ms, p99 {:.2} ms", s.p50_ms, s.p99_ms)
    };
    line(&format!("album list of {} albums", r.albums), &r.album_list);
    line(
        &format!("page of 200 of a {}-photo album, manual order", r.big_album),
        &r.manual_page,
    );
    line(
        &format!("page of 200 of a {}-photo album, date order", r.big_album),
        &r.date_page,
    );
    line("moving one photo in it", &r.move_one);
    line("renaming an album (any one-row step)", &r.rename);
    line(
        "reference: a timeline page of 200 of the library",
        &r.timeline_page,
    );
    Ok(())
}

fn find(a: BenchFindArgs, json: bool) -> Result<()> {
    let r = bench::find(&bench::FindBenchOptions {
        photos: a.photos,
        write_rows: a.write_rows,
        smart_albums: a.smart_albums,
    })?;
    let rows = |list: &[(String, u64, bench::Spread, bench::Spread)]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|(q, n, page, search)| {
                serde_json::json!({"query": q, "matches": n,
                    "page_p50_ms": page.p50_ms, "page_p99_ms": page.p99_ms,
                    "search_p50_ms": search.p50_ms, "search_p99_ms": search.p99_ms})
            })
            .collect()
    };
    if json {
        return print_json(&serde_json::json!({
            "photos": r.photos,
            "single": rows(&r.single),
            "combined": rows(&r.combined),
            "facets_unfiltered_p50_ms": r.facets_unfiltered.p50_ms,
            "facets_unfiltered_p99_ms": r.facets_unfiltered.p99_ms,
            "facets_filtered": r.facets_filtered.iter().map(|(q, s)| serde_json::json!({
                "query": q, "p50_ms": s.p50_ms, "p99_ms": s.p99_ms})).collect::<Vec<_>>(),
            "smart_albums": r.smart_albums,
            "album_list_p50_ms": r.album_list.p50_ms,
            "album_list_p99_ms": r.album_list.p99_ms,
            "write_rows": r.write_rows,
            "write_ms": r.write_ms,
            "write_without_find_indexes_ms": r.write_without_find_indexes_ms,
            "text_index_build_ms": r.text_index_build_ms,
        }));
    }
    println!("{} photos", r.photos);
    println!("| query | matches | first page of 200 p50 / p99 (ms) | with total p50 / p99 (ms) |");
    println!("|---|---:|---:|---:|");
    for (q, n, page, search) in r.single.iter().chain(&r.combined) {
        println!(
            "| `{q}` | {n} | {:.2} / {:.2} | {:.2} / {:.2} |",
            page.p50_ms, page.p99_ms, search.p50_ms, search.p99_ms
        );
    }
    println!(
        "all facet counts, unfiltered: p50 {:.1} ms, p99 {:.1} ms",
        r.facets_unfiltered.p50_ms, r.facets_unfiltered.p99_ms
    );
    for (q, s) in &r.facets_filtered {
        println!(
            "all facet counts, `{q}`: p50 {:.1} ms, p99 {:.1} ms",
            s.p50_ms, s.p99_ms
        );
    }
    println!(
        "album list with {} smart albums: p50 {:.1} ms, p99 {:.1} ms",
        r.smart_albums, r.album_list.p50_ms, r.album_list.p99_ms
    );
    println!(
        "writing {} rows: {:.0} ms with the find and text indexes, {:.0} ms without (+{:.0} %)",
        r.write_rows,
        r.write_ms,
        r.write_without_find_indexes_ms,
        (r.write_ms / r.write_without_find_indexes_ms.max(1e-9) - 1.0) * 100.0
    );
    println!(
        "text index built from scratch for {} photos: {:.0} ms",
        r.photos, r.text_index_build_ms
    );
    Ok(())
}

fn library_data(photos: usize, json: bool) -> Result<()> {
    let r = bench::library_data(&bench::LibraryDataBenchOptions { photos })?;
    let run = |r: &bench::LibraryDataRun| serde_json::json!({"ms": r.ms, "chunks": r.chunks, "chunks_uploaded": r.chunks_uploaded, "bytes_uploaded": r.bytes_uploaded});
    if json {
        return print_json(&serde_json::json!({
            "photos": r.photos,
            "library_file_bytes": r.library_file_bytes,
            "snapshot_bytes": r.snapshot_bytes,
            "manifest_bytes": r.manifest_bytes,
            "first": run(&r.first),
            "incremental": run(&r.incremental),
            "unchanged": run(&r.unchanged),
            "restore_ms": r.restore_ms,
            "restored_photos": r.restored_photos,
        }));
    }
    println!(
        "{} photos: library file {} bytes, snapshot {} bytes in the bucket, manifest.json {} bytes",
        r.photos, r.library_file_bytes, r.snapshot_bytes, r.manifest_bytes
    );
    for (what, x) in [
        ("first sync (with the manifest)", &r.first),
        ("after one photo changed", &r.incremental),
        ("nothing changed", &r.unchanged),
    ] {
        println!(
            "{what}: {:.0} ms, {} of {} chunks, {} bytes sent ({:.3} % of the snapshot)",
            x.ms,
            x.chunks_uploaded,
            x.chunks,
            x.bytes_uploaded,
            x.bytes_uploaded as f64 * 100.0 / r.snapshot_bytes.max(1) as f64
        );
    }
    println!(
        "restore of the library data alone: {:.0} ms for {} photos",
        r.restore_ms, r.restored_photos
    );
    Ok(())
}

fn duplicates(a: BenchDuplicatesArgs, json: bool) -> Result<()> {
    let r = bench::duplicates(&bench::DuplicatesBenchOptions {
        corpus: a.corpus,
        synthetic: a.synthetic,
    })?;
    if json {
        let table = |scores: &[bench::TransformScore]| -> Vec<serde_json::Value> {
            scores
                .iter()
                .map(|t| serde_json::json!({"transform": t.name, "positives": t.positives, "recall": t.recall, "precision": t.precision}))
                .collect()
        };
        return print_json(&serde_json::json!({
            "originals": r.originals, "images": r.images, "negatives": r.negatives,
            "copy_distance": r.chosen_distance, "colour_tolerance": r.chosen_colour, "best": r.best,
            "transforms": table(&r.transforms), "false_pairs_per_100k": r.false_pairs_per_100k,
            "transforms_without_centre": table(&r.transforms_without_centre),
            "false_pairs_without_centre_per_100k": r.false_pairs_without_centre_per_100k,
            "false_pair_examples": r.false_pair_examples,
            "false_groups_per_100k": r.false_groups_per_100k, "groups": r.groups,
            "hash_ms_mean": r.hash_ms_mean, "hash_ms_p99": r.hash_ms_p99,
            "synthetic": r.synthetic, "full_pass_s": r.full_pass_s,
            "one_check_ms_mean": r.one_check_ms_mean, "one_check_ms_p99": r.one_check_ms_p99,
        }));
    }
    println!("threshold sweep (copy distance, colour tolerance: recall of every transform, false pairs per 100,000 unrelated):");
    for p in &r.sweep {
        println!(
            "  d<={:2} colour<={:3}: recall {:.3}, false {:.2}",
            p.distance, p.colour, p.recall, p.false_per_100k
        );
    }
    if let Some((distance, colour, recall)) = r.best {
        println!("highest recall with at most 1 false pair per 100,000: distance <= {distance}, colour <= {colour}: {recall:.3}");
    }
    println!(
        "{} originals, {} images, {} unrelated pairs; the library's thresholds: distance <= {}, colour <= {}",
        r.originals, r.images, r.negatives, r.chosen_distance, r.chosen_colour
    );
    println!(
        "  transform        pairs  recall  precision  (without centre hashes: recall  precision)"
    );
    for (t, plain) in r.transforms.iter().zip(&r.transforms_without_centre) {
        println!(
            "  {:16} {:4}   {:.3}   {:.3}                              {:.3}   {:.3}",
            t.name, t.positives, t.recall, t.precision, plain.recall, plain.precision
        );
    }
    println!(
        "false pairs without centre hashes: {:.2} per 100,000 unrelated pairs",
        r.false_pairs_without_centre_per_100k
    );
    println!("closest false pairs:");
    for (a, b, d) in &r.false_pair_examples {
        println!("  {d:2}  {a}  ~  {b}");
    }
    println!(
        "false pairs {:.2} and false groups {:.2} per 100,000 unrelated pairs ({} groups)",
        r.false_pairs_per_100k, r.false_groups_per_100k, r.groups
    );
    println!(
        "hash from the stored 256 px thumbnail: mean {:.2} ms, p99 {:.2} ms",
        r.hash_ms_mean, r.hash_ms_p99
    );
    println!(
        "full pass over {} synthetic fingerprints: {:.2} s; one new photo: mean {:.3} ms, p99 {:.3} ms",
        r.synthetic, r.full_pass_s, r.one_check_ms_mean, r.one_check_ms_p99
    );
    Ok(())
}
