//! Issue 18's commands through Tauri's IPC on the mock runtime: the failures list and the broken flag
//! of timeline tiles, "Show in folder" only for paths the library knows, the remote check without
//! credentials, and removing a root folder.

mod common;

use std::path::{Path, PathBuf};

use common::{app_over, empty_library, invoke, kind, message, Fixture};
use serde_json::{json, Value};
use shoebox_engine::{no_progress, CancelToken, Library, Tier};
use shoebox_testkit::{camera_exif, plain_jpeg, with_exif};

fn jpeg(seed: u32) -> Vec<u8> {
    with_exif(
        &plain_jpeg(64, 48, seed),
        &camera_exif("2022:03:04 05:06:07", None, 1),
    )
}

/// A folder with two good photos, a JPEG cut short (indexed, fails to decode) and a text file named
/// .jpg (fails the scan); scanned and thumbnailed.
struct Broken {
    f: Fixture,
    truncated: PathBuf,
    garbage: PathBuf,
}

fn gradient_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, (x ^ y) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn broken_library() -> Broken {
    let (dir, library) = empty_library();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("good.jpg"), jpeg(1)).unwrap();
    std::fs::write(photos.join("good2.jpg"), jpeg(2)).unwrap();
    // A PNG cut short: it cannot be decoded (a JPEG cut short is shown as far as it goes).
    let full = gradient_png(400, 300);
    let truncated = photos.join("truncated.png");
    std::fs::write(&truncated, &full[..full.len() * 2 / 5]).unwrap();
    let garbage = photos.join("notes.jpg");
    std::fs::write(&garbage, b"this is plain text, not a JPEG").unwrap();
    scan(&library, &photos);
    library
        .thumbs()
        .make_thumbnails(Tier::Grid, &CancelToken::new(), &no_progress())
        .unwrap();
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap();
    Broken {
        truncated: canonical(&truncated),
        garbage: canonical(&garbage),
        f: app_over(dir, library),
    }
}

fn scan(library: &Library, root: &Path) {
    library
        .scan(&[root.to_path_buf()], &CancelToken::new(), &no_progress())
        .unwrap();
}

fn page(f: &Fixture, folder: Value) -> Vec<Value> {
    let view = if folder.is_null() {
        json!({"kind": "all"})
    } else {
        json!({"kind": "folder", "id": folder})
    };
    invoke(
        f,
        "timeline_page",
        json!({"view": view, "cursor": null, "fromMonth": null, "limit": 100}),
    )
    .unwrap()["photos"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn failures_list_scan_and_decode_failures_with_path_stage_and_reason() {
    let b = broken_library();
    let list = invoke(&b.f, "failures", json!({})).unwrap();
    assert_eq!(list["total"], 2, "{list}");
    let failures = list["failures"].as_array().unwrap();
    let of = |path: &Path| {
        failures
            .iter()
            .find(|f| f["path"] == path.display().to_string())
            .unwrap_or_else(|| panic!("{} not listed: {list}", path.display()))
            .clone()
    };
    let scan = of(&b.garbage);
    assert_eq!(scan["stage"], "scan", "{scan}");
    assert_eq!(scan["photoId"], Value::Null, "{scan}");
    let decode = of(&b.truncated);
    assert_eq!(decode["stage"], "decode", "{decode}");
    assert!(decode["photoId"].is_i64(), "{decode}");
    for f in [&scan, &decode] {
        let reason = f["reason"].as_str().unwrap();
        assert!(reason.len() > 5 && reason.ends_with('.'), "{f}");
        assert!(reason.chars().next().unwrap().is_uppercase(), "{f}");
        assert!(f["at"].as_f64().unwrap() > 1e12, "milliseconds: {f}");
    }
}

#[test]
fn timeline_tiles_say_at_once_that_their_thumbnail_failed() {
    let b = broken_library();
    let tiles = page(&b.f, Value::Null);
    assert_eq!(tiles.len(), 3, "the garbage file is not in the timeline");
    let broken: Vec<&Value> = tiles.iter().filter(|t| !t["broken"].is_null()).collect();
    assert_eq!(broken.len(), 1, "{tiles:?}");
    let list = invoke(&b.f, "failures", json!({})).unwrap();
    let decode = list["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["stage"] == "decode")
        .unwrap()
        .clone();
    assert_eq!(broken[0]["id"], decode["photoId"]);
    assert_eq!(broken[0]["broken"], decode["reason"]);
    for ok in tiles.iter().filter(|t| t["broken"].is_null()) {
        assert!(
            ok.get("broken").is_some(),
            "the field is always there: {ok}"
        );
    }
}

#[test]
fn reveal_path_refuses_paths_the_library_does_not_know() {
    let b = broken_library();
    for path in [
        "/etc/passwd".to_string(),
        "relative/notes.jpg".to_string(),
        "https://example.com/".to_string(),
        b.f.dir.path().join("lib.db").display().to_string(),
        b.f.dir.path().join("photos").display().to_string(),
    ] {
        let err = invoke(&b.f, "reveal_path", json!({ "path": path })).unwrap_err();
        assert!(
            matches!(kind(&err), "notFound" | "invalidInput"),
            "{path}: {err}"
        );
        assert!(message(&err).ends_with('.'), "{err}");
    }
}

#[test]
fn without_credentials_the_check_still_refuses_an_unreachable_endpoint() {
    // Whatever keys this process has (none, usually): the endpoint is reached either way.
    let (dir, library) = empty_library();
    let f = app_over(dir, library);
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = invoke(
        &f,
        "check_backup_remote",
        json!({"url": "s3://nowhere/prefix", "endpoint": format!("http://127.0.0.1:{port}"), "region": null}),
    )
    .unwrap_err();
    assert_eq!(kind(&err), "remote", "{err}");
    let text = message(&err);
    assert!(
        text.contains("Could not reach") && text.contains(&port.to_string()),
        "{text}"
    );
}

#[test]
fn remove_folder_takes_a_root_out_of_the_library_and_leaves_its_files() {
    let f = common::fixture(20);
    let folders = invoke(&f, "folders", json!({})).unwrap();
    let folders = folders.as_array().unwrap();
    let root = folders
        .iter()
        .find(|d| d["isRoot"] == true)
        .unwrap_or_else(|| panic!("a root folder: {folders:?}"))
        .clone();
    let inner = folders
        .iter()
        .find(|d| d["isRoot"] == false && d["count"].as_u64() > Some(0))
        .unwrap()
        .clone();
    assert_eq!(folders.iter().filter(|d| d["isRoot"] == true).count(), 1);

    let refused = invoke(&f, "remove_folder", json!({"folderId": inner["id"]})).unwrap_err();
    assert_eq!(kind(&refused), "invalidInput", "{refused}");
    assert!(
        message(&refused).contains(root["path"].as_str().unwrap()),
        "names the root to remove: {refused}"
    );
    let unknown = invoke(&f, "remove_folder", json!({"folderId": 999_999})).unwrap_err();
    assert_eq!(kind(&unknown), "notFound", "{unknown}");

    let changed = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = changed.clone();
    tauri::Listener::listen_any(&f.app, shoebox_app::events::LIBRARY_CHANGED, move |_| {
        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let removed = invoke(&f, "remove_folder", json!({"folderId": root["id"]})).unwrap();
    assert_eq!(removed["photos"], 20, "{removed}");
    assert_eq!(removed["path"], root["path"], "{removed}");
    assert_eq!(removed["stillCoveredBy"], Value::Null, "{removed}");
    assert!(
        changed.load(std::sync::atomic::Ordering::SeqCst) >= 1,
        "library-changed sent"
    );
    assert_eq!(invoke(&f, "folders", json!({})).unwrap(), json!([]));
    assert_eq!(
        invoke(&f, "timeline_months", json!({"view": {"kind": "all"}})).unwrap(),
        json!([])
    );
    let files = walk_count(Path::new(root["path"].as_str().unwrap()));
    assert_eq!(files, 20, "no file was touched");
    let gone = invoke(&f, "remove_folder", json!({"folderId": root["id"]})).unwrap_err();
    assert_eq!(kind(&gone), "notFound", "{gone}");
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { walk_count(&p) } else { 1 })
        .sum()
}

#[test]
fn photos_without_a_real_date_are_the_undated_group_after_every_month() {
    let (dir, library) = empty_library();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("dated.jpg"), jpeg(1)).unwrap();
    std::fs::write(photos.join("plain.jpg"), plain_jpeg(40, 30, 2)).unwrap();
    let future = with_exif(
        &plain_jpeg(40, 30, 3),
        &camera_exif("2099:01:01 00:00:00", None, 1),
    );
    std::fs::write(photos.join("future.jpg"), future).unwrap();
    scan(&library, &photos);
    let f = app_over(dir, library);

    let months = invoke(&f, "timeline_months", json!({"view": {"kind": "all"}})).unwrap();
    let months = months.as_array().unwrap();
    assert_eq!(months.last().unwrap()["month"], "undated", "{months:?}");
    assert_eq!(months.last().unwrap()["count"], 2, "{months:?}");
    assert_eq!(months[0]["month"], "2022-03", "{months:?}");
    assert!(
        !months
            .iter()
            .any(|m| m["month"].as_str().unwrap().starts_with("2099")),
        "{months:?}"
    );

    // Paging from the top runs through the dated photos into the undated ones.
    let all = page(&f, Value::Null);
    let dated: Vec<bool> = all.iter().map(|t| t["dated"].as_bool().unwrap()).collect();
    assert_eq!(dated, [true, false, false], "{all:?}");
    let undated = invoke(
        &f,
        "timeline_page",
        json!({"view": {"kind": "all"}, "cursor": null, "fromMonth": "undated", "limit": 10}),
    )
    .unwrap();
    let tiles = undated["photos"].as_array().unwrap();
    assert_eq!(tiles.len(), 2, "{undated}");
    assert!(tiles.iter().all(|t| t["dated"] == false), "{undated}");
    let info = invoke(&f, "photo_info", json!({"id": tiles[0]["id"]})).unwrap();
    assert_eq!(info["dated"], false, "{info}");
    assert!(
        matches!(info["takenAtSource"].as_str(), Some("birth" | "file")),
        "{info}"
    );
}

/// No keys in the environment or the AWS profile files of this test binary (its other tests do not
/// care either way).
fn without_environment_keys() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for name in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
        ] {
            std::env::remove_var(name);
        }
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/shoebox/credentials",
        );
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/shoebox/config");
    });
}

#[test]
fn keys_kept_in_the_keyring_are_used_by_a_backup_when_the_environment_has_none() {
    without_environment_keys();
    let server = shoebox_testkit::s3::MotoServer::start();
    server.create_bucket("shoebox-keyring");
    let (dir, library) = empty_library();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("a.jpg"), jpeg(1)).unwrap();
    scan(&library, &photos);
    let keys = std::sync::Arc::new(shoebox_app::keys::MemoryKeys::available());
    let f = common::app_with_keys(dir, library, Some(keys.clone()));

    let fresh = invoke(&f, "backup_settings", json!({})).unwrap();
    assert_eq!(fresh["credentialsFound"], false, "{fresh}");
    assert_eq!(fresh["keyring"]["available"], true, "{fresh}");
    assert_eq!(fresh["keyring"]["stored"], false, "{fresh}");
    let empty = invoke(
        &f,
        "save_backup_keys",
        json!({"accessKeyId": " ", "secretAccessKey": "x"}),
    )
    .unwrap_err();
    assert_eq!(kind(&empty), "invalidInput", "{empty}");

    let secret = "keyring-secret-never-in-the-library";
    let saved = invoke(
        &f,
        "save_backup_keys",
        json!({"accessKeyId": "testing", "secretAccessKey": secret}),
    )
    .unwrap();
    assert_eq!(saved["credentialsFound"], true, "{saved}");
    assert_eq!(saved["credentialsFrom"], "keyring", "{saved}");
    assert_eq!(saved["keyring"]["stored"], true, "{saved}");
    assert!(!saved.to_string().contains(secret), "never sent back");

    // The check and the backup sign with them.
    invoke(
        &f,
        "check_backup_remote",
        json!({"url": "s3://shoebox-keyring", "endpoint": server.endpoint(), "region": null}),
    )
    .expect("the check passes with the keyring's keys");
    invoke(
        &f,
        "save_backup_settings",
        json!({"url": "s3://shoebox-keyring", "endpoint": server.endpoint(), "region": "", "includeVariants": false}),
    )
    .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    tauri::Listener::listen_any(&f.app, shoebox_app::events::BACKUP_FINISHED, move |e| {
        let _ = tx.send(serde_json::from_str::<Value>(e.payload()).unwrap());
    });
    invoke(&f, "start_backup", json!({})).unwrap();
    let done = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .unwrap();
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["summary"]["uploaded"], 1, "{done}");
    for file in ["lib.db", "lib.db-wal"] {
        let bytes = std::fs::read(f.dir.path().join(file)).unwrap_or_default();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{file} holds the secret"
        );
    }

    let forgotten = invoke(&f, "forget_backup_keys", json!({})).unwrap();
    assert_eq!(forgotten["keyring"]["stored"], false, "{forgotten}");
    assert_eq!(forgotten["credentialsFound"], false, "{forgotten}");
    let refused = invoke(&f, "start_backup", json!({}));
    if let Ok(()) = refused.as_ref().map(|_| ()) {
        let failed = rx.recv_timeout(std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(failed["status"], "failed", "no keys any more: {failed}");
    }
}

#[test]
fn an_unavailable_keyring_says_so_and_refuses_to_store() {
    let f = common::fixture(0);
    let settings = invoke(&f, "backup_settings", json!({})).unwrap();
    assert_eq!(settings["keyring"]["available"], false, "{settings}");
    let why = settings["keyring"]["message"].as_str().unwrap();
    assert!(why.ends_with('.'), "{settings}");
    let refused = invoke(
        &f,
        "save_backup_keys",
        json!({"accessKeyId": "AKIAEXAMPLE", "secretAccessKey": "secret"}),
    )
    .unwrap_err();
    assert_eq!(kind(&refused), "io", "{refused}");
    assert!(message(&refused).contains("keyring"), "{refused}");
}
