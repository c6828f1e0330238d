//! The app's commands through Tauri's IPC on the mock runtime (no display): shapes, validation, errors.

mod common;

use common::{fixture, invoke, invoke_from, kind, message};
use serde_json::json;
use shoebox_app::commands::import::validate_import_paths;
use shoebox_app::error::ErrorKind;

#[test]
fn timeline_pages_are_camel_case_tiles_with_a_cursor() {
    let f = fixture(25);
    let page = invoke(
        &f,
        "timeline_page",
        json!({"view": {"kind": "all"}, "cursor": null, "fromMonth": null, "limit": 10}),
    )
    .unwrap();
    let tiles = page["photos"].as_array().unwrap();
    assert_eq!(tiles.len(), 10);
    for key in [
        "id",
        "width",
        "height",
        "takenAt",
        "color",
        "thumbhash",
        "rev",
    ] {
        assert!(
            tiles[0].get(key).is_some(),
            "tile lacks {key}: {}",
            tiles[0]
        );
    }
    let next = page["next"].as_str().unwrap().to_string();
    let rest = invoke(
        &f,
        "timeline_page",
        json!({"view": {"kind": "all"}, "cursor": next, "fromMonth": null, "limit": 100}),
    )
    .unwrap();
    assert_eq!(rest["photos"].as_array().unwrap().len(), 15);
    assert!(rest["next"].is_null());
}

#[test]
fn months_jump_and_folders_agree() {
    let f = fixture(40);
    let months = invoke(&f, "timeline_months", json!({"view": {"kind": "all"}})).unwrap();
    let months = months.as_array().unwrap();
    assert_eq!(
        months
            .iter()
            .map(|m| m["count"].as_u64().unwrap())
            .sum::<u64>(),
        40
    );
    let last = months.last().unwrap();
    let page = invoke(
        &f,
        "timeline_page",
        json!({"view": {"kind": "all"}, "cursor": null, "fromMonth": last["month"], "limit": 100}),
    )
    .unwrap();
    assert!(page["photos"][0]["takenAt"]
        .as_str()
        .unwrap()
        .starts_with(last["month"].as_str().unwrap()));

    let folders = invoke(&f, "folders", json!({})).unwrap();
    let leaf = folders
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["count"].as_u64() == Some(10))
        .unwrap()
        .clone();
    assert_eq!(
        leaf["name"],
        leaf["path"].as_str().unwrap().rsplit('/').next().unwrap()
    );
    let filtered = invoke(
        &f,
        "timeline_page",
        json!({"view": {"kind": "folder", "id": leaf["id"]}, "cursor": null, "fromMonth": null, "limit": 100}),
    )
    .unwrap();
    assert_eq!(filtered["photos"].as_array().unwrap().len(), 10);
}

#[test]
fn photo_info_has_the_viewer_fields_and_unknown_ids_fail() {
    let f = fixture(3);
    let page = invoke(
        &f,
        "timeline_page",
        json!({"view": {"kind": "all"}, "cursor": null, "fromMonth": null, "limit": 1}),
    )
    .unwrap();
    let id = page["photos"][0]["id"].clone();
    let info = invoke(&f, "photo_info", json!({"id": id})).unwrap();
    assert_eq!(info["make"], "Shoebox");
    assert_eq!(info["exposureTime"], 0.004);
    assert!(info["path"].as_str().unwrap().ends_with(".jpg"));
    let missing = invoke(&f, "photo_info", json!({"id": 999_999})).unwrap_err();
    assert!(message(&missing).contains("no photo"), "{missing}");
    assert_eq!(kind(&missing), "notFound", "{missing}");
}

#[test]
fn commands_validate_their_input() {
    let f = fixture(0);
    let page = |cursor: serde_json::Value, from_month: serde_json::Value, limit: u64| {
        invoke(
            &f,
            "timeline_page",
            json!({"view": {"kind": "all"}, "cursor": cursor, "fromMonth": from_month, "limit": limit}),
        )
    };
    for (what, refused) in [
        ("limit 0", page(json!(null), json!(null), 0)),
        ("limit 1,000,000", page(json!(null), json!(null), 1_000_000)),
        ("a nonsense cursor", page(json!("nonsense"), json!(null), 5)),
        ("month 13", page(json!(null), json!("2024-13"), 5)),
    ] {
        assert!(refused.is_err(), "{what} was accepted");
        let error = refused.unwrap_err();
        assert_eq!(kind(&error), "invalidInput", "{what}: {error}");
    }
    let too_many: Vec<i64> = (0..20_000).collect();
    let viewport = invoke(&f, "set_viewport", json!({"visible": too_many, "near": []}));
    assert!(viewport.is_err());
    assert_eq!(kind(&viewport.unwrap_err()), "invalidInput");
    let refused = |paths: &[String]| validate_import_paths(paths).unwrap_err().kind;
    assert_eq!(refused(&["relative/path".into()]), ErrorKind::InvalidInput);
    assert_eq!(
        refused(&["/no/such/place/at/all".into()]),
        ErrorKind::NotFound
    );
    assert_eq!(refused(&[]), ErrorKind::InvalidInput);
    assert!(validate_import_paths(&["/tmp".into()]).is_ok());
    let empty = invoke(&f, "timeline_months", json!({"view": {"kind": "all"}})).unwrap();
    assert_eq!(empty, json!([]));
    let diagnostics = invoke(&f, "diagnostics", json!({})).unwrap();
    assert_eq!(diagnostics["photos"], 0);
}

#[test]
fn capabilities_refuse_commands_from_remote_origins_and_unknown_commands() {
    let f = fixture(1);
    let remote = invoke_from(
        &f,
        "https://example.com",
        "timeline_months",
        json!({"view": {"kind": "all"}}),
    );
    assert!(remote
        .unwrap_err()
        .as_str()
        .unwrap()
        .contains("not allowed"));
    assert!(invoke(&f, "no_such_command", json!({})).is_err());
}
