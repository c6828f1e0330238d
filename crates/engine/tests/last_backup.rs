//! `library.last_backup()`: every sync that is not a dry run leaves its outcome in the library
//! (counts, bytes, the error when it stopped), readable after reopening, whichever front end ran it.

mod common;

use shoebox_engine::sync::{Credentials, RemoteTarget, SyncOptions};
use shoebox_engine::{CancelToken, Library};
use shoebox_testkit::plain_jpeg;
use shoebox_testkit::s3::{free_port, MotoServer};

fn options(endpoint: &str) -> SyncOptions {
    let target = RemoteTarget::parse("s3://shoebox-last/p", Some(endpoint), Some("us-east-1"));
    let mut options = SyncOptions::new(target.unwrap());
    options.credentials = Some(Credentials {
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
        session_token: None,
    });
    options
}

fn sync(library: &Library, options: &SyncOptions) -> bool {
    library.sync(options, &CancelToken::new(), &|_| {}).is_ok()
}

#[test]
fn each_real_sync_records_its_outcome_and_a_dry_run_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let cache = dir.path().join("cache");
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    for seed in 0..3 {
        std::fs::write(photos.join(format!("{seed}.jpg")), plain_jpeg(30, 20, seed)).unwrap();
    }
    let library = common::open_with_cache(&db, &cache).unwrap();
    assert_eq!(library.last_backup().unwrap(), None, "never backed up");
    common::scan(&library, &[photos]);

    let server = MotoServer::start();
    server.create_bucket("shoebox-last");
    let good = options(&server.endpoint());
    assert!(sync(&library, &good));
    let last = library.last_backup().unwrap().expect("recorded");
    assert_eq!(
        (last.uploaded, last.skipped, last.failed),
        (3, 0, 0),
        "{last:?}"
    );
    assert!(last.bytes_uploaded > 0 && last.error.is_none());
    assert_eq!(last.remote, good.target.identity());
    assert!(last.finished_at > 1_600_000_000);

    let mut dry = good.clone();
    dry.dry_run = true;
    assert!(sync(&library, &dry));
    assert_eq!(
        library.last_backup().unwrap(),
        Some(last.clone()),
        "a dry run is no backup"
    );

    // A sync that cannot reach its server records why.
    let dead = options(&format!("http://127.0.0.1:{}", free_port()));
    assert!(!sync(&library, &dead));
    let failed = library.last_backup().unwrap().unwrap();
    assert_eq!((failed.uploaded, failed.bytes_uploaded), (0, 0));
    let error = failed.error.clone().expect("the error");
    assert!(error.contains("cannot reach"), "{error}");
    drop(library);

    let reopened = common::open_with_cache(&db, &cache).unwrap();
    assert_eq!(reopened.last_backup().unwrap(), Some(failed));
    assert!(sync(&reopened, &good));
    let again = reopened.last_backup().unwrap().unwrap();
    assert_eq!((again.uploaded, again.skipped, again.error), (0, 3, None));
}

#[test]
fn an_unreadable_record_counts_as_none() {
    let (_dir, library) = common::temp_library();
    for junk in ["", "{", "[]", "{\"remote\": 3}", "null"] {
        library.settings().set("backup.last", Some(junk)).unwrap();
        assert_eq!(library.last_backup().unwrap(), None, "{junk:?}");
    }
}
