//! Files into the destination without ever replacing one or showing a half-written one: the bytes
//! go to a hidden temporary file beside the final name, are flushed, then take the first free name
//! (`name.ext`, `name (2).ext`, …) by a rename that refuses to replace (`RENAME_NOREPLACE`; a hard
//! link where the file system lacks it). A failure removes the temporary file.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How a sidecar is named after its photo: `photo.jpg.xmp` or `photo.xmp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SidecarStyle {
    AfterExtension,
    ForExtension,
}

/// A file to place: its stem, extension, how its bytes are written, and an optional sidecar
/// (its own writer) that must take the matching name.
pub(crate) struct NewFile<'a> {
    pub stem: &'a str,
    pub ext: &'a str,
    pub sidecar: Option<SidecarStyle>,
}

/// A temporary file in `dir`, removed on drop unless it was renamed.
struct Temp {
    path: PathBuf,
    placed: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn temp_in(dir: &Path, fill: &mut dyn FnMut(&mut File) -> io::Result<()>) -> io::Result<Temp> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!(".shoebox-export-{}-{n}.part", std::process::id()));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    let temp = Temp {
        path,
        placed: false,
    };
    fill(&mut file)?;
    file.flush()?;
    file.sync_data()?;
    Ok(temp)
}

fn candidate(stem: &str, n: u32, ext: &str) -> String {
    let stem = if n == 1 {
        stem.to_string()
    } else {
        format!("{stem} ({n})")
    };
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

/// Writes `file` into `dir` with `fill` (and its sidecar with `fill_sidecar`); the final path
/// and the bytes written.
pub(crate) fn place(
    dir: &Path,
    file: &NewFile<'_>,
    fill: &mut dyn FnMut(&mut File) -> io::Result<()>,
    fill_sidecar: &mut dyn FnMut(&mut File) -> io::Result<()>,
) -> io::Result<(PathBuf, u64)> {
    let mut main = temp_in(dir, fill)?;
    let mut side = match file.sidecar {
        Some(_) => Some(temp_in(dir, fill_sidecar)?),
        None => None,
    };
    let bytes = std::fs::metadata(&main.path)?.len();
    for n in 1..=10_000 {
        let name = candidate(file.stem, n, file.ext);
        let target = dir.join(&name);
        match rename_noreplace(&main.path, &target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
        main.placed = true;
        let (Some(style), Some(side)) = (file.sidecar, side.as_mut()) else {
            return Ok((target, bytes));
        };
        let side_name = match style {
            SidecarStyle::AfterExtension => format!("{name}.xmp"),
            SidecarStyle::ForExtension => format!("{}.xmp", candidate(file.stem, n, "")),
        };
        match rename_noreplace(&side.path, &dir.join(side_name)) {
            Ok(()) => {
                side.placed = true;
                return Ok((target, bytes));
            }
            Err(e) => {
                // The photo's name is ours (just placed): give it back to its temporary name.
                let back = std::fs::rename(&target, &main.path);
                main.placed = back.is_err();
                if e.kind() != io::ErrorKind::AlreadyExists || back.is_err() {
                    return Err(e);
                }
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("every name from {} to (10000) is taken", file.stem),
    ))
}

/// Renames `from` to `to` unless `to` exists (`AlreadyExists` then).
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
        let (f, t) = (c(from)?, c(to)?);
        // SAFETY: two valid NUL-terminated paths, relative to the current directory.
        let res = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                f.as_ptr(),
                libc::AT_FDCWD,
                t.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if res == 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        if !matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(err);
        }
    }
    // No atomic no-replace rename here: a hard link fails when `to` exists.
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if to.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_gets_a_suffix_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jpg"), b"old").unwrap();
        let new = NewFile {
            stem: "a",
            ext: "jpg",
            sidecar: Some(SidecarStyle::AfterExtension),
        };
        let (path, bytes) = place(dir.path(), &new, &mut |f| f.write_all(b"new"), &mut |f| {
            f.write_all(b"<x/>")
        })
        .unwrap();
        assert_eq!(path, dir.path().join("a (2).jpg"));
        assert_eq!(bytes, 3);
        assert_eq!(std::fs::read(dir.path().join("a.jpg")).unwrap(), b"old");
        assert!(dir.path().join("a (2).jpg.xmp").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "no temporary file is left");
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let new = NewFile {
            stem: "a",
            ext: "jpg",
            sidecar: None,
        };
        let err = place(
            dir.path(),
            &new,
            &mut |_| Err(io::Error::other("disk full")),
            &mut |_| Ok(()),
        );
        assert!(err.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
