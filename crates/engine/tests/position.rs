//! `library.timeline_position`: a photo's index in a view's timeline agrees with paging through
//! that timeline, for the library and for folders, through ties of the capture time and the
//! undated photos after the dated ones; the count uses an index; unknown ids and photos outside
//! the view are refused.

mod common;

use std::path::Path;

use shoebox_engine::{Error, Library, PhotoFilter, TimelineQuery};
use shoebox_testkit::{camera_exif, generate_library, plain_jpeg, with_exif};

/// Every photo id of a view, in timeline order, paged as the app pages.
fn all_ids(library: &Library, folder: Option<i64>) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut query = TimelineQuery::page(PhotoFilter::folder(folder), None, None, 7).unwrap();
    loop {
        let page = library.timeline(&query).unwrap();
        ids.extend(page.photos.iter().map(|p| p.id));
        match page.next {
            Some(next) => query.after = next,
            None => return ids,
        }
    }
}

fn jpeg_at(dir: &Path, name: &str, date: &str, seed: u32) {
    std::fs::create_dir_all(dir).unwrap();
    let exif = camera_exif(date, None, 1);
    std::fs::write(dir.join(name), with_exif(&plain_jpeg(20, 10, seed), &exif)).unwrap();
}

#[test]
fn the_position_of_every_photo_agrees_with_paging_in_every_view() {
    let (_l, library) = common::temp_library();
    let dir = tempfile::tempdir().unwrap();
    let photos = std::fs::canonicalize(dir.path()).unwrap().join("photos");
    generate_library(&photos, 30, 10).unwrap();
    // Ties: three photos taken in the same second, in a nested folder.
    for seed in 0..3 {
        jpeg_at(
            &photos.join("0001/same"),
            &format!("tie{seed}.jpg"),
            "2021:01:01 12:00:00",
            seed,
        );
    }
    // Undated photos (no date recorded with them) come after every dated one.
    for seed in 0..2 {
        let undated = photos.join("0002");
        std::fs::write(
            undated.join(format!("undated{seed}.jpg")),
            plain_jpeg(20, 10, 50 + seed),
        )
        .unwrap();
    }
    common::scan(&library, std::slice::from_ref(&photos));

    let mut views = vec![None];
    views.extend(library.folders().unwrap().iter().map(|f| Some(f.id)));
    for folder in views {
        let ids = all_ids(&library, folder);
        for (index, id) in ids.iter().enumerate() {
            assert_eq!(
                library
                    .timeline_position(*id, &PhotoFilter::folder(folder))
                    .unwrap(),
                (index as u64, ids.len() as u64),
                "photo {id} in view {folder:?}"
            );
        }
    }
    let ids = all_ids(&library, None);
    assert_eq!(ids.len(), 35);
    let undated = library
        .photo_by_path(&photos.join("0002/undated0.jpg"))
        .unwrap()
        .id;
    assert!(
        library
            .timeline_position(undated, &PhotoFilter::default())
            .unwrap()
            .0
            >= 33,
        "after the dated ones"
    );
}

#[test]
fn unknown_ids_removed_photos_and_photos_outside_the_view_are_refused() {
    let (_l, library) = common::temp_library();
    let dir = tempfile::tempdir().unwrap();
    let photos = std::fs::canonicalize(dir.path()).unwrap();
    jpeg_at(&photos.join("a"), "1.jpg", "2020:01:01 00:00:00", 1);
    jpeg_at(&photos.join("b"), "2.jpg", "2020:01:02 00:00:00", 2);
    common::scan(&library, std::slice::from_ref(&photos));
    let in_a = library.photo_by_path(&photos.join("a/1.jpg")).unwrap().id;
    let b = library.folder_id(&photos.join("b")).unwrap().unwrap();

    for id in [0, -1, 999_999, i64::MAX, i64::MIN] {
        assert!(matches!(
            library.timeline_position(id, &PhotoFilter::default()),
            Err(Error::PhotoNotFound(_))
        ));
    }
    assert!(matches!(
        library.timeline_position(in_a, &PhotoFilter::folder(Some(b))),
        Err(Error::PhotoNotFound(_))
    ));
    assert!(matches!(
        library.timeline_position(in_a, &PhotoFilter::folder(Some(-42))),
        Err(Error::PhotoNotFound(_))
    ));
    assert_eq!(
        library
            .timeline_position(in_a, &PhotoFilter::default())
            .unwrap(),
        (1, 2)
    );

    std::fs::remove_file(photos.join("a/1.jpg")).unwrap();
    common::scan(&library, &[]);
    assert!(matches!(
        library.timeline_position(in_a, &PhotoFilter::default()),
        Err(Error::PhotoNotFound(_))
    ));
}

#[test]
fn the_position_count_runs_on_a_timeline_index() {
    let (_l, library) = common::temp_library();
    let plans = library.query_plans().unwrap();
    for name in ["position", "subtree position"] {
        let (_, plan) = plans.iter().find(|(n, _)| *n == name).expect(name);
        let text = plan.join(" | ");
        assert!(
            text.contains("INDEX photos_") && text.contains("timeline"),
            "{name}: {text}"
        );
        assert!(!text.contains("TEMP B-TREE"), "{name}: {text}");
    }
}
