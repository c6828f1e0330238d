//! The incremental scan: walk each root, diff against the index by (size, mtime), read headers of new
//! and changed files in parallel, and write the results in batched transactions.

mod hash;
mod probe;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use rusqlite::Connection;

pub(crate) use hash::hash_pending;
use probe::{Known, Probe};
use walk::{Candidate, EntryKind};

use crate::db::{roots as db_roots, scan_index};
use crate::error::Result;
use crate::model::{FileError, Root, ScanReport};
use crate::paths;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};

/// Rows written per transaction.
const BATCH: usize = 512;

/// Scans one root into the index, adding to `report`.
pub(crate) fn scan_root(
    conn: &mut Connection,
    root: &Root,
    max_pixels: u64,
    cancel: &CancelToken,
    progress: &dyn ProgressSink,
    report: &mut ScanReport,
) -> Result<()> {
    let started = Instant::now();
    let root_bytes = paths::to_bytes(&root.path);
    let (lo, hi) = key_range(&root_bytes, root.is_file);
    progress.report(Progress {
        phase: Phase::Walk,
        done: 0,
        total: None,
    });
    // Load what the index knows while the folders are listed: both take about as long.
    let (known, walked) = std::thread::scope(|s| {
        let walker = s.spawn(|| {
            if root.is_file {
                let ext = crate::meta::candidate_extension(&root.path).unwrap_or("");
                let file = Candidate {
                    path: root.path.clone(),
                    ext,
                    kind: EntryKind::File(None),
                };
                walk::Walk {
                    files: vec![file],
                    unreadable: vec![],
                }
            } else {
                walk::walk(&root.path, cancel)
            }
        });
        let known = scan_index::load_photos(conn, &lo, &hi)
            .and_then(|photos| Ok((photos, scan_index::load_errors(conn, &lo, &hi)?)));
        (known, walker.join().unwrap_or_default())
    });
    let (known_photos, known_errors) = known?;
    let total = walked.files.len() as u64;
    report
        .errors
        .extend(walked.unreadable.iter().map(|(path, error)| FileError {
            path: path.clone(),
            error: error.clone(),
        }));

    let known = Known {
        photos: &known_photos,
        errors: &known_errors,
        max_pixels,
    };
    let folder_root = if root.is_file {
        root.path.parent().unwrap_or(Path::new("/")).to_path_buf()
    } else {
        root.path.clone()
    };
    let mut writer = Writer {
        conn,
        root_id: root.id,
        folder_root,
        folders: HashMap::new(),
    };

    let (tx, rx) = crossbeam_channel::bounded::<(usize, Vec<u8>, Probe)>(4 * BATCH);
    let mut seen: Vec<Vec<u8>> = Vec::with_capacity(walked.files.len());
    let write_result = std::thread::scope(|s| -> Result<()> {
        let files = &walked.files;
        let known = &known;
        s.spawn(move || {
            files
                .par_iter()
                .enumerate()
                .for_each_with(tx, |tx, (index, candidate)| {
                    if cancel.is_cancelled() {
                        return;
                    }
                    let key = probe::key(candidate);
                    let outcome = probe::probe(candidate, &key, known);
                    let _ = tx.send((index, key, outcome)); // the writer stopped: nothing left to do
                });
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut done = 0u64;
        for item in rx.iter() {
            batch.push(item);
            if batch.len() == BATCH {
                done += batch.len() as u64;
                writer.write(&mut batch, &walked.files, report, &mut seen)?;
                progress.report(Progress {
                    phase: Phase::Metadata,
                    done,
                    total: Some(total),
                });
            }
        }
        done += batch.len() as u64;
        writer.write(&mut batch, &walked.files, report, &mut seen)?;
        progress.report(Progress {
            phase: Phase::Metadata,
            done,
            total: Some(total),
        });
        Ok(())
    });
    write_result?;
    if cancel.is_cancelled() {
        return Err(crate::Error::Cancelled);
    }

    // Whatever the index knew under this root and the walk did not see has vanished — unless it lies
    // under a folder that could not be listed this time.
    seen.sort_unstable();
    let unreadable: Vec<Vec<u8>> = walked
        .unreadable
        .iter()
        .map(|(p, _)| paths::to_bytes(p))
        .collect();
    let vanished = |path: &[u8]| {
        seen.binary_search_by(|s| s.as_slice().cmp(path)).is_err()
            && !unreadable.iter().any(|u| is_under(path, u))
    };
    let tx = writer.conn.transaction()?;
    for (path, file) in &known_photos {
        if file.active && vanished(path) {
            scan_index::mark_removed(&tx, file.id)?;
            report.removed += 1;
        }
    }
    for path in known_errors.keys() {
        if vanished(path) {
            scan_index::delete_error(&tx, path)?;
        }
    }
    tx.commit()?;
    report.elapsed_ms += started.elapsed().as_millis() as u64;
    Ok(())
}

/// The byte range of paths under a root: the root itself for a file, `root/` .. `root0` for a folder.
fn key_range(root: &[u8], is_file: bool) -> (Vec<u8>, Vec<u8>) {
    if is_file {
        let mut hi = root.to_vec();
        hi.push(0);
        return (root.to_vec(), hi);
    }
    let base = root.strip_suffix(b"/").unwrap_or(root);
    let mut lo = base.to_vec();
    lo.push(b'/');
    let mut hi = base.to_vec();
    hi.push(b'/' + 1);
    (lo, hi)
}

fn is_under(path: &[u8], dir: &[u8]) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path[dir.len()] == b'/'
}

/// Writes probe results in one transaction per batch, creating folder rows as needed.
struct Writer<'c> {
    conn: &'c mut Connection,
    root_id: i64,
    folder_root: PathBuf,
    folders: HashMap<PathBuf, i64>,
}

impl Writer<'_> {
    fn write(
        &mut self,
        batch: &mut Vec<(usize, Vec<u8>, Probe)>,
        files: &[Candidate],
        report: &mut ScanReport,
        seen: &mut Vec<Vec<u8>>,
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?; // costs nothing when the batch is all unchanged files
        for (index, key, outcome) in batch.drain(..) {
            let path = &files[index].path;
            if !matches!(outcome, Probe::NotFollowed) {
                report.seen += 1;
            }
            match outcome {
                Probe::NotFollowed => continue,
                Probe::Unchanged => report.unchanged += 1,
                Probe::Reactivated { id } => {
                    scan_index::reactivate(&tx, id)?;
                    report.added += 1;
                }
                Probe::KnownFailure { error } => {
                    report.failed += 1;
                    report.errors.push(FileError {
                        path: path.clone(),
                        error,
                    });
                }
                Probe::Read {
                    meta,
                    size,
                    mtime_ns,
                    existed,
                } => {
                    let dir = path.parent().unwrap_or(Path::new("/"));
                    let folder_id = ensure_folder_chain(
                        &tx,
                        self.root_id,
                        &self.folder_root,
                        dir,
                        &mut self.folders,
                    )?;
                    let row = scan_index::FileRow {
                        root_id: self.root_id,
                        folder_id,
                        path: &key,
                        size,
                        mtime_ns,
                    };
                    scan_index::upsert_photo(&tx, &row, &meta)?;
                    scan_index::delete_error(&tx, &key)?;
                    report.opened += 1;
                    if existed {
                        report.updated += 1
                    } else {
                        report.added += 1
                    }
                }
                Probe::Failed {
                    size,
                    mtime_ns,
                    error,
                    opened,
                } => {
                    let row = scan_index::FileRow {
                        root_id: self.root_id,
                        folder_id: 0,
                        path: &key,
                        size,
                        mtime_ns,
                    };
                    scan_index::record_error(&tx, &row, &error)?;
                    report.opened += u64::from(opened);
                    report.failed += 1;
                    report.errors.push(FileError {
                        path: path.clone(),
                        error,
                    });
                }
            }
            seen.push(key);
        }
        tx.commit()?;
        Ok(())
    }
}

/// The folder row for `dir`, creating it and its ancestors up to `top` (the root folder) as needed.
fn ensure_folder_chain(
    conn: &Connection,
    root_id: i64,
    top: &Path,
    dir: &Path,
    cache: &mut HashMap<PathBuf, i64>,
) -> Result<i64> {
    if let Some(id) = cache.get(dir) {
        return Ok(*id);
    }
    let parent_id = match dir.parent() {
        Some(parent) if dir != top && parent.starts_with(top) => {
            Some(ensure_folder_chain(conn, root_id, top, parent, cache)?)
        }
        _ => None,
    };
    let id = db_roots::ensure_folder(conn, root_id, &paths::to_bytes(dir), parent_id)?;
    cache.insert(dir.to_path_buf(), id);
    Ok(id)
}
