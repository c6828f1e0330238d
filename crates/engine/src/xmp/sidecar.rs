//! Which sidecar belongs to which photo, by name, within one folder:
//! - `photo.ext.xmp` (darktable, digiKam's default, Immich) is always that photo's;
//! - `photo.xmp` (Lightroom, digiKam's "compatible" naming) belongs to the photo with that base
//!   name; when a RAW and another file share it (`IMG_1.CR2` + `IMG_1.JPG`) it is the RAW's,
//!   as Lightroom writes it; when several non-RAW files share it, it is nobody's (Shoebox does
//!   not guess);
//! - a photo with both reads and writes `photo.ext.xmp`, the more specific one.
//!
//! The `.xmp` extension matches in any case. A photo without a sidecar gets `photo.ext.xmp`.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use crate::fsutil::open_readonly;
use crate::meta::RAW_EXTENSIONS;

/// Larger sidecars are neither read nor rewritten (darktable's with a long history are well under
/// 1 MB).
pub(crate) const MAX_SIDECAR_BYTES: u64 = 16 << 20;

/// A sidecar's bytes, opened read-only (a FIFO fails instead of blocking); `None` when it is over
/// [`MAX_SIDECAR_BYTES`] (it may have grown since it was looked at).
pub(crate) fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_readonly(path)?
        .take(MAX_SIDECAR_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_SIDECAR_BYTES).then_some(bytes))
}

/// Whether `path` is named like a sidecar.
pub(crate) fn is_sidecar_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

/// The sidecar Shoebox creates for a photo that has none: `photo.ext.xmp`.
pub(crate) fn new_sidecar_path(photo: &Path) -> PathBuf {
    let mut name = photo.as_os_str().to_owned();
    name.push(".xmp");
    PathBuf::from(name)
}

fn is_raw(name: &OsStr) -> bool {
    Path::new(name)
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| RAW_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

/// For the photos of one folder (file names) and the sidecars there (file names), the sidecar
/// index each photo reads, by the rule above.
pub(crate) fn pair(photos: &[&OsStr], sidecars: &[&OsStr]) -> Vec<Option<usize>> {
    let mut out = vec![None; photos.len()];
    let by_name: HashMap<&OsStr, usize> = photos.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // photo stem → photos with that stem (`IMG_1` → IMG_1.CR2, IMG_1.JPG)
    let mut by_stem: HashMap<OsString, Vec<usize>> = HashMap::new();
    for (i, name) in photos.iter().enumerate() {
        if let Some(stem) = Path::new(name).file_stem() {
            by_stem.entry(stem.to_owned()).or_default().push(i);
        }
    }
    let mut short = Vec::new();
    for (s, sidecar) in sidecars.iter().enumerate() {
        let Some(base) = Path::new(sidecar).file_stem() else {
            continue;
        };
        if let Some(&photo) = by_name.get(base) {
            out[photo] = Some(s); // photo.ext.xmp
        } else {
            short.push((s, base));
        }
    }
    for (s, base) in short {
        let Some(candidates) = by_stem.get(base) else {
            continue;
        };
        let raws: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| is_raw(photos[i]))
            .collect();
        let owner = match (raws.as_slice(), candidates.as_slice()) {
            ([raw], _) => Some(*raw),
            ([], [only]) => Some(*only),
            _ => None,
        };
        if let Some(owner) = owner {
            out[owner].get_or_insert(s);
        }
    }
    out
}

/// The sidecar of a photo by looking at the disk (for one file, outside a folder walk).
pub(crate) fn find_for(photo: &Path) -> Option<PathBuf> {
    let dir = photo.parent()?;
    let name = photo.file_name()?;
    let entries = std::fs::read_dir(dir).ok()?;
    let mut photos: Vec<OsString> = vec![name.to_owned()];
    let mut sidecars: Vec<OsString> = Vec::new();
    let stem = Path::new(name).file_stem()?.to_owned();
    for entry in entries.flatten() {
        let n = entry.file_name();
        let path = Path::new(&n);
        if is_sidecar_name(path) {
            sidecars.push(n);
        } else if n != name && path.file_stem() == Some(&stem) {
            photos.push(n);
        }
    }
    let photos_ref: Vec<&OsStr> = photos.iter().map(OsString::as_os_str).collect();
    let sidecars_ref: Vec<&OsStr> = sidecars.iter().map(OsString::as_os_str).collect();
    pair(&photos_ref, &sidecars_ref)[0].map(|s| dir.join(&sidecars[s]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&'static str]) -> Vec<&'static OsStr> {
        list.iter().map(|n| OsStr::new(*n)).collect()
    }

    #[test]
    fn the_naming_rule() {
        let photos = names(&["IMG_1.CR2", "IMG_1.JPG", "a.jpg", "b.jpg", "b.png", "c.jpg"]);
        let sidecars = names(&[
            "IMG_1.xmp",
            "a.jpg.XMP",
            "a.xmp",
            "b.xmp",
            "c.jpg.xmp",
            "orphan.xmp",
        ]);
        let paired = pair(&photos, &sidecars);
        assert_eq!(paired[0], Some(0), "photo.xmp is the RAW's");
        assert_eq!(paired[1], None, "not the JPEG's beside it");
        assert_eq!(paired[2], Some(1), "photo.ext.xmp wins over photo.xmp");
        assert_eq!(
            (paired[3], paired[4]),
            (None, None),
            "two non-RAWs: nobody's"
        );
        assert_eq!(paired[5], Some(4));
        assert!(is_sidecar_name(Path::new("x.XMP")) && !is_sidecar_name(Path::new("xmp")));
        assert_eq!(
            new_sidecar_path(Path::new("/a/b.jpg")),
            PathBuf::from("/a/b.jpg.xmp")
        );
    }

    #[test]
    fn one_file_looks_at_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.nef"), b"x").unwrap();
        std::fs::write(dir.path().join("p.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("p.xmp"), b"x").unwrap();
        assert_eq!(
            find_for(&dir.path().join("p.nef")),
            Some(dir.path().join("p.xmp"))
        );
        assert_eq!(find_for(&dir.path().join("p.jpg")), None);
    }
}
