//! Black-box tests of the commands a new user's fixes need (issue 18): `failures`, `roots`,
//! `remove-root` and `sync --check`: their JSON, exit codes and messages.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use common::json;
use shoebox_testkit::generate_library;
use shoebox_testkit::s3::{free_port, MotoServer};

/// `shoebox` with moto's test keys, and no endpoint or profile from the caller's environment.
fn shoebox(library: &Path, args: &[&str]) -> Output {
    common::command(library)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_PROFILE")
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Two scanned roots, `keep` (10 photos) and `gone` (6 photos and a file that is not an image).
fn setup() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("keep");
    let gone = dir.path().join("gone");
    generate_library(&keep, 10, 5).unwrap();
    generate_library(&gone, 6, 3).unwrap();
    std::fs::write(gone.join("0000/junk.jpg"), b"not a jpeg").unwrap();
    let library = dir.path().join("lib.db");
    let report = json(&shoebox(
        &library,
        &[
            "scan",
            keep.to_str().unwrap(),
            gone.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(report["added"], 16);
    (dir, library, keep, gone)
}

#[test]
fn failures_json_lists_each_failure_with_stage_path_reason_and_photo_id() {
    let (_dir, library, _keep, gone) = setup();
    let out = json(&shoebox(&library, &["failures", "--json"]));
    let failures = out["failures"].as_array().expect("failures array");
    assert_eq!(failures.len(), 1, "{out}");
    let f = &failures[0];
    assert_eq!(f["stage"], "scan");
    assert!(
        f["path"].as_str().unwrap().ends_with("gone/0000/junk.jpg"),
        "{f}"
    );
    assert!(!f["reason"].as_str().unwrap().is_empty());
    assert!(f["photo_id"].is_null());
    assert!(f["at"].is_i64());

    let text = shoebox(&library, &["failures"]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("junk.jpg"));

    // Once its root is removed, its failure goes too.
    json(&shoebox(
        &library,
        &["remove-root", gone.to_str().unwrap(), "--json"],
    ));
    let out = json(&shoebox(&library, &["failures", "--json"]));
    assert_eq!(out["failures"], serde_json::json!([]));
}

#[test]
fn remove_root_takes_a_folder_out_and_leaves_its_files() {
    let (_dir, library, keep, gone) = setup();
    let roots = json(&shoebox(&library, &["roots", "--json"]));
    let roots = roots["roots"].as_array().unwrap().clone();
    assert_eq!(roots.len(), 2);
    let gone_canonical = std::fs::canonicalize(&gone).unwrap();
    let gone_root = roots
        .iter()
        .find(|r| r["path"] == gone_canonical.to_str().unwrap())
        .expect("gone is listed");
    assert_eq!(gone_root["is_file"], false);
    let before = std::fs::read(gone.join("0000/junk.jpg")).unwrap();

    let out = json(&shoebox(
        &library,
        &["remove-root", gone.to_str().unwrap(), "--json"],
    ));
    assert_eq!(out["root"]["id"], gone_root["id"]);
    assert_eq!(out["photos"], 6);
    assert!(out["still_covered_by"].is_null());
    assert_eq!(std::fs::read(gone.join("0000/junk.jpg")).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(gone.join("0001")).unwrap().count(),
        3,
        "files stay"
    );

    let stats = json(&shoebox(&library, &["stats", "--json"]));
    assert_eq!(
        (stats["photos"].as_u64(), stats["roots"].as_u64()),
        (Some(10), Some(1))
    );
    let rescan = json(&shoebox(&library, &["scan", "--json"]));
    assert_eq!(
        rescan["added"], 0,
        "a rescan of every root does not bring it back"
    );
    let page = json(&shoebox(&library, &["photos", "--json", "--limit", "100"]));
    let keep = std::fs::canonicalize(keep).unwrap();
    for photo in page["photos"].as_array().unwrap() {
        assert!(photo["path"]
            .as_str()
            .unwrap()
            .starts_with(keep.to_str().unwrap()));
    }

    // Not a root (twice, a subfolder, an unknown id): a clear message and a non-zero exit.
    for args in [
        vec!["remove-root", gone.to_str().unwrap()],
        vec![
            "remove-root",
            gone.join("0000").to_str().unwrap().to_owned().leak(),
        ],
        vec!["remove-root", "--id", "424242"],
    ] {
        let out = shoebox(&library, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr(&out).contains("is not a root"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = shoebox(&library, &["remove-root"]);
    assert!(!out.status.success(), "a root must be named");

    // By id, and added again.
    let keep_id = json(&shoebox(&library, &["roots", "--json"]))["roots"][0]["id"].clone();
    let id = keep_id.to_string();
    assert_eq!(
        json(&shoebox(&library, &["remove-root", "--id", &id, "--json"]))["photos"],
        10
    );
    let again = json(&shoebox(
        &library,
        &["scan", gone.to_str().unwrap(), "--json"],
    ));
    assert_eq!(again["added"], 6);
}

#[test]
fn sync_check_passes_quickly_or_exits_non_zero_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib.db");
    let server = MotoServer::start();
    server.create_bucket("checked");
    let endpoint = server.endpoint();

    let ok = json(&shoebox(
        &library,
        &[
            "sync",
            "--to",
            "s3://checked/p",
            "--endpoint",
            &endpoint,
            "--check",
            "--json",
        ],
    ));
    assert_eq!(ok["ok"], true);
    assert!(ok["sample_key"].is_null());
    assert!(
        server.keys("checked", "").is_empty(),
        "a check uploads nothing"
    );

    let missing = shoebox(
        &library,
        &[
            "sync",
            "--to",
            "s3://no-such-bucket",
            "--endpoint",
            &endpoint,
            "--check",
        ],
    );
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("does not exist"),
        "{}",
        stderr(&missing)
    );

    let started = Instant::now();
    let closed = format!("http://127.0.0.1:{}", free_port());
    let down = shoebox(
        &library,
        &[
            "sync",
            "--to",
            "s3://checked",
            "--endpoint",
            &closed,
            "--check",
        ],
    );
    assert!(!down.status.success());
    assert!(stderr(&down).contains("cannot reach"), "{}", stderr(&down));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
