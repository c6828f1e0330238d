//! From changed paths to scan scopes: the folder of a changed photo file, the whole tree of a folder
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
        let is_photo_name = candidate_extension(&path).is_some();
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
