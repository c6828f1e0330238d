//! What one scan covers under a root: its whole tree, one folder without its subfolders, or one file.
//! A full scan is the root's tree; the watcher rescans only the folders it saw change.

use std::path::{Path, PathBuf};

use super::walk::{self, Candidate, EntryKind, Walk};
use crate::model::Root;
use crate::paths;
use crate::progress::CancelToken;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Scope {
    /// A folder and everything under it.
    Tree(PathBuf),
    /// The files directly in a folder.
    Folder(PathBuf),
    /// One file (a root that is a file).
    File(PathBuf),
}

impl Scope {
    pub fn path(&self) -> &Path {
        match self {
            Scope::Tree(p) | Scope::Folder(p) | Scope::File(p) => p,
        }
    }

    /// The byte range of index keys this scope covers (a folder scope filters it to direct children).
    pub fn range(&self) -> (Vec<u8>, Vec<u8>) {
        key_range(
            &paths::to_bytes(self.path()),
            matches!(self, Scope::File(_)),
        )
    }

    pub fn shallow(&self) -> bool {
        matches!(self, Scope::Folder(_))
    }

    /// Lists the candidate files. A folder that no longer exists lists as empty (its photos vanished).
    pub fn walk(&self, cancel: &CancelToken) -> Walk {
        match self {
            Scope::File(path) => Walk {
                files: vec![Candidate {
                    path: path.clone(),
                    ext: crate::meta::candidate_extension(path).unwrap_or(""),
                    kind: EntryKind::File(None),
                }],
                unreadable: vec![],
            },
            Scope::Tree(dir) | Scope::Folder(dir) => match std::fs::symlink_metadata(dir) {
                Ok(meta) if meta.is_dir() => {
                    walk::walk(dir, matches!(self, Scope::Tree(_)), cancel)
                }
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Walk {
                    files: vec![],
                    unreadable: vec![(dir.clone(), format!("cannot list folder: {e}"))],
                },
                _ => Walk::default(),
            },
        }
    }
}

/// The root a path lies under (the deepest one when roots nest): the root a scope of `path` belongs to.
pub(crate) fn root_of<'a>(roots: &'a [Root], path: &Path) -> Option<&'a Root> {
    roots
        .iter()
        .filter(|r| path == r.path || (!r.is_file && path.starts_with(&r.path)))
        .max_by_key(|r| r.path.as_os_str().len())
}

/// The scopes of a rescan of `folders` (each under a root; others are ignored): the files directly in
/// each, or, when `recursive`, everything under it; overlapping scopes merged.
pub(crate) fn folder_targets(
    roots: &[Root],
    folders: &[PathBuf],
    recursive: bool,
) -> Vec<(Root, Scope)> {
    let targets = folders
        .iter()
        .map(|f| canonical_even_if_gone(f))
        .filter_map(|f| {
            let root = root_of(roots, &f)?;
            let scope = if recursive {
                Scope::Tree(f)
            } else {
                Scope::Folder(f)
            };
            Some((root.clone(), scope))
        })
        .collect();
    super::dedup(targets)
}

/// The canonical form of `path`; for a path that no longer exists, its canonical parent joined with
/// its name (a folder that vanished is still named as the index knows it).
fn canonical_even_if_gone(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => canonical_even_if_gone(parent).join(name),
        _ => path.to_path_buf(),
    })
}

/// The byte range of paths under a root: the root itself for a file, `root/` .. `root0` for a folder.
pub(crate) fn key_range(root: &[u8], is_file: bool) -> (Vec<u8>, Vec<u8>) {
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

pub(crate) fn is_under(path: &[u8], dir: &[u8]) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path[dir.len()] == b'/'
}
