//! `shoebox export` on real corpus photos (copies in a temp dir): ids, `--album`, `--query` and
//! `--folder`, the presets and their options, the JSON summary, a refused template, and a vanished
//! original reported while the rest is written (exit status 1).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{json, shoebox};
use shoebox_engine::{AlbumKind, Library, LibraryOptions};

fn corpus() -> PathBuf {
    std::env::var_os("SHOEBOX_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

const FILES: [&str; 3] = [
    "exif-samples/jpg/gps/DSCN0010.jpg",
    "exif-orientation-examples/Portrait_6.jpg",
    "exif-samples/jpg/gps/DSCN0012.jpg",
];

/// A scanned library of [`FILES`]; the temp dir, the library path and the photos folder.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    for rel in FILES {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(corpus().join(rel), photos.join(name)).unwrap();
    }
    let lib = dir.path().join("lib.db");
    json(&shoebox(
        &lib,
        &["--json", "scan", photos.to_str().unwrap()],
    ));
    (dir, lib, photos)
}

fn id_of(lib: &Path, path: &Path) -> i64 {
    let out = json(&shoebox(lib, &["--json", "show", path.to_str().unwrap()]));
    out["id"].as_i64().unwrap_or_else(|| panic!("no id: {out}"))
}

/// `shoebox [--json] export --folder PHOTOS --to TO EXTRA...`.
fn export_folder(lib: &Path, photos: &Path, to: &Path, json: bool, extra: &[&str]) -> Output {
    let mut args = vec![
        "export",
        "--folder",
        photos.to_str().unwrap(),
        "--to",
        to.to_str().unwrap(),
    ];
    if json {
        args.insert(0, "--json");
    }
    args.extend(extra);
    shoebox(lib, &args)
}

fn files(out: &serde_json::Value) -> Vec<PathBuf> {
    out["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| PathBuf::from(f["path"].as_str().unwrap()))
        .collect()
}

#[test]
fn export_by_id_query_album_and_folder_with_presets_and_names() {
    let (dir, lib, photos) = setup();
    let portrait = id_of(&lib, &photos.join("Portrait_6.jpg"));
    let to = dir.path().join("web");
    let out = json(&shoebox(
        &lib,
        &[
            "--json",
            "export",
            &portrait.to_string(),
            "--to",
            to.to_str().unwrap(),
        ],
    ));
    assert_eq!(out["written"], 1, "{out}");
    assert_eq!(out["failed"], 0);
    let written = files(&out);
    assert_eq!(written, vec![to.join("Portrait_6.jpg")]);
    let image = image::open(&written[0]).unwrap();
    // Stored 1800x1200 with orientation 6: upright 1200x1800, under the web preset's 2048.
    assert_eq!((image.width(), image.height()), (1200, 1800));

    let to = dir.path().join("email");
    let out = json(&shoebox(
        &lib,
        &[
            "--json",
            "export",
            "--query",
            "camera:nikon",
            "--to",
            to.to_str().unwrap(),
            "--preset",
            "email",
            "--strip",
            "gps",
            "--name",
            "{date:%Y}_{seq}_{name}",
        ],
    ));
    assert_eq!(out["written"], 2, "{out}");
    let names: Vec<String> = files(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("20") && n.contains("_DSCN00")),
        "{names:?}"
    );
    for path in files(&out) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        assert!(!text.contains("GPS"), "no GPS tags left");
    }

    let options = LibraryOptions {
        cache_dir: Some(lib.with_extension("cache")),
        ..LibraryOptions::default()
    };
    let library = Library::open_with(&lib, options).unwrap();
    let album = library
        .organize()
        .create_album("Trip", None, AlbumKind::Album)
        .unwrap();
    library
        .organize()
        .add_to_album(album.id, &[portrait])
        .unwrap();
    drop(library);
    let to = dir.path().join("album");
    let out = json(&shoebox(
        &lib,
        &[
            "--json",
            "export",
            "--album",
            &album.id.to_string(),
            "--to",
            to.to_str().unwrap(),
            "--preset",
            "custom",
            "--format",
            "webp",
            "--long-edge",
            "300",
            "--quality",
            "70",
            "--name",
            "{album} {seq}",
        ],
    ));
    assert_eq!(files(&out), vec![to.join("Trip 1.webp")], "{out}");
    let image = image::open(to.join("Trip 1.webp")).unwrap();
    assert_eq!((image.width(), image.height()), (200, 300));

    let to = dir.path().join("originals");
    let out = json(&export_folder(
        &lib,
        &photos,
        &to,
        true,
        &["--preset", "original"],
    ));
    assert_eq!(out["written"], 3, "{out}");
    for rel in FILES {
        let name = Path::new(rel).file_name().unwrap();
        assert_eq!(
            std::fs::read(to.join(name)).unwrap(),
            std::fs::read(photos.join(name)).unwrap()
        );
    }
}

#[test]
fn bad_input_is_refused_or_reported_per_file() {
    let (dir, lib, photos) = setup();
    let to = dir.path().join("out");
    let refused = export_folder(&lib, &photos, &to, false, &["--name", "../{name}"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("template") && stderr.contains(".."),
        "{stderr}"
    );
    assert!(!to.exists(), "nothing written");

    let original_strip = export_folder(
        &lib,
        &photos,
        &to,
        false,
        &["--preset", "original", "--strip", "all"],
    );
    assert!(!original_strip.status.success());

    std::fs::remove_file(photos.join("DSCN0012.jpg")).unwrap();
    let out = export_folder(&lib, &photos, &to, true, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed photo fails the command"
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["written"], 2, "{summary}");
    assert_eq!(summary["failed"], 1);
    let error = summary["failures"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("DSCN0012") && error.contains("gone"),
        "{error}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&to)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["DSCN0010.jpg", "Portrait_6.jpg"],
        "no temporary files left"
    );
}
