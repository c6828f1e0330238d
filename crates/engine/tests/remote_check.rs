//! `library.check_remote()` against a real S3-compatible server on loopback (moto) and against
//! endpoints that cannot answer: each outcome is its own error, and none takes more than seconds.

mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use shoebox_engine::sync::{Credentials, RemoteTarget, SyncError, SyncOptions};
use shoebox_testkit::s3::{free_port, MotoServer};

const BUCKET: &str = "shoebox-check";

fn keys(id: &str) -> Credentials {
    Credentials {
        access_key_id: id.into(),
        secret_access_key: "testing".into(),
        session_token: None,
    }
}

fn options(url: &str, endpoint: &str) -> SyncOptions {
    let target = RemoteTarget::parse(url, Some(endpoint), Some("us-east-1")).unwrap();
    let mut options = SyncOptions::new(target);
    options.credentials = Some(keys("testing"));
    options
}

/// Runs the check and asserts it came back within `CHECK_TIMEOUT` and a margin.
fn check(options: &SyncOptions) -> Result<shoebox_engine::sync::RemoteCheck, SyncError> {
    let (_dir, library) = common::temp_library();
    let started = Instant::now();
    let result = library.check_remote(options);
    let took = started.elapsed();
    assert!(
        took < shoebox_engine::sync::CHECK_TIMEOUT + Duration::from_secs(2),
        "took {took:?}: {result:?}"
    );
    result
}

#[test]
fn a_reachable_bucket_with_accepted_keys_passes_and_says_whether_it_is_empty() {
    let server = MotoServer::start();
    server.create_bucket(BUCKET);
    let url = format!("s3://{BUCKET}/family/photos");
    let ok = check(&options(&url, &server.endpoint())).expect("the check passes");
    assert_eq!(ok.sample_key, None, "nothing under the prefix yet");
    assert_eq!(
        ok.remote,
        format!("{url} @ {}", server.endpoint()),
        "named as the ledger names it"
    );

    // Something under the prefix (an earlier backup): the check reports one key and reads no more.
    let (dir, library) = common::temp_library();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    std::fs::write(photos.join("a.jpg"), shoebox_testkit::plain_jpeg(32, 24, 1)).unwrap();
    common::scan(&library, &[photos]);
    let report = library
        .sync(
            &options(&url, &server.endpoint()),
            &shoebox_engine::CancelToken::new(),
            &|_| {},
        )
        .unwrap();
    assert_eq!(report.uploaded, 1);
    let ok = check(&options(&url, &server.endpoint())).unwrap();
    let key = ok.sample_key.expect("a key");
    assert!(key.starts_with("family/photos/"), "{key}");
    // Another prefix of the same bucket is still empty; the bucket's top is not.
    let other = format!("s3://{BUCKET}/elsewhere");
    assert_eq!(
        check(&options(&other, &server.endpoint()))
            .unwrap()
            .sample_key,
        None
    );
    let top = format!("s3://{BUCKET}");
    assert!(check(&options(&top, &server.endpoint()))
        .unwrap()
        .sample_key
        .is_some());
}

#[test]
fn a_missing_bucket_is_its_own_error() {
    let server = MotoServer::start();
    server.create_bucket(BUCKET);
    let error = check(&options("s3://no-such-bucket/x", &server.endpoint())).unwrap_err();
    assert!(matches!(error, SyncError::Remote(_)), "{error:?}");
    assert!(error.to_string().contains("does not exist"), "{error}");
}

#[test]
fn refused_keys_are_an_authentication_error() {
    let server = MotoServer::start_enforcing_auth();
    let mut options = options(&format!("s3://{BUCKET}"), &server.endpoint());
    options.credentials = Some(keys("AKIANOTAREALKEY00000"));
    let error = check(&options).unwrap_err();
    assert!(matches!(error, SyncError::Auth(_)), "{error:?}");
    assert!(
        !error.to_string().contains('<'),
        "no response body leaks: {error}"
    );
}

#[test]
fn a_closed_port_is_unreachable_at_once() {
    let started = Instant::now();
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let error = check(&options(&format!("s3://{BUCKET}"), &endpoint)).unwrap_err();
    assert!(matches!(error, SyncError::Unreachable(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "refused is known at once, no retries: {:?}",
        started.elapsed()
    );
}

#[test]
fn a_server_that_never_answers_is_unreachable_within_the_timeout() {
    // Connections are accepted by the kernel (the listen backlog) and never answered.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", silent.local_addr().unwrap());
    let started = Instant::now();
    let error = check(&options(&format!("s3://{BUCKET}"), &endpoint)).unwrap_err();
    assert!(matches!(error, SyncError::Unreachable(_)), "{error:?}");
    assert!(error.to_string().contains("within 5 s"), "{error}");
    assert!(started.elapsed() >= Duration::from_secs(4));
}

#[test]
fn an_unknown_host_is_unreachable() {
    let error = check(&options(
        &format!("s3://{BUCKET}"),
        "http://no-such-host.invalid:9000",
    ))
    .unwrap_err();
    assert!(matches!(error, SyncError::Unreachable(_)), "{error:?}");
}

#[test]
fn a_malformed_target_never_reaches_the_network() {
    for url in [
        "s3://A",
        "http://bucket",
        "s3://ok-bucket/../up",
        "s3://b\u{0}ad",
    ] {
        assert!(
            matches!(
                RemoteTarget::parse(url, None, None),
                Err(SyncError::BadTarget(_))
            ),
            "{url}"
        );
    }
}
