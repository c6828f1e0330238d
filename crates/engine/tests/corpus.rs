//! The real-photo corpus (`../shared/corpus`): indexed sizes, dates and cameras match MANIFEST.tsv.

mod common;

use std::collections::HashMap;

use shoebox_engine::{Library, PhotoState};

struct Row {
    path: String,
    format: String,
    width: String,
    height: String,
    orientation: String,
    datetime_original: String,
    make: String,
    model: String,
    note: String,
}

impl Row {
    /// The manifest's stored width and height, swapped when its EXIF orientation is 5–8.
    fn displayed_size(&self) -> Option<(u32, u32)> {
        let (w, h): (u32, u32) = (self.width.parse().ok()?, self.height.parse().ok()?);
        let turned = self
            .orientation
            .parse::<u16>()
            .is_ok_and(|o| (5..=8).contains(&o));
        Some(if turned { (h, w) } else { (w, h) })
    }
}

fn manifest() -> Vec<Row> {
    let text = std::fs::read_to_string(common::corpus_dir().join("MANIFEST.tsv"))
        .expect("corpus MANIFEST.tsv");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Row {
                path: f[0].into(),
                format: f[4].into(),
                width: f[5].into(),
                height: f[6].into(),
                orientation: f[7].into(),
                datetime_original: f[8].into(),
                make: f[9].into(),
                model: f[10].into(),
                note: f[12].into(),
            }
        })
        .collect()
}

/// Files whose capture date (and camera) exist only in vendor-specific blocks Shoebox does not parse
/// (exiftool reads them from the group named). They are indexed with the file date instead.
const VENDOR_ONLY_METADATA: &[(&str, &str)] = &[(
    "exif-samples/jpg/exif-org/olympus-d320l.jpg",
    "date only in Olympus PictureInfo (APP segment text)",
)];

/// Where the photo's capture date (when the manifest has one, from one of `sources`) or camera
/// differs from the manifest's.
fn date_and_camera_mismatches(
    row: &Row,
    photo: &shoebox_engine::Photo,
    sources: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    if !row.datetime_original.is_empty() {
        let ours = photo
            .capture
            .taken_at
            .format("%Y:%m:%d %H:%M:%S")
            .to_string();
        if ours != row.datetime_original[..19] || !sources.contains(&photo.capture.source.as_str())
        {
            out.push(format!(
                "{} ({}): date {ours} ({}) != {}",
                row.path, row.format, photo.capture.source, row.datetime_original
            ));
        }
    }
    if photo.camera.make.as_deref().unwrap_or("") != row.make.trim()
        || photo.camera.model.as_deref().unwrap_or("") != row.model.trim()
    {
        out.push(format!(
            "{} ({}): camera {:?} {:?} != {:?} {:?}",
            row.path, row.format, photo.camera.make, photo.camera.model, row.make, row.model
        ));
    }
    out
}

/// `display=WxH` from the ImageMagick part of the note.
fn display_size(note: &str) -> Option<(u32, u32)> {
    let rest = &note[note.find("display=")? + 8..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != 'x')
        .unwrap_or(rest.len());
    let (w, h) = rest[..end].split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

#[test]
fn every_im6_ok_jpeg_matches_the_manifest() {
    let corpus = common::corpus_dir();
    let (_dir, library) = common::temp_library();
    let report = common::scan(&library, std::slice::from_ref(&corpus));
    assert!(
        report.added > 150,
        "most of the corpus is indexed: {report:?}"
    );

    let mut checked = 0;
    let mut mismatches = Vec::new();
    for row in manifest()
        .iter()
        .filter(|r| r.format == "JPEG" && r.note.contains("im6:ok"))
    {
        let photo = library
            .photo_by_path(&corpus.join(&row.path))
            .unwrap_or_else(|e| panic!("{} not indexed: {e}", row.path));
        assert_eq!(photo.state, PhotoState::Active);
        let expected = display_size(&row.note).expect("display size in note");
        if (photo.width, photo.height) != expected {
            mismatches.push(format!(
                "{}: size {}x{} != {:?}",
                row.path, photo.width, photo.height, expected
            ));
        }
        if let Some(reason) = VENDOR_ONLY_METADATA
            .iter()
            .find(|(path, _)| *path == row.path)
            .map(|(_, why)| why)
        {
            // Documented gap: the date/camera live only in a maker-specific block. They must fall back cleanly.
            assert!(!photo.capture.is_dated(), "{}: {reason}", row.path);
            continue;
        }
        // A date in the future or before photography is not used (issue 18): the photo falls back.
        let year: i32 = row
            .datetime_original
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(0);
        let now_year = chrono_year_now();
        if !row.datetime_original.is_empty() && !(1826..=now_year).contains(&year) {
            if photo.capture.source.as_str() == "exif" {
                mismatches.push(format!(
                    "{}: implausible date {} used",
                    row.path, row.datetime_original
                ));
            }
            continue;
        }
        mismatches.extend(date_and_camera_mismatches(row, &photo, &["exif", "xmp"]));
        checked += 1;
    }
    assert!(checked >= 120, "checked {checked} JPEGs");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Files whose displayed size the manifest's (stored) width, height and EXIF orientation do not give.
const OTHER_SIZE_EXCEPTIONS: &[(&str, &str)] = &[
    (
        "pillow/Tests/images/avif/rot1mir0.avif",
        "rotated by its irot box only (640x427 as displayed); the manifest lists the stored size",
    ),
    (
        "exiftool/t/images/FujiFilm.raf",
        "sized by the embedded JPEG's EXIF; the manifest has the raw sensor size from the RAF directory",
    ),
];

/// Every other format the scanner reads (WebP, PNG, TIFF, HEIC/HEIF/AVIF, RAW, MPO, GIF): the
/// EXIF date, camera and displayed size agree with the manifest (exiftool), through the container
/// readers.
#[test]
fn every_other_format_matches_the_manifest_date_camera_and_size() {
    let corpus = common::corpus_dir();
    let (_dir, library) = common::temp_library();
    common::scan(&library, std::slice::from_ref(&corpus));
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for row in manifest().iter().filter(|r| r.format != "JPEG") {
        if shoebox_engine::meta::candidate_extension(std::path::Path::new(&row.path)).is_none() {
            continue;
        }
        let Ok(photo) = library.photo_by_path(&corpus.join(&row.path)) else {
            continue; // recorded as a failure: the test above accounts for it
        };
        checked += 1;
        mismatches.extend(date_and_camera_mismatches(row, &photo, &["exif"]));
        if let Some(why) = OTHER_SIZE_EXCEPTIONS
            .iter()
            .find(|(path, _)| *path == row.path)
            .map(|(_, why)| why)
        {
            assert!(photo.width > 0, "{}: {why}", row.path);
        } else if let Some(expected) = row.displayed_size() {
            if (photo.width, photo.height) != expected {
                mismatches.push(format!(
                    "{} ({}): size {}x{} != {expected:?}",
                    row.path, row.format, photo.width, photo.height
                ));
            }
        }
    }
    assert!(checked >= 70, "checked {checked} files");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_corpus_file_is_indexed_or_recorded_never_lost() {
    let corpus = common::corpus_dir();
    let (_dir, library) = common::temp_library();
    let report = common::scan(&library, std::slice::from_ref(&corpus));
    let errors: HashMap<String, String> = report
        .errors
        .iter()
        .map(|e| {
            (
                e.path
                    .strip_prefix(std::fs::canonicalize(&corpus).unwrap())
                    .unwrap()
                    .display()
                    .to_string(),
                e.error.clone(),
            )
        })
        .collect();
    let mut unaccounted = Vec::new();
    for row in manifest() {
        if shoebox_engine::meta::candidate_extension(std::path::Path::new(&row.path)).is_none() {
            continue; // e.g. .jxl, not a format Shoebox looks at
        }
        let indexed = library.photo_by_path(&corpus.join(&row.path)).is_ok();
        if !indexed && !errors.contains_key(&row.path) {
            unaccounted.push(row.path.clone());
        }
    }
    assert!(
        unaccounted.is_empty(),
        "neither indexed nor recorded: {unaccounted:?}"
    );
    assert_eq!(report.seen, report.added + report.failed);
    for (path, error) in &errors {
        assert!(!error.is_empty(), "{path} has an empty reason");
    }
}

#[test]
fn rescan_of_the_unchanged_corpus_opens_nothing() {
    let corpus = common::corpus_dir();
    let (_dir, library) = common::temp_library();
    let first = common::scan(&library, &[corpus]);
    let second = common::scan(&library, &[]);
    assert_eq!(second.opened, 0, "{second:?}");
    assert_eq!(second.unchanged, first.added);
    assert_eq!(
        second.failed, first.failed,
        "known failures are still reported"
    );
    assert_eq!((second.added, second.updated, second.removed), (0, 0, 0));
}

#[test]
fn exif_orientation_swaps_displayed_size() {
    let corpus = common::corpus_dir();
    let (_dir, library) = common::temp_library();
    common::scan(&library, &[corpus.join("exif-orientation-examples")]);
    for n in 1..=8 {
        let photo: shoebox_engine::Photo = library
            .photo_by_path(&corpus.join(format!("exif-orientation-examples/Landscape_{n}.jpg")))
            .unwrap();
        assert_eq!(photo.orientation, n);
        assert_eq!(
            (photo.width, photo.height),
            (1800, 1200),
            "Landscape_{n} displays landscape"
        );
    }
    let _ = Library::month_start;
}

/// This year, from the system clock (the corpus manifest has dates in the future).
fn chrono_year_now() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    1970 + (secs / 31_556_952) as i32
}
