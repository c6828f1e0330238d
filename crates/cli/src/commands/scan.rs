//! `shoebox scan`: add roots, scan, then hash; a summary line or the JSON report.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use shoebox_engine::{CancelToken, Library};

use super::print_json;
use crate::json::ScanJson;
use crate::progress_bar::Bar;

pub fn run(library: &Library, paths: &[PathBuf], hash: bool, json: bool) -> Result<()> {
    let started = Instant::now();
    let cancel = CancelToken::new();
    let bar = Bar::new(!json);
    let scan = library.scan(paths, &cancel, &bar)?;
    let hashed = if hash {
        Some(library.hash_pending(&cancel, &bar)?)
    } else {
        None
    };
    bar.finish();
    let report = ScanJson::new(&scan, hashed.as_ref(), started.elapsed().as_millis() as u64);
    if json {
        return print_json(&report);
    }
    println!(
        "{} files: {} added, {} updated, {} unchanged, {} removed, {} failed, {} hashed in {} ms",
        scan.seen,
        scan.added,
        scan.updated,
        scan.unchanged,
        scan.removed,
        scan.failed,
        report.hashed,
        report.elapsed_ms
    );
    for error in &scan.errors {
        println!("  failed: {}: {}", error.path.display(), error.error);
    }
    Ok(())
}
