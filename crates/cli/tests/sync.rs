//! `shoebox sync` as a black box against moto on loopback: kill -9 in the middle of a multipart upload
//! and resume without re-sending finished objects, a third run that sends nothing, and the exits for
//! an unreachable server and wrong credentials.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use shoebox_testkit::padded_jpeg;
use shoebox_testkit::s3::{free_port, MotoServer};

const BUCKET: &str = "cli-sync";

fn shoebox(work: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shoebox"));
    cmd.arg("--library")
        .arg(work.join("library.db"))
        .arg("--cache-dir")
        .arg(work.join("cache"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("HOME", work) // no stray ~/.aws profile
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL");
    cmd
}

fn run_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A unique JPEG of about `size` bytes.
fn write_photo(path: &Path, seed: u32, size: usize) {
    std::fs::write(path, padded_jpeg(seed, size)).unwrap();
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or(0)
}

#[test]
fn kill_9_mid_sync_resumes_without_resending_and_a_third_sync_sends_nothing() {
    let server = MotoServer::start();
    server.create_bucket(BUCKET);
    let work = tempfile::tempdir().unwrap();
    let photos = work.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    // The big file first, so it is in parts while the small ones stream past it.
    let big = photos.join("000-big.jpg");
    write_photo(&big, 1, 40 * 1024 * 1024);
    files.push(big);
    for i in 0..24 {
        let path = photos.join(format!("{i:03}.jpg"));
        write_photo(&path, 100 + i, 300_000);
        files.push(path);
    }
    let scan = shoebox(work.path())
        .arg("scan")
        .arg(&photos)
        .output()
        .unwrap();
    assert!(scan.status.success());
    let db = work.path().join("library.db");
    let sync_args = |cmd: &mut Command| {
        cmd.args([
            "sync",
            "--to",
            &format!("s3://{BUCKET}/k9"),
            "--endpoint",
            &server.endpoint(),
            "--json",
        ]);
    };

    // Throttled so it is surely mid-way when killed: some small objects done, some parts of the big one.
    let mut first = shoebox(work.path());
    sync_args(&mut first);
    let mut child = first
        .args(["--limit-mib-per-sec", "8", "--parallel", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let objects = count(&db, "SELECT count(*) FROM sync_objects");
        let parts = count(&db, "SELECT count(*) FROM sync_parts");
        if objects >= 2 && parts >= 1 {
            break;
        }
        assert!(Instant::now() < deadline, "sync made no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "sync ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let finished_before = count(&db, "SELECT count(*) FROM sync_objects");
    let parts_before = count(&db, "SELECT count(*) FROM sync_parts");
    assert!(
        finished_before < files.len() as i64,
        "killed too late to test resuming"
    );
    assert!(parts_before >= 1);
    assert_eq!(count(&db, "SELECT count(*) FROM sync_uploads"), 1);

    let mut second = shoebox(work.path());
    sync_args(&mut second);
    let resumed = run_json(&mut second);
    assert_eq!(resumed["failed"], 0, "{resumed}");
    // An object whose PUT landed in the instant before the kill is found on the server (adopted).
    assert_eq!(
        resumed["uploaded"].as_i64().unwrap() + resumed["adopted"].as_i64().unwrap(),
        files.len() as i64 - finished_before,
        "objects finished before the kill are not sent again: {resumed}"
    );
    assert!(
        resumed["resumed_parts"].as_i64().unwrap() >= parts_before,
        "{resumed}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM sync_uploads"), 0);
    assert_eq!(
        server.open_multipart_uploads(BUCKET),
        0,
        "no multipart upload left open"
    );

    for file in &files {
        let key = format!(
            "k9/originals/{}.jpg",
            blake3::hash(&std::fs::read(file).unwrap()).to_hex()
        );
        let remote = server
            .get(BUCKET, &key)
            .unwrap_or_else(|| panic!("{key} missing"));
        assert!(
            remote == std::fs::read(file).unwrap(),
            "{key}: bytes differ"
        );
    }

    let mut third = shoebox(work.path());
    sync_args(&mut third);
    let idle = run_json(&mut third);
    assert_eq!(
        (idle["uploaded"].as_i64(), idle["bytes_uploaded"].as_i64()),
        (Some(0), Some(0)),
        "{idle}"
    );
    assert_eq!(idle["skipped"].as_i64().unwrap(), files.len() as i64);
    for field in [
        "uploaded",
        "skipped",
        "failed",
        "bytes_uploaded",
        "elapsed_ms",
    ] {
        assert!(idle[field].is_u64(), "--json has {field}: {idle}");
    }
}

fn sync_output(work: &Path, endpoint: &str, envs: &[(&str, &str)]) -> (Output, Duration) {
    let photos = work.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    write_photo(&photos.join("one.jpg"), 7, 2000);
    assert!(shoebox(work)
        .arg("scan")
        .arg(&photos)
        .output()
        .unwrap()
        .status
        .success());
    let started = Instant::now();
    let out = shoebox(work)
        .args([
            "sync",
            "--to",
            "s3://nowhere-bucket",
            "--endpoint",
            endpoint,
        ])
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    (out, started.elapsed())
}

#[test]
fn server_down_is_a_clear_error_and_a_non_zero_exit_within_a_minute() {
    let work = tempfile::tempdir().unwrap();
    let (out, took) = sync_output(
        work.path(),
        &format!("http://127.0.0.1:{}", free_port()),
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("cannot reach the storage server"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn wrong_credentials_exit_non_zero_naming_the_credentials_and_never_print_the_secret() {
    let server = MotoServer::start_enforcing_auth();
    let work = tempfile::tempdir().unwrap();
    let secret = "Sup3rS3cretValueThatMustNotLeak";
    let (out, took) = sync_output(
        work.path(),
        &server.endpoint(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAUNKNOWN000000000"),
            ("AWS_SECRET_ACCESS_KEY", secret),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(stderr.contains("refused the credentials"), "{stderr}");
    assert!(!stderr.contains(secret) && !stdout.contains(secret));
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn no_credentials_at_all_is_explained() {
    let work = tempfile::tempdir().unwrap();
    // Empty variables count as unset; HOME has no ~/.aws.
    let unset = [("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")];
    let (out, _) = sync_output(work.path(), "http://127.0.0.1:9", &unset);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("no AWS credentials"), "{stderr}");
}
