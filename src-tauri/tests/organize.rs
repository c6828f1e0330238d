//! The organize commands through Tauri's IPC on the mock runtime: marks by ids and by a view's index
//! ranges (a Shift range or Ctrl+A over photos never loaded), marks on the tiles, the views
//! (favourites, picks, rejected, album in manual and date order, tag), albums (bad names refused
//! with the reason and nothing changed, add, reorder, cover), tags with autocomplete, undo / redo,
//! and the history's revision that the poller watches.

mod common;

use common::{fixture, invoke, kind, message, view_total as total, Fixture};
use serde_json::{json, Value};

fn all() -> Value {
    json!({"kind": "all"})
}

fn ids(targets: &[i64]) -> Value {
    json!({"view": null, "ranges": [], "ids": targets})
}

fn range(view: Value, a: u64, b: u64) -> Value {
    json!({"view": view, "ranges": [[a, b]], "ids": []})
}

/// Every tile of a view, in its order (paged as the UI does).
fn tiles(f: &Fixture, view: Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let page = invoke(
            f,
            "timeline_page",
            json!({"view": view, "cursor": cursor, "fromMonth": null, "limit": 7}),
        )
        .unwrap();
        out.extend(page["photos"].as_array().unwrap().iter().cloned());
        if page["next"].is_null() {
            return out;
        }
        cursor = page["next"].clone();
    }
}

fn id_list(tiles: &[Value]) -> Vec<i64> {
    tiles.iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

#[test]
fn a_range_over_the_view_is_marked_and_tiles_carry_the_marks() {
    let f = fixture(30);
    let order = id_list(&tiles(&f, all()));
    assert_eq!(order.len(), 30);
    // Photos 3..=24 of the view (a Shift range across months), four stars, then rejected.
    let out = invoke(
        &f,
        "mark",
        json!({"targets": range(all(), 3, 25), "change": {"favourite": null, "rating": 4, "flag": null, "label": null}}),
    )
    .unwrap();
    assert_eq!(out["changed"], 22);
    assert!(out["label"].as_str().unwrap().contains('4'), "{out}");
    invoke(
        &f,
        "mark",
        json!({"targets": range(all(), 3, 25), "change": {"favourite": null, "rating": null, "flag": "reject", "label": null}}),
    )
    .unwrap();
    let now = tiles(&f, all());
    assert_eq!(
        now[3]["marks"],
        json!({"favourite": false, "rating": 4, "flag": "reject", "label": "none"})
    );
    assert_eq!(now[2]["marks"]["rating"], 0);
    assert_eq!(now[25]["marks"]["rating"], 0);
    assert_eq!(total(&f, json!({"kind": "rejected"})), 22);
    assert_eq!(
        id_list(&tiles(&f, json!({"kind": "rejected"}))),
        order[3..25]
    );
    // Ctrl+A: the whole view by count.
    invoke(
        &f,
        "mark",
        json!({"targets": range(all(), 0, 30), "change": {"favourite": true, "rating": null, "flag": null, "label": "green"}}),
    )
    .unwrap();
    assert_eq!(total(&f, json!({"kind": "favourites"})), 30);
    let h = invoke(&f, "history_state", json!({})).unwrap();
    assert!(h["undo"].is_string());
    invoke(&f, "undo", json!({})).unwrap();
    assert_eq!(total(&f, json!({"kind": "favourites"})), 0);
    let h2 = invoke(&f, "history_state", json!({})).unwrap();
    assert_ne!(h["rev"], h2["rev"], "the revision moves with undo");
    assert!(h2["redo"].is_string());
}

#[test]
fn bad_targets_and_marks_are_refused_with_the_reason() {
    let f = fixture(5);
    let change = json!({"favourite": null, "rating": 6, "flag": null, "label": null});
    let e = invoke(&f, "mark", json!({"targets": ids(&[1]), "change": change})).unwrap_err();
    assert_eq!(kind(&e), "invalidInput", "{e}");
    let e = invoke(
        &f,
        "mark",
        json!({"targets": range(all(), 2, 50), "change": {"favourite": true, "rating": null, "flag": null, "label": null}}),
    )
    .unwrap_err();
    assert_eq!(kind(&e), "invalidInput");
    assert!(message(&e).contains("50"), "{e}");
    let e = invoke(
        &f,
        "mark",
        json!({"targets": {"view": null, "ranges": [[0, 2]], "ids": []}, "change": {"favourite": true, "rating": null, "flag": null, "label": null}}),
    )
    .unwrap_err();
    assert_eq!(kind(&e), "invalidInput");
    let e = invoke(
        &f,
        "mark",
        json!({"targets": ids(&[987_654]), "change": {"favourite": true, "rating": null, "flag": null, "label": null}}),
    )
    .unwrap_err();
    assert_eq!(kind(&e), "notFound", "{e}");
    assert_eq!(
        total(&f, json!({"kind": "favourites"})),
        0,
        "nothing changed"
    );
}

#[test]
fn albums_refuse_bad_names_and_keep_a_manual_order_with_a_cover() {
    let f = fixture(12);
    for bad in [String::new(), "x".repeat(10_000), "a\u{7}b".into()] {
        let e = invoke(
            &f,
            "create_album",
            json!({"name": bad, "parentId": null, "kind": "album"}),
        )
        .unwrap_err();
        assert_eq!(kind(&e), "invalidInput", "{bad:.20}: {e}");
        assert!(message(&e).ends_with('.'), "a sentence: {e}");
    }
    assert_eq!(invoke(&f, "albums", json!({})).unwrap(), json!([]));
    // Only tag paths split on '/': an album may have one in its name.
    let slash = invoke(
        &f,
        "create_album",
        json!({"name": "2024/25 season", "parentId": null, "kind": "album"}),
    )
    .unwrap();
    assert_eq!(slash["name"], "2024/25 season");
    invoke(&f, "delete_album", json!({"id": slash["id"]})).unwrap();
    let album = invoke(
        &f,
        "create_album",
        json!({"name": "Holidays 🏖️", "parentId": null, "kind": "album"}),
    )
    .unwrap();
    let id = album["id"].as_i64().unwrap();
    let order = id_list(&tiles(&f, all()));
    invoke(
        &f,
        "add_to_album",
        json!({"album": id, "targets": range(all(), 0, 5)}),
    )
    .unwrap();
    let view = json!({"kind": "album", "id": id});
    let months = invoke(&f, "timeline_months", json!({ "view": view })).unwrap();
    assert_eq!(months, json!([{"month": "manual", "count": 5}]));
    assert_eq!(id_list(&tiles(&f, view.clone())), order[..5]);
    // Drag the last photo before the first.
    invoke(
        &f,
        "reorder_album",
        json!({"album": id, "targets": ids(&[order[4]]), "place": {"kind": "before", "id": order[0]}}),
    )
    .unwrap();
    let moved = vec![order[4], order[0], order[1], order[2], order[3]];
    assert_eq!(id_list(&tiles(&f, view.clone())), moved);
    // The range resolves in the album's own order: index 0 is now order[4].
    invoke(
        &f,
        "set_album_cover",
        json!({"album": id, "photo": order[2]}),
    )
    .unwrap();
    let listed = invoke(&f, "albums", json!({})).unwrap();
    assert_eq!(listed[0]["coverId"], order[2]);
    assert_eq!(listed[0]["count"], 5);
    invoke(&f, "undo", json!({})).unwrap(); // the cover
    invoke(&f, "undo", json!({})).unwrap(); // the reorder
    assert_eq!(id_list(&tiles(&f, view.clone())), order[..5]);
    invoke(&f, "redo", json!({})).unwrap();
    assert_eq!(id_list(&tiles(&f, view.clone())), moved);
    invoke(
        &f,
        "remove_from_album",
        json!({"album": id, "targets": range(view.clone(), 0, 1)}),
    )
    .unwrap();
    assert_eq!(id_list(&tiles(&f, view.clone())), moved[1..]);
    invoke(&f, "set_album_sort", json!({"album": id, "sort": "date"})).unwrap();
    let months = invoke(&f, "timeline_months", json!({ "view": view })).unwrap();
    assert_ne!(months[0]["month"], "manual");
    let e = invoke(
        &f,
        "add_to_album",
        json!({"album": 4242, "targets": ids(&[1])}),
    )
    .unwrap_err();
    assert_eq!(kind(&e), "notFound", "{e}");
}

#[test]
fn tags_make_a_tree_with_autocomplete_and_a_view() {
    let f = fixture(6);
    let order = id_list(&tiles(&f, all()));
    invoke(
        &f,
        "tag_photos",
        json!({"path": "Places/France/Paris", "targets": ids(&order[..2])}),
    )
    .unwrap();
    invoke(
        &f,
        "tag_photos",
        json!({"path": "Places/Italy", "targets": ids(&order[2..3])}),
    )
    .unwrap();
    let tags = invoke(&f, "tags", json!({})).unwrap();
    let places = tags
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["path"] == "Places")
        .unwrap()
        .clone();
    assert_eq!(places["count"], 3);
    let found = invoke(&f, "suggest_tags", json!({"prefix": "par", "limit": 5})).unwrap();
    assert_eq!(found[0]["path"], "Places/France/Paris");
    assert_eq!(total(&f, json!({"kind": "tag", "id": places["id"]})), 3);
    let org = invoke(&f, "photo_organization", json!({"id": order[0]})).unwrap();
    assert_eq!(org["tags"], json!(["Places/France/Paris"]));
    assert_eq!(org["marks"]["rating"], 0);
    let e = invoke(
        &f,
        "tag_photos",
        json!({"path": "", "targets": ids(&order[..1])}),
    )
    .unwrap_err();
    assert_eq!(kind(&e), "invalidInput");
}

#[test]
fn several_ranges_and_ids_name_each_photo_once() {
    let f = fixture(40);
    let order = id_list(&tiles(&f, all()));
    // Two ranges (one starting mid-month, one in a later month) plus ids inside and outside them.
    let targets =
        json!({"view": all(), "ranges": [[30, 33], [5, 12]], "ids": [order[6], order[39]]});
    let out = invoke(
        &f,
        "mark",
        json!({"targets": targets, "change": {"favourite": null, "rating": null, "flag": "pick", "label": null}}),
    )
    .unwrap();
    assert_eq!(out["changed"], 11, "7 + 3 + 1 outside: {out}");
    let mut want: Vec<i64> = order[5..12].to_vec();
    want.extend_from_slice(&order[30..33]);
    want.push(order[39]);
    want.sort_unstable_by_key(|id| order.iter().position(|o| o == id));
    assert_eq!(id_list(&tiles(&f, json!({"kind": "picks"}))), want);
    // A range in the picks view resolves in that view's order.
    invoke(
        &f,
        "mark",
        json!({"targets": range(json!({"kind": "picks"}), 10, 11), "change": {"favourite": null, "rating": 5, "flag": null, "label": null}}),
    )
    .unwrap();
    let five: Vec<i64> = tiles(&f, all())
        .iter()
        .filter(|t| t["marks"]["rating"] == 5)
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(five, vec![order[39]]);
}
