//! `thumb://` answered by the plain protocol function over a real library: status codes, headers,
//! WebP bodies, conditional requests, and URLs that try to reach files.

use shoebox_app::protocol::respond;
use shoebox_engine::{no_progress, CancelToken, Library, LibraryOptions, TimelineQuery};
use shoebox_testkit::generate_library_sized;
use tauri::http::{header, StatusCode, Uri};

fn library() -> (tempfile::TempDir, Library, i64) {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    generate_library_sized(&photos, 3, 3, 640).unwrap();
    let options = LibraryOptions {
        cache_dir: Some(dir.path().join("cache")),
        ..Default::default()
    };
    let library = Library::open_with(&dir.path().join("lib.db"), options).unwrap();
    library
        .scan(&[photos], &CancelToken::new(), &no_progress())
        .unwrap();
    let id = library.timeline(&TimelineQuery::default()).unwrap().photos[0].id;
    (dir, library, id)
}

fn uri(text: &str) -> Uri {
    text.parse().unwrap()
}

#[test]
fn serves_webp_with_immutable_caching_and_an_etag() {
    let (_dir, library, id) = library();
    let response = respond(
        &library,
        &uri(&format!("thumb://localhost/{id}/256?v=0")),
        None,
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/webp");
    assert!(response.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let body = response.body();
    assert_eq!((&body[0..4], &body[8..12]), (&b"RIFF"[..], &b"WEBP"[..]));
    let decoded = image::load_from_memory(body).unwrap();
    assert_eq!(decoded.width().max(decoded.height()), 256);

    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let again = respond(
        &library,
        &uri(&format!("thumb://localhost/{id}/256")),
        Some(&etag),
    );
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.body().is_empty());
    let other = respond(
        &library,
        &uri(&format!("thumb://localhost/{id}/512")),
        Some(&etag),
    );
    assert_eq!(
        other.status(),
        StatusCode::OK,
        "another size has another etag"
    );
}

#[test]
fn unknown_photos_and_sizes_are_404() {
    let (_dir, library, id) = library();
    assert_eq!(
        respond(&library, &uri("thumb://localhost/987654/256"), None).status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        respond(&library, &uri(&format!("thumb://localhost/{id}/300")), None).status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn urls_that_name_paths_read_nothing() {
    let (_dir, library, _id) = library();
    for bad in [
        "thumb://localhost/../../etc/passwd",
        "thumb://localhost/..%2f..%2fetc%2fpasswd/256",
        "thumb://localhost/etc/passwd",
        "thumb://localhost//etc/passwd",
        "thumb://localhost/1/256/../../../etc/passwd",
        "thumb://localhost/",
    ] {
        let response = respond(&library, &uri(bad), None);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            !String::from_utf8_lossy(response.body()).contains("root:"),
            "{bad} leaked a file"
        );
    }
}

#[test]
fn full_renders_the_original_at_its_own_size_and_404s_for_an_unknown_photo() {
    let (_dir, library, id) = library();
    let response = respond(
        &library,
        &uri(&format!("thumb://localhost/{id}/full?v=0")),
        None,
    );
    assert_eq!(response.status(), StatusCode::OK);
    let photo = library.photo(id).unwrap();
    let decoded = image::load_from_memory(response.body()).unwrap();
    assert_eq!(
        decoded.width().max(decoded.height()),
        photo.width.max(photo.height)
    );
    let missing = respond(&library, &uri("thumb://localhost/999999/full"), None);
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(!missing.body().is_empty(), "the reason is in the body");
}
