//! The system trash (the freedesktop trash on Linux, through the `trash` crate): move a file in and
//! check it left, find the trash's own record of it, and move it back, beside its old path with a
//! suffix when that path is taken. Nothing here ever deletes a file: a volume whose trash cannot
//! be used is refused.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// The XMP sidecars a photo may have: `photo.ext.xmp` and `photo.xmp` (either case), those there.
pub fn sidecars(path: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut names = Vec::new();
    for ext in ["xmp", "XMP"] {
        let mut long = path.as_os_str().to_owned();
        long.push(format!(".{ext}"));
        names.push(PathBuf::from(long));
        names.push(path.with_extension(ext));
    }
    for name in names {
        if name != path && !found.contains(&name) && name.symlink_metadata().is_ok() {
            found.push(name);
        }
    }
    found
}

fn gone(path: &Path) -> bool {
    matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// Moves `path` to the system trash and checks it left: the trash's reference to it (on
/// freedesktop, its `.trashinfo` path), or why it stayed.
pub fn move_to_trash(path: &Path) -> Result<Vec<u8>, String> {
    if gone(path) {
        return Err("the file is already gone".into());
    }
    if let Err(e) = trash::delete(path) {
        return Err(format!(
            "the system trash refused it, so it stays where it is (Shoebox never deletes a file): {e}"
        ));
    }
    if !gone(path) {
        return Err("the file is still in place after the move to the trash".into());
    }
    find(path)?.ok_or_else(|| "moved, but the trash holds no record of it".to_string())
}

/// The trash's reference to the newest item trashed from `path`, if it holds one.
pub fn find(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let items = trash::os_limited::list().map_err(|e| format!("cannot list the trash: {e}"))?;
    Ok(items
        .into_iter()
        .filter(|item| item.original_path() == path)
        .max_by_key(|item| (item.time_deleted, item.id.clone()))
        .map(|item| item.id.into_vec()))
}

/// A free name beside `path`: `name.restored.ext`, then `name.restored-2.ext`, … (`taken` says
/// whether something else claims a path).
pub fn beside(path: &Path, taken: &dyn Fn(&Path) -> bool) -> PathBuf {
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                "restored".to_string()
            } else {
                format!("restored-{n}")
            };
            path.with_file_name(format!("{stem}.{suffix}{ext}"))
        })
        .find(|p| gone(p) && !taken(p))
        .unwrap_or_else(|| unreachable!("some suffix is free"))
}

/// Moves the trashed file `trash_ref` back to `original`, or beside it when that is taken (by a
/// file, or by whatever `taken` says); where it went.
pub fn put_back(
    trash_ref: &[u8],
    original: &Path,
    taken: &dyn Fn(&Path) -> bool,
) -> Result<PathBuf, String> {
    let id = OsString::from_vec(trash_ref.to_vec());
    let items = trash::os_limited::list().map_err(|e| format!("cannot list the trash: {e}"))?;
    let Some(mut item) = items.into_iter().find(|item| item.id == id) else {
        return Err(format!(
            "it is no longer in the trash (emptied, or put back elsewhere): {}",
            Path::new(std::ffi::OsStr::from_bytes(trash_ref)).display()
        ));
    };
    let mut target = item.original_path();
    if target != original || !gone(&target) || taken(&target) {
        target = if gone(original) && !taken(original) {
            original.to_path_buf()
        } else {
            beside(original, taken)
        };
    }
    item.original_parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
    item.name = target.file_name().unwrap_or_default().to_owned();
    trash::os_limited::restore_all([item]).map_err(|e| format!("cannot put it back: {e}"))?;
    Ok(target)
}
