//! `shoebox restore` as a black box against both S3 servers (moto and s3s-fs): a library with albums,
//! marks and tags backed up, then restored on a "new machine" (fresh library and cache) byte for byte
//! with its organizing and thumbnails; `kill -9` mid-restore and a resume that downloads only what
//! was not finished; a restore into a library that holds half the photos; and the faults.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use shoebox_testkit::padded_jpeg;
use shoebox_testkit::s3::{Kind, S3Server};

const BUCKET: &str = "cli-restore";

/// `shoebox` on the library `lib` (its cache beside it), with the test keys.
fn shoebox(lib: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shoebox"));
    cmd.arg("--library")
        .arg(lib)
        .arg("--cache-dir")
        .arg(lib.with_extension("cache"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("HOME", lib.parent().unwrap())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL");
    cmd
}

fn run_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn ok(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A backed-up library: `count` photos under `work/Pictures` (one duplicate), two albums, marks,
/// tags and thumbnails, synced with its variants to `s3://BUCKET/home`.
struct Backup {
    work: tempfile::TempDir,
    server: S3Server,
    files: Vec<PathBuf>,
}

impl Backup {
    fn new(kind: Kind, count: u32, size: usize) -> Backup {
        let server = S3Server::start_kind(kind);
        server.create_bucket(BUCKET);
        let work = tempfile::tempdir().unwrap();
        let pictures = work.path().join("old-disk/Pictures");
        let mut files = Vec::new();
        for i in 0..count {
            let dir = pictures.join(format!("{}", 2020 + i % 3));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("IMG_{i:04}.jpg"));
            std::fs::write(&path, padded_jpeg(500 + i, size)).unwrap();
            files.push(path);
        }
        let dup = pictures.join("copy of IMG_0000.jpg");
        std::fs::copy(&files[0], &dup).unwrap();
        files.push(dup);
        let backup = Backup {
            work,
            server,
            files,
        };
        let lib = backup.old_library();
        ok(shoebox(&lib).arg("scan").arg(&pictures));
        ok(shoebox(&lib).args(["mark", "--favourite", "1", "2"]));
        ok(shoebox(&lib).args(["mark", "--rating", "4", "3"]));
        ok(shoebox(&lib).args(["album", "create", "Trip"]));
        ok(shoebox(&lib).args(["album", "create", "Family"]));
        ok(shoebox(&lib).args(["album", "add", "1", "1", "2", "3"]));
        ok(shoebox(&lib).args(["album", "add", "2", "4"]));
        ok(shoebox(&lib).args(["tag", "add", "Places/Paris", "1", "2"]));
        ok(shoebox(&lib).args(["tag", "add", "People/Anna", "3"]));
        ok(shoebox(&lib).arg("thumbs"));
        let sync = run_json(backup.sync(&lib).arg("--include-variants"));
        assert_eq!(sync["failed"], 0, "{sync}");
        backup
    }

    fn old_library(&self) -> PathBuf {
        self.work.path().join("old/library.db")
    }

    fn sync(&self, lib: &Path) -> Command {
        let mut cmd = shoebox(lib);
        cmd.args(["sync", "--to", &format!("s3://{BUCKET}/home"), "--endpoint"])
            .arg(self.server.endpoint())
            .arg("--json");
        cmd
    }

    /// `shoebox restore` into `to` with the library `lib`.
    fn restore(&self, lib: &Path, to: &Path) -> Command {
        let mut cmd = shoebox(lib);
        cmd.args([
            "restore",
            "--from",
            &format!("s3://{BUCKET}/home"),
            "--endpoint",
        ])
        .arg(self.server.endpoint())
        .arg("--to")
        .arg(to)
        .arg("--json");
        cmd
    }

    /// Where a backed-up file comes back under `to`.
    fn restored(&self, to: &Path, file: &Path) -> PathBuf {
        let rest = file
            .strip_prefix(self.work.path().join("old-disk"))
            .unwrap();
        to.join(rest)
    }
}

fn albums(lib: &Path) -> Value {
    run_json(shoebox(lib).args(["--json", "album", "list"]))
}

fn count(value: &Value, name: &str) -> i64 {
    value["albums"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .and_then(|a| a["count"].as_i64())
        .unwrap_or(-1)
}

fn new_machine_restore_is_complete(kind: Kind) {
    let backup = Backup::new(kind, 8, 40_000);
    let machine = tempfile::tempdir().unwrap();
    let lib = machine.path().join("new/library.db");
    let to = machine.path().join("Restored");

    let dry = run_json(backup.restore(&lib, &to).arg("--dry-run"));
    assert_eq!(
        dry["planned"].as_array().unwrap().len(),
        backup.files.len(),
        "{dry}"
    );
    assert!(!lib.exists() && !to.exists(), "a dry run writes nothing");

    let report = run_json(&mut backup.restore(&lib, &to));
    assert_eq!(report["failed"], 0, "{report}");
    assert_eq!(
        report["downloaded"].as_u64().unwrap(),
        backup.files.len() as u64
    );
    assert_eq!(
        report["photos"].as_u64().unwrap(),
        backup.files.len() as u64
    );
    assert_eq!(
        (report["albums"].as_u64(), report["tags"].as_u64()),
        (Some(2), Some(4))
    );
    for field in ["skipped", "bytes", "elapsed_ms"] {
        assert!(report[field].is_u64(), "{field}: {report}");
    }
    for file in &backup.files {
        let back = backup.restored(&to, file);
        assert!(
            std::fs::read(&back).unwrap() == std::fs::read(file).unwrap(),
            "{} differs from {}",
            back.display(),
            file.display()
        );
    }
    let listed = albums(&lib);
    assert_eq!(
        (count(&listed, "Trip"), count(&listed, "Family")),
        (3, 1),
        "{listed}"
    );
    let favourites = run_json(shoebox(&lib).args(["--json", "photos", "--favourite"]));
    assert_eq!(
        favourites["photos"].as_array().unwrap().len(),
        2,
        "{favourites}"
    );
    let tags = run_json(shoebox(&lib).args(["--json", "tag", "list"]));
    assert!(
        tags.to_string().contains("Paris") && tags.to_string().contains("Anna"),
        "{tags}"
    );

    // Thumbnails came from the bucket: making them generates none.
    assert!(
        report["variants_downloaded"].as_u64().unwrap() > 0,
        "{report}"
    );
    let thumbs = run_json(shoebox(&lib).args(["--json", "thumbs"]));
    assert_eq!(
        thumbs["generated"], 0,
        "thumbnails were regenerated: {thumbs}"
    );

    // A second run finds everything in place.
    let again = run_json(&mut backup.restore(&lib, &to));
    assert_eq!(
        (again["downloaded"].as_u64(), again["bytes"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
    assert_eq!(count(&albums(&lib), "Trip"), 3, "nothing attached twice");
}

#[test]
fn new_machine_restore_is_complete_moto() {
    new_machine_restore_is_complete(Kind::Moto);
}

#[test]
fn new_machine_restore_is_complete_s3s() {
    new_machine_restore_is_complete(Kind::S3sFs);
}

fn kill_9_then_resume(kind: Kind) {
    let backup = Backup::new(kind, 16, 400_000);
    let machine = tempfile::tempdir().unwrap();
    let lib = machine.path().join("new/library.db");
    let to = machine.path().join("Restored");
    let done = |b: &Backup| {
        b.files
            .iter()
            .filter(|f| b.restored(&to, f).exists())
            .count()
    };
    let mut child = backup
        .restore(&lib, &to)
        .args(["--parallel", "1", "--limit-mib-per-sec", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while done(&backup) < 3 {
        assert!(Instant::now() < deadline, "restore made no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = done(&backup);
    assert!(before < backup.files.len(), "killed too late");
    // Whatever has a final name is whole and right.
    for file in &backup.files {
        let back = backup.restored(&to, file);
        if back.exists() {
            assert!(std::fs::read(&back).unwrap() == std::fs::read(file).unwrap());
        }
    }
    let remaining_bytes: u64 = backup
        .files
        .iter()
        .filter(|f| !backup.restored(&to, f).exists())
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    let resumed = run_json(&mut backup.restore(&lib, &to));
    assert_eq!(resumed["failed"], 0, "{resumed}");
    let expected: u64 = backup
        .files
        .iter()
        .filter(|f| !backup.restored(&to, f).exists())
        .count() as u64;
    assert_eq!(expected, 0, "every file is back");
    let rest = (backup.files.len() - before) as u64;
    assert_eq!(
        resumed["downloaded"].as_u64().unwrap(),
        rest,
        "finished files were downloaded again: {resumed} ({before} were done)"
    );
    assert!(
        resumed["bytes"].as_u64().unwrap() <= remaining_bytes,
        "{resumed}"
    );
    for file in &backup.files {
        assert!(std::fs::read(backup.restored(&to, file)).unwrap() == std::fs::read(file).unwrap());
    }
    let leftovers: Vec<_> = walk(&to)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".shoebox-part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn kill_9_then_resume_moto() {
    kill_9_then_resume(Kind::Moto);
}

#[test]
fn kill_9_then_resume_s3s() {
    kill_9_then_resume(Kind::S3sFs);
}

fn into_a_library_with_half_the_photos(kind: Kind) {
    let backup = Backup::new(kind, 8, 30_000);
    let machine = tempfile::tempdir().unwrap();
    let lib = machine.path().join("second/library.db");
    // The second computer has every other photo already, elsewhere, and an album "Trip" of its own.
    let mine = machine.path().join("Mine");
    std::fs::create_dir_all(&mine).unwrap();
    let half: Vec<&PathBuf> = backup.files[..8].iter().step_by(2).collect();
    for file in &half {
        std::fs::copy(file, mine.join(file.file_name().unwrap())).unwrap();
    }
    ok(shoebox(&lib).arg("scan").arg(&mine));
    ok(shoebox(&lib).args(["album", "create", "Trip"]));
    let to = machine.path().join("Restored");
    let report = run_json(&mut backup.restore(&lib, &to));
    assert_eq!(report["failed"], 0, "{report}");
    let merged = &report["merged"];
    assert_eq!(merged["photos_present"].as_u64().unwrap(), 5, "{report}"); // 4 + the duplicate
    assert_eq!(
        report["downloaded"].as_u64().unwrap(),
        4,
        "only the other half: {report}"
    );
    for file in &half {
        assert!(
            !backup.restored(&to, file).exists(),
            "{} was downloaded",
            file.display()
        );
    }
    assert_eq!(merged["albums_merged"], 1, "{report}");
    assert_eq!(merged["albums_created"], 1, "{report}");
    let listed = albums(&lib);
    assert_eq!(
        (count(&listed, "Trip"), count(&listed, "Family")),
        (3, 1),
        "{listed}"
    );
}

#[test]
fn into_a_library_with_half_the_photos_moto() {
    into_a_library_with_half_the_photos(Kind::Moto);
}

#[test]
fn into_a_library_with_half_the_photos_s3s() {
    into_a_library_with_half_the_photos(Kind::S3sFs);
}

/// Runs a restore expected to fail: (stderr, stdout).
fn fails(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    assert!(
        !out.status.success(),
        "should fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    (
        String::from_utf8_lossy(&out.stderr).to_string(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

fn keys_under(server: &S3Server, prefix: &str) -> Vec<String> {
    server.keys(BUCKET, prefix)
}

fn faults(kind: Kind) {
    let backup = Backup::new(kind, 4, 20_000);
    let machine = tempfile::tempdir().unwrap();
    let lib = machine.path().join("new/library.db");
    let to = machine.path().join("Restored");
    let server = &backup.server;

    // A bucket (prefix) with no Shoebox data.
    let mut empty = shoebox(&lib);
    empty
        .args([
            "restore",
            "--from",
            &format!("s3://{BUCKET}/nothing-here"),
            "--endpoint",
        ])
        .arg(server.endpoint())
        .arg("--to")
        .arg(&to);
    let (stderr, _) = fails(&mut empty);
    assert!(stderr.contains("holds no Shoebox library data"), "{stderr}");

    // An original whose bytes no longer match its key, and one missing.
    let originals = keys_under(server, "home/originals/");
    server.put(BUCKET, &originals[0], b"not the photo".to_vec());
    server.delete(BUCKET, &originals[1]);
    let out = backup.restore(&lib, &to).output().unwrap();
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["failed"], 2, "{report}");
    let text = report["failures"].to_string();
    assert!(text.contains("do not have the BLAKE3"), "{text}");
    assert!(text.contains("missing from the bucket"), "{text}");
    let bad_hash = originals[0].rsplit('/').next().unwrap()[..64].to_string();
    for file in walk(&to) {
        let bytes = std::fs::read(&file).unwrap();
        assert_ne!(bytes, b"not the photo", "a wrong object took a final name");
        assert_ne!(blake3::hash(&bytes).to_hex().to_string(), bad_hash);
        assert!(
            !file.to_string_lossy().ends_with(".shoebox-part"),
            "{}",
            file.display()
        );
    }
    assert!(
        report["downloaded"].as_u64().unwrap() >= 2,
        "the rest is restored: {report}"
    );

    // A corrupt snapshot chunk, then a snapshot from a newer schema.
    let fresh = machine.path().join("fresh/library.db");
    let chunk = keys_under(server, "home/library/chunks/")[0].clone();
    let good_chunk = server.get(BUCKET, &chunk).unwrap();
    server.put(BUCKET, &chunk, b"garbage".to_vec());
    let (stderr, _) = fails(&mut backup.restore(&fresh, &machine.path().join("R2")));
    assert!(stderr.contains("is corrupt"), "{stderr}");
    server.put(BUCKET, &chunk, good_chunk);
    let list_key = keys_under(server, "home/library/snapshots/")[0].clone();
    let list = zstd::stream::decode_all(server.get(BUCKET, &list_key).unwrap().as_slice()).unwrap();
    let mut recipe: Value = serde_json::from_slice(&list).unwrap();
    recipe["schema_version"] = 999.into();
    let newer = zstd::stream::encode_all(recipe.to_string().as_bytes(), 3).unwrap();
    server.put(BUCKET, &list_key, newer);
    let (stderr, _) = fails(&mut backup.restore(&fresh, &machine.path().join("R2")));
    assert!(stderr.contains("newer Shoebox"), "{stderr}");

    // A destination that cannot be written.
    let (stderr, _) = fails(&mut backup.restore(&fresh, Path::new("/proc/no-such/dir")));
    assert!(
        stderr.contains("cannot write to the restore folder"),
        "{stderr}"
    );
}

#[test]
fn faults_moto() {
    faults(Kind::Moto);
}

#[test]
fn faults_s3s() {
    faults(Kind::S3sFs);
}

#[test]
fn wrong_credentials_and_a_server_that_goes_away() {
    for kind in Kind::ALL {
        let server = S3Server::start_kind_enforcing_auth(kind);
        let work = tempfile::tempdir().unwrap();
        let secret = "Sup3rS3cretValueThatMustNotLeak";
        let out = shoebox(&work.path().join("l.db"))
            .args(["restore", "--from", "s3://some-bucket", "--endpoint"])
            .arg(server.endpoint())
            .arg("--to")
            .arg(work.path().join("R"))
            .env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWN000000000")
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(
            stderr.contains("refused the credentials"),
            "{}: {stderr}",
            kind.name()
        );
        assert!(!stderr.contains(secret));
    }

    // The server dies mid-restore: a clear error, nothing half-written under a final name.
    let mut backup = Backup::new(Kind::S3sFs, 12, 300_000);
    let machine = tempfile::tempdir().unwrap();
    let lib = machine.path().join("new/library.db");
    let to = machine.path().join("Restored");
    let child = backup
        .restore(&lib, &to)
        .args(["--parallel", "1", "--limit-mib-per-sec", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !backup
        .files
        .iter()
        .any(|f| backup.restored(&to, f).exists())
    {
        assert!(Instant::now() < deadline, "restore made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    backup.server.stop();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("cannot reach the storage server") || stdout.contains("\"failed\""),
        "{stderr} {stdout}"
    );
    for file in &backup.files {
        let back = backup.restored(&to, file);
        if back.exists() {
            assert!(std::fs::read(&back).unwrap() == std::fs::read(file).unwrap());
        }
    }
}

#[test]
fn a_full_disk_is_a_failure_and_a_rerun_finishes() {
    let backup = Backup::new(Kind::Moto, 6, 300_000);
    let machine = tempfile::tempdir().unwrap();
    let lib = machine.path().join("new/library.db");
    let to = machine.path().join("Small");
    std::fs::create_dir_all(&to).unwrap();
    // A 1 MiB tmpfs (this needs root, as the test machines are); without it there is nothing to test.
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&to)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here");
        return;
    }
    let out = backup.restore(&lib, &to).output().unwrap();
    let _ = Command::new("umount").arg(&to).status();
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["failures"].to_string().contains("No space left"),
        "{report}"
    );
    // Room again (the tmpfs is gone): the rerun finishes.
    let rerun = run_json(&mut backup.restore(&lib, &to));
    assert_eq!(rerun["failed"], 0, "{rerun}");
    for file in &backup.files {
        assert!(std::fs::read(backup.restored(&to, file)).unwrap() == std::fs::read(file).unwrap());
    }
}
