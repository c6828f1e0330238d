//! The backup commands through Tauri's IPC on the mock runtime: the remote's settings round trip and
//! validation, and "Back up now" against a real S3-compatible server (moto) with its events.
//! Credentials come from the process environment, set once before anything reads it.

mod common;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use common::{events, fixture, invoke, kind, message, use_env_credentials, Fixture};
use serde_json::{json, Value};
use shoebox_app::events::{BACKUP_FINISHED, BACKUP_PROGRESS};
use shoebox_app::state::AppState;
use shoebox_testkit::s3::MotoServer;
use tauri::Manager;

/// moto accepts any keys; this secret is distinctive so the test can look for it where it must not be.
const SECRET: &str = "shoebox-app-test-secret-never-stored";

fn with_credentials() {
    use_env_credentials(SECRET);
}

fn app(photos: usize) -> Fixture {
    with_credentials();
    fixture(photos)
}

fn save(f: &Fixture, url: &str, endpoint: &str, region: &str) -> Result<Value, Value> {
    invoke(
        f,
        "save_backup_settings",
        json!({"url": url, "endpoint": endpoint, "region": region, "includeVariants": false}),
    )
}

fn run_backup(f: &Fixture, finished: &Receiver<Value>) -> Value {
    invoke(f, "start_backup", json!({})).expect("the backup starts");
    finished
        .recv_timeout(Duration::from_secs(180))
        .expect("backup-finished within 3 minutes")
}

fn setting(f: &Fixture, key: &str) -> Option<String> {
    f.app
        .state::<AppState>()
        .library
        .settings()
        .get(key)
        .unwrap()
}

#[test]
fn settings_round_trip_normalized_and_report_credentials_without_showing_them() {
    let f = app(0);
    let fresh = invoke(&f, "backup_settings", json!({})).unwrap();
    assert_eq!(fresh["url"], Value::Null);
    assert_eq!(fresh["running"], false);
    assert_eq!(fresh["credentialsFound"], true);
    assert!(!fresh.to_string().contains(SECRET));

    let saved = invoke(
        &f,
        "save_backup_settings",
        json!({"url": " s3://my-photos/home/anna/ ", "endpoint": "http://127.0.0.1:9000/",
               "region": "  ", "includeVariants": true}),
    )
    .unwrap();
    assert_eq!(saved["url"], "s3://my-photos/home/anna");
    assert_eq!(saved["endpoint"], "http://127.0.0.1:9000");
    assert_eq!(saved["region"], Value::Null);
    assert_eq!(saved["includeVariants"], true);
    assert_eq!(invoke(&f, "backup_settings", json!({})).unwrap(), saved);
    assert_eq!(
        setting(&f, "backup.url").as_deref(),
        Some("s3://my-photos/home/anna")
    );

    // Empty endpoint and region mean none.
    let aws = save(&f, "s3://my-photos", "", "eu-west-1").unwrap();
    assert_eq!(aws["endpoint"], Value::Null);
    assert_eq!(aws["region"], "eu-west-1");
    assert_eq!(aws["includeVariants"], false);
    assert_eq!(setting(&f, "backup.endpoint"), None);
}

#[test]
fn an_invalid_remote_is_refused_and_nothing_is_stored() {
    let f = app(0);
    let no_remote = invoke(&f, "start_backup", json!({})).unwrap_err();
    assert!(
        message(&no_remote).contains("save one first"),
        "{no_remote}"
    );
    assert_eq!(kind(&no_remote), "invalidInput", "{no_remote}");
    for (url, endpoint, why) in [
        ("http://bucket", "", "expected s3://"),
        ("s3://UPPER", "", "bucket name"),
        ("s3://bkt/a/../b", "", "prefix"),
        ("s3://bkt", "ftp://example.com", "endpoint"),
        ("", "", "expected s3://"),
    ] {
        let err = save(&f, url, endpoint, "").unwrap_err();
        assert!(message(&err).contains(why), "{url}: {err}");
        assert_eq!(kind(&err), "invalidInput", "{url}: {err}");
    }
    assert_eq!(setting(&f, "backup.url"), None);
    assert_eq!(setting(&f, "backup.endpoint"), None);

    save(&f, "s3://good-bucket", "", "").unwrap();
    let short = save(&f, "s3://x", "http://127.0.0.1:1", "");
    assert!(short.is_err());
    assert_eq!(kind(&short.unwrap_err()), "invalidInput");
    let kept = invoke(&f, "backup_settings", json!({})).unwrap();
    assert_eq!(kept["url"], "s3://good-bucket");
    assert_eq!(kept["endpoint"], Value::Null);
    assert_eq!(invoke(&f, "cancel_backup", json!({})).unwrap(), false);
}

#[test]
fn back_up_now_sends_every_photo_to_a_real_server_and_reports_it() {
    const PHOTOS: usize = 12;
    let server = MotoServer::start();
    server.create_bucket("shoebox-app");
    let f = app(PHOTOS);
    let progress = events(&f, BACKUP_PROGRESS);
    let finished = events(&f, BACKUP_FINISHED);

    // A bucket that does not exist: the run fails as a whole, with the engine's message.
    save(&f, "s3://no-such-bucket", &server.endpoint(), "us-east-1").unwrap();
    let failed = run_backup(&f, &finished);
    assert_eq!(failed["status"], "failed", "{failed}");
    let error = failed["error"].as_str().unwrap();
    assert!(
        error.contains("does not exist") || error.contains("not found"),
        "{failed}"
    );

    save(&f, "s3://shoebox-app/laptop", &server.endpoint(), "").unwrap();
    invoke(&f, "start_backup", json!({})).unwrap();
    let twice = invoke(&f, "start_backup", json!({})).unwrap_err();
    assert!(message(&twice).contains("already running"), "{twice}");
    assert_eq!(kind(&twice), "busy", "{twice}");
    let done = finished.recv_timeout(Duration::from_secs(180)).unwrap();
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["summary"]["uploaded"], PHOTOS as u64, "{done}");
    assert_eq!(done["summary"]["failed"], 0, "{done}");
    assert_eq!(done["summary"]["librarySaved"], true, "{done}");
    assert!(done["summary"]["bytesUploaded"].as_u64().unwrap() > 0);

    let originals = server.keys("shoebox-app", "laptop/originals");
    assert_eq!(originals.len(), PHOTOS, "{originals:?}");
    assert!(server
        .get("shoebox-app", "laptop/library/latest.json")
        .is_some_and(|m| !m.is_empty()));

    let seen: Vec<Value> = progress.try_iter().collect();
    assert!(
        seen.iter()
            .any(|p| p["phase"] == "upload" && p["objectsTotal"] == PHOTOS as u64),
        "{seen:?}"
    );
    let state = invoke(&f, "backup_settings", json!({})).unwrap();
    assert_eq!(state["running"], false);
    assert_eq!(state["last"], done);

    // Nothing new: the second run sends nothing.
    let again = run_backup(&f, &finished);
    assert_eq!(again["summary"]["uploaded"], 0, "{again}");
    assert_eq!(again["summary"]["skipped"], PHOTOS as u64, "{again}");

    // The keys were used, never stored.
    for file in ["lib.db", "lib.db-wal"] {
        let bytes = std::fs::read(f.dir.path().join(file)).unwrap_or_default();
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "{file} holds the secret"
        );
    }
}

#[test]
fn cancel_backup_stops_the_run_and_it_ends_as_cancelled() {
    let server = MotoServer::start();
    server.create_bucket("shoebox-cancel");
    let f = app(40);
    let finished = events(&f, BACKUP_FINISHED);
    save(&f, "s3://shoebox-cancel", &server.endpoint(), "").unwrap();
    invoke(&f, "start_backup", json!({})).unwrap();
    assert_eq!(invoke(&f, "cancel_backup", json!({})).unwrap(), true);
    let outcome = finished.recv_timeout(Duration::from_secs(120)).unwrap();
    assert_eq!(outcome["status"], "cancelled", "{outcome}");
    assert_eq!(outcome["error"], Value::Null);
    let state = invoke(&f, "backup_settings", json!({})).unwrap();
    assert_eq!(state["running"], false);
    assert_eq!(state["last"]["status"], "cancelled");

    // The next run finishes what is left.
    let rest = run_backup(&f, &finished);
    assert_eq!(rest["status"], "done", "{rest}");
    let s = &rest["summary"];
    let count = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(
        count("uploaded") + count("skipped") + count("adopted"),
        40,
        "{rest}"
    );
    assert_eq!(server.keys("shoebox-cancel", "originals").len(), 40);
}

fn check(f: &Fixture, url: &str, endpoint: &str) -> Result<Value, Value> {
    invoke(
        f,
        "check_backup_remote",
        json!({"url": url, "endpoint": endpoint, "region": "us-east-1"}),
    )
}

#[test]
fn save_checks_the_remote_for_real_bucket_and_endpoint_told_apart() {
    let server = MotoServer::start();
    server.create_bucket("shoebox-checked");
    let f = app(0);
    check(&f, "s3://shoebox-checked/laptop", &server.endpoint()).expect("a reachable bucket");

    let missing = check(&f, "s3://no-such-bucket", &server.endpoint()).unwrap_err();
    assert_eq!(kind(&missing), "remote", "{missing}");
    assert!(
        message(&missing).contains(&server.endpoint())
            && message(&missing).contains("no-such-bucket"),
        "{missing}"
    );

    // Nothing listens there any more: refused, said as a sentence naming the endpoint.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = listener.local_addr().unwrap();
    drop(listener);
    let err = check(&f, "s3://shoebox-checked", &format!("http://{closed}")).unwrap_err();
    assert_eq!(kind(&err), "remote", "{err}");
    assert!(
        message(&err).starts_with("Could not reach http://"),
        "{}",
        message(&err)
    );
    assert!(message(&err).contains(&closed.port().to_string()), "{err}");
    assert!(message(&err).ends_with('.'), "{}", message(&err));

    // Malformed input never reaches the network; the check stores nothing.
    let bad = check(&f, "http://bucket", "").unwrap_err();
    assert_eq!(kind(&bad), "invalidInput", "{bad}");
    assert_eq!(setting(&f, "backup.url"), None);
}

#[test]
fn the_last_backup_is_the_engines_record_and_survives_a_restart() {
    let server = MotoServer::start();
    server.create_bucket("shoebox-last");
    let f = app(3);
    let finished = events(&f, BACKUP_FINISHED);
    save(&f, "s3://shoebox-last", &server.endpoint(), "").unwrap();
    let done = run_backup(&f, &finished);
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(
        setting(&f, "backup.last_outcome"),
        None,
        "no copy of the app's own"
    );
    assert!(setting(&f, "backup.last").is_some(), "the engine's record");

    // A new session over the same library: the pane shows the engine's record, with its time.
    let options = shoebox_engine::LibraryOptions {
        cache_dir: Some(f.dir.path().join("cache")),
        ..Default::default()
    };
    let reopened =
        shoebox_engine::Library::open_with(&f.dir.path().join("lib.db"), options).unwrap();
    let again = common::app_over(tempfile::tempdir().unwrap(), reopened);
    let last = invoke(&again, "backup_settings", json!({})).unwrap()["last"].clone();
    assert_eq!(last["status"], "done", "{last}");
    assert_eq!(last["summary"]["uploaded"], 3, "{last}");
    assert_eq!(last["summary"]["failed"], 0, "{last}");
    let at = last["finishedAt"].as_f64().unwrap();
    let session = done["finishedAt"].as_f64().unwrap();
    assert!(at <= session && session - at < 2_000.0, "{at} vs {session}");

    // A failed run is recorded as failed, with the reason as a sentence.
    save(&f, "s3://no-such-bucket-here", &server.endpoint(), "").unwrap();
    let failed = run_backup(&f, &finished);
    assert_eq!(failed["status"], "failed", "{failed}");
    let last = invoke(&again, "backup_settings", json!({})).unwrap()["last"].clone();
    assert_eq!(last["status"], "failed", "{last}");
    assert!(last["error"].as_str().unwrap().ends_with('.'), "{last}");
}
