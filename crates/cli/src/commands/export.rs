//! `shoebox export`: a selection (ids, `--album`, `--query`, `--folder`) and the export options
//! handed to the engine; a progress bar, then a summary with each failure, or JSON. Exits non-zero
//! when a photo failed (the others are written).

use anyhow::{bail, Result};
use serde_json::json;
use shoebox_engine::export::{ExportOptions, ExportReport, OutputFormat, Preset, Selection, Strip};
use shoebox_engine::Library;

use super::print_json;
use crate::args::{ExportArgs, FormatArg, PhotoIds, PresetArg, StripArg};
use crate::progress_bar::Bar;

pub fn run(library: &Library, a: &ExportArgs, json: bool) -> Result<()> {
    let selection = selection(a)?;
    let mut options = ExportOptions::new(&a.to, preset(a.preset));
    options.long_edge = a.long_edge;
    options.format = a.format.map(|f| match f {
        FormatArg::Jpeg => OutputFormat::Jpeg,
        FormatArg::Webp => OutputFormat::Webp,
        FormatArg::Png => OutputFormat::Png,
    });
    options.quality = a.quality;
    options.strip = match a.strip {
        None => Strip::Nothing,
        Some(StripArg::Gps) => Strip::Location,
        Some(StripArg::All) => Strip::All,
    };
    options.template = a.name.clone();
    options.threads = a.threads;
    let cancel = super::watch::cancel_on_signals()?;
    let bar = Bar::new(!json);
    let report = library
        .export()
        .run(&selection, &options, &cancel, &bar)
        .map_err(|e| match &a.query {
            Some(q) => super::search::query_error(e, q),
            None => e.into(),
        })?;
    bar.finish();
    if json {
        print_json(&to_json(&report))?;
    } else {
        print_text(&report, a);
    }
    if report.cancelled {
        bail!("cancelled: {} photos not exported", report.skipped);
    }
    if report.failed > 0 {
        bail!("{} photos failed; the others were exported", report.failed);
    }
    Ok(())
}

fn selection(a: &ExportArgs) -> Result<Selection> {
    Ok(if let Some(album) = a.album {
        Selection::Album(album)
    } else if let Some(query) = &a.query {
        Selection::Query(query.clone())
    } else if let Some(folder) = &a.folder {
        Selection::Folder(folder.clone())
    } else {
        Selection::Photos(super::organize::ids(&PhotoIds { ids: a.ids.clone() })?)
    })
}

fn preset(p: PresetArg) -> Preset {
    match p {
        PresetArg::Original => Preset::Original,
        PresetArg::Web => Preset::Web,
        PresetArg::Email => Preset::Email,
        PresetArg::Custom => Preset::Custom,
    }
}

fn to_json(r: &ExportReport) -> serde_json::Value {
    json!({
        "written": r.written,
        "skipped": r.skipped,
        "failed": r.failed,
        "bytes": r.bytes,
        "elapsed_ms": r.elapsed_ms,
        "cancelled": r.cancelled,
        "files": r.files.iter().map(|f| json!({
            "id": f.id,
            "source": f.source.to_string_lossy(),
            "path": f.path.to_string_lossy(),
            "bytes": f.bytes,
        })).collect::<Vec<_>>(),
        "failures": r.failures.iter().map(|f| json!({
            "id": f.id,
            "source": f.source.as_ref().map(|p| p.to_string_lossy()),
            "error": f.reason,
        })).collect::<Vec<_>>(),
    })
}

fn print_text(r: &ExportReport, a: &ExportArgs) {
    for f in &r.files {
        println!("{:>8}  {}", f.id, f.path.display());
    }
    for f in &r.failures {
        println!("  failed: {}", f.reason);
    }
    println!(
        "{} written ({} bytes) to {}, {} failed, {} skipped in {} ms",
        r.written,
        r.bytes,
        a.to.display(),
        r.failed,
        r.skipped,
        r.elapsed_ms
    );
}
