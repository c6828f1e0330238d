//! What one scan covers under a root: its whole tree, one folder without its subfolders, or one file.
//! A full scan is the root's tree; the watcher rescans only the folders it saw change.

use std::path::{Path, PathBuf};

use super::walk::{self, Candidate, EntryKind, Walk};
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
