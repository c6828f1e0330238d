//! "Open with Shoebox" through IPC on the mock runtime: the files the app was started with, each
//! with the library's photo (id, folder view, month) or the folder to offer to add.

mod common;

use common::{fixture, invoke};
use serde_json::json;
use shoebox_app::state::AppState;
use tauri::Manager;

#[test]
fn opened_files_name_the_librarys_photo_or_the_folder_to_add() {
    let f = fixture(25);
    let photos = f.dir.path().join("photos");
    let known = walk_first_jpeg(&photos);
    let stranger_dir = f.dir.path().join("elsewhere");
    std::fs::create_dir(&stranger_dir).unwrap();
    let stranger = stranger_dir.join("holiday.jpg");
    std::fs::copy(&known, &stranger).unwrap();
    let unread = known.parent().unwrap().join("notes.txt");
    std::fs::write(&unread, b"not a photo").unwrap();
    f.app.state::<AppState>().set_launch_files(vec![
        known.clone(),
        stranger.clone(),
        unread.clone(),
    ]);

    let opened = invoke(&f, "opened_files", json!({})).unwrap();
    let opened = opened.as_array().unwrap();
    assert_eq!(opened.len(), 3);

    let photo = &opened[0]["photo"];
    let id = photo["id"]
        .as_i64()
        .expect("the library's photo of the first file");
    let info = invoke(&f, "photo_info", json!({"id": id})).unwrap();
    assert_eq!(info["path"], json!(known.display().to_string()));
    // The folder view it opens in is the file's own folder, and the month is the tile's.
    let folders = invoke(&f, "folders", json!({})).unwrap();
    let folder = folders
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == photo["folderId"])
        .expect("its folder is in the folder tree");
    assert_eq!(
        folder["path"],
        json!(known.parent().unwrap().display().to_string())
    );
    let month = photo["month"].as_str().unwrap();
    assert!(
        month == "undated"
            || (month.len() == 7 && info["takenAt"].as_str().unwrap().starts_with(month)),
        "{month} vs {}",
        info["takenAt"]
    );
    assert_eq!(opened[0]["insideRoot"], json!(true));

    // Not in the library and not under one of its folders: the folder to offer.
    assert_eq!(opened[1]["photo"], json!(null));
    assert_eq!(opened[1]["insideRoot"], json!(false));
    assert_eq!(opened[1]["name"], json!("holiday.jpg"));
    assert_eq!(
        opened[1]["folder"],
        json!(stranger_dir.display().to_string())
    );

    // Under a root but not a photo the library has.
    assert_eq!(opened[2]["photo"], json!(null));
    assert_eq!(opened[2]["insideRoot"], json!(true));
}

#[test]
fn no_files_means_an_empty_list() {
    let f = fixture(3);
    assert_eq!(invoke(&f, "opened_files", json!({})).unwrap(), json!([]));
}

fn walk_first_jpeg(dir: &std::path::Path) -> std::path::PathBuf {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            return walk_first_jpeg(&p);
        }
        if p.extension().is_some_and(|e| e == "jpg") {
            return p;
        }
    }
    panic!("no JPEG under {}", dir.display());
}
