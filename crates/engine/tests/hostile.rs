//! Hostile and broken inputs built at test time: the scan finishes, good files are indexed, junk is
//! recorded with a reason, nothing hangs or panics, and nothing under the root is written.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use shoebox_testkit::{camera_exif, exif_block, plain_jpeg, tag, with_exif, ExifValue};

fn good_jpeg(seed: u32) -> Vec<u8> {
    with_exif(
        &plain_jpeg(40, 30, seed),
        &camera_exif("2021:06:01 12:00:00", Some("+02:00"), 1),
    )
}

/// An EXIF block whose IFD0 "next IFD" pointer points back at IFD0.
fn exif_with_ifd_loop() -> Vec<u8> {
    let mut tiff = exif_block(
        &[
            (tag::MAKE, ExifValue::Ascii("Loop".into())),
            (tag::ORIENTATION, ExifValue::Short(6)),
        ],
        &[],
    );
    let count = u16::from_le_bytes([tiff[8], tiff[9]]) as usize;
    let next_at = 8 + 2 + count * 12;
    tiff[next_at..next_at + 4].copy_from_slice(&8u32.to_le_bytes());
    tiff
}

/// An EXIF block whose Exif sub-IFD pointer points far past the end.
fn exif_pointing_past_end() -> Vec<u8> {
    let mut tiff = exif_block(
        &[(tag::MAKE, ExifValue::Ascii("Past".into()))],
        &[(
            tag::DATE_TIME_ORIGINAL,
            ExifValue::Ascii("2020:01:01 00:00:00".into()),
        )],
    );
    let count = u16::from_le_bytes([tiff[8], tiff[9]]) as usize;
    for i in 0..count {
        let entry = 10 + i * 12;
        if u16::from_le_bytes([tiff[entry], tiff[entry + 1]]) == tag::EXIF_IFD {
            tiff[entry + 8..entry + 12].copy_from_slice(&0x0FFF_FFF0u32.to_le_bytes());
        }
    }
    tiff
}

fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// A small real JPEG whose SOF0 is patched to claim `width` x `height`.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = plain_jpeg(16, 16, 8);
    let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

struct Tree {
    root: PathBuf,
    good: Vec<PathBuf>,
    junk: Vec<PathBuf>,
}

fn build_tree(root: &Path) -> Tree {
    let mut good = Vec::new();
    let mut junk = Vec::new();
    let mut put = |rel: &Path, bytes: &[u8], is_good: bool| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        if is_good {
            good.push(path)
        } else {
            junk.push(path)
        }
    };
    put(Path::new("ok/good.jpg"), &good_jpeg(1), true);
    put(
        Path::new("ok/png-named.jpg"),
        &{
            let mut png = std::io::Cursor::new(Vec::new());
            image::RgbImage::new(8, 6)
                .write_to(&mut png, image::ImageFormat::Png)
                .unwrap();
            png.into_inner()
        },
        true,
    );
    put(Path::new("bad/zero.jpg"), b"", false);
    put(
        Path::new("bad/random.jpg"),
        &(0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<_>>(),
        false,
    );
    put(Path::new("bad/truncated.jpg"), &good_jpeg(2)[..120], false);
    put(
        Path::new("bad/huge.png"),
        &png_header(100_000, 100_000),
        false,
    );
    // A JPEG decodes at 1/8 scale, so its claim of 60,000 x 60,000 (3.6 GP, 56 MP at 1/8) is indexed.
    put(
        Path::new("ok/claims-huge.jpg"),
        &jpeg_claiming(60_000, 60_000),
        true,
    );
    // Broken EXIF is not a broken photo: indexed, without the unreadable fields.
    put(
        Path::new("exif/loop.jpg"),
        &with_exif(&plain_jpeg(40, 30, 3), &exif_with_ifd_loop()),
        true,
    );
    put(
        Path::new("exif/past-end.jpg"),
        &with_exif(&plain_jpeg(40, 30, 4), &exif_pointing_past_end()),
        true,
    );
    put(
        Path::new("exif/impossible-date.jpg"),
        &with_exif(
            &plain_jpeg(40, 30, 5),
            &camera_exif("2021:13:45 99:00:00", None, 1),
        ),
        true,
    );
    put(
        Path::new("exif/zero-date.jpg"),
        &with_exif(
            &plain_jpeg(40, 30, 6),
            &camera_exif("0000:00:00 00:00:00", None, 1),
        ),
        true,
    );
    let non_utf8 = Path::new(OsStr::from_bytes(b"names/caf\xe9 \xff.jpg"));
    put(non_utf8, &good_jpeg(7), true);
    put(
        &Path::new("names").join(format!("{}.jpg", "x".repeat(251))),
        &good_jpeg(8),
        true,
    );
    let deep: PathBuf = (0..60).map(|i| format!("d{i}")).collect();
    put(&deep.join("deep.jpg"), &good_jpeg(9), true);

    let special = root.join("special");
    std::fs::create_dir_all(&special).unwrap();
    let fifo = special.join("fifo.jpg");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    junk.push(fifo);
    symlink("b.jpg", special.join("a.jpg")).unwrap();
    symlink("a.jpg", special.join("b.jpg")).unwrap();
    symlink("missing.jpg", special.join("dangling.jpg")).unwrap();
    symlink("..", special.join("parent-loop")).unwrap();
    junk.extend([
        special.join("a.jpg"),
        special.join("b.jpg"),
        special.join("dangling.jpg"),
    ]);
    Tree {
        root: root.to_path_buf(),
        good,
        junk,
    }
}

/// Every entry under `root` with its size and mtime, to prove the scan wrote nothing.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (u64, i128)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            let mtime = meta
                .modified()
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as i128;
            out.insert(entry.path(), (meta.len(), mtime));
            if meta.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    out
}

#[test]
fn hostile_tree_is_scanned_to_the_end_with_every_failure_recorded() {
    let photos = tempfile::tempdir().unwrap();
    let tree = build_tree(photos.path());
    let before = snapshot(&tree.root);
    let (_lib_dir, library) = common::temp_library();
    let library = std::sync::Arc::new(library);

    let (tx, rx) = mpsc::channel();
    let (lib, root) = (library.clone(), tree.root.clone());
    std::thread::spawn(move || tx.send(common::scan(&lib, &[root])).unwrap());
    let report = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("scan finished within 60 s (no hang on FIFO or links)");

    for path in &tree.good {
        let photo = library
            .photo_by_path(path)
            .unwrap_or_else(|e| panic!("{} not indexed: {e}", path.display()));
        assert!(photo.width > 0 && photo.height > 0);
    }
    let failed: Vec<&PathBuf> = report.errors.iter().map(|e| &e.path).collect();
    for path in &tree.junk {
        assert!(
            library.photo_by_path(path).is_err(),
            "{} must not be indexed",
            path.display()
        );
        let canonical = std::fs::canonicalize(path.parent().unwrap())
            .unwrap()
            .join(path.file_name().unwrap());
        assert!(
            failed.contains(&&canonical),
            "{} must be recorded; errors: {:#?}",
            path.display(),
            report.errors
        );
    }
    assert_eq!(report.added as usize, tree.good.len());
    assert_eq!(report.failed as usize, tree.junk.len());
    assert!(report.errors.iter().all(|e| !e.error.is_empty()));
    let reason = |name: &str| {
        report
            .errors
            .iter()
            .find(|e| e.path.ends_with(name))
            .map(|e| e.error.clone())
            .unwrap()
    };
    assert!(
        reason("huge.png").contains("limit"),
        "{}",
        reason("huge.png")
    );
    assert!(
        reason("fifo.jpg").contains("fifo"),
        "{}",
        reason("fifo.jpg")
    );
    assert!(
        reason("dangling.jpg").contains("dangling"),
        "{}",
        reason("dangling.jpg")
    );
    assert!(reason("a.jpg").contains("loop"), "{}", reason("a.jpg"));
    assert!(
        reason("zero.jpg").contains("empty"),
        "{}",
        reason("zero.jpg")
    );

    // Broken EXIF keeps the photo, falls back to the file date and says why.
    let looped = library
        .photo_by_path(&tree.root.join("exif/loop.jpg"))
        .unwrap();
    assert!(!looped.capture.is_dated(), "{:?}", looped.capture);
    let past = library
        .photo_by_path(&tree.root.join("exif/past-end.jpg"))
        .unwrap();
    assert_eq!(
        past.camera.make.as_deref(),
        Some("Past"),
        "IFD0 fields survive a bad sub-IFD pointer"
    );
    assert!(past.meta_warning.is_some());
    for name in ["impossible-date.jpg", "zero-date.jpg"] {
        let photo = library
            .photo_by_path(&tree.root.join("exif").join(name))
            .unwrap();
        assert!(
            !photo.capture.is_dated(),
            "{name} falls back to the file time"
        );
        assert_eq!(photo.camera.make.as_deref(), Some("Shoebox"));
    }
    let png = library
        .photo_by_path(&tree.root.join("ok/png-named.jpg"))
        .unwrap();
    assert_eq!(
        (png.format.as_str(), png.width, png.height),
        ("png", 8, 6),
        "format is sniffed from content"
    );

    assert_eq!(
        snapshot(&tree.root),
        before,
        "the scan wrote nothing under the root"
    );

    // A rescan opens nothing: known failures are remembered with their (size, mtime).
    let again = common::scan(&library, &[]);
    assert_eq!(again.opened, 0, "{again:?}");
    assert_eq!(again.failed as usize, tree.junk.len());
}

#[test]
fn missing_root_is_an_error_of_the_call() {
    let (_dir, library) = common::temp_library();
    let err = library
        .scan(
            &[PathBuf::from("/definitely/not/here")],
            &shoebox_engine::CancelToken::new(),
            &shoebox_engine::no_progress(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("no such file"), "{err}");
}
