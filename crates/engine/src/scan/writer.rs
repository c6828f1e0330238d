//! The writer side of a scan: probe results go into the index in one transaction per batch, creating
//! folder rows as needed and turning a new file that is a vanished photo into a move.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::moves::Moves;
use super::probe::Probe;
use super::sidecar::SidecarRead;
use super::walk::Candidate;
use crate::db::{history, roots as db_roots, scan_batch, scan_index, xmp};
use crate::error::Result;
use crate::meta::PhotoMeta;
use crate::model::{FileError, ScanReport};
use crate::paths;
use crate::xmp::settings::ConflictPolicy;

/// Writes probe results in one transaction per batch, creating folder rows as needed.
pub(super) struct Writer<'c> {
    pub conn: &'c mut Connection,
    pub root_id: i64,
    pub folder_root: PathBuf,
    pub folders: HashMap<PathBuf, i64>,
    /// How a conflict between a sidecar edited elsewhere and the library is settled.
    pub policy: ConflictPolicy,
}

impl Writer<'_> {
    pub fn write(
        &mut self,
        batch: &mut Vec<(usize, Probe)>,
        files: &[Candidate],
        keys: &[Vec<u8>],
        report: &mut ScanReport,
        moves: &mut Moves,
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?; // costs nothing when the batch is all unchanged files
                                           // The batch's photos are text-indexed together at the end (only when it writes some).
        let mut deferred = false;
        // Some photo's marks, tags or caption came from its files: the organize revision moves once.
        let mut values_changed = false;
        let mut settling = xmp::SettleBatch::for_scan();
        for (index, outcome) in batch.drain(..) {
            let (path, key) = (&files[index].path, keys[index].as_slice());
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
                    fresh,
                    hash,
                    sidecar,
                    sidecar_gone,
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
                        path: key,
                        size,
                        mtime_ns,
                    };
                    if !deferred {
                        scan_batch::begin(&tx)?;
                        deferred = true;
                    }
                    scan_index::delete_error(&tx, key)?;
                    report.opened += 1;
                    let moved = if fresh {
                        moves.claim(size, mtime_ns, hash.as_ref())
                    } else {
                        None
                    };
                    if let Some(id) = moved {
                        scan_index::move_photo(&tx, id, &row, hash.as_ref())?;
                        report.moved += 1;
                        continue;
                    }
                    let outside = outside(&meta, sidecar.map(|s| *s), sidecar_gone);
                    // A new photo is inserted with its caption (indexed once, no update after).
                    let captions = if fresh {
                        outside.fresh_captions()
                    } else {
                        (None, None)
                    };
                    let id = scan_index::upsert_photo(&tx, &row, &meta, captions)?;
                    if let Some(hash) = &hash {
                        scan_index::set_hash_by_path(&tx, key, hash)?;
                    }
                    let settled =
                        xmp::settle(&tx, id, &outside, self.policy, fresh, &mut settling)?;
                    report.conflicts += settled.conflicts.len() as u64;
                    values_changed |= settled.changed;
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
                        path: key,
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
        }
        // New photos' marks and every membership, a few statements a batch (the XMP triggers
        // still stand aside).
        settling.finish(&tx)?;
        if deferred {
            scan_batch::finish(&tx)?;
        }
        if values_changed {
            history::bump_rev(&tx)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// What a photo's files say, for [`xmp::settle`]: its sidecar over its own XMP and IPTC. A sidecar
/// that could not be read, or is gone, changes nothing in the library.
fn outside(meta: &PhotoMeta, sidecar: Option<SidecarRead>, gone: bool) -> xmp::Outside {
    let embedded = meta.organized.fields();
    let (said, keep_base) = match &sidecar {
        Some(read) => match &read.said {
            Some(said) => (said.clone().over(meta.organized.clone()), false),
            None => (meta.organized.clone(), true),
        },
        None => (meta.organized.clone(), gone),
    };
    xmp::Outside {
        values: said.described(),
        embedded,
        sidecar_mtime: sidecar.as_ref().map(|s| s.mtime),
        sidecar: sidecar.map(|s| s.seen),
        keep_base,
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
