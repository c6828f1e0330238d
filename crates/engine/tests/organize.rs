//! Organizing: marks, albums, tags and undo over a real SQLite library — what a broken
//! implementation would get wrong (a reject wiping stars, a move renumbering an album, counts that
//! drift, undo that loses rows, marks lost on a rename or an edit).

mod common;

use std::path::Path;

use rusqlite::Connection;
use shoebox_engine::{
    bench, find::Query, AlbumKind, AlbumSort, CaptionChange, Error, Flag, Label, Library,
    MarkChange, PhotoFilter, Place, TimelineQuery,
};
use shoebox_testkit::{camera_exif, plain_jpeg, with_exif};

fn synthetic(count: usize) -> (tempfile::TempDir, Library) {
    let (dir, library) = common::temp_library();
    bench::synthesize_photos(&library, count).unwrap();
    (dir, library)
}

fn view(library: &Library, filter: PhotoFilter) -> Vec<i64> {
    let query = TimelineQuery {
        filter,
        limit: 10_000,
        ..TimelineQuery::default()
    };
    library
        .timeline(&query)
        .unwrap()
        .photos
        .iter()
        .map(|p| p.id)
        .collect()
}

fn all_ids(library: &Library) -> Vec<i64> {
    view(library, PhotoFilter::default())
}

fn manual(library: &Library, album: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = library
            .organize()
            .album_page(album, after.as_ref(), 3)
            .unwrap();
        out.extend(page.photos.iter().map(|p| p.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return out,
        }
    }
}

fn rate(n: u8) -> MarkChange {
    MarkChange {
        rating: Some(n),
        ..MarkChange::default()
    }
}

fn flag(f: Flag) -> MarkChange {
    MarkChange {
        flag: Some(f),
        ..MarkChange::default()
    }
}

#[test]
fn marks_are_separate_fields_a_reject_keeps_its_stars_and_views_follow() {
    let (_dir, library) = synthetic(40);
    let ids = all_ids(&library);
    let org = library.organize();
    let four = org.mark(&ids[..10], &rate(4)).unwrap();
    assert_eq!(four.changed, 10);
    assert_eq!(four.label, "Rate 4 stars (10 photos)");
    org.mark(&ids[5..10], &flag(Flag::Reject)).unwrap();
    org.mark(
        &ids[..3],
        &MarkChange {
            favourite: Some(true),
            label: Some(Label::Green),
            ..MarkChange::default()
        },
    )
    .unwrap();
    let rejected = library.photo(ids[7]).unwrap().marks;
    assert_eq!((rejected.rating, rejected.flag), (4, Flag::Reject));
    assert_eq!(library.photo(ids[0]).unwrap().marks.label, Label::Green);

    let f = PhotoFilter::default;
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                flag: Some(Flag::Reject),
                ..f()
            }
        ),
        ids[5..10]
    );
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                favourite: true,
                ..f()
            }
        ),
        ids[..3]
    );
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                rating_min: Some(4),
                ..f()
            }
        ),
        ids[..10]
    );
    assert!(view(
        &library,
        PhotoFilter {
            rating_min: Some(5),
            ..f()
        }
    )
    .is_empty());
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                label: Some(Label::Green),
                ..f()
            }
        ),
        ids[..3]
    );
    let combined = PhotoFilter {
        rating_min: Some(4),
        flag: Some(Flag::None),
        ..f()
    };
    assert_eq!(view(&library, combined), ids[..5]);
    let months: u64 = library
        .months(&PhotoFilter {
            favourite: true,
            ..f()
        })
        .unwrap()
        .iter()
        .map(|m| m.count)
        .sum();
    assert_eq!(
        months
            + library
                .undated_count(&PhotoFilter {
                    favourite: true,
                    ..f()
                })
                .unwrap(),
        3
    );
    let (index, total) = library
        .timeline_position(
            ids[8],
            &PhotoFilter {
                flag: Some(Flag::Reject),
                ..f()
            },
        )
        .unwrap();
    assert_eq!((index, total), (3, 5));
}

#[test]
fn bad_marks_are_refused_and_change_nothing() {
    let (_dir, library) = synthetic(5);
    let ids = all_ids(&library);
    let org = library.organize();
    let err = org.mark(&ids, &rate(6)).unwrap_err();
    assert!(err.to_string().contains("rating 6"), "{err}");
    let err = org.mark(&[ids[0], 999_999], &rate(3)).unwrap_err();
    assert!(
        matches!(err, Error::PhotoNotFound(ref m) if m.contains("999999")),
        "{err}"
    );
    assert_eq!(
        library.photo(ids[0]).unwrap().marks.rating,
        0,
        "all or nothing"
    );
    assert!(org.history_state().unwrap().undo.is_none());
    // Setting what is already there changes nothing and is no undo step.
    let none = org.mark(&ids, &rate(0)).unwrap();
    assert_eq!((none.changed, none.step), (0, None));
}

#[test]
fn captions_are_checked_searchable_pending_for_xmp_and_undoable() {
    let (_dir, library) = synthetic(6);
    let ids = all_ids(&library);
    let org = library.organize();
    let caption = |title: Option<&str>, description: Option<&str>| CaptionChange {
        title: title.map(String::from),
        description: description.map(String::from),
    };
    let found = |text: &str| -> Vec<i64> {
        let filter = PhotoFilter::query(Query::parse(text).unwrap());
        let mut ids: Vec<i64> = library
            .search(&filter, None, 100)
            .unwrap()
            .photos
            .iter()
            .map(|p| p.id)
            .collect();
        ids.sort();
        ids
    };
    let pending = || library.xmp().status().unwrap().pending;
    assert_eq!(pending(), 0);

    let done = org
        .caption(&ids[..2], &caption(Some("  Harbour at dusk "), None))
        .unwrap();
    assert_eq!(done.label, "Set title (2 photos)");
    let mut two = ids[..2].to_vec();
    two.sort();
    assert_eq!(found("harbour"), two, "the title is in the text index");
    assert_eq!(
        org.caption_of(ids[0]).unwrap().title.as_deref(),
        Some("Harbour at dusk"),
        "trimmed"
    );
    assert_eq!(pending(), 2, "captions reach the sidecars");
    org.caption(&ids[1..3], &caption(None, Some("Gulls over\nthe pier")))
        .unwrap();
    assert_eq!(
        org.caption_of(ids[2]).unwrap().description.as_deref(),
        Some("Gulls over\nthe pier")
    );
    // The same text again changes nothing and is no step.
    let none = org
        .caption(&ids[..2], &caption(Some("Harbour at dusk"), None))
        .unwrap();
    assert_eq!((none.changed, none.step), (0, None));
    // Refused whole: a title with a line break, or a photo that does not exist.
    let err = org
        .caption(&ids[3..4], &caption(Some("a\nb"), None))
        .unwrap_err();
    assert!(err.to_string().contains("one line"), "{err}");
    let err = org
        .caption(&[ids[3], 999_999], &caption(Some("x"), None))
        .unwrap_err();
    assert!(matches!(err, Error::PhotoNotFound(_)), "{err}");
    assert_eq!(org.caption_of(ids[3]).unwrap().title, None);

    // Undo walks back the description, then the title; the index follows; redo brings them back.
    assert_eq!(
        org.undo().unwrap().unwrap().label,
        "Set description (2 photos)"
    );
    assert_eq!(org.caption_of(ids[2]).unwrap().description, None);
    assert!(found("gulls").is_empty());
    org.undo().unwrap().unwrap();
    assert!(found("harbour").is_empty());
    assert_eq!(org.caption_of(ids[0]).unwrap().title, None);
    org.redo().unwrap().unwrap();
    assert_eq!(found("harbour"), two);
    // Clearing is a step of its own.
    let cleared = org.caption(&ids[..1], &caption(Some(""), None)).unwrap();
    assert_eq!(cleared.label, "Clear title (1 photo)");
    assert_eq!(found("harbour"), vec![ids[1]]);
}

#[test]
fn undo_and_redo_are_whole_steps_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let cache = dir.path().join("cache");
    let ids = {
        let library = common::open_with_cache(&path, &cache).unwrap();
        bench::synthesize_photos(&library, 30).unwrap();
        let ids = all_ids(&library);
        let org = library.organize();
        org.mark(&ids[..20], &rate(2)).unwrap();
        org.mark(&ids[10..30], &rate(5)).unwrap();
        ids
    };
    let library = common::open_with_cache(&path, &cache).unwrap();
    let org = library.organize();
    let rev = org.history_state().unwrap().rev;
    assert_eq!(
        org.history_state().unwrap().undo.as_deref(),
        Some("Rate 5 stars (20 photos)")
    );
    let undone = org.undo().unwrap().unwrap();
    assert_eq!(undone.label, "Rate 5 stars (20 photos)");
    let stars = |i: usize| library.photo(ids[i]).unwrap().marks.rating;
    assert_eq!((stars(0), stars(15), stars(25)), (2, 2, 0));
    assert!(
        org.history_state().unwrap().rev > rev,
        "undo bumps the revision"
    );
    org.redo().unwrap().unwrap();
    assert_eq!((stars(0), stars(15), stars(25)), (2, 5, 5));
    org.undo().unwrap();
    org.undo().unwrap();
    assert_eq!((stars(0), stars(15)), (0, 0));
    assert!(org.undo().unwrap().is_none(), "nothing left to undo");
    // A new action drops the redo side.
    org.mark(&ids[..1], &flag(Flag::Pick)).unwrap();
    assert!(org.redo().unwrap().is_none());
    assert_eq!(
        org.history_state().unwrap().undo.as_deref(),
        Some("Pick (1 photo)")
    );
}

#[test]
fn a_bulk_action_on_ten_thousand_photos_is_one_step() {
    let (_dir, library) = synthetic(10_000);
    let ids = all_ids(&library);
    assert_eq!(ids.len(), 10_000);
    let org = library.organize();
    let album = org
        .create_album("Everything", None, AlbumKind::Album)
        .unwrap();
    assert_eq!(org.add_to_album(album.id, &ids).unwrap().changed, 10_000);
    org.tag_photos("Bulk", &ids).unwrap();
    org.mark(&ids, &rate(3)).unwrap();
    assert_eq!(org.album(album.id).unwrap().count, 10_000);
    org.undo().unwrap();
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                rating_min: Some(1),
                ..Default::default()
            }
        )
        .len(),
        0
    );
    org.undo().unwrap();
    assert!(
        org.tag_by_path("Bulk").is_err(),
        "the tag was made by that step"
    );
    org.undo().unwrap();
    assert_eq!(org.album(album.id).unwrap().count, 0);
    assert_eq!(manual(&library, album.id), Vec::<i64>::new());
}

#[test]
fn albums_nest_keep_a_manual_order_and_a_cover_from_one_list_query() {
    let (_dir, library) = synthetic(12);
    let ids = all_ids(&library);
    let org = library.organize();
    let trips = org.create_album("Trips", None, AlbumKind::Folder).unwrap();
    let france = org
        .create_album("France 🇫🇷", Some(trips.id), AlbumKind::Album)
        .unwrap();
    assert_eq!(
        (france.kind, france.parent_id),
        (AlbumKind::Album, Some(trips.id))
    );
    let picked = vec![ids[4], ids[1], ids[9], ids[2]];
    assert_eq!(org.add_to_album(france.id, &picked).unwrap().changed, 4);
    assert_eq!(
        org.add_to_album(france.id, &[ids[1]]).unwrap().changed,
        0,
        "already in"
    );
    assert_eq!(
        manual(&library, france.id),
        picked,
        "added in the order given"
    );

    let listed = org.albums().unwrap();
    let row = listed.iter().find(|a| a.id == france.id).unwrap();
    assert_eq!(
        (row.count, row.cover_id),
        (4, Some(ids[4])),
        "cover: the first photo"
    );
    assert!(row.first_taken_at <= row.last_taken_at && row.first_taken_at.is_some());

    // Moving one photo writes one key; nothing else is renumbered.
    let keys_before = positions(&library, france.id);
    org.reorder(france.id, &[ids[2]], Place::Before(ids[1]))
        .unwrap();
    let keys_after = positions(&library, france.id);
    let changed: Vec<_> = keys_before
        .iter()
        .filter(|(photo, key)| keys_after.iter().any(|(p, k)| p == photo && k != key))
        .collect();
    assert_eq!(changed.len(), 1, "{keys_before:?} -> {keys_after:?}");
    assert_eq!(
        manual(&library, france.id),
        vec![ids[4], ids[2], ids[1], ids[9]]
    );
    org.reorder(france.id, &[ids[4]], Place::Last).unwrap();
    org.reorder(france.id, &[ids[9]], Place::First).unwrap();
    org.reorder(france.id, &[ids[2]], Place::After(ids[1]))
        .unwrap();
    assert_eq!(
        manual(&library, france.id),
        vec![ids[9], ids[1], ids[2], ids[4]]
    );
    assert_eq!(org.album_position(france.id, ids[2]).unwrap(), (2, 4));
    assert!(
        org.reorder(france.id, &[ids[0]], Place::First).is_err(),
        "not a member"
    );
    assert!(org
        .reorder(france.id, &[ids[2]], Place::Before(ids[2]))
        .is_err());

    org.set_cover(france.id, Some(ids[2])).unwrap();
    assert_eq!(org.album(france.id).unwrap().cover_id, Some(ids[2]));
    assert!(
        org.set_cover(france.id, Some(ids[0])).is_err(),
        "a cover is a member"
    );
    org.remove_from_album(france.id, &[ids[2]]).unwrap();
    assert_eq!(
        org.album(france.id).unwrap().cover_id,
        Some(ids[9]),
        "back to the first"
    );
    assert_eq!(org.album(france.id).unwrap().count, 3);

    // Date order in the album is the timeline's view.
    let dated = view(
        &library,
        PhotoFilter {
            album: Some(france.id),
            ..Default::default()
        },
    );
    let mut expected = vec![ids[1], ids[4], ids[9]];
    expected.sort_by_key(|id| ids.iter().position(|x| x == id));
    assert_eq!(dated, expected);
    org.set_album_sort(france.id, AlbumSort::Date).unwrap();
    assert_eq!(org.album(france.id).unwrap().cover_id, Some(expected[0]));
}

fn positions(library: &Library, album: i64) -> Vec<(i64, String)> {
    let conn = Connection::open(library.path()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT photo_id, position FROM album_photos WHERE album_id = ?1 ORDER BY photo_id",
        )
        .unwrap();
    stmt.query_map([album], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn album_names_moves_and_deletes_are_checked_and_undoable() {
    let (_dir, library) = synthetic(6);
    let ids = all_ids(&library);
    let org = library.organize();
    for bad in ["", "   ", "tab\there", &"x".repeat(10_000)] {
        let err = org.create_album(bad, None, AlbumKind::Album).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{bad:?}: {err}");
    }
    assert!(org.albums().unwrap().is_empty(), "nothing created");
    let slash = org.create_album("AC/DC", None, AlbumKind::Album).unwrap();
    assert_eq!(slash.name, "AC/DC");
    let top = org.create_album("Top", None, AlbumKind::Folder).unwrap();
    let inner = org
        .create_album("Inner", Some(top.id), AlbumKind::Folder)
        .unwrap();
    let album = org
        .create_album("Leaf", Some(inner.id), AlbumKind::Album)
        .unwrap();
    org.add_to_album(album.id, &ids[..4]).unwrap();
    let err = org.move_album(top.id, Some(inner.id)).unwrap_err();
    assert!(err.to_string().contains("inside it"), "{err}");
    assert!(org.move_album(top.id, Some(top.id)).is_err());
    assert!(
        org.create_album("x", Some(album.id), AlbumKind::Album)
            .is_err(),
        "an album is no folder"
    );
    assert!(
        org.add_to_album(top.id, &ids[..1]).is_err(),
        "a folder holds no photos"
    );
    assert!(matches!(
        org.add_to_album(424_242, &ids[..1]),
        Err(Error::NotFound(_))
    ));
    org.rename_album(album.id, "Renamed").unwrap();
    org.move_album(album.id, None).unwrap();
    assert_eq!(org.album(album.id).unwrap().parent_id, None);
    org.undo().unwrap();
    assert_eq!(org.album(album.id).unwrap().parent_id, Some(inner.id));

    // Deleting a folder takes what is in it, never a photo; undo brings all of it back in order.
    let order = manual(&library, album.id);
    let deleted = org.delete_album(top.id).unwrap();
    assert_eq!(deleted.changed, 3);
    assert!(org.album(album.id).is_err());
    assert_eq!(all_ids(&library).len(), 6, "photos stay");
    org.undo().unwrap();
    assert_eq!(org.album(album.id).unwrap().name, "Renamed");
    assert_eq!(org.album(album.id).unwrap().parent_id, Some(inner.id));
    assert_eq!(manual(&library, album.id), order);
    assert_eq!(org.album(album.id).unwrap().count, 4);
    org.redo().unwrap();
    assert!(org.album(inner.id).is_err());
}

#[test]
fn tags_form_a_tree_a_parent_matches_its_descendants_and_renames_merge() {
    let (_dir, library) = synthetic(10);
    let ids = all_ids(&library);
    let org = library.organize();
    org.tag_photos("Places/France/Paris", &ids[..3]).unwrap();
    org.tag_photos("Places/France", &ids[2..5]).unwrap();
    org.tag_photos("places/italy", &ids[5..6]).unwrap();
    let tags = org.tags().unwrap();
    let paths: Vec<&str> = tags.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Places",
            "Places/France",
            "Places/France/Paris",
            "Places/italy"
        ]
    );
    let count = |path: &str| org.tag_by_path(path).unwrap().count;
    assert_eq!(
        (
            count("Places"),
            count("places/france"),
            count("Places/France/Paris")
        ),
        (6, 5, 3)
    );
    let places = org.tag_by_path("Places").unwrap();
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                tag: Some(places.id),
                ..Default::default()
            }
        ),
        ids[..6]
    );
    let paris = org.tag_by_path("Places/France/Paris").unwrap();
    assert_eq!(
        view(
            &library,
            PhotoFilter {
                tag: Some(paris.id),
                ..Default::default()
            }
        ),
        ids[..3]
    );
    assert_eq!(
        org.photo_tags(ids[2]).unwrap(),
        ["Places/France/Paris"],
        "the ancestor is implied"
    );
    assert_eq!(
        org.suggest_tags("par", 5).unwrap()[0].path,
        "Places/France/Paris"
    );

    // Rename onto an existing tag merges, and says so.
    let merged = org.rename_tag("Places/italy", "Places/France").unwrap();
    assert!(merged.label.starts_with("Merge"), "{}", merged.label);
    assert_eq!(count("Places/France"), 6);
    assert!(org.tag_by_path("Places/italy").is_err());
    org.undo().unwrap();
    assert_eq!(count("Places/italy"), 1);
    // A rename to another parent moves the tag; never below itself.
    org.rename_tag("Places/France/Paris", "Cities/Paris")
        .unwrap();
    assert_eq!(count("Cities"), 3);
    assert!(org.rename_tag("Cities", "Cities/Paris/Cities").is_err());
    assert!(matches!(
        org.tag_photos("a//b", &ids[..1]),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        org.untag_photos("Nope", &ids[..1]),
        Err(Error::NotFound(_))
    ));
    org.untag_photos("Cities", &ids[..1]).unwrap();
    assert_eq!(count("Cities"), 2);
    org.delete_tag("Places").unwrap();
    assert!(org.tag_by_path("Places/France").is_err());
    org.undo().unwrap();
    assert_eq!((count("Places"), count("Places/France")), (3, 2));
}

fn dated_jpeg(seed: u32) -> Vec<u8> {
    with_exif(
        &plain_jpeg(32, 24, seed),
        &camera_exif("2021:06:07 08:09:10", None, 1),
    )
}

fn scan(library: &Library, dir: &Path) {
    common::scan(library, &[dir.to_path_buf()]);
}

#[test]
fn marks_albums_and_tags_survive_renames_edits_and_a_file_that_comes_back() {
    let (dir, library) = common::temp_library();
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(photos.join("sub")).unwrap();
    let a = common::write(&photos, "a.jpg", &dated_jpeg(1));
    let b = common::write(&photos, "b.jpg", &dated_jpeg(2));
    let original = std::fs::read(&a).unwrap();
    scan(&library, &photos);
    let id_a = library.photo_by_path(&a).unwrap().id;
    let id_b = library.photo_by_path(&b).unwrap().id;
    let org = library.organize();
    org.mark(
        &[id_a],
        &MarkChange {
            rating: Some(5),
            favourite: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let album = org.create_album("Keep", None, AlbumKind::Album).unwrap();
    org.add_to_album(album.id, &[id_a, id_b]).unwrap();
    org.tag_photos("People/Ann", &[id_a]).unwrap();
    assert_eq!(
        std::fs::read(&a).unwrap(),
        original,
        "the original is never written"
    );

    // A rename into another folder keeps the photo (and so everything on it).
    let moved = photos.join("sub/a-renamed.jpg");
    std::fs::rename(&a, &moved).unwrap();
    scan(&library, &photos);
    let photo = library.photo_by_path(&moved).unwrap();
    assert_eq!(photo.id, id_a);
    assert_eq!((photo.marks.rating, photo.marks.favourite), (5, true));
    // An edit in place keeps the id.
    std::fs::write(&moved, dated_jpeg(3)).unwrap();
    scan(&library, &photos);
    assert_eq!(library.photo(id_a).unwrap().marks.rating, 5);
    // Vanished: out of the album's count and views; back: in again with its place.
    std::fs::remove_file(&b).unwrap();
    scan(&library, &photos);
    assert_eq!(org.album(album.id).unwrap().count, 1);
    assert_eq!(manual(&library, album.id), vec![id_a]);
    std::fs::write(&b, dated_jpeg(2)).unwrap();
    scan(&library, &photos);
    assert_eq!(library.photo_by_path(&b).unwrap().id, id_b);
    assert_eq!(org.album(album.id).unwrap().count, 2);
    assert_eq!(manual(&library, album.id), vec![id_a, id_b]);
    assert_eq!(org.photo_tags(id_a).unwrap(), ["People/Ann"]);
    assert_eq!(
        org.photo_albums(id_b).unwrap(),
        [(album.id, "Keep".to_string())]
    );
}

#[test]
fn the_organize_queries_run_on_their_indexes() {
    let (_dir, library) = synthetic(50);
    let plans = library.query_plans().unwrap();
    let plan = |name: &str| {
        let (_, plan) = plans
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name}"));
        plan.join(" | ")
    };
    for (name, index) in [
        ("favourites timeline", "marks_favourites"),
        ("picks timeline", "marks_picks"),
        ("rejected timeline", "marks_rejects"),
        ("rated timeline", "marks_rated"),
        ("labelled timeline", "marks_labelled"),
        ("album timeline", "album_photos_dated"),
        ("tag timeline", "photo_tags_dated"),
        ("album manual page", "album_photos_manual"),
        ("album manual position", "album_photos_manual"),
    ] {
        let text = plan(name);
        assert!(text.contains(index), "{name}: {text}");
        assert!(!text.contains("TEMP B-TREE"), "{name}: {text}");
    }
    let list = plan("album list");
    assert!(
        !list.contains("TEMP B-TREE") && list.contains("albums_name"),
        "{list}"
    );
}
