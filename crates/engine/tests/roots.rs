//! Removing a folder from the library: its photos leave the timeline, months, folders, stats and
//! failures; its files stay byte for byte; rescans and a running watcher never bring it back; adding
//! it again indexes it afresh; hostile arguments change nothing.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use shoebox_engine::{
    no_progress, CancelToken, Error, Library, PhotoFilter, TimelineQuery, WatchEvent, WatchOptions,
};
use shoebox_testkit::{generate_library, plain_jpeg};

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                out.insert(
                    path.clone(),
                    (std::fs::read(&path).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

fn timeline_paths(library: &Library) -> Vec<PathBuf> {
    let query = TimelineQuery::page(PhotoFilter::default(), None, None, 10_000).unwrap();
    let page = library.timeline(&query).unwrap();
    page.photos.into_iter().map(|p| p.path).collect()
}

fn months_total(library: &Library) -> u64 {
    library
        .months(&PhotoFilter::default())
        .unwrap()
        .iter()
        .map(|m| m.count)
        .sum()
}

struct Two {
    _dir: tempfile::TempDir,
    keep: PathBuf,
    gone: PathBuf,
}

/// Two canonical roots: `keep` (12 photos) and `gone` (8 photos in 2 folders, plus a broken file).
fn two_roots(library: &Library) -> Two {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("keep");
    let gone = dir.path().join("gone");
    generate_library(&keep, 12, 6).unwrap();
    generate_library(&gone, 8, 4).unwrap();
    std::fs::write(gone.join("broken.jpg"), b"not a picture").unwrap();
    let (keep, gone) = (
        std::fs::canonicalize(keep).unwrap(),
        std::fs::canonicalize(gone).unwrap(),
    );
    let report = common::scan(library, &[keep.clone(), gone.clone()]);
    assert_eq!((report.added, report.failed), (20, 1));
    Two {
        _dir: dir,
        keep,
        gone,
    }
}

#[test]
fn a_removed_root_leaves_every_view_and_its_files_stay_byte_identical() {
    let (_l, library) = common::temp_library();
    let t = two_roots(&library);
    let before = snapshot(&t.gone);
    let gone_folder = library.folder_id(&t.gone.join("0000")).unwrap().unwrap();

    let removal = library.remove_root(&t.gone).unwrap();
    assert_eq!(removal.root.path, t.gone);
    assert_eq!((removal.photos, removal.folders), (8, 3), "{removal:?}");
    assert_eq!(removal.still_covered_by, None);

    assert_eq!(snapshot(&t.gone), before, "files untouched, byte for byte");
    let paths = timeline_paths(&library);
    assert_eq!(paths.len(), 12);
    assert!(paths.iter().all(|p| p.starts_with(&t.keep)), "{paths:?}");
    assert_eq!(months_total(&library), 12);
    assert!(library
        .folders()
        .unwrap()
        .iter()
        .all(|f| !f.path.starts_with(&t.gone)));
    assert_eq!(library.folder_id(&t.gone.join("0000")).unwrap(), None);
    assert!(library
        .months(&PhotoFilter::folder(Some(gone_folder)))
        .unwrap()
        .is_empty());
    let stats = library.stats().unwrap();
    assert_eq!(
        (stats.photos, stats.removed, stats.roots, stats.failed),
        (12, 0, 1, 0)
    );
    assert!(
        library.failures().list().unwrap().is_empty(),
        "its scan failure went too"
    );
    assert_eq!(library.roots().unwrap().len(), 1);

    // Rescans of everything, or of the removed folder by name, never bring it back.
    assert_eq!(common::scan(&library, &[]).added, 0);
    let rescan = library
        .rescan_folders(
            &[t.gone.join("0000")],
            true,
            &CancelToken::new(),
            &no_progress(),
        )
        .unwrap();
    assert_eq!(rescan.added, 0);
    assert_eq!(timeline_paths(&library).len(), 12);
    assert_eq!(snapshot(&t.gone), before);
}

#[test]
fn adding_a_removed_folder_again_indexes_it_afresh() {
    let (_l, library) = common::temp_library();
    let t = two_roots(&library);
    // `gone` was scanned last: its photos hold the highest ids, the ones SQLite would hand out again.
    let old_ids = timeline_ids_under(&library, &t.gone);
    library.remove_root(&t.gone).unwrap();
    let report = common::scan(&library, std::slice::from_ref(&t.gone));
    assert_eq!((report.added, report.failed), (8, 1));
    // Rows were deleted, so these are new rows, with ids never handed out before: anything cached
    // under an old id (the webview's thumb:// responses) can never show one of these photos.
    let new_ids = timeline_ids_under(&library, &t.gone);
    assert_eq!(new_ids.len(), 8);
    let old_max = old_ids.iter().max().unwrap();
    assert!(
        new_ids.iter().all(|id| id > old_max),
        "ids reused: old {old_ids:?}, new {new_ids:?}"
    );
    assert_eq!(library.stats().unwrap().photos, 20);
    assert_eq!(library.roots().unwrap().len(), 2);
}

fn timeline_ids_under(library: &Library, dir: &Path) -> Vec<i64> {
    let query = TimelineQuery::page(PhotoFilter::default(), None, None, 10_000).unwrap();
    let page = library.timeline(&query).unwrap();
    page.photos
        .into_iter()
        .filter(|p| p.path.starts_with(dir))
        .map(|p| p.id)
        .collect()
}

#[test]
fn a_running_watcher_never_brings_a_removed_root_back() {
    let (_l, library) = common::temp_library();
    let t = two_roots(&library);
    let options = WatchOptions {
        debounce: Duration::from_millis(50),
        ..WatchOptions::default()
    };
    let cancel = CancelToken::new();
    let events = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        // Watches both roots, as the app does from launch.
        let watcher =
            s.spawn(|| library.watch(&[], &options, &cancel, &|e| events.lock().unwrap().push(e)));
        common::wait_for("catch-up", || {
            events
                .lock()
                .unwrap()
                .iter()
                .any(|e| matches!(e, WatchEvent::Batch(b) if b.catch_up))
        });
        library.remove_root(&t.gone).unwrap();
        // A change in the removed folder, then one in the kept folder: once the second is indexed,
        // the first has been through the watcher too.
        std::fs::write(t.gone.join("0000/new-in-gone.jpg"), plain_jpeg(40, 30, 7)).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let marker = t.keep.join("0000/new-in-keep.jpg");
        std::fs::write(&marker, plain_jpeg(40, 30, 8)).unwrap();
        common::wait_for("the kept root's change", || {
            library.photo_by_path(&marker).is_ok()
        });
        cancel.cancel();
        watcher.join().unwrap().expect("the watcher ends cleanly");
    });
    let paths = timeline_paths(&library);
    assert_eq!(paths.len(), 13, "{paths:?}");
    assert!(paths.iter().all(|p| p.starts_with(&t.keep)));
    assert_eq!(library.roots().unwrap().len(), 1);
}

#[test]
fn what_is_not_a_root_is_refused_and_nothing_changes() {
    let (_l, library) = common::temp_library();
    let t = two_roots(&library);
    let odd = t
        .keep
        .parent()
        .unwrap()
        .join(OsStr::from_bytes(b"odd-\xff\xfe name"));
    for path in [
        t.gone.join("0000"),             // a folder under a root
        t.gone.parent().unwrap().into(), // the folder above the roots
        odd.clone(),                     // not even there, with bytes that are not UTF-8
        PathBuf::from(""),
        PathBuf::from("relative/nothing"),
    ] {
        let error = library.remove_root(&path).unwrap_err();
        assert!(
            matches!(error, Error::RootMissing(_)),
            "{}: {error}",
            path.display()
        );
    }
    for id in [0, -1, 9_999, i64::MAX] {
        assert!(
            matches!(library.remove_root_id(id), Err(Error::RootMissing(_))),
            "{id}"
        );
    }
    assert_eq!(timeline_paths(&library).len(), 20);
    assert_eq!(library.roots().unwrap().len(), 2);

    // A root with such a name is removed by that name; so is one whose folder is gone from disk.
    std::fs::create_dir(&odd).unwrap();
    std::fs::write(odd.join("a.jpg"), plain_jpeg(30, 20, 1)).unwrap();
    common::scan(&library, std::slice::from_ref(&odd));
    assert_eq!(library.remove_root(&odd).unwrap().photos, 1);
    std::fs::remove_dir_all(&t.gone).unwrap();
    let removal = library.remove_root(&t.gone).unwrap();
    assert_eq!(removal.photos, 8);
    assert!(
        matches!(library.remove_root(&t.gone), Err(Error::RootMissing(_))),
        "only once"
    );
    assert_eq!(timeline_paths(&library).len(), 12);
}

#[test]
fn removing_a_root_inside_another_says_so_and_leaves_the_outer_one_whole() {
    let (_l, library) = common::temp_library();
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path().join("outer");
    generate_library(&outer, 9, 3).unwrap();
    let outer = std::fs::canonicalize(outer).unwrap();
    let inner = outer.join("0001");
    common::scan(&library, std::slice::from_ref(&inner));
    common::scan(&library, std::slice::from_ref(&outer));
    assert_eq!(library.stats().unwrap().photos, 9);

    let removal = library.remove_root(&inner).unwrap();
    assert_eq!(
        removal.still_covered_by.map(|r| r.path),
        Some(outer.clone())
    );
    common::scan(&library, &[]);
    assert_eq!(
        library.stats().unwrap().photos,
        9,
        "the outer root still holds them"
    );
    let folders = library.folders().unwrap();
    assert!(folders.iter().any(|f| f.path == inner), "{folders:?}");
    let outer_id = library.folder_id(&outer).unwrap().unwrap();
    assert_eq!(months_total_in(&library, outer_id), 9);

    // And the other way round: removing the outer root keeps nothing of it.
    library.remove_root(&outer).unwrap();
    assert_eq!(library.stats().unwrap().photos, 0);
    assert!(library.folders().unwrap().is_empty());
}

fn months_total_in(library: &Library, folder: i64) -> u64 {
    library
        .months(&PhotoFilter::folder(Some(folder)))
        .unwrap()
        .iter()
        .map(|m| m.count)
        .sum()
}
