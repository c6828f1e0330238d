//! Black-box tests of the `shoebox` binary: the JSON contract, exit codes and messages.

mod common;

use std::path::Path;

use common::{json, shoebox};
use shoebox_testkit::{camera_exif, generate_library, plain_jpeg, with_exif};

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    generate_library(&photos, 25, 10).unwrap();
    std::fs::write(photos.join("0000/junk.jpg"), b"this is not a jpeg at all").unwrap();
    std::fs::write(
        photos.join("0000/offset.jpg"),
        with_exif(
            &plain_jpeg(30, 20, 1),
            &camera_exif("2025:05:06 07:08:09", Some("-05:00"), 6),
        ),
    )
    .unwrap();
    let library = dir.path().join("lib.db");
    (dir, photos, library)
}

#[test]
fn scan_json_reports_counts_and_per_file_errors_and_exits_zero() {
    let (_dir, photos, library) = setup();
    let report = json(&shoebox(
        &library,
        &["scan", photos.to_str().unwrap(), "--json"],
    ));
    for key in [
        "seen",
        "added",
        "updated",
        "unchanged",
        "removed",
        "failed",
        "errors",
        "elapsed_ms",
    ] {
        assert!(report.get(key).is_some(), "missing {key}: {report}");
    }
    assert_eq!(report["seen"], 27);
    assert_eq!(report["added"], 26);
    assert_eq!(report["failed"], 1);
    assert!(report["errors"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("junk.jpg"));
    assert!(!report["errors"][0]["error"].as_str().unwrap().is_empty());
    assert_eq!(report["hashed"], 26);

    let again = json(&shoebox(&library, &["scan", "--json"]));
    assert_eq!(
        (
            again["unchanged"].as_u64(),
            again["added"].as_u64(),
            again["opened"].as_u64()
        ),
        (Some(26), Some(0), Some(0))
    );
}

#[test]
fn photos_json_pages_by_cursor_with_the_documented_fields() {
    let (_dir, photos, library) = setup();
    json(&shoebox(
        &library,
        &["scan", photos.to_str().unwrap(), "--json"],
    ));
    let first = json(&shoebox(&library, &["photos", "--limit", "20", "--json"]));
    let list = first["photos"].as_array().unwrap();
    assert_eq!(list.len(), 20);
    let newest = &list[0];
    assert_eq!(newest["taken_at"], "2025-05-06T07:08:09");
    assert_eq!(newest["taken_at_offset"], "-05:00");
    assert_eq!(newest["taken_at_source"], "exif");
    assert_eq!(
        (
            newest["width"].as_u64(),
            newest["height"].as_u64(),
            newest["orientation"].as_u64()
        ),
        (Some(20), Some(30), Some(6))
    );
    assert_eq!(newest["format"], "jpeg");
    assert_eq!(newest["make"], "Shoebox");
    assert_eq!(newest["model"], "Bench Cam");
    assert!(newest["size"].as_u64().unwrap() > 0);
    assert!(Path::new(newest["path"].as_str().unwrap()).is_absolute());
    for key in [
        "id",
        "path",
        "taken_at",
        "taken_at_offset",
        "taken_at_source",
        "width",
        "height",
        "orientation",
        "format",
        "make",
        "model",
        "size",
    ] {
        assert!(newest.get(key).is_some(), "missing {key}");
    }
    let cursor = first["next"].as_str().expect("a next cursor");
    let second = json(&shoebox(
        &library,
        &["photos", "--limit", "20", "--after", cursor, "--json"],
    ));
    assert_eq!(second["photos"].as_array().unwrap().len(), 6);
    assert!(second["next"].is_null());
    let ids: std::collections::HashSet<i64> = list
        .iter()
        .chain(second["photos"].as_array().unwrap())
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 26);

    let folder = photos.join("0001");
    let in_folder = json(&shoebox(
        &library,
        &["photos", "--folder", folder.to_str().unwrap(), "--json"],
    ));
    assert_eq!(in_folder["photos"].as_array().unwrap().len(), 10);
}

#[test]
fn show_months_and_stats() {
    let (_dir, photos, library) = setup();
    json(&shoebox(
        &library,
        &["scan", photos.to_str().unwrap(), "--json"],
    ));
    let target = photos.join("0000/offset.jpg");
    let by_path = json(&shoebox(
        &library,
        &["show", target.to_str().unwrap(), "--json"],
    ));
    let by_id = json(&shoebox(
        &library,
        &["show", &by_path["id"].to_string(), "--json"],
    ));
    assert_eq!(by_path, by_id);
    assert_eq!(by_path["exposure_time"], 0.004);
    assert_eq!(by_path["aperture"], 2.8);
    assert_eq!(by_path["iso"], 200);
    assert_eq!(by_path["content_hash"].as_str().unwrap().len(), 64);

    let months = json(&shoebox(&library, &["months", "--json"]));
    assert_eq!(months["undated"], 0);
    let months = months["months"].as_array().unwrap();
    assert_eq!(months[0]["month"], "2025-05");
    assert_eq!(
        months
            .iter()
            .map(|m| m["count"].as_u64().unwrap())
            .sum::<u64>(),
        26
    );

    let stats = json(&shoebox(&library, &["stats", "--json"]));
    assert_eq!(
        (
            stats["photos"].as_u64(),
            stats["roots"].as_u64(),
            stats["failed"].as_u64(),
            stats["hashed"].as_u64()
        ),
        (Some(26), Some(1), Some(1), Some(26))
    );
    assert!(stats["library_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn fatal_errors_exit_nonzero_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib.db");
    let missing = shoebox(&library, &["scan", "/no/such/folder", "--json"]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/no/such/folder"), "{stderr}");

    let future = dir.path().join("future.db");
    write_library_with_newer_schema(&future);
    let refused = shoebox(&future, &["stats"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("newer"));

    let unknown = shoebox(&library, &["show", "424242"]);
    assert!(!unknown.status.success());
}

/// A real library whose header then claims schema 999 (SQLite keeps user_version at byte 60).
fn write_library_with_newer_schema(path: &Path) {
    let options = shoebox_engine::LibraryOptions {
        cache_dir: Some(path.with_extension("cache")),
        ..Default::default()
    };
    drop(shoebox_engine::Library::open_with(path, options).unwrap());
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn thumbs_thumb_gc_and_bench_scroll_speak_json() {
    let (_dir, photos, library) = setup();
    json(&shoebox(
        &library,
        &["scan", photos.to_str().unwrap(), "--json"],
    ));
    let first = json(&shoebox(&library, &["thumbs", "--only", "grid", "--json"]));
    for key in ["generated", "skipped", "failed", "errors", "elapsed_ms"] {
        assert!(first.get(key).is_some(), "thumbs --json has {key}: {first}");
    }
    assert_eq!(first["generated"], 26);
    let again = json(&shoebox(&library, &["thumbs", "--json"]));
    assert_eq!(
        again["skipped"], 26,
        "grid present, responsive made: {again}"
    );
    assert_eq!(again["generated"], 26);

    let out = library.with_extension("one.webp");
    let status = shoebox(
        &library,
        &["thumb", "1", "--size", "100", "-o", out.to_str().unwrap()],
    );
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[8..12], b"WEBP");
    let missing = shoebox(&library, &["thumb", "999999", "-o", out.to_str().unwrap()]);
    assert!(!missing.status.success());

    let gc = json(&shoebox(&library, &["gc", "--json"]));
    assert_eq!(gc["removed"], 0, "{gc}");
    let scroll = json(&shoebox(&library, &["bench", "scroll", "--json"]));
    assert_eq!(scroll["passes"].as_array().unwrap().len(), 2);
    assert!(
        scroll["memory_hit_p99_us"].as_f64().unwrap() > 0.0,
        "{scroll}"
    );
    let stats = json(&shoebox(&library, &["stats", "--json"]));
    assert_eq!(stats["variants"], 26 * 5, "{stats}");
    assert!(stats["cache"]["memory_capacity"].as_u64().unwrap() > 0);
}

#[test]
fn undated_photos_are_counted_apart_and_listed_last() {
    let (dir, photos, library) = setup();
    std::fs::write(photos.join("0001/no-date.jpg"), plain_jpeg(20, 10, 9)).unwrap();
    json(&shoebox(
        &library,
        &["scan", photos.to_str().unwrap(), "--json"],
    ));
    let months = json(&shoebox(&library, &["months", "--json"]));
    assert_eq!(months["undated"], 1);
    let dated: u64 = months["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["count"].as_u64().unwrap())
        .sum();
    assert_eq!(dated, 26, "the undated photo is in no month");

    let all = json(&shoebox(&library, &["photos", "--limit", "100", "--json"]));
    let all = all["photos"].as_array().unwrap();
    let last = all.last().unwrap();
    assert_eq!(all.len(), 27);
    assert_eq!(
        (
            last["dated"].as_bool(),
            last["path"].as_str().unwrap().ends_with("no-date.jpg")
        ),
        (Some(false), true)
    );
    assert!(["file", "birth"].contains(&last["taken_at_source"].as_str().unwrap()));
    assert!(all[..26].iter().all(|p| p["dated"] == true));

    let undated = json(&shoebox(
        &library,
        &["photos", "--month", "undated", "--json"],
    ));
    let undated = undated["photos"].as_array().unwrap();
    assert_eq!(undated.len(), 1);
    assert_eq!(undated[0]["id"], last["id"]);
    let text = shoebox(&library, &["months"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("undated"));
    drop(dir);
}

/// A photo whose thumbnail cannot be made says why in `shoebox show` (here a DNG with no
/// embedded preview: its metadata is indexed, its pixels are raw sensor data).
#[test]
fn show_says_why_a_photo_has_no_thumbnail() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let dng_version = (0xC612, shoebox_testkit::ExifValue::Bytes(vec![1, 4, 0, 0]));
    let dng = shoebox_testkit::containers::tiff_with_ifds_after_pixels(
        16,
        12,
        &[dng_version],
        &[],
        &[],
        Some((3000, 2000)),
    );
    std::fs::write(photos.join("raw.dng"), dng).unwrap();
    std::fs::write(photos.join("fine.jpg"), plain_jpeg(40, 30, 2)).unwrap();
    let library = dir.path().join("lib.db");
    json(&shoebox(
        &library,
        &["scan", photos.to_str().unwrap(), "--json"],
    ));
    shoebox(&library, &["thumbs", "--json"]);
    let raw = json(&shoebox(
        &library,
        &["show", photos.join("raw.dng").to_str().unwrap(), "--json"],
    ));
    let reason = raw["thumbnail_failure"].as_str().expect("a reason");
    assert!(reason.contains("does not develop raw data"), "{reason}");
    let fine = json(&shoebox(
        &library,
        &["show", photos.join("fine.jpg").to_str().unwrap(), "--json"],
    ));
    assert!(fine["thumbnail_failure"].is_null());
}
