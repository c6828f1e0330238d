//! The find commands of the real binary: `search`, `facets`, `places`, `album create --smart`,
//! `photos --query` (JSON shapes), and a bad query's exit status 2 with a caret under its span.

mod common;

use std::path::PathBuf;

use common::{json, shoebox};
use shoebox_engine::{bench, Library, LibraryOptions};

fn library(count: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.db");
    let options = LibraryOptions {
        cache_dir: Some(dir.path().join("cache")),
        ..LibraryOptions::default()
    };
    let library = Library::open_with(&path, options).unwrap();
    bench::synthesize_varied(&library, count).unwrap();
    (dir, path)
}

#[test]
fn search_facets_places_and_smart_albums_through_the_json_contract() {
    let (_dir, lib) = library(600);
    let first = json(&shoebox(
        &lib,
        &["--json", "search", "make:=Apple", "--limit", "10"],
    ));
    let total = first["total"].as_u64().unwrap();
    assert!(total > 10, "{first}");
    let photos = first["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 10);
    for key in [
        "id", "path", "taken_at", "width", "height", "format", "make", "rating", "flag",
    ] {
        assert!(
            photos[0].get(key).is_some(),
            "photo lacks {key}: {}",
            photos[0]
        );
    }
    assert!(photos.iter().all(|p| p["make"] == "Apple"));
    // Paging by the cursor reaches every match once.
    let mut seen = photos.len() as u64;
    let mut next = first["next"].as_str().map(str::to_string);
    while let Some(cursor) = next {
        let page = json(&shoebox(
            &lib,
            &[
                "--json",
                "search",
                "make:=Apple",
                "--limit",
                "10",
                "--after",
                &cursor,
            ],
        ));
        seen += page["photos"].as_array().unwrap().len() as u64;
        next = page["next"].as_str().map(str::to_string);
    }
    assert_eq!(seen, total);
    // The same query through `photos --query`.
    let via_photos = json(&shoebox(
        &lib,
        &[
            "--json",
            "photos",
            "--query",
            "make:=Apple",
            "--limit",
            "1000",
        ],
    ));
    assert_eq!(via_photos["photos"].as_array().unwrap().len() as u64, total);

    let facets = json(&shoebox(&lib, &["--json", "facets", "make:=Apple"]));
    let make = facets["facets"]["make"].as_array().unwrap();
    let apple = make.iter().find(|v| v["value"] == "apple").expect("apple");
    assert_eq!(apple["count"].as_u64().unwrap(), total);
    assert_eq!(apple["selected"], true);
    assert!(
        make.len() > 1,
        "a facet's own term is left out: siblings stay choosable"
    );
    assert!(facets["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["count"].as_u64().unwrap() > 0));

    let places = json(&shoebox(&lib, &["--json", "places"]));
    let list = places["places"].as_array().unwrap();
    assert!(list.iter().any(|p| p["country_code"] == "PT"), "{places}");

    let album = json(&shoebox(
        &lib,
        &[
            "--json",
            "album",
            "create",
            "Phones",
            "--smart",
            "make:=Apple",
        ],
    ));
    assert_eq!(album["kind"], "smart");
    assert_eq!(album["count"].as_u64().unwrap(), total);
    assert_eq!(album["query"], "make:=Apple");
}

#[test]
fn a_bad_query_exits_2_with_a_caret_under_the_mistake() {
    let (_dir, lib) = library(10);
    for (query, message) in [
        ("camera:fuji iso:>=abc", "iso wants a number"),
        ("date:2019-13-45", "is not a date"),
        ("fooo:1", "unknown key"),
        ("\"open", "unbalanced quote"),
    ] {
        for args in [
            vec!["search", query],
            vec!["facets", query],
            vec!["album", "create", "X", "--smart", query],
        ] {
            let out = shoebox(&lib, &args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(message), "{args:?}: {err}");
            let lines: Vec<&str> = err.lines().collect();
            let caret = lines
                .iter()
                .position(|l| l.trim_start().starts_with('^'))
                .expect("a caret line");
            assert!(lines[caret - 1].contains(query), "{err}");
        }
    }
    // The 10,000-character query: refused with the limit, not run.
    let long = "beach ".repeat(1_700);
    let out = shoebox(&lib, &["search", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit is"));
}
