//! `library.failures()`: every scan and decode failure listed with its stage, path, reason and photo
//! id; the per-photo lookups a tile uses; stale failures (the file was fixed) are not listed.

mod common;

use common::{jpeg, make, write};

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use shoebox_engine::{FailureStage, Library, Tier};

struct Fixture {
    _dir: tempfile::TempDir,
    library: Library,
    good: PathBuf,
    truncated: PathBuf,
    garbage: PathBuf,
    full: Vec<u8>,
}

/// A PNG of `width` x `height` pixels of a gradient.
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, (x ^ y) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A folder with a good photo, a PNG cut short (scans, fails to decode: a JPEG cut short is shown
/// as far as it goes) and a file with a JPEG name and no image in it, named with bytes that are not
/// UTF-8 (fails the scan).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let good = write(&photos, OsStr::new("good.jpg"), &jpeg(64, 48, 1));
    let full = png(400, 300);
    let truncated = write(
        &photos,
        OsStr::new("truncated.png"),
        &full[..full.len() * 2 / 5],
    );
    let garbage = write(
        &photos,
        OsStr::from_bytes(b"not-an-image-\xff\xfe.jpg"),
        b"this is plain text, not a JPEG",
    );
    let library =
        common::open_with_cache(&dir.path().join("library.db"), &dir.path().join("cache")).unwrap();
    let report = common::scan(&library, &[photos]);
    assert_eq!((report.added, report.failed), (2, 1), "{:?}", report.errors);
    make(&library, Tier::Grid);
    Fixture {
        _dir: dir,
        library,
        good,
        truncated,
        garbage,
        full,
    }
}

#[test]
fn every_scan_and_decode_failure_is_listed_with_stage_path_reason_and_photo() {
    let f = fixture();
    let failures = f.library.failures().list().unwrap();
    assert_eq!(failures.len(), 2, "{failures:?}");

    let scan = &failures[0];
    assert_eq!(scan.stage, FailureStage::Scan);
    assert_eq!(scan.stage.as_str(), "scan");
    let canonical_dir = std::fs::canonicalize(f.garbage.parent().unwrap()).unwrap();
    assert_eq!(
        scan.path,
        canonical_dir.join(f.garbage.file_name().unwrap()),
        "non-UTF-8 names round-trip"
    );
    assert!(!scan.reason.is_empty());
    assert_eq!(
        scan.photo_id, None,
        "a file that never scanned has no photo"
    );
    assert!(scan.at.is_some_and(|at| at > 1_600_000_000));

    let decode = &failures[1];
    let truncated = f.library.photo_by_path(&f.truncated).unwrap();
    assert_eq!(decode.stage, FailureStage::Decode);
    assert_eq!(decode.stage.as_str(), "decode");
    assert_eq!(decode.photo_id, Some(truncated.id));
    assert_eq!(decode.path, truncated.path);
    assert!(!decode.reason.is_empty() && decode.at.is_some());
}

#[test]
fn a_tile_can_ask_why_one_photo_or_which_of_a_page_has_no_thumbnail() {
    let f = fixture();
    let good = f.library.photo_by_path(&f.good).unwrap().id;
    let broken = f.library.photo_by_path(&f.truncated).unwrap().id;
    let failures = f.library.failures();

    let reason = failures.reason(broken).unwrap().expect("a reason");
    assert_eq!(
        Some(&reason),
        failures.list().unwrap().last().map(|x| &x.reason)
    );
    assert_eq!(failures.reason(good).unwrap(), None);
    for unknown in [0, -1, i64::MAX, i64::MIN] {
        assert_eq!(failures.reason(unknown).unwrap(), None, "id {unknown}");
    }

    let page = failures
        .failed_ids(&[good, broken, 987_654, -3, broken])
        .unwrap();
    assert_eq!(page.len(), 1, "{page:?}");
    assert_eq!(page.get(&broken), Some(&reason));
    assert!(failures.failed_ids(&[]).unwrap().is_empty());
    let many: Vec<i64> = (0..5_000).chain([broken]).collect();
    assert_eq!(failures.failed_ids(&many).unwrap().len(), 1);
}

#[test]
fn a_fixed_file_leaves_the_list() {
    let f = fixture();
    std::fs::write(&f.truncated, &f.full).unwrap();
    std::fs::write(&f.garbage, jpeg(32, 32, 4)).unwrap();
    let report = common::scan(&f.library, &[]);
    assert_eq!(report.failed, 0, "{:?}", report.errors);
    let id = f.library.photo_by_path(&f.truncated).unwrap().id;
    assert_eq!(
        f.library.failures().reason(id).unwrap(),
        None,
        "a failure recorded for an older version no longer holds"
    );
    make(&f.library, Tier::Grid);
    assert_eq!(f.library.failures().list().unwrap(), vec![]);
    assert!(f.library.failures().failed_ids(&[id]).unwrap().is_empty());
}

#[test]
fn a_fresh_library_has_no_failures() {
    let (_dir, library) = common::temp_library();
    assert!(library.failures().list().unwrap().is_empty());
    assert_eq!(library.failures().reason(1).unwrap(), None);
}
