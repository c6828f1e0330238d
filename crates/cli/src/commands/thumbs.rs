//! `shoebox thumbs`, `shoebox thumb` and `shoebox gc`: the thumbnail pipeline's engine calls, printed.

use std::path::Path;

use anyhow::{Context, Result};
use shoebox_engine::{CancelToken, Library, Tier};

use super::print_json;
use crate::args::Only;
use crate::json::{GcJson, ThumbsJson};
use crate::progress_bar::Bar;

pub fn make(library: &Library, only: Only, json: bool) -> Result<()> {
    let tier = match only {
        Only::Grid => Tier::Grid,
        Only::All => Tier::All,
    };
    let bar = Bar::new(!json);
    let report = library
        .thumbs()
        .make_thumbnails(tier, &CancelToken::new(), &bar)?;
    bar.finish();
    if json {
        return print_json(&ThumbsJson(&report));
    }
    let r = &report;
    println!(
        "{} generated ({} variants), {} skipped, {} failed in {} ms",
        r.generated, r.variants, r.skipped, r.failed, r.elapsed_ms
    );
    for error in &r.errors {
        println!("  failed: {}: {}", error.path.display(), error.error);
    }
    Ok(())
}

pub fn one(library: &Library, id: i64, size: u32, output: &Path) -> Result<()> {
    let bytes = library.thumbs().thumbnail(id, size)?;
    std::fs::write(output, &bytes[..])
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(())
}

pub fn gc(library: &Library, json: bool) -> Result<()> {
    let r = library.thumbs().gc()?;
    if json {
        return print_json(&GcJson(&r));
    }
    println!(
        "removed {} variants ({} bytes), kept {} ({} bytes) in {} ms",
        r.removed, r.removed_bytes, r.kept, r.kept_bytes, r.elapsed_ms
    );
    Ok(())
}
