//! The library file: migrations, keyset paging, month counts, query plans, incremental rescans, hashing.

mod common;

use std::collections::HashSet;
use std::path::Path;

use rusqlite::Connection;
use shoebox_engine::db::migrate;
use shoebox_engine::{bench, Cursor, Library, Month, PhotoFilter, PhotoState, TimelineQuery};
use shoebox_testkit::{camera_exif, generate_library, plain_jpeg, with_exif};

#[test]
fn fresh_library_is_at_the_latest_schema() {
    let (_dir, library) = common::temp_library();
    assert_eq!(library.stats().unwrap().schema_version, migrate::LATEST);
    const { assert!(migrate::LATEST >= 2) };
}

/// Regression: libraries indexed before the container readers (WebP chunks, HEIF items, TIFF IFDs,
/// APEX and lens fallbacks) kept their old metadata until each file changed. 0006 asks the next scan
/// to read every active photo again; ids are kept.
#[test]
fn upgrading_to_0006_rereads_every_photo_once_keeping_ids() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    generate_library(&photos, 3, 3).unwrap();
    let path = dir.path().join("lib.db");
    let cache = dir.path().join("cache");
    let ids_before = {
        let library = common::open_with_cache(&path, &cache).unwrap();
        common::scan(&library, std::slice::from_ref(&photos));
        ids(&library)
    };
    {
        // The rows as an older build left them, then 0006 itself applied to them (later migrations
        // are already in the file, so the version is not rolled back).
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("UPDATE photos SET reread = 0").unwrap();
        let (name, sql) = migrate::MIGRATIONS[5];
        assert_eq!(name, "0006_reread_metadata");
        conn.execute_batch(sql).unwrap();
    }
    let library = common::open_with_cache(&path, &cache).unwrap();
    let first = common::scan(&library, &[]);
    assert_eq!((first.updated, first.unchanged), (3, 0), "{first:?}");
    let second = common::scan(&library, &[]);
    assert_eq!((second.updated, second.unchanged), (0, 3), "{second:?}");
    assert_eq!(ids(&library), ids_before);
}

fn ids(library: &Library) -> Vec<i64> {
    let page = library.timeline(&TimelineQuery::default()).unwrap();
    let mut ids: Vec<i64> = page.photos.iter().map(|p| p.id).collect();
    ids.sort();
    ids
}

#[test]
fn library_from_the_previous_schema_is_upgraded_keeping_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate::migrate_to(&mut conn, migrate::LATEST - 1).unwrap();
        conn.execute_batch(
            "INSERT INTO roots(id, path, is_file, added_at) VALUES (1, x'2f70', 0, 0);
             INSERT INTO folders(id, root_id, path) VALUES (1, 1, x'2f70');
             INSERT INTO photos(root_id, folder_id, path, size, mtime_ns, format, width, height, taken_at, taken_month,
                                taken_at_source, indexed_at)
             VALUES (1, 1, x'2f702f612e6a7067', 10, 0, 'jpeg', 4, 3, 1700000000, 202311, 'exif', 0);",
        )
        .unwrap();
    }
    let library = common::open_with_cache(&path, &dir.path().join("cache")).unwrap();
    assert_eq!(library.stats().unwrap().schema_version, migrate::LATEST);
    let page = library.timeline(&TimelineQuery::default()).unwrap();
    assert_eq!(page.photos.len(), 1);
    assert_eq!(page.photos[0].path, Path::new("/p/a.jpg"));
    assert_eq!(
        library.months(&PhotoFilter::default()).unwrap()[0]
            .month
            .to_string(),
        "2023-11"
    );
}

#[test]
fn library_from_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = common::open_with_cache(&path, &dir.path().join("cache"))
        .err()
        .expect("a newer schema is refused");
    let message = err.to_string();
    assert!(
        message.contains("newer") && message.contains("999"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is byte-for-byte unchanged"
    );
    assert!(!dir.path().join("future.db-wal").exists());
}

fn synthetic(count: usize) -> (tempfile::TempDir, Library) {
    let (dir, library) = common::temp_library();
    bench::synthesize_photos(&library, count).unwrap();
    (dir, library)
}

#[test]
fn keyset_pages_cover_the_timeline_without_duplicates_or_gaps() {
    // synthesize_photos gives many photos sharing a timestamp: the id breaks the tie.
    let (_dir, library) = synthetic(2_345);
    let mut seen = HashSet::new();
    let mut previous: Option<(chrono::NaiveDateTime, i64)> = None;
    let mut query = TimelineQuery {
        filter: PhotoFilter::default(),
        after: Cursor::START,
        limit: 7,
    };
    let mut pages = 0;
    loop {
        let page = library.timeline(&query).unwrap();
        for photo in &page.photos {
            assert!(seen.insert(photo.id), "photo {} appears twice", photo.id);
            if let Some(prev) = previous {
                assert!(
                    (photo.capture.taken_at, photo.id) < prev,
                    "newest first by (taken_at, id)"
                );
            }
            previous = Some((photo.capture.taken_at, photo.id));
        }
        pages += 1;
        match page.next {
            Some(next) => query.after = Cursor::parse(&next.to_string()).unwrap(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 2_345);
    assert_eq!(pages, 2_345usize.div_ceil(7));
    let ties = library
        .timeline(&TimelineQuery {
            limit: 2_345,
            ..Default::default()
        })
        .unwrap();
    let distinct: HashSet<_> = ties.photos.iter().map(|p| p.capture.taken_at).collect();
    assert!(
        distinct.len() < 2_345,
        "the data really has equal timestamps"
    );
}

#[test]
fn month_counts_and_month_jumps_agree_with_the_timeline() {
    let (_dir, library) = synthetic(3_000);
    let months = library.months(&PhotoFilter::default()).unwrap();
    assert_eq!(months.iter().map(|m| m.count).sum::<u64>(), 3_000);
    assert!(
        months.windows(2).all(|w| w[0].month > w[1].month),
        "newest month first"
    );
    let target = months[months.len() / 2];
    let page = library
        .timeline(&TimelineQuery {
            after: Library::month_start(target.month),
            limit: 10_000,
            ..Default::default()
        })
        .unwrap();
    let in_month = page
        .photos
        .iter()
        .take_while(|p| p.capture.taken_at.format("%Y-%m").to_string() == target.month.to_string())
        .count();
    assert_eq!(
        in_month as u64, target.count,
        "a jump lands on the month's newest photo and covers it all"
    );
    assert!(Month::parse("2024-13").is_err() && Month::parse("24-01").is_err());
}

#[test]
fn gallery_queries_use_indexes_and_never_sort_in_a_temp_btree() {
    let (_dir, library) = synthetic(500);
    for (name, plan) in library.query_plans().unwrap() {
        let text = plan.join(" | ");
        // A rare text term reads its matches from the text index (tests/text_search.rs).
        let index = if name.starts_with("find text:") {
            "VIRTUAL TABLE INDEX"
        } else {
            "USING INDEX"
        };
        assert!(
            text.contains(index) || text.contains("USING COVERING INDEX"),
            "{name}: {text}"
        );
        // A narrowed view's month counts may group in a temp b-tree bounded by its photos; a find
        // query may sort the matches of a rare value read from its facet's index (tests/find.rs
        // checks those shapes).
        let narrowed_months =
            name.ends_with("months") && name != "months" && name != "folder months";
        if !name.starts_with("subtree") && !narrowed_months && !name.starts_with("find ") {
            assert!(
                !text.contains("TEMP B-TREE"),
                "{name} sorts in a temp b-tree: {text}"
            );
        }
        assert!(
            !text.starts_with("SCAN photos |") && text != "SCAN photos",
            "{name} scans the table: {text}"
        );
    }
}

#[test]
fn folder_filter_returns_only_that_folder() {
    let photos = tempfile::tempdir().unwrap();
    generate_library(photos.path(), 30, 10).unwrap();
    let (_dir, library) = common::temp_library();
    common::scan(&library, &[photos.path().to_path_buf()]);
    let folder = library
        .folder_id(&photos.path().join("0001"))
        .unwrap()
        .expect("folder indexed");
    let page = library
        .timeline(&TimelineQuery {
            filter: PhotoFilter::folder(Some(folder)),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.photos.len(), 10);
    assert!(page
        .photos
        .iter()
        .all(|p| p.folder_id == folder && p.path.parent().unwrap().ends_with("0001")));
    let counts: u64 = library
        .months(&PhotoFilter::folder(Some(folder)))
        .unwrap()
        .iter()
        .map(|m| m.count)
        .sum();
    assert_eq!(counts, 10);
    let listed = library.folders().unwrap();
    assert_eq!(listed.iter().find(|f| f.id == folder).unwrap().count, 10);
    let root = listed.iter().find(|f| f.parent_id.is_none()).unwrap();
    assert!(
        listed
            .iter()
            .filter(|f| f.id != root.id)
            .all(|f| f.parent_id == Some(root.id)),
        "sub-folders hang under the root folder"
    );
    // A folder with sub-folders means its whole subtree.
    let whole = |limit, after| TimelineQuery {
        filter: PhotoFilter::folder(Some(root.id)),
        limit,
        after,
    };
    assert_eq!(
        library
            .timeline(&whole(100, Cursor::START))
            .unwrap()
            .photos
            .len(),
        30
    );
    let paged = library.timeline(&whole(20, Cursor::START)).unwrap();
    let rest = library.timeline(&whole(20, paged.next.unwrap())).unwrap();
    assert_eq!(
        (paged.photos.len(), rest.photos.len(), rest.next),
        (20, 10, None)
    );
    let months: u64 = library
        .months(&PhotoFilter::folder(Some(root.id)))
        .unwrap()
        .iter()
        .map(|m| m.count)
        .sum();
    assert_eq!(months, 30);
}

#[test]
fn rescan_sees_edits_deletions_and_returns_keeping_ids() {
    let photos = tempfile::tempdir().unwrap();
    generate_library(photos.path(), 12, 6).unwrap();
    let (_dir, library) = common::temp_library();
    let first = common::scan(&library, &[photos.path().to_path_buf()]);
    assert_eq!(first.added, 12);
    let edited = photos.path().join("0000/IMG_000001.jpg");
    let deleted = photos.path().join("0001/IMG_000007.jpg");
    let original_id = library.photo_by_path(&edited).unwrap().id;
    let deleted_id = library.photo_by_path(&deleted).unwrap().id;
    let saved = std::fs::read(&deleted).unwrap();

    let new_bytes = with_exif(
        &plain_jpeg(64, 40, 99),
        &camera_exif("2001:02:03 04:05:06", None, 1),
    );
    std::fs::write(&edited, new_bytes).unwrap();
    std::fs::remove_file(&deleted).unwrap();
    let second = common::scan(&library, &[]);
    assert_eq!(
        (
            second.updated,
            second.removed,
            second.unchanged,
            second.opened
        ),
        (1, 1, 10, 1),
        "{second:?}"
    );
    let photo = library.photo_by_path(&edited).unwrap();
    assert_eq!(photo.id, original_id, "an edited file keeps its id");
    assert_eq!((photo.width, photo.height, photo.rev), (64, 40, 1));
    assert_eq!(photo.capture.taken_at.to_string(), "2001-02-03 04:05:06");
    assert_eq!(
        library.photo(deleted_id).unwrap().state,
        PhotoState::Removed
    );
    assert_eq!(library.stats().unwrap().photos, 11);

    std::fs::write(&deleted, saved).unwrap();
    let third = common::scan(&library, &[]);
    assert_eq!(third.added, 1);
    assert_eq!(
        library.photo_by_path(&deleted).unwrap().id,
        deleted_id,
        "a returning file keeps its id"
    );
}

#[test]
fn hash_phase_fills_blake3_of_the_whole_file() {
    let photos = tempfile::tempdir().unwrap();
    generate_library(photos.path(), 5, 5).unwrap();
    let (_dir, library) = common::temp_library();
    common::scan(&library, &[photos.path().to_path_buf()]);
    assert_eq!(
        library.stats().unwrap().hashed,
        0,
        "the metadata pass does not hash"
    );
    let report = library
        .hash_pending(
            &shoebox_engine::CancelToken::new(),
            &shoebox_engine::no_progress(),
        )
        .unwrap();
    assert_eq!(report.hashed, 5);
    let path = photos.path().join("0000/IMG_000003.jpg");
    let expected = blake3::hash(&std::fs::read(&path).unwrap())
        .to_hex()
        .to_string();
    assert_eq!(
        library
            .photo_by_path(&path)
            .unwrap()
            .content_hash
            .as_deref(),
        Some(expected.as_str())
    );
    assert_eq!(
        library
            .hash_pending(
                &shoebox_engine::CancelToken::new(),
                &shoebox_engine::no_progress()
            )
            .unwrap()
            .hashed,
        0
    );
}

/// Regression: `Library::open` puts variants in the user's real cache directory; no test may use it
/// (or leave `cache_dir` unset), in the engine's tests or the CLI's.
#[test]
fn tests_never_open_a_library_on_the_users_cache_dir() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offences = Vec::new();
    for dir in [manifest.join("tests"), manifest.join("../cli/tests")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let opens = ["Library::open(", "Library::open (", "cache_dir: None"];
                let quoted = line.contains("\"Library::open");
                if !quoted && opens.iter().any(|o| line.contains(o)) {
                    offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "open test libraries with a temp cache_dir (common::open_with_cache):\n{}",
        offences.join("\n")
    );
}
