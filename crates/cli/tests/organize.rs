//! The organize commands of the real binary: the JSON contract (`mark`, `album …`, `tag …`,
//! `photos` filters, `show`, `undo`/`redo`), ids from standard input, clear errors that change
//! nothing, and `kill -9` in the middle of a bulk action on 100,000 photos (all or nothing).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use common::{command, json, shoebox};
use serde_json::Value;
use shoebox_engine::{bench, Library, LibraryOptions};

fn library(count: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let options = LibraryOptions {
        cache_dir: Some(dir.path().join("cache")),
        ..LibraryOptions::default()
    };
    let library = Library::open_with(&path, options).unwrap();
    bench::synthesize_photos(&library, count).unwrap();
    (dir, path)
}

fn ids(lib: &Path, extra: &[&str]) -> Vec<i64> {
    let mut args = vec!["--json", "photos", "--limit", "10000"];
    args.extend_from_slice(extra);
    json(&shoebox(lib, &args))["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

fn s(ids: &[i64]) -> Vec<String> {
    ids.iter().map(i64::to_string).collect()
}

fn run(lib: &Path, args: &[&str], ids: &[i64]) -> Value {
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend(s(ids));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    json(&shoebox(lib, &refs))
}

#[test]
fn marks_albums_tags_and_undo_through_the_json_contract() {
    let (_dir, lib) = library(20);
    let all = ids(&lib, &[]);
    let out = run(&lib, &["--json", "mark", "--rating", "4"], &all[..6]);
    assert_eq!(out["changed"], 6);
    run(&lib, &["--json", "mark", "--flag", "reject"], &all[3..6]);
    run(
        &lib,
        &["--json", "mark", "--favourite", "--label", "blue"],
        &all[..2],
    );
    assert_eq!(ids(&lib, &["--flag", "reject"]), all[3..6]);
    assert_eq!(
        ids(&lib, &["--rating-min", "4", "--flag", "none"]),
        all[..3]
    );
    assert_eq!(ids(&lib, &["--favourite", "--label", "blue"]), all[..2]);
    let shown = json(&shoebox(&lib, &["--json", "show", &all[4].to_string()]));
    assert_eq!(
        (shown["rating"].as_i64(), shown["flag"].as_str()),
        (Some(4), Some("reject"))
    );
    assert_eq!(
        (shown["favourite"].as_bool(), shown["label"].as_str()),
        (Some(false), Some("none"))
    );

    let folder = json(&shoebox(
        &lib,
        &["--json", "album", "create", "Trips", "--folder"],
    ));
    assert_eq!(folder["kind"], "folder");
    let folder_id = folder["id"].as_i64().unwrap().to_string();
    let album = json(&shoebox(
        &lib,
        &["--json", "album", "create", "Rome", "--in", &folder_id],
    ));
    assert_eq!(
        (album["name"].as_str(), album["kind"].as_str()),
        (Some("Rome"), Some("album"))
    );
    let album_id = album["id"].as_i64().unwrap().to_string();
    // Ids from standard input.
    let mut child = command(&lib)
        .args(["--json", "album", "add", &album_id, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{}\n{} {}\n", all[5], all[1], all[8]);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let added = json(&child.wait_with_output().unwrap());
    assert_eq!(added["changed"], 3);
    assert_eq!(
        ids(&lib, &["--album", &album_id]),
        [all[5], all[1], all[8]],
        "manual order"
    );
    json(&shoebox(
        &lib,
        &[
            "--json",
            "album",
            "order",
            &album_id,
            &all[8].to_string(),
            "--first",
        ],
    ));
    assert_eq!(ids(&lib, &["--album", &album_id]), [all[8], all[5], all[1]]);
    let mut by_date = vec![all[8], all[5], all[1]];
    by_date.sort_by_key(|id| all.iter().position(|x| x == id));
    assert_eq!(
        ids(&lib, &["--album", &album_id, "--order", "date"]),
        by_date
    );
    json(&shoebox(
        &lib,
        &["--json", "album", "cover", &album_id, &all[1].to_string()],
    ));
    let list = json(&shoebox(&lib, &["--json", "album", "list"]));
    let rome = list["albums"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Rome")
        .unwrap();
    assert_eq!(
        (rome["count"].as_i64(), rome["cover_id"].as_i64()),
        (Some(3), Some(all[1]))
    );
    assert_eq!(rome["parent_id"].as_i64(), folder["id"].as_i64());
    assert!(rome["first_taken_at"].is_string() && rome["last_taken_at"].is_string());

    run(
        &lib,
        &["--json", "tag", "add", "Places/Italy/Rome"],
        &all[..4],
    );
    let tags = json(&shoebox(&lib, &["--json", "tag", "list"]));
    let paths: Vec<(&str, i64)> = tags["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["path"].as_str().unwrap(), t["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        paths,
        [("Places", 4), ("Places/Italy", 4), ("Places/Italy/Rome", 4)]
    );
    assert_eq!(
        ids(&lib, &["--tag", "places"]),
        all[..4],
        "a parent matches its descendants"
    );
    let renamed = json(&shoebox(
        &lib,
        &["--json", "tag", "rename", "Places/Italy/Rome", "Roma"],
    ));
    assert!(renamed["label"].as_str().unwrap().starts_with("Rename"));
    let shown = json(&shoebox(&lib, &["--json", "show", &all[1].to_string()]));
    assert_eq!(shown["tags"], serde_json::json!(["Roma"]));
    assert_eq!(shown["albums"][0]["name"], "Rome");

    let undo = json(&shoebox(&lib, &["--json", "undo"]));
    assert_eq!(undo["done"], true);
    assert!(undo["label"].as_str().unwrap().starts_with("Rename tag"));
    assert_eq!(ids(&lib, &["--tag", "Places/Italy/Rome"]), all[..4]);
    let redo = json(&shoebox(&lib, &["--json", "redo"]));
    assert_eq!(redo["done"], true);
    assert_eq!(json(&shoebox(&lib, &["--json", "redo"]))["done"], false);
}

#[test]
fn bad_input_is_a_clear_error_and_changes_nothing() {
    let (_dir, lib) = library(5);
    let all = ids(&lib, &[]);
    let fails = |args: &[&str], needle: &str| {
        let out = shoebox(&lib, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    };
    let first = all[0].to_string();
    fails(&["mark", &first, "--rating", "9"], "rating 9");
    fails(&["mark", &first, "424242", "--rating", "3"], "424242");
    fails(&["mark", "abc", "--rating", "3"], "not a photo id");
    fails(&["album", "create", ""], "empty");
    fails(
        &["album", "create", &"n".repeat(10_000)],
        "10000 characters",
    );
    fails(&["album", "create", "bell\u{7}"], "control character");
    fails(&["album", "add", "77", &first], "no album 77");
    fails(&["tag", "add", "a//b", &first], "empty");
    fails(&["tag", "rename", "Nope", "Other"], "no tag");
    let folder = json(&shoebox(
        &lib,
        &["--json", "album", "create", "F", "--folder"],
    ));
    let folder_id = folder["id"].as_i64().unwrap().to_string();
    let inner = json(&shoebox(
        &lib,
        &[
            "--json", "album", "create", "G", "--folder", "--in", &folder_id,
        ],
    ));
    let inner_id = inner["id"].as_i64().unwrap().to_string();
    fails(
        &["album", "move", &folder_id, "--in", &inner_id],
        "inside it",
    );
    assert_eq!(
        json(&shoebox(&lib, &["--json", "show", &first]))["rating"],
        0
    );
    assert!(ids(&lib, &["--rating-min", "1"]).is_empty());
    let emoji = json(&shoebox(
        &lib,
        &["--json", "album", "create", "Été 🌞 / 2024"],
    ));
    assert_eq!(emoji["name"], "Été 🌞 / 2024");
}

fn integrity(lib: &Path) -> String {
    let conn = rusqlite::Connection::open(lib).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn kill_9_during_a_bulk_action_on_100000_photos_is_all_or_nothing() {
    let (_dir, lib) = library(100_000);
    let every: String = {
        let conn = rusqlite::Connection::open(&lib).unwrap();
        let mut stmt = conn.prepare("SELECT id FROM photos").unwrap();
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(ids.len(), 100_000);
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let rated = |lib: &Path| -> i64 {
        let conn = rusqlite::Connection::open(lib).unwrap();
        conn.query_row(
            "SELECT count(*) FROM photo_marks WHERE rating = 3",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    for delay_ms in [50_u64, 250, 600] {
        let mut child = command(&lib)
            .args(["mark", "--rating", "3", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(every.as_bytes())
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SAFETY: kill(2) on the pid of a child we spawned and have not reaped.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let _ = child.wait();
        assert_eq!(integrity(&lib), "ok");
        let n = rated(&lib);
        assert!(
            n == 0 || n == 100_000,
            "after {delay_ms} ms: {n} photos rated"
        );
        if n == 100_000 {
            json(&shoebox(&lib, &["--json", "undo"]));
            assert_eq!(rated(&lib), 0);
        }
    }
    // And the same action, uninterrupted, completes as one step.
    let mut child = command(&lib)
        .args(["--json", "mark", "--rating", "3", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(every.as_bytes())
        .unwrap();
    let out = json(&child.wait_with_output().unwrap());
    assert_eq!(out["changed"], 100_000);
    assert_eq!(rated(&lib), 100_000);
}
