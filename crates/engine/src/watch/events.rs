//! From changed paths to scan scopes: the folder of a changed photo file (or XMP sidecar), the whole tree of a folder
//! that appeared, vanished or was renamed. Nothing outside these scopes is looked at.

use std::path::{Component, Path};

use crate::meta::candidate_extension;
use crate::model::Root;
use crate::scan::{dedup, root_of, skipped_name, Scope};

/// The scopes to rescan for these changed paths; paths outside every root, hidden entries and files
/// that are not photos by extension are ignored.
pub(super) fn scopes(
    roots: &[Root],
    paths: impl IntoIterator<Item = std::path::PathBuf>,
) -> Vec<(Root, Scope)> {
    let mut out = Vec::new();
    for path in paths {
        let Some(root) = root_of(roots, &path) else {
            continue;
        };
        if root.is_file {
            out.push((root.clone(), Scope::File(root.path.clone())));
            continue;
        }
        let relative = path.strip_prefix(&root.path).unwrap_or(Path::new(""));
        let hidden = relative.components().any(|c| match c {
            Component::Normal(name) => skipped_name(name.as_encoded_bytes()),
            _ => false,
        });
        if hidden {
            continue;
        }
        // A sidecar changing is its photo's change: its folder is rescanned too.
        let is_photo_name =
            candidate_extension(&path).is_some() || crate::xmp::sidecar::is_sidecar_name(&path);
        let scope = match std::fs::symlink_metadata(&path) {
            _ if path == root.path => Scope::Tree(path),
            Ok(meta) if meta.is_dir() => Scope::Tree(path),
            Ok(_) if !is_photo_name => continue,
            // A photo file changed, appeared or vanished: its folder, not the subfolders.
            _ if is_photo_name => match path.parent() {
                Some(parent) => Scope::Folder(parent.to_path_buf()),
                None => continue,
            },
            // Gone and not named like a photo: it may have been a folder (moved away or deleted).
            _ => Scope::Tree(path),
        };
        out.push((root.clone(), scope));
    }
    dedup(out)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    struct Fixture {
        _dir: tempfile::TempDir,
        base: PathBuf,
        roots: Vec<Root>,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(base.join("r/2024/sub")).unwrap();
        std::fs::create_dir_all(base.join("r/2024-trip")).unwrap();
        std::fs::create_dir_all(base.join("r/.hidden")).unwrap();
        std::fs::write(base.join("r/2024/a.jpg"), b"x").unwrap();
        std::fs::write(base.join("r/2024/notes.txt"), b"x").unwrap();
        std::fs::write(base.join("single.jpg"), b"x").unwrap();
        let roots = vec![
            Root {
                id: 1,
                path: base.join("r"),
                is_file: false,
            },
            Root {
                id: 2,
                path: base.join("single.jpg"),
                is_file: true,
            },
        ];
        Fixture {
            _dir: dir,
            base,
            roots,
        }
    }

    fn scopes_of(f: &Fixture, paths: &[&str]) -> Vec<(i64, Scope)> {
        scopes(&f.roots, paths.iter().map(|p| f.base.join(p)))
            .into_iter()
            .map(|(root, scope)| (root.id, scope))
            .collect()
    }

    #[test]
    fn a_changed_photo_rescans_its_folder_only() {
        let f = fixture();
        assert_eq!(
            scopes_of(&f, &["r/2024/a.jpg", "r/2024/gone.jpg"]),
            vec![(1, Scope::Folder(f.base.join("r/2024")))]
        );
    }

    #[test]
    fn a_folder_that_appeared_or_vanished_rescans_its_tree() {
        let f = fixture();
        assert_eq!(
            scopes_of(&f, &["r/2024/sub", "r/2024-trip/gone-folder"]),
            vec![
                (1, Scope::Tree(f.base.join("r/2024/sub"))),
                (1, Scope::Tree(f.base.join("r/2024-trip/gone-folder"))),
            ]
        );
        assert_eq!(
            scopes_of(&f, &["r"]),
            vec![(1, Scope::Tree(f.base.join("r")))],
            "the root itself"
        );
    }

    #[test]
    fn other_files_hidden_entries_and_outsiders_are_ignored() {
        let f = fixture();
        let ignored = [
            "r/2024/notes.txt",
            "r/.hidden/a.jpg",
            "r/2024/.a.jpg",
            "elsewhere/a.jpg",
        ];
        assert_eq!(scopes_of(&f, &ignored), vec![]);
    }

    #[test]
    fn a_file_root_rescans_itself() {
        let f = fixture();
        assert_eq!(
            scopes_of(&f, &["single.jpg"]),
            vec![(2, Scope::File(f.base.join("single.jpg")))]
        );
    }

    #[test]
    fn a_sibling_with_a_shared_prefix_is_its_own_scope() {
        let f = fixture();
        assert_eq!(
            scopes_of(&f, &["r/2024", "r/2024-trip/b.jpg"]),
            vec![
                (1, Scope::Tree(f.base.join("r/2024"))),
                (1, Scope::Folder(f.base.join("r/2024-trip"))),
            ]
        );
    }
}
