//! Crash safety of the real binary: `kill -9` in the middle of a scan, of thumbnailing or of watching
//! leaves a library that passes `PRAGMA integrity_check` and a store with no half-written variant,
//! and the next run catches up with whatever changed meanwhile.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use shoebox_testkit::{generate_library, plain_jpeg};

fn command(library: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shoebox"));
    cmd.env("SHOEBOX_LIBRARY", library)
        .env("SHOEBOX_CACHE_DIR", library.with_extension("cache"))
        .args(args);
    cmd
}

fn run_json(library: &Path, args: &[&str]) -> Value {
    let out = command(library, args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn integrity(library: &Path) -> String {
    let conn = rusqlite::Connection::open(library).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn kill9(child: &mut Child) {
    // SAFETY: kill(2) on the pid of a child we spawned and have not reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    let _ = child.wait();
}

fn setup(count: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    generate_library(&photos, count, 100).unwrap();
    let library = dir.path().join("lib.db");
    (dir, photos, library)
}

#[test]
fn kill_9_during_a_scan_leaves_a_sound_library_and_the_rescan_completes() {
    let (_dir, photos, library) = setup(6000);
    // Kill at a few moments: opening, mid-metadata, mid-hash.
    for delay_ms in [30, 150, 400] {
        let mut child = command(&library, &["scan", photos.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        kill9(&mut child);
        if library.exists() {
            assert_eq!(integrity(&library), "ok", "after kill at {delay_ms} ms");
        }
    }
    let report = run_json(&library, &["scan", photos.to_str().unwrap(), "--json"]);
    assert_eq!(report["seen"], 6000);
    assert_eq!(report["removed"], 0);
    let stats = run_json(&library, &["stats", "--json"]);
    assert_eq!(stats["photos"], 6000, "{stats}");
    assert_eq!(integrity(&library), "ok");
}

/// Every file under a final variant name is a whole WebP (RIFF size matches the file length).
fn assert_no_half_variant(store: &Path) {
    let mut stack = vec![store.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "webp")
                && !entry.file_name().to_string_lossy().starts_with('.')
            {
                let bytes = std::fs::read(&path).unwrap();
                let riff = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
                assert!(
                    &bytes[..4] == b"RIFF" && riff + 8 == bytes.len(),
                    "half variant {path:?}"
                );
            }
        }
    }
}

#[test]
fn kill_9_while_making_thumbnails_leaves_no_half_variant() {
    let (_dir, photos, library) = setup(1500);
    run_json(&library, &["scan", photos.to_str().unwrap(), "--json"]);
    let mut child = command(&library, &["thumbs", "--json"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    kill9(&mut child);
    assert_eq!(integrity(&library), "ok");
    assert_no_half_variant(&library.with_extension("cache"));
    let report = run_json(&library, &["thumbs", "--json"]);
    assert!(report.is_object());
    assert_no_half_variant(&library.with_extension("cache"));
}

fn next_json(lines: &mut BufReader<ChildStdout>, timeout: Duration) -> Value {
    let started = Instant::now();
    let mut line = String::new();
    assert!(lines.read_line(&mut line).unwrap() > 0, "watch ended early");
    assert!(started.elapsed() < timeout);
    serde_json::from_str(&line).unwrap()
}

fn start_watch(library: &Path) -> (Child, BufReader<ChildStdout>, Value) {
    let mut child = command(library, &["watch", "--json"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mode = next_json(&mut out, Duration::from_secs(10));
    assert_eq!(mode["event"], "mode");
    let catch_up = next_json(&mut out, Duration::from_secs(30));
    assert_eq!(catch_up["catch_up"], true, "{catch_up}");
    (child, out, catch_up)
}

#[test]
fn watch_catches_up_after_kill_9_and_stops_cleanly_on_sigterm() {
    let (_dir, photos, library) = setup(300);
    run_json(&library, &["scan", photos.to_str().unwrap(), "--json"]);
    let (mut child, mut out, _) = start_watch(&library);
    std::fs::write(photos.join("0000/live.jpg"), plain_jpeg(40, 30, 2)).unwrap();
    let batch = next_json(&mut out, Duration::from_secs(10));
    assert_eq!(batch["added"], 1, "{batch}");
    kill9(&mut child);
    assert_eq!(integrity(&library), "ok");

    // While nothing watches: a rename, a deletion and an addition.
    std::fs::rename(
        photos.join("0000/live.jpg"),
        photos.join("0001/live-moved.jpg"),
    )
    .unwrap();
    std::fs::remove_dir_all(photos.join("0002")).unwrap();
    std::fs::write(photos.join("0001/later.jpg"), plain_jpeg(30, 40, 3)).unwrap();
    let (mut child, _out, catch_up) = start_watch(&library);
    assert_eq!(
        (&catch_up["moved"], &catch_up["removed"], &catch_up["added"]),
        (&Value::from(1), &Value::from(100), &Value::from(1)),
        "{catch_up}"
    );
    // SAFETY: as in kill9.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let stats = run_json(&library, &["stats", "--json"]);
    assert_eq!(stats["photos"], 202, "{stats}");
}
