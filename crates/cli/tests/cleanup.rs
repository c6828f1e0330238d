//! `shoebox duplicates` and `shoebox trash` as a user runs them, against the real freedesktop
//! trash under a temporary `$XDG_DATA_HOME`: the JSON contract, trash / list / put back, a volume
//! whose trash cannot be made (refused, nothing deleted), and `kill -9` in the middle of a resolve.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{command, json};
use serde_json::Value;
use shoebox_testkit::{jpeg_of, picture};

struct Setup {
    dir: tempfile::TempDir,
    library: PathBuf,
    photos: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("photos");
        std::fs::create_dir_all(&photos).unwrap();
        Setup {
            library: dir.path().join("library.db"),
            photos,
            dir,
        }
    }

    fn data_home(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        command(&self.library)
            .env("XDG_DATA_HOME", self.data_home())
            .args(args)
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        json(&self.run(&all))
    }

    /// Scans and thumbnails the photos folder.
    fn index(&self) {
        self.json(&["scan", self.photos.to_str().unwrap()]);
        self.json(&["thumbs", "--only", "grid"]);
    }

    fn id(&self, name: &str) -> i64 {
        let shown = self.json(&["show", self.photos.join(name).to_str().unwrap()]);
        shown["id"].as_i64().unwrap()
    }
}

fn ids(value: &Value) -> Vec<i64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

#[test]
fn duplicates_names_the_keeper_and_trash_list_and_put_back_round_trip() {
    let s = Setup::new();
    let a = picture(11, 800, 600);
    std::fs::write(s.photos.join("a.jpg"), jpeg_of(&a, 1.0)).unwrap();
    std::fs::write(s.photos.join("a-small.jpg"), jpeg_of(&a, 0.5)).unwrap();
    std::fs::write(s.photos.join("b.jpg"), jpeg_of(&picture(12, 800, 600), 1.0)).unwrap();
    s.index();
    let (a, small) = (s.id("a.jpg"), s.id("a-small.jpg"));

    let found = s.json(&["duplicates"]);
    let groups = found["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{found}");
    assert_eq!(groups[0]["kind"], "copy");
    assert_eq!(ids(&groups[0]["photos"]), vec![a.min(small), a.max(small)]);
    assert_eq!(groups[0]["keep"], a);
    assert_eq!(groups[0]["reason"], "largest resolution");
    let exact = s.json(&["duplicates", "--kind", "exact"]);
    assert!(exact["groups"].as_array().unwrap().is_empty());

    let small_id = small.to_string();
    let trashed = s.json(&["trash", &small_id]);
    assert_eq!(trashed["trashed"][0]["ok"], true, "{trashed}");
    assert!(!s.photos.join("a-small.jpg").exists());
    assert!(s.data_home().join("Trash/files/a-small.jpg").exists());
    let list = s.json(&["trash", "list"]);
    assert_eq!(list["trashed"][0]["photo"], small, "{list}");
    assert!(s.json(&["duplicates"])["groups"]
        .as_array()
        .unwrap()
        .is_empty());

    let back = s.json(&["trash", "put-back", &small_id]);
    assert_eq!(back["put_back"][0]["ok"], true, "{back}");
    assert!(s.photos.join("a-small.jpg").exists());
    assert!(s.json(&["trash", "list"])["trashed"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        s.json(&["duplicates"])["groups"].as_array().unwrap().len(),
        1
    );

    // Not duplicates: remembered, and the group is gone.
    s.json(&["duplicates", "--not", &a.to_string(), &small_id]);
    assert!(s.json(&["duplicates"])["groups"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_volume_without_a_usable_trash_is_refused_and_nothing_is_deleted() {
    let s = Setup::new();
    std::fs::write(s.photos.join("a.jpg"), jpeg_of(&picture(21, 400, 300), 1.0)).unwrap();
    s.index();
    let id = s.id("a.jpg").to_string();
    // The trash would have to live under a regular file: it cannot be made.
    let blocker = s.dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"").unwrap();
    let out = command(&s.library)
        .env("XDG_DATA_HOME", blocker.join("data"))
        .args(["trash", &id, "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = printed["trashed"][0]["error"].as_str().unwrap();
    assert!(error.contains("refused"), "{error}");
    assert!(s.photos.join("a.jpg").exists());
    assert!(s.json(&["trash", "list"])["trashed"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(s.json(&["photos"])["photos"].as_array().unwrap().len(), 1);
}

fn integrity(library: &Path) -> String {
    let conn = rusqlite::Connection::open(library).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn kill_9_in_the_middle_of_a_resolve_loses_nothing_and_leaves_a_sound_library() {
    let s = Setup::new();
    let pairs = 40;
    for i in 0..pairs {
        let img = picture(100 + i, 320, 240);
        std::fs::write(s.photos.join(format!("p{i}.jpg")), jpeg_of(&img, 1.0)).unwrap();
        std::fs::write(s.photos.join(format!("p{i}-small.jpg")), jpeg_of(&img, 0.5)).unwrap();
    }
    s.index();
    let mut child = command(&s.library)
        .env("XDG_DATA_HOME", s.data_home())
        .args(["duplicates", "--resolve", "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let files = s.data_home().join("Trash/files");
    let started = Instant::now();
    while std::fs::read_dir(&files).map(|d| d.count()).unwrap_or(0) < 5 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no file reached the trash"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // SAFETY: kill(2) on the pid of a child we spawned and have not reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    assert_eq!(integrity(&s.library), "ok");
    let in_trash = std::fs::read_dir(&files).unwrap().count();
    assert!(
        in_trash < pairs as usize,
        "the kill came after the resolve finished"
    );
    // Every small copy is in place or in the trash; every kept photo is in place.
    for i in 0..pairs {
        assert!(s.photos.join(format!("p{i}.jpg")).exists());
        let name = format!("p{i}-small.jpg");
        assert!(
            s.photos.join(&name).exists() || files.join(&name).exists(),
            "{name} lost"
        );
    }
    // The next run settles what the kill interrupted and lists exactly what is in the trash.
    let list = s.json(&["trash", "list"]);
    assert_eq!(
        list["trashed"].as_array().unwrap().len(),
        in_trash,
        "{list}"
    );
    let back: Vec<String> = list["trashed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["photo"].to_string())
        .collect();
    let mut args = vec!["trash", "put-back"];
    args.extend(back.iter().map(String::as_str));
    let put = s.json(&args);
    for i in 0..pairs {
        let name = format!("p{i}-small.jpg");
        assert!(s.photos.join(&name).exists(), "{name}: {put}");
    }
}
