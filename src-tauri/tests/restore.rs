//! The restore screen's command through IPC on the mock runtime, against a real S3-compatible server
//! (moto): a library backed up from one app comes back into another's empty library — its photos as
//! files under the chosen folder, its albums and marks — with progress and a summary; a second run
//! downloads nothing; what cannot be restored from is refused with the reason.

mod common;

use std::time::Duration;

use common::{
    empty_library, events, fixture, invoke, kind, message, use_env_credentials, view_total,
};
use serde_json::{json, Value};
use shoebox_app::events::BACKUP_FINISHED;
use shoebox_testkit::s3::MotoServer;

fn restore(f: &common::Fixture, url: &str, endpoint: &str, dest: &str) -> Result<Value, Value> {
    invoke(
        f,
        "restore_backup",
        json!({
            "request": {"url": url, "endpoint": endpoint, "region": "", "dest": dest},
            "onProgress": "__CHANNEL__:9",
        }),
    )
}

fn photo_count(f: &common::Fixture) -> u64 {
    view_total(f, json!({"kind": "all"}))
}

#[test]
fn a_backup_comes_back_into_an_empty_library_with_its_albums_and_marks() {
    const PHOTOS: u64 = 9;
    use_env_credentials("testing");
    let server = MotoServer::start();
    server.create_bucket("shoebox-restore");

    // The old machine: nine photos, two of them four stars in an album, backed up.
    let old = fixture(PHOTOS as usize);
    let first_two = json!({"view": {"kind": "all"}, "ranges": [[0, 2]], "ids": []});
    invoke(
        &old,
        "mark",
        json!({"targets": first_two, "change": {"favourite": null, "rating": 4, "flag": null, "label": null}}),
    )
    .unwrap();
    let album = invoke(
        &old,
        "create_album",
        json!({"name": "Keepers", "parentId": null, "kind": "album"}),
    )
    .unwrap();
    invoke(
        &old,
        "add_to_album",
        json!({"album": album["id"], "targets": first_two}),
    )
    .unwrap();
    let finished = events(&old, BACKUP_FINISHED);
    invoke(
        &old,
        "save_backup_settings",
        json!({"url": "s3://shoebox-restore/old", "endpoint": server.endpoint(), "region": "", "includeVariants": false}),
    )
    .unwrap();
    invoke(&old, "start_backup", json!({})).unwrap();
    let done = finished.recv_timeout(Duration::from_secs(180)).unwrap();
    assert_eq!(done["status"], "done", "{done}");

    // The new machine: an empty library, restored from the bucket.
    let (dir, library) = empty_library();
    let new = common::app_over(dir, library);
    assert_eq!(photo_count(&new), 0);
    let dest = new.dir.path().join("Restored");
    let endpoint = server.endpoint();
    let summary = restore(
        &new,
        "s3://shoebox-restore/old",
        &endpoint,
        &dest.display().to_string(),
    )
    .expect("the restore runs");
    assert_eq!(summary["photos"], PHOTOS, "{summary}");
    assert_eq!(summary["downloaded"], PHOTOS, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(summary["albums"], 1, "{summary}");
    assert!(summary["bytes"].as_u64().unwrap() > 0);
    assert_eq!(photo_count(&new), PHOTOS, "the gallery shows them");
    let files = walk(&dest);
    assert_eq!(files.len() as u64, PHOTOS, "{files:?}");
    let albums = invoke(&new, "albums", json!({})).unwrap();
    let keepers = albums
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Keepers")
        .unwrap_or_else(|| panic!("the album came back: {albums}"));
    assert_eq!(keepers["count"], 2, "{keepers}");
    let rated = invoke(
        &new,
        "timeline_page",
        json!({"view": {"kind": "album", "id": keepers["id"]}, "cursor": null, "fromMonth": null, "limit": 10}),
    )
    .unwrap();
    for tile in rated["photos"].as_array().unwrap() {
        assert_eq!(tile["marks"]["rating"], 4, "{tile}");
    }

    // Again: everything is in place, nothing is downloaded twice.
    let again = restore(
        &new,
        "s3://shoebox-restore/old",
        &endpoint,
        &dest.display().to_string(),
    )
    .unwrap();
    assert_eq!(again["downloaded"], 0, "{again}");
    assert_eq!(photo_count(&new), PHOTOS);
}

#[test]
fn what_cannot_be_restored_from_is_refused_with_the_reason() {
    use_env_credentials("testing");
    let server = MotoServer::start();
    server.create_bucket("shoebox-empty");
    let (dir, library) = empty_library();
    let f = common::app_over(dir, library);
    let dest = f.dir.path().join("Restored").display().to_string();

    let e = restore(&f, "s3://shoebox-empty", &server.endpoint(), "Restored").unwrap_err();
    assert_eq!(kind(&e), "invalidInput", "{e}");
    assert!(message(&e).contains("not an absolute path"), "{e}");

    let e = restore(&f, "http://not-s3", &server.endpoint(), &dest).unwrap_err();
    assert_eq!(kind(&e), "invalidInput", "{e}");

    // A bucket with no backup in it: says so, and the library stays empty.
    let e = restore(&f, "s3://shoebox-empty", &server.endpoint(), &dest).unwrap_err();
    assert!(
        message(&e).to_lowercase().contains("backup") || message(&e).contains("latest"),
        "{e}"
    );
    assert_eq!(photo_count(&f), 0);

    assert_eq!(
        invoke(&f, "cancel_restore", json!({})).unwrap(),
        false,
        "none runs"
    );
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
