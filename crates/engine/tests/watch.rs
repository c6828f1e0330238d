//! The live library: renames and folder moves keep photo ids, deletions leave the timeline, edits
//! re-read metadata and regenerate variants, folder rescans touch nothing else, and the watcher picks
//! real file operations up (inotify and polling) within a bounded time.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use common::{scan, temp_library, temp_library_with};
use shoebox_engine::{
    no_progress, CancelToken, Library, LibraryOptions, PhotoState, WatchEvent, WatchMode,
    WatchOptions,
};
use shoebox_testkit::{generate_library, plain_jpeg};

fn first_file(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.remove(0)
}

fn setup(library: &Library, count: usize) -> (PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    generate_library(&photos, count, 10).unwrap();
    scan(library, std::slice::from_ref(&photos));
    library
        .hash_pending(&CancelToken::new(), &no_progress())
        .unwrap();
    (std::fs::canonicalize(&photos).unwrap(), dir)
}

#[test]
fn rename_and_folder_move_keep_the_photo_id() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 30);
    let file = first_file(&photos.join("0000"));
    let id = library.photo_by_path(&file).unwrap().id;
    let renamed = photos.join("0000/renamed.jpg");
    std::fs::rename(&file, &renamed).unwrap();
    let report = scan(&library, &[]);
    assert_eq!((report.moved, report.added, report.removed), (1, 0, 0));
    assert_eq!(library.photo_by_path(&renamed).unwrap().id, id);

    let other = first_file(&photos.join("0001"));
    let other_id = library.photo_by_path(&other).unwrap().id;
    std::fs::create_dir(photos.join("albums")).unwrap();
    std::fs::rename(photos.join("0001"), photos.join("albums/trip")).unwrap();
    let report = scan(&library, &[]);
    assert_eq!((report.moved, report.added, report.removed), (10, 0, 0));
    let moved = photos.join("albums/trip").join(other.file_name().unwrap());
    let photo = library.photo_by_path(&moved).unwrap();
    assert_eq!((photo.id, photo.state), (other_id, PhotoState::Active));
    assert_eq!(library.stats().unwrap().photos, 30);
    let folders = library.folders().unwrap();
    assert!(
        folders.iter().all(|f| !f.path.ends_with("0001")),
        "the moved folder's old row is gone: {folders:?}"
    );
}

#[test]
fn a_move_before_the_hash_phase_keeps_the_id_by_size_and_mtime() {
    let (_l, library) = temp_library();
    let dir = tempfile::tempdir().unwrap();
    generate_library(dir.path(), 5, 10).unwrap();
    scan(&library, &[dir.path().to_path_buf()]); // `common::scan` does not hash
    let file = first_file(&dir.path().join("0000"));
    let id = library.photo_by_path(&file).unwrap().id;
    let to = dir.path().join("0000/moved.jpg");
    std::fs::rename(&file, &to).unwrap();
    assert_eq!(scan(&library, &[]).moved, 1);
    assert_eq!(library.photo_by_path(&to).unwrap().id, id);
}

#[test]
fn deletion_leaves_the_timeline_and_a_copy_is_a_new_photo() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 20);
    let file = first_file(&photos.join("0000"));
    let id = library.photo_by_path(&file).unwrap().id;
    std::fs::copy(&file, photos.join("copy.jpg")).unwrap();
    let gone = first_file(&photos.join("0001"));
    let gone_id = library.photo_by_path(&gone).unwrap().id;
    std::fs::remove_file(&gone).unwrap();
    let report = scan(&library, &[]);
    assert_eq!((report.added, report.removed, report.moved), (1, 1, 0));
    assert_eq!(library.photo(gone_id).unwrap().state, PhotoState::Removed);
    assert_eq!(library.photo_by_path(&file).unwrap().id, id);
}

#[test]
fn folder_rescan_does_not_mark_other_folders_removed() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 30);
    std::fs::write(photos.join("0002/new.jpg"), plain_jpeg(40, 30, 7)).unwrap();
    let report = library
        .rescan_folders(
            &[photos.join("0002")],
            false,
            &CancelToken::new(),
            &no_progress(),
        )
        .unwrap();
    assert_eq!((report.added, report.removed, report.seen), (1, 0, 11));
    assert_eq!(library.stats().unwrap().photos, 31);
    // A folder that vanished: only its photos leave.
    std::fs::remove_dir_all(photos.join("0001")).unwrap();
    let report = library
        .rescan_folders(
            &[photos.join("0001")],
            true,
            &CancelToken::new(),
            &no_progress(),
        )
        .unwrap();
    assert_eq!(report.removed, 10);
    assert_eq!(library.stats().unwrap().photos, 21);
}

#[test]
fn an_edit_in_place_regenerates_variants_and_the_old_ones_become_garbage() {
    let (dir, library) = temp_library_with(LibraryOptions::default());
    let (photos, _d) = setup(&library, 3);
    let file = first_file(&photos.join("0000"));
    let before = library.photo_by_path(&file).unwrap();
    let size = library.thumbs().options().all_sizes()[0];
    let old = library.thumbs().variant(before.id, size).unwrap();
    std::fs::write(&file, plain_jpeg(64, 48, 99)).unwrap();
    let report = scan(&library, &[]);
    assert_eq!(report.updated, 1);
    let after = library.photo(before.id).unwrap();
    assert_eq!(after.rev, before.rev + 1);
    assert_eq!((after.width, after.height), (64, 48));
    let new = library.thumbs().variant(before.id, size).unwrap();
    assert_ne!(
        new.bytes, old.bytes,
        "memory cache served the stale variant"
    );
    assert_ne!(new.etag, old.etag);
    let gc = library.thumbs().gc().unwrap();
    assert!(gc.removed >= 1, "the old variants are garbage: {gc:?}");
    drop(dir);
}

/// Runs the watcher on `library` while `body` works on the files; returns the events seen.
fn with_watcher(
    library: &Library,
    options: WatchOptions,
    body: impl FnOnce(&Mutex<Vec<WatchEvent>>),
) {
    let cancel = CancelToken::new();
    let events = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        let watcher =
            s.spawn(|| library.watch(&[], &options, &cancel, &|e| events.lock().unwrap().push(e)));
        common::wait_for("watcher started", || {
            events
                .lock()
                .unwrap()
                .iter()
                .any(|e| matches!(e, WatchEvent::Batch(b) if b.catch_up))
        });
        // A failed assertion in `body` must still stop the watcher, or the scope waits forever.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&events)));
        cancel.cancel();
        let stopped = watcher.join();
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
        stopped.unwrap().unwrap();
    });
    assert_eq!(library.watch_mode(), WatchMode::Off);
}

#[test]
fn the_watcher_follows_add_rename_move_edit_and_delete() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 20);
    with_watcher(&library, WatchOptions::default(), |_| {
        assert_eq!(library.watch_mode(), WatchMode::Inotify);
        let added = photos.join("0000/added.jpg");
        std::fs::write(&added, plain_jpeg(50, 40, 3)).unwrap();
        common::wait_for("add", || library.photo_by_path(&added).is_ok());
        let id = library.photo_by_path(&added).unwrap().id;
        common::wait_for("hash", || library.photo(id).unwrap().content_hash.is_some());

        let renamed = photos.join("0000/renamed.jpg");
        std::fs::rename(&added, &renamed).unwrap();
        common::wait_for("rename", || {
            library.photo_by_path(&renamed).is_ok_and(|p| p.id == id)
        });

        std::fs::rename(photos.join("0000"), photos.join("0001/nested")).unwrap();
        let nested = photos.join("0001/nested/renamed.jpg");
        common::wait_for("folder move", || {
            library.photo_by_path(&nested).is_ok_and(|p| p.id == id)
        });

        std::fs::write(&nested, plain_jpeg(80, 20, 5)).unwrap();
        common::wait_for("edit", || library.photo(id).unwrap().width == 80);

        std::fs::remove_file(&nested).unwrap();
        common::wait_for("delete", || {
            library.photo(id).unwrap().state == PhotoState::Removed
        });
    });
    assert_eq!(library.stats().unwrap().photos, 20);
}

/// A sidecar of the given rating, as Lightroom writes one.
fn sidecar_rating(stars: i32) -> String {
    format!(
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="{stars}"/></rdf:RDF></x:xmpmeta>"#
    )
}

#[test]
fn the_watcher_follows_a_sidecar_that_appears_changes_and_vanishes() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 4);
    let photo = first_file(&photos.join("0000"));
    let id = library.photo_by_path(&photo).unwrap().id;
    let mut sidecar = photo.clone().into_os_string();
    sidecar.push(".xmp");
    let sidecar = PathBuf::from(sidecar);
    let rating = || library.xmp().described(id).unwrap().rating;
    with_watcher(&library, WatchOptions::default(), |_| {
        std::fs::write(&sidecar, sidecar_rating(3)).unwrap();
        common::wait_for("sidecar appears", || rating() == 3);
        std::fs::write(&sidecar, sidecar_rating(5)).unwrap();
        common::wait_for("sidecar changes", || rating() == 5);
        std::fs::remove_file(&sidecar).unwrap();
        // A photo added after the removal shows the folder was rescanned since.
        let marker = photo.with_file_name("after.jpg");
        std::fs::write(&marker, plain_jpeg(30, 20, 9)).unwrap();
        common::wait_for("rescan after the removal", || {
            library.photo_by_path(&marker).is_ok()
        });
    });
    // Gone: the library keeps what it had, and the photo stays.
    assert_eq!(rating(), 5);
    assert_eq!(library.photo(id).unwrap().state, PhotoState::Active);
}

#[test]
fn polling_picks_changes_up_and_reports_its_mode() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 10);
    let options = WatchOptions {
        force_polling: true,
        poll_interval: Duration::from_millis(200),
        ..WatchOptions::default()
    };
    with_watcher(&library, options, |events| {
        assert_eq!(library.watch_mode(), WatchMode::Polling);
        let first = &events.lock().unwrap()[0];
        assert!(matches!(
            first,
            WatchEvent::Mode {
                mode: WatchMode::Polling,
                ..
            }
        ));
        let added = photos.join("0000/polled.jpg");
        std::fs::write(&added, plain_jpeg(30, 30, 1)).unwrap();
        common::wait_for("add by polling", || library.photo_by_path(&added).is_ok());
    });
}

#[test]
fn catch_up_sees_what_changed_while_nothing_watched_without_rehashing() {
    let (_l, library) = temp_library();
    let (photos, _d) = setup(&library, 20);
    std::fs::write(photos.join("0001/while-down.jpg"), plain_jpeg(30, 20, 4)).unwrap();
    std::fs::remove_file(first_file(&photos.join("0000"))).unwrap();
    with_watcher(&library, WatchOptions::default(), |events| {
        let events = events.lock().unwrap();
        let catch_up = events.iter().find_map(|e| match e {
            WatchEvent::Batch(b) if b.catch_up => Some(b.clone()),
            _ => None,
        });
        let b = catch_up.unwrap();
        assert_eq!((b.scan.added, b.scan.removed, b.scan.unchanged), (1, 1, 19));
        assert_eq!(
            (b.scan.opened, b.hashed),
            (1, 1),
            "only the new file is read and hashed"
        );
    });
}
