//! The export job: every photo rendered (or copied) and placed in parallel on a rayon pool, each
//! failure kept with its reason while the rest go on; the cancel token is checked between files and
//! the progress sink told after each one.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::options::{Render, Strip};
use super::render::{render, Original};
use super::write::{place, NewFile, SidecarStyle};
use super::xmp::Organized;
use super::{ExportFailure, ExportReport, Exported};
use crate::fsutil::open_readonly;
use crate::meta::Format;
use crate::model::PhotoId;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};

/// One photo to export, with its name already chosen.
pub(crate) struct Item {
    pub id: PhotoId,
    pub path: PathBuf,
    pub format: Format,
    pub orientation: u16,
    /// The file name without extension (from the template).
    pub stem: String,
    pub organized: Organized,
}

/// How every file of one run is made.
pub(crate) struct Plan<'a> {
    pub dest: &'a Path,
    /// `None`: the original's bytes (and sidecar).
    pub render: Option<Render>,
    pub strip: Strip,
    pub threads: usize,
    pub max_pixels: u64,
}

enum Outcome {
    Written(Exported),
    Failed(ExportFailure),
    Skipped,
}

pub(crate) fn run(
    items: Vec<Item>,
    plan: &Plan<'_>,
    mut report: ExportReport,
    cancel: &CancelToken,
    progress: &dyn ProgressSink,
) -> ExportReport {
    let started = Instant::now();
    // A folder that cannot be made shows up as each file's write error.
    let _ = std::fs::create_dir_all(plan.dest);
    let total = items.len() as u64;
    let done = AtomicU64::new(0);
    progress.report(Progress {
        phase: Phase::Export,
        done: 0,
        total: Some(total),
    });
    let one = |item: &Item| {
        if cancel.is_cancelled() {
            return Outcome::Skipped;
        }
        let outcome = match export_one(item, plan) {
            Ok(exported) => Outcome::Written(exported),
            Err(reason) => Outcome::Failed(ExportFailure {
                id: Some(item.id),
                source: Some(item.path.clone()),
                reason,
            }),
        };
        progress.report(Progress {
            phase: Phase::Export,
            done: done.fetch_add(1, Ordering::Relaxed) + 1,
            total: Some(total),
        });
        outcome
    };
    let outcomes: Vec<Outcome> = match rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()
    {
        Ok(pool) if plan.threads > 0 => pool.install(|| items.par_iter().map(one).collect()),
        _ => items.par_iter().map(one).collect(),
    };
    for outcome in outcomes {
        match outcome {
            Outcome::Written(e) => {
                report.written += 1;
                report.bytes += e.bytes;
                report.files.push(e);
            }
            Outcome::Failed(f) => report.failures.push(f),
            Outcome::Skipped => report.skipped += 1,
        }
    }
    report.failed = report.failures.len() as u64;
    report.cancelled = cancel.is_cancelled();
    report.elapsed_ms += started.elapsed().as_millis() as u64;
    report
}

/// What a reader's error says about the original.
fn source_error(path: &Path, e: io::Error) -> String {
    if e.kind() == io::ErrorKind::NotFound {
        format!(
            "{}: the original is gone (moved or deleted)",
            path.display()
        )
    } else {
        format!("{}: cannot read: {e}", path.display())
    }
}

fn write_error(dest: &Path, e: io::Error) -> String {
    format!("cannot write to {}: {e}", dest.display())
}

fn export_one(item: &Item, plan: &Plan<'_>) -> Result<Exported, String> {
    let mut source = open_readonly(&item.path).map_err(|e| source_error(&item.path, e))?;
    let (path, bytes) = match &plan.render {
        None => copy_original(item, &mut source, plan.dest)?,
        Some(settings) => {
            let len = source.metadata().map_or(0, |m| m.len());
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            source
                .read_to_end(&mut bytes)
                .map_err(|e| source_error(&item.path, e))?;
            drop(source);
            let original = Original {
                format: item.format,
                orientation: item.orientation,
                organized: &item.organized,
            };
            let out = render(bytes, &original, settings, plan.strip, plan.max_pixels)
                .map_err(|e| format!("{}: {e}", item.path.display()))?;
            let new = NewFile {
                stem: &item.stem,
                ext: settings.format.extension(),
                sidecar: None,
            };
            place(
                plan.dest,
                &new,
                &mut |f| io::Write::write_all(f, &out),
                &mut |_| Ok(()),
            )
            .map_err(|e| write_error(plan.dest, e))?
        }
    };
    Ok(Exported {
        id: item.id,
        source: item.path.clone(),
        path,
        bytes,
    })
}

/// The original's sidecar, `photo.ext.xmp` or `photo.xmp`, if one exists.
fn sidecar(path: &Path) -> Option<(PathBuf, SidecarStyle)> {
    let mut after = path.as_os_str().to_owned();
    after.push(".xmp");
    let after = PathBuf::from(after);
    if after.is_file() {
        return Some((after, SidecarStyle::AfterExtension));
    }
    let replaced = path.with_extension("xmp");
    (replaced != path && replaced.is_file()).then_some((replaced, SidecarStyle::ForExtension))
}

fn copy_original(item: &Item, source: &mut File, dest: &Path) -> Result<(PathBuf, u64), String> {
    let ext = item
        .path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let side = sidecar(&item.path);
    let new = NewFile {
        stem: &item.stem,
        ext: &ext,
        sidecar: side.as_ref().map(|s| s.1),
    };
    place(
        dest,
        &new,
        &mut |f| io::copy(source, f).map(|_| ()),
        &mut |f| {
            let (path, _) = side.as_ref().expect("only called with a sidecar");
            io::copy(&mut open_readonly(path)?, f).map(|_| ())
        },
    )
    .map_err(|e| {
        format!(
            "cannot copy {} to {}: {e}",
            item.path.display(),
            dest.display()
        )
    })
}
