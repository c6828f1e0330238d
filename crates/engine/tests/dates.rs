//! Dates a user can trust (issue 18): the capture-date fallbacks in order, implausible dates
//! skipped, and undated photos (file times only) listed after every dated one, in no month.

mod common;

use std::fs::{File, FileTimes};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{scan, temp_library};
use shoebox_engine::meta::DateSource;
use shoebox_engine::{Cursor, Library, Photo, PhotoFilter, TimelineQuery};
use shoebox_testkit::{camera_exif, plain_jpeg, with_exif};

/// `jpeg` with an APP1/APP13 segment inserted after SOI.
fn with_segment(jpeg: &[u8], marker: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, marker];
    out.extend(((body.len() + 2) as u16).to_be_bytes());
    out.extend(body);
    out.extend(&jpeg[2..]);
    out
}

fn with_xmp(jpeg: &[u8], property: &str, value: &str) -> Vec<u8> {
    let mut body = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    body.extend(
        format!(r#"<x:xmpmeta><rdf:Description {property}="{value}"/></x:xmpmeta>"#).bytes(),
    );
    with_segment(jpeg, 0xE1, &body)
}

fn with_iptc(jpeg: &[u8], date: &str, time: &str) -> Vec<u8> {
    let mut iim = Vec::new();
    for (dataset, value) in [(55u8, date), (60, time)] {
        iim.extend([0x1C, 2, dataset]);
        iim.extend((value.len() as u16).to_be_bytes());
        iim.extend(value.bytes());
    }
    let mut body = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    body.extend((iim.len() as u32).to_be_bytes());
    body.extend(&iim);
    if iim.len() % 2 == 1 {
        body.push(0);
    }
    with_segment(jpeg, 0xED, &body)
}

fn exif(date: &str, seed: u32) -> Vec<u8> {
    with_exif(&plain_jpeg(16, 12, seed), &camera_exif(date, None, 1))
}

/// Writes `bytes` at `dir/name` with the given modification time (seconds since the epoch).
fn write(dir: &Path, name: &str, bytes: &[u8], mtime: u64) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(mtime);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_times(FileTimes::new().set_modified(when))
        .unwrap();
    path
}

fn photo(library: &Library, path: &Path) -> Photo {
    library.photo_by_path(path).unwrap()
}

fn when(p: &Photo) -> (String, DateSource) {
    (p.capture.taken_at.to_string(), p.capture.source)
}

const OLD: u64 = 1_000_000_000; // 2001-09-09, an mtime older than any birth time here

#[test]
fn each_source_in_order() {
    let (dir, library) = temp_library();
    let root = dir.path().join("photos");
    let base = plain_jpeg(16, 12, 1);
    let all = with_iptc(
        &with_xmp(
            &exif("2011:01:01 10:00:00", 1),
            "exif:DateTimeOriginal",
            "2012-02-02T10:00:00",
        ),
        "20130303",
        "100000+0100",
    );
    let paths = [
        write(&root, "IMG_20140404_100000-exif.jpg", &all, OLD),
        write(
            &root,
            "IMG_20140404_100000-xmp.jpg",
            &with_iptc(
                &with_xmp(&base, "xmp:CreateDate", "2012-02-02T10:00:00+02:00"),
                "20130303",
                "100000",
            ),
            OLD,
        ),
        write(
            &root,
            "IMG_20140404_100000-ps.jpg",
            &with_xmp(&base, "photoshop:DateCreated", "2012-05-05T10:00:00Z"),
            OLD,
        ),
        write(
            &root,
            "IMG_20140404_100000-iptc.jpg",
            &with_iptc(&base, "20130303", "100000+0100"),
            OLD,
        ),
        write(&root, "IMG_20140404_100000.jpg", &base, OLD),
        write(&root, "Screenshot 2015-06-12 at 3.30.12 PM.jpg", &base, OLD),
        write(&root, "no-date.jpg", &base, OLD),
    ];
    scan(&library, &[root]);
    let got: Vec<_> = paths.iter().map(|p| when(&photo(&library, p))).collect();
    let expect = |t: &str, s| (t.to_string(), s);
    assert_eq!(got[0], expect("2011-01-01 10:00:00", DateSource::Exif));
    assert_eq!(got[1], expect("2012-02-02 10:00:00", DateSource::Xmp));
    assert_eq!(got[2], expect("2012-05-05 10:00:00", DateSource::Xmp));
    assert_eq!(got[3], expect("2013-03-03 10:00:00", DateSource::Iptc));
    assert_eq!(got[4], expect("2014-04-04 10:00:00", DateSource::FileName));
    assert_eq!(got[5], expect("2015-06-12 15:30:12", DateSource::FileName));
    assert_eq!(
        got[6].1,
        DateSource::File,
        "birth is later than the old mtime: mtime"
    );
    assert_eq!(
        photo(&library, &paths[1]).capture.offset.as_deref(),
        Some("+02:00")
    );
    assert_eq!(
        photo(&library, &paths[3]).capture.offset.as_deref(),
        Some("+01:00")
    );
    for p in &paths[..6] {
        assert!(photo(&library, p).capture.is_dated(), "{}", p.display());
    }
    assert!(!photo(&library, &paths[6]).capture.is_dated());
}

#[test]
fn a_birth_time_earlier_than_the_mtime_is_used_where_the_file_system_has_one() {
    let (dir, library) = temp_library();
    let root = dir.path().join("photos");
    let future_mtime = SystemTime::now() + Duration::from_secs(3600);
    let secs = future_mtime
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let path = write(&root, "plain.jpg", &plain_jpeg(16, 12, 2), secs);
    scan(&library, &[root]);
    let p = photo(&library, &path);
    let has_birth = std::fs::metadata(&path).and_then(|m| m.created()).is_ok();
    let expect = if has_birth {
        DateSource::Birth
    } else {
        DateSource::File
    };
    assert_eq!(p.capture.source, expect);
    assert!(!p.capture.is_dated());
}

#[test]
fn implausible_dates_are_skipped_with_a_warning() {
    let (dir, library) = temp_library();
    let root = dir.path().join("photos");
    let future = write(
        &root,
        "IMG_20190612_120000.jpg",
        &exif("2099:09:01 00:00:00", 3),
        OLD,
    );
    let ancient = write(&root, "a/old.jpg", &exif("1801:01:01 00:00:00", 4), OLD);
    let ok = write(&root, "a/ok.jpg", &exif("1900:01:01 00:00:00", 5), OLD);
    scan(&library, &[root]);
    let f = photo(&library, &future);
    assert_eq!(
        when(&f),
        ("2019-06-12 12:00:00".into(), DateSource::FileName)
    );
    let warning = f.meta_warning.unwrap_or_default();
    assert!(
        warning.contains("implausible") && warning.contains("2099-09-01"),
        "{warning}"
    );
    let a = photo(&library, &ancient);
    assert_eq!(a.capture.source, DateSource::File);
    assert!(a.meta_warning.unwrap_or_default().contains("1801-01-01"));
    assert_eq!(photo(&library, &ok).capture.source, DateSource::Exif);
}

/// 4 dated photos in two months and 3 undated ones (mtimes 1, 2, 3 days after OLD), two folders.
fn mixed() -> (tempfile::TempDir, Library, PathBuf) {
    let (dir, library) = temp_library();
    let root = dir.path().join("photos");
    write(&root, "a/d1.jpg", &exif("2020:05:01 10:00:00", 10), OLD);
    write(&root, "a/d2.jpg", &exif("2020:05:02 10:00:00", 11), OLD);
    write(&root, "b/d3.jpg", &exif("2021:07:01 10:00:00", 12), OLD);
    write(&root, "b/d4.jpg", &exif("2021:07:02 10:00:00", 13), OLD);
    for (i, folder) in ["a", "b", "b"].iter().enumerate() {
        let name = format!("{folder}/u{}.jpg", i + 1);
        write(
            &root,
            &name,
            &plain_jpeg(16, 12, 20 + i as u32),
            OLD + 86_400 * (i as u64 + 1),
        );
    }
    scan(&library, std::slice::from_ref(&root));
    (dir, library, root)
}

fn names(photos: &[Photo]) -> Vec<String> {
    photos
        .iter()
        .map(|p| p.path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn undated_photos_follow_every_dated_one_and_are_in_no_month() {
    let (_dir, library, root) = mixed();
    let all = library.timeline(&TimelineQuery::default()).unwrap();
    assert_eq!(
        names(&all.photos),
        ["d4", "d3", "d2", "d1", "u3", "u2", "u1"]
    );
    let months = library.months(&PhotoFilter::default()).unwrap();
    let counted: Vec<_> = months
        .iter()
        .map(|m| (m.month.to_string(), m.count))
        .collect();
    assert_eq!(
        counted,
        [("2021-07".to_string(), 2), ("2020-05".to_string(), 2)]
    );
    assert_eq!(library.undated_count(&PhotoFilter::default()).unwrap(), 3);
    let b = library.folder_id(&root.join("b")).unwrap();
    assert_eq!(library.undated_count(&PhotoFilter::folder(b)).unwrap(), 2);
    let top = library.folder_id(&root).unwrap();
    assert_eq!(
        library.undated_count(&PhotoFilter::folder(top)).unwrap(),
        3,
        "a folder means its subtree"
    );
    let in_b = library
        .timeline(&TimelineQuery {
            filter: PhotoFilter::folder(b),
            ..TimelineQuery::default()
        })
        .unwrap();
    assert_eq!(names(&in_b.photos), ["d4", "d3", "u3", "u2"]);
}

#[test]
fn the_cursor_crosses_into_the_undated_group_and_a_query_can_start_there() {
    let (_dir, library, _root) = mixed();
    let mut seen = Vec::new();
    let mut after = None::<String>;
    loop {
        let q = TimelineQuery::page(PhotoFilter::default(), after.as_deref(), None, 3).unwrap();
        let page = library.timeline(&q).unwrap();
        seen.extend(names(&page.photos));
        match page.next {
            Some(next) => after = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, ["d4", "d3", "d2", "d1", "u3", "u2", "u1"]);
    let q = TimelineQuery::page(PhotoFilter::default(), None, Some("undated"), 2).unwrap();
    assert_eq!(q.after, Cursor::UNDATED);
    let page = library.timeline(&q).unwrap();
    assert_eq!(names(&page.photos), ["u3", "u2"]);
    let next = page.next.unwrap();
    assert!(!next.dated && next.to_string().starts_with('u'));
    let rest = library
        .timeline(&TimelineQuery { after: next, ..q })
        .unwrap();
    assert_eq!(names(&rest.photos), ["u1"]);
    assert!(rest.next.is_none());
}

#[test]
fn rows_marked_for_reread_get_their_dates_again_keeping_id_rev_and_hash() {
    let (dir, library) = temp_library();
    let root = dir.path().join("photos");
    let path = write(
        &root,
        "IMG_20190612_120000.jpg",
        &plain_jpeg(16, 12, 30),
        OLD,
    );
    scan(&library, std::slice::from_ref(&root));
    library
        .hash_pending(
            &shoebox_engine::CancelToken::new(),
            &shoebox_engine::no_progress(),
        )
        .unwrap();
    let before = photo(&library, &path);
    assert!(before.content_hash.is_some());
    // What migration 0005 does to a row an older build dated by its file time.
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).unwrap();
    conn.execute(
        "UPDATE photos SET taken_at_source = 'file', dated = 0, reread = 1, taken_at = 5",
        [],
    )
    .unwrap();
    assert_eq!(photo(&library, &path).capture.source, DateSource::File);
    let report = scan(&library, std::slice::from_ref(&root));
    assert_eq!(report.opened, 1);
    let after = photo(&library, &path);
    assert_eq!(
        when(&after),
        ("2019-06-12 12:00:00".into(), DateSource::FileName)
    );
    assert_eq!(
        (after.id, after.rev, &after.content_hash),
        (before.id, before.rev, &before.content_hash)
    );
    assert_eq!(scan(&library, &[root]).opened, 0, "read once");
}
