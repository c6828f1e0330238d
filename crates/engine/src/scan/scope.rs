//! What one scan covers under a root: its whole tree, one folder without its subfolders, or one file.
//! A full scan is the root's tree; the watcher rescans only the folders it saw change.

use std::path::{Path, PathBuf};

use super::walk::{self, Candidate, EntryKind, Sidecar, Walk};
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
                    sidecar: crate::xmp::sidecar::find_for(path).map(|path| Sidecar {
                        path,
                        kind: EntryKind::File(None),
                    }),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn root(id: i64, path: &str, is_file: bool) -> Root {
        Root {
            id,
            path: PathBuf::from(path),
            is_file,
        }
    }

    #[test]
    fn is_under_needs_a_separator_after_the_folder() {
        assert!(is_under(b"/p/2024/a.jpg", b"/p/2024"));
        assert!(is_under(b"/p/2024/sub/a.jpg", b"/p/2024"));
        // regression: a sibling whose name only starts with the folder's is not inside it
        assert!(!is_under(b"/p/2024-trip/a.jpg", b"/p/2024"));
        assert!(!is_under(b"/p/20245", b"/p/2024"));
        assert!(
            !is_under(b"/p/2024", b"/p/2024"),
            "a folder is not under itself"
        );
        assert!(!is_under(b"/p/20", b"/p/2024"));
    }

    #[test]
    fn key_range_of_a_folder_excludes_its_siblings() {
        let (lo, hi) = key_range(b"/p/2024", false);
        assert_eq!(
            (lo.as_slice(), hi.as_slice()),
            (&b"/p/2024/"[..], &b"/p/20240"[..])
        );
        let inside = b"/p/2024/a.jpg".to_vec();
        let sibling = b"/p/2024-trip/a.jpg".to_vec();
        assert!(lo <= inside && inside < hi);
        assert!(!(lo <= sibling && sibling < hi));
        assert_eq!(
            key_range(b"/p/2024/", false),
            (lo, hi),
            "a trailing slash changes nothing"
        );
        let (lo, hi) = key_range(b"/p/a.jpg", true);
        assert_eq!(
            (lo.as_slice(), hi.as_slice()),
            (&b"/p/a.jpg"[..], &b"/p/a.jpg\0"[..])
        );
    }

    #[test]
    fn scope_ranges_and_depth() {
        let folder = Scope::Folder(PathBuf::from("/p/2024"));
        assert!(folder.shallow());
        assert_eq!(folder.range(), key_range(b"/p/2024", false));
        assert!(!Scope::Tree(PathBuf::from("/p")).shallow());
        assert_eq!(
            Scope::File(PathBuf::from("/p/a.jpg")).range(),
            key_range(b"/p/a.jpg", true)
        );
    }

    #[test]
    fn root_of_picks_the_deepest_root_and_never_a_sibling() {
        let roots = [
            root(1, "/p", false),
            root(2, "/p/2024", false),
            root(3, "/q/one.jpg", true),
        ];
        let of = |p: &str| root_of(&roots, Path::new(p)).map(|r| r.id);
        assert_eq!(of("/p/2024/a.jpg"), Some(2));
        assert_eq!(of("/p/2024"), Some(2));
        assert_eq!(of("/p/2024-trip/a.jpg"), Some(1));
        assert_eq!(of("/p"), Some(1));
        assert_eq!(of("/q/one.jpg"), Some(3));
        assert_eq!(of("/q/one.jpg/x"), None, "nothing lies under a file root");
        assert_eq!(of("/q/two.jpg"), None);
        assert_eq!(of("/elsewhere"), None);
    }

    #[test]
    fn folder_targets_keep_folders_under_a_root_only() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(base.join("r/a/b")).unwrap();
        let roots = [Root {
            id: 1,
            path: base.join("r"),
            is_file: false,
        }];
        let gone = base.join("r/vanished");
        let outside = base.join("other");
        let shallow = folder_targets(&roots, &[base.join("r/a"), gone.clone(), outside], false);
        let scopes: Vec<Scope> = shallow.into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            scopes,
            vec![Scope::Folder(base.join("r/a")), Scope::Folder(gone)]
        );
        let deep = folder_targets(&roots, &[base.join("r/a/b"), base.join("r/a")], true);
        let scopes: Vec<Scope> = deep.into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            scopes,
            vec![Scope::Tree(base.join("r/a"))],
            "the inner tree is covered"
        );
    }
}
