//! Backup against a real S3-compatible server on loopback (moto): every object's bytes compared,
//! content addressing (duplicates and renames never re-sent), multipart, verification, the manifest,
//! prune, dry run, adoption of what the bucket already holds, and the fatal errors.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use shoebox_engine::sync::{Credentials, RemoteTarget, SyncError, SyncOptions, SyncReport};
use shoebox_engine::{no_progress, CancelToken, Library, LibraryOptions, Tier};
use shoebox_testkit::s3::{free_port, MotoServer};
use shoebox_testkit::{camera_exif, padded_jpeg, plain_jpeg, with_exif};

const BUCKET: &str = "shoebox-test";

fn keys() -> Credentials {
    Credentials {
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
        session_token: None,
    }
}

fn options(server: &MotoServer, prefix: &str) -> SyncOptions {
    let url = format!("s3://{BUCKET}/{prefix}");
    let target = RemoteTarget::parse(&url, Some(&server.endpoint()), Some("us-east-1")).unwrap();
    let mut options = SyncOptions::new(target);
    options.credentials = Some(keys());
    // These tests read the manifest too (it is off by default: the snapshot is what restore reads).
    options.write_manifest = true;
    options
}

fn sync(library: &Library, options: &SyncOptions) -> SyncReport {
    library
        .sync(options, &CancelToken::new(), &|_| {})
        .expect("sync completes")
}

/// A small camera JPEG; `seed` makes its bytes unique.
fn photo(dir: &Path, name: &str, seed: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let exif = camera_exif(&format!("2023:05:{:02} 10:00:00", 1 + seed % 28), None, 1);
    std::fs::write(&path, with_exif(&plain_jpeg(64, 48, seed), &exif)).unwrap();
    path
}

/// A valid JPEG of `size` bytes or a little more.
fn big_photo(dir: &Path, name: &str, size: usize) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, padded_jpeg(999, size)).unwrap();
    path
}

fn library_with(dir: &Path) -> Library {
    Library::open_with(
        &dir.join("library.db"),
        LibraryOptions {
            cache_dir: Some(dir.join("cache")),
            ..LibraryOptions::default()
        },
    )
    .unwrap()
}

fn hash_hex(path: &Path) -> String {
    blake3::hash(&std::fs::read(path).unwrap())
        .to_hex()
        .to_string()
}

/// moto with the test bucket, and a temporary folder whose `photos/` will hold the library's photos.
fn server_and_workdir() -> (MotoServer, tempfile::TempDir, PathBuf) {
    let server = MotoServer::start();
    server.create_bucket(BUCKET);
    let work = tempfile::tempdir().unwrap();
    let photos = work.path().join("photos");
    (server, work, photos)
}

#[test]
fn full_sync_sends_every_original_once_verified_and_a_second_sync_sends_nothing() {
    let (server, work, photos) = server_and_workdir();
    let mut files: Vec<PathBuf> = (0..12)
        .map(|i| photo(&photos, &format!("a/{i}.jpg"), i))
        .collect();
    // A duplicate (same bytes, other folder) and real corpus files of other formats.
    std::fs::create_dir_all(photos.join("b")).unwrap();
    std::fs::copy(&files[0], photos.join("b/copy-of-0.jpg")).unwrap();
    for name in [
        "exif-samples/heic/IMG_5195.HEIC",
        "exif-samples/tiff/BSG1.tiff",
    ] {
        let source = common::corpus_dir().join(name);
        let to = photos.join("b").join(source.file_name().unwrap());
        std::fs::copy(&source, &to).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        files.push(to);
    }
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    let opts = options(&server, "me/laptop");

    let first = sync(&library, &opts);
    assert_eq!(first.failed, 0, "{:?}", first.failures);
    assert_eq!(
        first.uploaded,
        files.len() as u64,
        "the duplicate is sent once"
    );
    assert!(first.manifest_uploaded);
    let expected_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert!(
        first.bytes_uploaded > expected_bytes,
        "originals plus the manifest"
    );

    let originals = server.keys(BUCKET, "me/laptop/originals/");
    assert_eq!(originals.len(), files.len());
    for file in &files {
        let ext = match file
            .extension()
            .unwrap()
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .as_str()
        {
            "jpg" => "jpg".to_string(),
            other => other.to_string(),
        };
        let key = format!("me/laptop/originals/{}.{ext}", hash_hex(file));
        let remote = server
            .get(BUCKET, &key)
            .unwrap_or_else(|| panic!("{key} missing; have {:?}", server.keys(BUCKET, "")));
        assert!(
            remote == std::fs::read(file).unwrap(),
            "{key}: bytes differ"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&server.get(BUCKET, "me/laptop/manifest.json").unwrap()).unwrap();
    let listed = manifest["photos"].as_array().unwrap();
    assert_eq!(
        listed.len(),
        files.len() + 1,
        "the duplicate's path is listed too"
    );
    assert!(listed
        .iter()
        .any(|p| p["path"].as_str().unwrap().ends_with("b/copy-of-0.jpg")));

    let second = sync(&library, &opts);
    assert_eq!(
        (second.uploaded, second.failed, second.skipped),
        (0, 0, files.len() as u64)
    );
    assert_eq!(second.bytes_uploaded, 0);
    assert!(!second.manifest_uploaded);

    // A rename keeps the content: nothing is sent but the manifest, which now names the new path.
    std::fs::rename(photos.join("a/3.jpg"), photos.join("a/renamed.jpg")).unwrap();
    common::scan(&library, &[]);
    let third = sync(&library, &opts);
    assert_eq!(third.uploaded, 0);
    assert!(third.manifest_uploaded);
    let manifest =
        String::from_utf8(server.get(BUCKET, "me/laptop/manifest.json").unwrap()).unwrap();
    assert!(manifest.contains("a/renamed.jpg") && !manifest.contains("a/3.jpg"));
}

#[test]
fn a_large_file_goes_up_in_verified_parts() {
    let (server, work, photos) = server_and_workdir();
    std::fs::create_dir_all(&photos).unwrap();
    let big = big_photo(&photos, "panorama.jpg", 30 * 1024 * 1024 + 123);
    photo(&photos, "small.jpg", 1);
    let library = library_with(work.path());
    common::scan(&library, &[photos]);
    let opts = options(&server, "");
    let report = sync(&library, &opts);
    assert_eq!(
        (report.uploaded, report.failed),
        (2, 0),
        "{:?}",
        report.failures
    );
    let key = format!("originals/{}.jpg", hash_hex(&big));
    // 30 MiB in 8 MiB parts: S3's multipart ETag ends in -4.
    let etag = server.etag(BUCKET, &key).unwrap();
    assert!(etag.ends_with("-4"), "{etag}");
    assert!(server.get(BUCKET, &key).unwrap() == std::fs::read(&big).unwrap());
    assert_eq!(server.open_multipart_uploads(BUCKET), 0);
}

#[test]
fn variants_go_up_when_asked_and_prune_removes_what_left_the_library() {
    let (server, work, photos) = server_and_workdir();
    let files: Vec<PathBuf> = (0..4)
        .map(|i| photo(&photos, &format!("{i}.jpg"), 40 + i))
        .collect();
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    library
        .thumbs()
        .make_thumbnails(Tier::Grid, &CancelToken::new(), &no_progress())
        .unwrap();
    let mut opts = options(&server, "p");
    opts.include_variants = true;
    let report = sync(&library, &opts);
    assert_eq!(report.failed, 0, "{:?}", report.failures);
    let variants = server.keys(BUCKET, "p/variants/");
    assert!(variants.len() >= files.len(), "{variants:?}");
    assert!(report.uploaded >= 8);

    // Dry run with prune: lists, deletes nothing.
    let hash_of_removed = hash_hex(&files[0]);
    std::fs::remove_file(&files[0]).unwrap();
    common::scan(&library, &[]);
    opts.prune = true;
    opts.dry_run = true;
    let kept = hash_hex(&photos.join("1.jpg")); // still here: must not be listed
    let before = server.keys(BUCKET, "p/");
    let dry = sync(&library, &opts);
    assert!(!dry.planned_deletes.is_empty());
    assert!(dry.planned_deletes.iter().all(|k| !k.contains(&kept)));
    assert!(dry
        .planned_deletes
        .iter()
        .any(|k| k.contains(&hash_of_removed)));
    assert_eq!(
        server.keys(BUCKET, "p/"),
        before,
        "a dry run deletes nothing"
    );

    opts.dry_run = false;
    let pruned = sync(&library, &opts);
    assert_eq!(pruned.pruned, dry.planned_deletes.len() as u64);
    assert_eq!(server.keys(BUCKET, "p/originals/").len(), 3);
    for key in &dry.planned_deletes {
        assert!(server.get(BUCKET, key).is_none(), "{key} still there");
    }
}

#[test]
fn dry_run_touches_nothing_and_a_lost_ledger_adopts_the_bucket() {
    let (server, work, photos) = server_and_workdir();
    for i in 0..4 {
        photo(&photos, &format!("{i}.jpg"), 70 + i);
    }
    big_photo(&photos, "big.jpg", 26 * 1024 * 1024); // adopted through its multipart ETag
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    let mut opts = options(&server, "");
    opts.dry_run = true;
    let dry = sync(&library, &opts);
    assert_eq!(dry.planned.len(), 5);
    assert!(server.keys(BUCKET, "").is_empty());

    opts.dry_run = false;
    assert_eq!(sync(&library, &opts).uploaded, 5);
    // Another library over the same folder (its ledger empty) finds the objects already there.
    let other_dir = tempfile::tempdir().unwrap();
    let other = library_with(other_dir.path());
    common::scan(&other, &[photos]);
    let adopted = sync(&other, &opts);
    assert_eq!((adopted.uploaded, adopted.adopted), (0, 5));
}

#[test]
fn wrong_credentials_stop_at_once_with_a_clear_error() {
    let server = MotoServer::start_enforcing_auth();
    let work = tempfile::tempdir().unwrap();
    let photos = work.path().join("photos");
    photo(&photos, "x.jpg", 5);
    let library = library_with(work.path());
    common::scan(&library, &[photos]);
    let mut opts = options(&server, "");
    opts.credentials = Some(Credentials {
        access_key_id: "AKIANOTAREALKEY00000".into(),
        secret_access_key: "wrong".into(),
        session_token: None,
    });
    let started = Instant::now();
    let error = library
        .sync(&opts, &CancelToken::new(), &|_| {})
        .unwrap_err();
    assert!(matches!(error, SyncError::Auth(_)), "{error}");
    assert!(error.to_string().contains("credentials"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "auth errors are not retried"
    );
}

#[test]
fn an_unreachable_server_fails_within_a_minute() {
    let work = tempfile::tempdir().unwrap();
    let photos = work.path().join("photos");
    photo(&photos, "x.jpg", 6);
    let library = library_with(work.path());
    common::scan(&library, &[photos]);
    let target = RemoteTarget::parse(
        &format!("s3://{BUCKET}"),
        Some(&format!("http://127.0.0.1:{}", free_port())),
        Some("us-east-1"),
    )
    .unwrap();
    let mut opts = SyncOptions::new(target);
    opts.credentials = Some(keys());
    let started = Instant::now();
    let error = library
        .sync(&opts, &CancelToken::new(), &|_| {})
        .unwrap_err();
    assert!(matches!(error, SyncError::Unreachable(_)), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn throttling_answers_are_retried_with_backoff() {
    let (server, work, photos) = server_and_workdir();
    for i in 0..3 {
        photo(&photos, &format!("{i}.jpg"), 90 + i);
    }
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    let proxy = shoebox_testkit::s3::FlakyProxy::start(server.port, 2);
    let mut opts = options(&server, "");
    opts.target = RemoteTarget::parse(
        &format!("s3://{BUCKET}"),
        Some(&proxy.endpoint()),
        Some("us-east-1"),
    )
    .unwrap();
    let report = sync(&library, &opts);
    assert_eq!(
        proxy.served_503(),
        2,
        "the proxy refused the first two connections"
    );
    assert_eq!(
        (report.uploaded, report.failed),
        (3, 0),
        "{:?}",
        report.failures
    );
    assert_eq!(server.keys(BUCKET, "originals/").len(), 3);
}

#[test]
fn a_file_changed_since_indexing_is_never_uploaded_under_its_old_key() {
    let (server, work, photos) = server_and_workdir();
    std::fs::create_dir_all(&photos).unwrap();
    let big = big_photo(&photos, "big.jpg", 26 * 1024 * 1024);
    let small = photo(&photos, "small.jpg", 3);
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    library
        .hash_pending(&CancelToken::new(), &no_progress())
        .unwrap();
    let (big_key, small_key) = (
        format!("originals/{}.jpg", hash_hex(&big)),
        format!("originals/{}.jpg", hash_hex(&small)),
    );
    // Same sizes, other bytes, and no rescan: the index still names the old content.
    for path in [&big, &small] {
        let mut bytes = std::fs::read(path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(path, bytes).unwrap();
    }
    let report = sync(&library, &options(&server, ""));
    assert_eq!(
        (report.uploaded, report.failed),
        (0, 2),
        "{:?}",
        report.failures
    );
    assert!(report
        .failures
        .iter()
        .all(|(_, why)| why.contains("changed since it was indexed")));
    assert!(server.get(BUCKET, &big_key).is_none() && server.get(BUCKET, &small_key).is_none());
    assert_eq!(
        server.open_multipart_uploads(BUCKET),
        0,
        "the multipart upload was aborted"
    );
    // After a rescan the new content goes up under its own keys.
    common::scan(&library, &[]);
    let again = sync(&library, &options(&server, ""));
    assert_eq!(
        (again.uploaded, again.failed),
        (2, 0),
        "{:?}",
        again.failures
    );
    assert!(
        server
            .get(BUCKET, &format!("originals/{}.jpg", hash_hex(&big)))
            .unwrap()
            == std::fs::read(&big).unwrap()
    );
}

#[test]
fn an_upload_the_server_forgot_is_dropped_and_restarted_next_time() {
    let (server, work, photos) = server_and_workdir();
    photo(&photos, "small.jpg", 11);
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    let opts = options(&server, "");
    assert_eq!(sync(&library, &opts).uploaded, 1);
    // A big file whose multipart upload an earlier sync began, which the server no longer knows
    // (a lifecycle rule aborted it, or the server restarted).
    let big = big_photo(&photos, "big.jpg", 26 * 1024 * 1024);
    common::scan(&library, &[]);
    library
        .hash_pending(&CancelToken::new(), &no_progress())
        .unwrap();
    let key = format!("originals/{}.jpg", hash_hex(&big));
    let db = rusqlite::Connection::open(work.path().join("library.db")).unwrap();
    db.execute(
        "INSERT INTO sync_uploads (remote_id, key, upload_id, size, part_size, started_at)
         SELECT id, ?1, 'forgotten-upload-id', ?2, 8388608, 0 FROM sync_remotes",
        rusqlite::params![key, std::fs::metadata(&big).unwrap().len() as i64],
    )
    .unwrap();
    let failed = sync(&library, &opts);
    assert_eq!(failed.failed, 1, "{:?}", failed.failures);
    // S3 answers 404 NoSuchUpload, moto 500: either way the upload restarts next time.
    assert!(
        failed.failures[0].1.contains("restarts on the next sync"),
        "{:?}",
        failed.failures
    );
    let left: i64 = db
        .query_row("SELECT count(*) FROM sync_uploads", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "the dead upload is dropped from the ledger");
    let again = sync(&library, &opts);
    assert_eq!(
        (again.uploaded, again.failed),
        (1, 0),
        "{:?}",
        again.failures
    );
    assert!(server.get(BUCKET, &key).unwrap() == std::fs::read(&big).unwrap());
}

#[test]
fn a_content_counts_as_held_only_under_its_own_key_at_its_size() {
    let (server, work, photos) = server_and_workdir();
    for i in 0..3 {
        photo(&photos, &format!("{i}.jpg"), 90 + i);
    }
    std::fs::copy(photos.join("0.jpg"), photos.join("copy-of-0.jpg")).unwrap();
    let library = library_with(work.path());
    common::scan(&library, std::slice::from_ref(&photos));
    let mut opts = options(&server, "p");
    assert_eq!(sync(&library, &opts).uploaded, 3, "the copy is sent once");
    opts.dry_run = true;
    let planned = |library: &Library, opts: &SyncOptions| -> Vec<String> {
        let report = sync(library, opts);
        let mut keys: Vec<String> = report.planned.iter().map(|(k, _)| k.clone()).collect();
        keys.sort();
        assert_eq!(report.skipped as usize + keys.len(), 3, "{report:?}");
        keys
    };
    assert!(planned(&library, &opts).is_empty());

    // The ledger edited behind the library's back: one object at another size, one under another
    // extension, one forgotten. Each is planned again, under the key its first photo names.
    let key = |name: &str| format!("p/originals/{}.jpg", hash_hex(&photos.join(name)));
    let conn = rusqlite::Connection::open(work.path().join("library.db")).unwrap();
    let edit = |sql: &str, key: &str| conn.execute(sql, [key]).unwrap();
    edit(
        "UPDATE sync_objects SET size = size + 1 WHERE key = ?1",
        &key("0.jpg"),
    );
    assert_eq!(planned(&library, &opts), [key("0.jpg")]);
    edit(
        "UPDATE sync_objects SET size = size - 1, key = replace(key, '.jpg', '.jpeg') WHERE key = ?1",
        &key("0.jpg"),
    );
    assert_eq!(planned(&library, &opts), [key("0.jpg")]);
    edit("DELETE FROM sync_objects WHERE key = ?1", &key("1.jpg"));
    let mut both = vec![key("0.jpg"), key("1.jpg")];
    both.sort();
    assert_eq!(planned(&library, &opts), both);
    // The bucket does hold them: the next sync adopts both, and the ledger is whole again.
    opts.dry_run = false;
    let again = sync(&library, &opts);
    assert_eq!((again.uploaded, again.adopted), (0, 2));
    opts.dry_run = true;
    assert!(planned(&library, &opts).is_empty());
}
