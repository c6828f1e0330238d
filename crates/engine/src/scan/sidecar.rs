//! A photo's XMP sidecar during a scan: its identity for the unchanged check (size and mtime; a
//! sidecar that is not a regular file has a fixed stand-in so it is reported once, not on every
//! scan), and its reading: bounded in size, opened read-only, never a FIFO or a device.

use std::fs;

use super::walk::{EntryKind, Sidecar};
use crate::db::xmp::SidecarSeen;
use crate::fsutil::mtime_ns;
use crate::paths;
use crate::xmp::sidecar::{read_capped, MAX_SIDECAR_BYTES};
use crate::xmp::{read, Said};

/// The stand-in identity of a sidecar that is not a regular file.
const NOT_A_FILE: (i64, i64) = (-1, -1);

/// `(size, mtime_ns)` of the sidecar as it is now; `None` when it is gone.
pub(crate) fn identity(sidecar: &Sidecar) -> Option<(i64, i64)> {
    let stat = |m: fs::Metadata| {
        if m.is_file() {
            (m.len() as i64, mtime_ns(&m))
        } else {
            NOT_A_FILE
        }
    };
    match sidecar.kind {
        EntryKind::File(Some(stat)) => Some(stat),
        EntryKind::File(None) => fs::symlink_metadata(&sidecar.path).ok().map(stat),
        EntryKind::Symlink => match fs::metadata(&sidecar.path) {
            Ok(m) => Some(stat(m)),
            Err(_) => Some(NOT_A_FILE),
        },
        EntryKind::Special(_) => Some(NOT_A_FILE),
    }
}

/// A sidecar read by the scan.
#[derive(Debug)]
pub(crate) struct SidecarRead {
    pub seen: SidecarSeen,
    /// Modification time, Unix seconds.
    pub mtime: i64,
    /// What it says; `None` when it could not be used (the library keeps what it had).
    pub said: Option<Said>,
    /// Its bytes, for the date and GPS fallbacks.
    pub bytes: Option<Vec<u8>>,
    pub warnings: Vec<String>,
}

/// Reads the sidecar whose identity is `(size, mtime_ns)`.
pub(crate) fn read_sidecar(sidecar: &Sidecar, (size, mtime_ns): (i64, i64)) -> SidecarRead {
    let mut out = SidecarRead {
        seen: SidecarSeen {
            path: paths::to_bytes(&sidecar.path),
            size,
            mtime_ns,
            hash: [0; 32],
        },
        mtime: mtime_ns.div_euclid(1_000_000_000),
        said: None,
        bytes: None,
        warnings: Vec::new(),
    };
    let name = sidecar
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if (size, mtime_ns) == NOT_A_FILE {
        out.warnings
            .push(format!("sidecar {name} is not a regular file; not read"));
        return out;
    }
    if size as u64 > MAX_SIDECAR_BYTES {
        out.warnings.push(format!(
            "sidecar {name} is {:.1} MB, over the {} MB limit; not read",
            size as f64 / 1e6,
            MAX_SIDECAR_BYTES >> 20
        ));
        return out;
    }
    let bytes = match read_capped(&sidecar.path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            out.warnings
                .push(format!("sidecar {name} grew over the size limit; not read"));
            return out;
        }
        Err(e) => {
            out.warnings
                .push(format!("sidecar {name} could not be read: {e}"));
            return out;
        }
    };
    out.seen.hash = *blake3::hash(&bytes).as_bytes();
    match read::xmp(&bytes) {
        Ok(reading) => {
            out.warnings.extend(
                reading
                    .warnings
                    .into_iter()
                    .map(|w| format!("sidecar {name}: {w}")),
            );
            out.said = Some(reading.said);
        }
        Err(e) => out.warnings.push(format!("sidecar {name} skipped: {e}")),
    }
    out.bytes = Some(bytes);
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn sidecar(path: PathBuf, kind: EntryKind) -> Sidecar {
        Sidecar { path, kind }
    }

    #[test]
    fn hostile_sidecars_are_warned_about_and_never_hang() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.jpg.xmp");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let s = sidecar(fifo.clone(), EntryKind::File(None));
        let id = identity(&s).unwrap();
        let r = read_sidecar(&s, id);
        assert!(r.said.is_none() && r.warnings[0].contains("not a regular file"));

        let big = dir.path().join("b.jpg.xmp");
        let f = fs::File::create(&big).unwrap();
        f.set_len(50 << 20).unwrap();
        let s = sidecar(big, EntryKind::File(None));
        let r = read_sidecar(&s, identity(&s).unwrap());
        assert!(
            r.warnings[0].contains("over the 16 MB limit"),
            "{:?}",
            r.warnings
        );
        assert!(r.bytes.is_none());

        let broken = dir.path().join("c.jpg.xmp");
        fs::write(&broken, b"<x:xmpmeta><rdf:RDF>").unwrap();
        let s = sidecar(broken, EntryKind::File(None));
        let r = read_sidecar(&s, identity(&s).unwrap());
        assert!(
            r.said.is_none() && r.warnings[0].contains("skipped"),
            "{:?}",
            r.warnings
        );
        assert_ne!(r.seen.hash, [0; 32]);
    }
}
