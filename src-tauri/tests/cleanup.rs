//! The clean-up commands through Tauri's IPC on the mock runtime, over generated photos and a byte
//! copy, with the real freedesktop trash under a temporary `$XDG_DATA_HOME`: the exact group with its
//! keeper and reason, the members' compared fields, a bulk resolve where one group is refused and the
//! other goes on (the kept photo in both albums, the copy in the trash), Recently deleted and put
//! back, trashing a view's index range, the keeper rules' order, and refused inputs.

mod common;

use std::path::Path;

use common::{app_over, empty_library, invoke, kind, Fixture};
use serde_json::{json, Value};
use shoebox_engine::{no_progress, CancelToken};
use shoebox_testkit::generate_library_sized;

/// The trash every test of this process uses.
fn trash_home() -> &'static Path {
    shoebox_testkit::isolated_trash()
}

/// Six generated photos under `photos/`, the first copied byte for byte into `photos/copy/`.
fn library() -> Fixture {
    trash_home();
    let (dir, library) = empty_library();
    let root = dir.path().join("photos");
    generate_library_sized(&root, 6, 6, 320).unwrap();
    let first = first_jpeg(&root);
    std::fs::create_dir_all(root.join("copy")).unwrap();
    std::fs::copy(&first, root.join("copy").join(first.file_name().unwrap())).unwrap();
    library
        .scan(
            std::slice::from_ref(&root),
            &CancelToken::new(),
            &no_progress(),
        )
        .unwrap();
    app_over(dir, library)
}

fn first_jpeg(root: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = walk(root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    files.sort();
    files.remove(0)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn ids(list: &[i64]) -> Value {
    json!({"view": null, "ranges": [], "ids": list})
}

fn exact_group(f: &Fixture) -> Value {
    let groups = invoke(f, "duplicate_groups", json!({"kind": "exact"})).unwrap();
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    groups[0].clone()
}

#[test]
fn a_copy_is_merged_into_the_photo_kept_trashed_listed_and_put_back() {
    let f = library();
    let group = exact_group(&f);
    assert_eq!(group["kind"], "exact");
    let photos: Vec<i64> = serde_json::from_value(group["photos"].clone()).unwrap();
    assert_eq!(photos.len(), 2);
    let keep = group["keep"].as_i64().unwrap();
    let other = *photos.iter().find(|p| **p != keep).unwrap();
    assert!(!group["reason"].as_str().unwrap().is_empty(), "{group}");

    // Two albums, one photo each; the other photo rated.
    let mut albums = Vec::new();
    for (name, photo) in [("Trip", keep), ("Family", other)] {
        let a = invoke(
            &f,
            "create_album",
            json!({"name": name, "parentId": null, "kind": "album"}),
        )
        .unwrap();
        invoke(
            &f,
            "add_to_album",
            json!({"album": a["id"], "targets": ids(&[photo])}),
        )
        .unwrap();
        albums.push(a["id"].as_i64().unwrap());
    }
    invoke(
        &f,
        "mark",
        json!({"targets": ids(&[other]), "change": {"favourite": null, "rating": 2, "flag": null, "label": null}}),
    )
    .unwrap();

    let members = invoke(&f, "duplicate_members", json!({"ids": [keep, other]})).unwrap();
    let m = members.as_array().unwrap();
    assert_eq!(m[0]["id"], keep);
    assert_eq!(m[0]["albums"], json!(["Trip"]));
    assert_eq!(m[1]["albums"], json!(["Family"]));
    assert_eq!(m[1]["marks"]["rating"], 2);
    assert_eq!(m[0]["size"], m[1]["size"]);
    assert_eq!(
        (m[0]["width"].clone(), m[0]["format"].clone()),
        (m[1]["width"].clone(), json!("jpeg"))
    );
    assert_ne!(m[0]["folder"], m[1]["folder"]);
    let other_path = m[1]["path"].as_str().unwrap().to_string();

    // A bulk resolve: a group whose keeper is not in it is refused; the real one goes on.
    let results = invoke(
        &f,
        "resolve_duplicates",
        json!({"groups": [{"photos": [keep, other], "keep": 999_999}, {"photos": [keep, other], "keep": keep}]}),
    )
    .unwrap();
    let r = results.as_array().unwrap();
    assert!(
        r[0]["error"].as_str().unwrap().contains("not in the group"),
        "{results}"
    );
    assert_eq!(r[0]["trashed"], json!([]));
    assert_eq!(r[1]["error"], Value::Null, "{results}");
    assert_eq!(r[1]["trashed"][0]["ok"], true, "{results}");
    assert_eq!(r[1]["trashed"][0]["photo"], other);
    let to = r[1]["trashed"][0]["to"].as_str().unwrap();
    assert!(to.starts_with(trash_home().to_str().unwrap()), "{to}");
    assert!(!Path::new(&other_path).exists());

    let kept = invoke(&f, "photo_organization", json!({"id": keep})).unwrap();
    let names: Vec<&str> = kept["albums"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Family", "Trip"]);
    assert_eq!(kept["marks"]["rating"], 2);
    // The group is gone; the copy is in Recently deleted.
    assert_eq!(
        invoke(&f, "duplicate_groups", json!({"kind": "exact"})).unwrap(),
        json!([])
    );
    let list = invoke(&f, "trashed_photos", json!({})).unwrap();
    assert_eq!(list[0]["photo"], other, "{list}");
    assert_eq!(list[0]["path"], other_path);
    assert!(list[0]["trashedAt"].as_i64().unwrap() > 0);

    let back = invoke(&f, "put_back_photos", json!({"ids": [other]})).unwrap();
    assert_eq!(back[0]["ok"], true, "{back}");
    assert_eq!(back[0]["to"], other_path);
    assert!(Path::new(&other_path).exists());
    let id = back[0]["photo"].as_i64().unwrap();
    let org = invoke(&f, "photo_organization", json!({"id": id})).unwrap();
    assert_eq!(org["marks"]["rating"], 2);
    assert_eq!(org["albums"][0]["name"], "Family");
    assert_eq!(invoke(&f, "trashed_photos", json!({})).unwrap(), json!([]));
}

#[test]
fn a_view_range_goes_to_the_trash_and_bad_requests_are_refused() {
    let f = library();
    let before = common::view_total(&f, json!({"kind": "all"}));
    let out = invoke(
        &f,
        "trash_photos",
        json!({"targets": {"view": {"kind": "all"}, "ranges": [[0, 2]], "ids": []}}),
    )
    .unwrap();
    let out = out.as_array().unwrap();
    assert_eq!(out.len(), 2);
    assert!(out.iter().all(|o| o["ok"] == true), "{out:?}");
    assert_eq!(common::view_total(&f, json!({"kind": "all"})), before - 2);
    assert_eq!(
        invoke(&f, "trashed_photos", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Rules left out follow in their default order.
    let rules = invoke(&f, "set_keeper_rules", json!({"rules": ["oldest"]})).unwrap();
    assert_eq!(
        rules,
        json!([
            "oldest",
            "resolution",
            "format",
            "exifDate",
            "preferredFolder"
        ])
    );
    assert_eq!(invoke(&f, "keeper_rules", json!({})).unwrap(), rules);

    let lonely = invoke(&f, "not_duplicates", json!({"ids": [1]})).unwrap_err();
    assert_eq!(kind(&lonely), "invalidInput");
    let many: Vec<i64> = (1..=300).collect();
    let err = invoke(&f, "duplicate_members", json!({"ids": many})).unwrap_err();
    assert_eq!(kind(&err), "invalidInput");
    let err = invoke(&f, "put_back_photos", json!({"ids": [999_999]})).unwrap_err();
    assert_eq!(kind(&err), "notFound");
}
