//! The parallel directory walk: finds candidate files by extension without opening or stat-ing them.
//!
//! Directories are listed concurrently on the rayon pool. Symlinks to directories are not followed
//! (so link loops cannot trap the walk); symlinks to files and special files are handed on as such.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::fsutil::mtime_ns;
use std::ffi::OsStr;

use crate::meta::candidate_extension;
use crate::progress::CancelToken;
use crate::xmp::sidecar::{is_sidecar_name, pair};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file, with (size, mtime_ns) when the walk could stat it cheaply (relative to its folder).
    File(Option<(i64, i64)>),
    Symlink,
    /// FIFO, socket or device: never opened.
    Special(&'static str),
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub ext: &'static str,
    pub kind: EntryKind,
    /// Its XMP sidecar, by the naming rule of [`crate::xmp::sidecar`].
    pub sidecar: Option<Sidecar>,
}

/// A photo's sidecar as the walk found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sidecar {
    pub path: PathBuf,
    pub kind: EntryKind,
}

#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Candidate>,
    /// Directories that could not be listed, with the reason. Their photos must not be marked removed.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Deeper than this is treated as a pathological tree and not descended.
const MAX_DEPTH: usize = 256;

/// Lists `root`, and its subfolders when `recursive`.
pub fn walk(root: &Path, recursive: bool, cancel: &CancelToken) -> Walk {
    let out = Mutex::new(Walk::default());
    let max_depth = if recursive { MAX_DEPTH } else { 1 };
    rayon::scope(|scope| list_dir(scope, root.to_path_buf(), 0, max_depth, &out, cancel));
    let mut walk = out.into_inner().unwrap_or_else(|e| e.into_inner());
    walk.files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    walk
}

fn list_dir<'s>(
    scope: &rayon::Scope<'s>,
    dir: PathBuf,
    depth: usize,
    max_depth: usize,
    out: &'s Mutex<Walk>,
    cancel: &'s CancelToken,
) {
    if cancel.is_cancelled() {
        return;
    }
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.lock()
                .unwrap_or_else(|e| e.into_inner())
                .unreadable
                .push((dir, format!("cannot list folder: {e}")));
            return;
        }
    };
    let mut found = Vec::new();
    let mut sidecars = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .unreadable
                    .push((dir.clone(), format!("cannot list folder: {e}")));
                return;
            }
        };
        let path = entry.path(); // one allocation per entry: the name is read from it
        if path
            .file_name()
            .is_none_or(|name| skipped_name(name.as_encoded_bytes()))
        {
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if max_depth == 1 {
                continue; // one folder only: its subfolders are not ours
            }
            if depth + 1 < max_depth {
                scope.spawn(move |scope| list_dir(scope, path, depth + 1, max_depth, out, cancel));
            } else {
                out.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .unreadable
                    .push((path, "folder nested too deeply".into()));
            }
            continue;
        }
        let ext = candidate_extension(&path);
        if ext.is_none() && !is_sidecar_name(&path) {
            continue;
        }
        let kind = if file_type.is_file() {
            EntryKind::File(
                entry
                    .metadata()
                    .ok()
                    .map(|m| (m.len() as i64, mtime_ns(&m))),
            )
        } else if file_type.is_symlink() {
            EntryKind::Symlink
        } else {
            EntryKind::Special(special_kind(&file_type))
        };
        match ext {
            Some(ext) => found.push(Candidate {
                path,
                ext,
                kind,
                sidecar: None,
            }),
            None => sidecars.push(Sidecar { path, kind }),
        }
    }
    attach_sidecars(&mut found, sidecars);
    if !found.is_empty() {
        out.lock()
            .unwrap_or_else(|e| e.into_inner())
            .files
            .append(&mut found);
    }
}

/// Gives each photo of one folder its sidecar, by name.
fn attach_sidecars(found: &mut [Candidate], sidecars: Vec<Sidecar>) {
    if sidecars.is_empty() {
        return;
    }
    let photo_names: Vec<&OsStr> = found
        .iter()
        .map(|c| c.path.file_name().unwrap_or_default())
        .collect();
    let sidecar_names: Vec<&OsStr> = sidecars
        .iter()
        .map(|s| s.path.file_name().unwrap_or_default())
        .collect();
    let paired = pair(&photo_names, &sidecar_names);
    for (candidate, sidecar) in found.iter_mut().zip(paired) {
        candidate.sidecar = sidecar.map(|s| sidecars[s].clone());
    }
}

/// Hidden entries (`.git`, `.Trash`, macOS `._` forks) and NAS thumbnail folders are not photos.
pub(crate) fn skipped_name(name: &[u8]) -> bool {
    name.first() == Some(&b'.') || name == b"@eaDir" || name == b"#recycle"
}

#[cfg(unix)]
fn special_kind(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "fifo"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "special file"
}
