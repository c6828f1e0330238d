//! What a restore does with each photo of the snapshot: where it goes (its root's folder name kept
//! under the restore folder), whether the library already holds its bytes, whether a file at its
//! place already is it (an earlier run: skipped) or is something else (kept; the restored copy goes
//! beside it with a suffix), and which object in the bucket it comes from.

use std::collections::{HashMap, HashSet};

/// The library's photos whose file is in place, by content: hash → photo id.
pub type Present = HashMap<[u8; 32], i64>;

/// Which of the library's photos (hash, id, path, size) have their file in place with that size:
/// a row whose file is missing (a restore killed before its download) does not count.
pub fn present(rows: Vec<crate::db::restore::LibraryPhoto>) -> Present {
    let mut found: Vec<([u8; 32], i64)> = rows
        .into_par_iter()
        .filter(|(_, _, path, size)| {
            std::fs::metadata(paths::from_bytes(path))
                .is_ok_and(|m| m.is_file() && m.len() == *size)
        })
        .map(|(hash, id, _, _)| (hash, id))
        .collect();
    found.sort_by_key(|(_, id)| std::cmp::Reverse(*id));
    found.into_iter().collect()
}
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::db::restore::{SnapFolder, SnapPhoto, SnapRoot};
use crate::paths;

/// Where each root of the snapshot comes back: `dest/<the root's own name>` (a suffix when two
/// roots share a name).
pub fn root_places(roots: &[SnapRoot], dest: &Path) -> HashMap<i64, PathBuf> {
    let mut used = HashSet::new();
    let mut places = HashMap::new();
    for root in roots {
        let path = paths::from_bytes(&root.path);
        let name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| OsString::from("root"));
        let mut candidate = name.clone();
        let mut n = 2;
        while !used.insert(candidate.clone()) {
            candidate = name.clone();
            candidate.push(format!("-{n}"));
            n += 1;
        }
        places.insert(root.id, dest.join(candidate));
    }
    places
}

/// The new place of a path that was under `root` (`root` itself for a single-file root).
pub fn moved(old: &[u8], root: &SnapRoot, place: &Path) -> PathBuf {
    let old = paths::from_bytes(old);
    let root_path = paths::from_bytes(&root.path);
    if root.is_file {
        // A file root: the file is the place; its folder is the restore folder.
        return if old == root_path {
            place.to_path_buf()
        } else {
            place.parent().unwrap_or(place).to_path_buf()
        };
    }
    match old.strip_prefix(&root_path) {
        Ok(rest) if rest.as_os_str().is_empty() => place.to_path_buf(),
        Ok(rest) => place.join(rest),
        Err(_) => place.join(old.file_name().unwrap_or_default()),
    }
}

/// The new place of every folder of the snapshot.
pub fn folder_places(
    folders: &[SnapFolder],
    roots: &HashMap<i64, SnapRoot>,
    places: &HashMap<i64, PathBuf>,
) -> HashMap<i64, PathBuf> {
    folders
        .iter()
        .filter_map(|f| {
            let root = roots.get(&f.root_id)?;
            Some((f.id, moved(&f.path, root, places.get(&f.root_id)?)))
        })
        .collect()
}

/// What is at a photo's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Nothing: the restored file goes there.
    Free,
    /// The very bytes (an earlier run restored it, or the same file was there): skip.
    Same,
    /// A different file: kept, never overwritten.
    Taken,
}

pub fn settle(path: &Path, hash: &[u8; 32], size: u64) -> Settled {
    match std::fs::symlink_metadata(path) {
        Err(_) => Settled::Free,
        Ok(meta) if !meta.is_file() || meta.len() != size => Settled::Taken,
        Ok(_) => match hash_file(path) {
            Ok(got) if got == *hash => Settled::Same,
            _ => Settled::Taken,
        },
    }
}

pub fn hash_file(path: &Path) -> std::io::Result<[u8; 32]> {
    let mut file = crate::fsutil::open_readonly(path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(*hasher.finalize().as_bytes())
}

/// `name.restored.ext`, `name.restored-2.ext`, … beside `path`.
fn beside(path: &Path, n: u32) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_os_string();
    let mut name = stem;
    name.push(if n == 1 {
        ".restored".to_string()
    } else {
        format!(".restored-{n}")
    });
    if let Some(ext) = path.extension() {
        name.push(".");
        name.push(ext);
    }
    path.with_file_name(name)
}

/// One photo's outcome of the plan.
#[derive(Debug, Clone)]
pub struct Placed {
    pub photo: SnapPhoto,
    /// The library already holds these bytes (this photo of it): no file, no new row.
    pub present: Option<i64>,
    /// Where the restored file is or goes.
    pub path: PathBuf,
    pub settled: Settled,
    /// The existing different file at the photo's own place, when the restored one went beside it.
    pub conflict: Option<PathBuf>,
}

/// Places every photo: `present` holds the library's content hashes; `check_files` looks at what is
/// on disk (off for a restore of the library's data alone).
pub fn place(
    photos: Vec<SnapPhoto>,
    roots: &HashMap<i64, SnapRoot>,
    places: &HashMap<i64, PathBuf>,
    present: &Present,
    check_files: bool,
) -> Vec<Placed> {
    photos
        .into_par_iter()
        .filter_map(|photo| {
            let root = roots.get(&photo.root_id)?;
            let own = moved(&photo.path, root, places.get(&photo.root_id)?);
            if let Some(&id) = present.get(&photo.hash) {
                return Some(Placed {
                    photo,
                    present: Some(id),
                    path: own,
                    settled: Settled::Same,
                    conflict: None,
                });
            }
            if !check_files {
                return Some(Placed {
                    photo,
                    present: None,
                    path: own,
                    settled: Settled::Free,
                    conflict: None,
                });
            }
            let mut path = own.clone();
            let mut n = 1;
            let settled = loop {
                match settle(&path, &photo.hash, photo.size) {
                    Settled::Taken if n < 100 => {
                        path = beside(&own, n);
                        n += 1;
                    }
                    other => break other,
                }
            };
            let conflict = (path != own).then_some(own);
            Some(Placed {
                photo,
                present: None,
                path,
                settled,
                conflict,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_keep_their_names_and_paths_follow() {
        let roots = vec![
            SnapRoot {
                id: 1,
                path: b"/home/anna/Pictures".to_vec(),
                is_file: false,
            },
            SnapRoot {
                id: 2,
                path: b"/mnt/old/Pictures".to_vec(),
                is_file: false,
            },
            SnapRoot {
                id: 3,
                path: b"/tmp/one.jpg".to_vec(),
                is_file: true,
            },
        ];
        let places = root_places(&roots, Path::new("/r"));
        assert_eq!(places[&1], Path::new("/r/Pictures"));
        assert_eq!(places[&2], Path::new("/r/Pictures-2"));
        assert_eq!(
            moved(b"/home/anna/Pictures/2020/a.jpg", &roots[0], &places[&1]),
            Path::new("/r/Pictures/2020/a.jpg")
        );
        assert_eq!(
            moved(b"/tmp/one.jpg", &roots[2], &places[&3]),
            Path::new("/r/one.jpg")
        );
        assert_eq!(
            beside(Path::new("/r/a.jpg"), 1),
            Path::new("/r/a.restored.jpg")
        );
        assert_eq!(
            beside(Path::new("/r/a.jpg"), 2),
            Path::new("/r/a.restored-2.jpg")
        );
    }
}
