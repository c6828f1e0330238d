//! One candidate file: stat it, compare with the index, and read its header only if it is new or changed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;

use super::sidecar::{identity, read_sidecar, SidecarRead};
use super::walk::{Candidate, EntryKind};
use crate::db::scan_index::{IndexedFile, KnownError};
use crate::fsutil::{mtime_ns, open_readonly};
use crate::meta::{read_metadata, FileFacts, PhotoMeta};
use crate::paths;

#[derive(Debug)]
pub enum Probe {
    /// Indexed, and (size, mtime) unchanged: not opened.
    Unchanged,
    /// A removed photo's file is back with the same (size, mtime).
    Reactivated { id: i64 },
    /// Known to be unusable and unchanged since: not opened.
    KnownFailure { error: String },
    /// New or changed, and readable.
    /// `existed`: it replaces an active photo (an update), rather than adding one to the timeline.
    /// `fresh`: no row at all has this path. `hash`: computed when a vanished photo of this size
    /// could be this file moved.
    /// `sidecar`: its sidecar, read; `sidecar_gone`: the index knew one and it is gone.
    Read {
        meta: Box<PhotoMeta>,
        size: i64,
        mtime_ns: i64,
        existed: bool,
        fresh: bool,
        hash: Option<[u8; 32]>,
        sidecar: Option<Box<SidecarRead>>,
        sidecar_gone: bool,
    },
    /// Not a usable image; `opened` says whether the file was opened to find out.
    Failed {
        size: i64,
        mtime_ns: i64,
        error: String,
        opened: bool,
    },
    /// A symlink to a folder: not followed, not counted.
    NotFollowed,
}

pub struct Known<'a> {
    pub photos: &'a HashMap<Vec<u8>, IndexedFile>,
    pub errors: &'a HashMap<Vec<u8>, KnownError>,
    pub max_pixels: u64,
    /// Sizes of photos that vanished in this scan: a new file of one of these sizes is hashed.
    pub move_sizes: &'a HashSet<i64>,
}

pub fn probe(candidate: &Candidate, path_bytes: &[u8], known: &Known<'_>) -> Probe {
    let skipped = |error: String| Probe::Failed {
        size: 0,
        mtime_ns: 0,
        error,
        opened: false,
    };
    let (size, mtime) = match candidate.kind {
        EntryKind::Special(kind) => {
            return skipped(format!(
                "not a regular file ({kind}); skipped without opening"
            ))
        }
        EntryKind::Symlink => match fs::metadata(&candidate.path) {
            Ok(meta) if meta.is_dir() => return Probe::NotFollowed,
            Ok(meta) if !meta.is_file() => {
                return skipped("symlink to a special file; skipped without opening".into())
            }
            Ok(meta) => (meta.len() as i64, mtime_ns(&meta)),
            Err(e) => return skipped(symlink_error(&e)),
        },
        EntryKind::File(Some(stat)) => stat,
        EntryKind::File(None) => match fs::symlink_metadata(&candidate.path) {
            Ok(meta) => (meta.len() as i64, mtime_ns(&meta)),
            Err(e) => return skipped(format!("cannot stat: {e}")),
        },
    };

    let sidecar_id = candidate.sidecar.as_ref().and_then(identity);
    if let Some(indexed) = known.photos.get(path_bytes) {
        if indexed.size == size
            && indexed.mtime_ns == mtime
            && indexed.sidecar == sidecar_id
            && !(indexed.active && indexed.reread)
        {
            return if indexed.active {
                Probe::Unchanged
            } else {
                Probe::Reactivated { id: indexed.id }
            };
        }
    }
    if let Some(failure) = known.errors.get(path_bytes) {
        if failure.size == size && failure.mtime_ns == mtime {
            return Probe::KnownFailure {
                error: failure.error.clone(),
            };
        }
    }

    let existed = known.photos.get(path_bytes).is_some_and(|f| f.active);
    let file = match open_readonly(&candidate.path) {
        Ok(file) => file,
        Err(e) => {
            return Probe::Failed {
                size,
                mtime_ns: mtime,
                error: format!("cannot open: {e}"),
                opened: false,
            }
        }
    };
    let modified = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(mtime.max(0) as u64);
    let fresh = !known.photos.contains_key(path_bytes);
    let sidecar = candidate
        .sidecar
        .as_ref()
        .zip(sidecar_id)
        .map(|(s, id)| Box::new(read_sidecar(s, id)));
    let facts = FileFacts {
        path: &candidate.path,
        ext: candidate.ext,
        modified,
        created: file.metadata().and_then(|m| m.created()).ok(),
        sidecar: sidecar.as_ref().and_then(|s| s.bytes.as_deref()),
    };
    match read_metadata(&file, &facts, known.max_pixels) {
        Ok(mut meta) => {
            for w in sidecar.iter().flat_map(|s| &s.warnings) {
                meta.warn(w);
            }
            let had_sidecar = known
                .photos
                .get(path_bytes)
                .is_some_and(|f| f.sidecar.is_some());
            Probe::Read {
                meta: Box::new(meta),
                sidecar_gone: had_sidecar && sidecar.is_none(),
                sidecar,
                size,
                mtime_ns: mtime,
                existed,
                fresh,
                hash: if fresh && known.move_sizes.contains(&size) {
                    super::hash::hash_path(&candidate.path, size, mtime).map(|(h, _)| h)
                } else {
                    None
                },
            }
        }
        Err(error) => Probe::Failed {
            size,
            mtime_ns: mtime,
            error,
            opened: true,
        },
    }
}

fn symlink_error(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::ELOOP) => "symlink loop; skipped".into(),
        Some(libc::ENOENT) => "dangling symlink (its target does not exist); skipped".into(),
        _ => format!("cannot follow symlink: {e}"),
    }
}

/// The key the index uses for a path.
pub fn key(candidate: &Candidate) -> Vec<u8> {
    paths::to_bytes(&candidate.path)
}
