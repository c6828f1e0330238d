//! `shoebox bench sync`: backup throughput on loopback against a real S3-compatible server (moto, or
//! any endpoint given): large files as single PUTs vs multipart with parallel parts, many small files,
//! and the cost of a sync with nothing to send.

use std::path::Path;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::progress::{no_progress, CancelToken};
use crate::sync::{Credentials, RemoteTarget, SyncOptions, DEFAULT_MULTIPART_THRESHOLD};
use crate::Library;
use shoebox_testkit::{padded_jpeg, s3::MotoServer};

#[derive(Debug, Clone)]
pub struct SyncBenchOptions {
    pub large_files: usize,
    pub large_mib: usize,
    pub small_files: usize,
    pub small_kib: usize,
    /// Requests in flight.
    pub parallel: usize,
    /// An existing S3-compatible endpoint whose `bucket` exists (credentials from the environment);
    /// `None` starts moto on loopback.
    pub endpoint: Option<String>,
    pub bucket: String,
}

/// One timed sync.
#[derive(Debug, Clone)]
pub struct SyncBenchRun {
    pub name: &'static str,
    pub objects: u64,
    pub bytes: u64,
    pub ms: f64,
    pub mib_per_sec: f64,
    pub objects_per_sec: f64,
}

#[derive(Debug, Clone)]
pub struct SyncBenchReport {
    pub server: String,
    pub runs: Vec<SyncBenchRun>,
    /// Multipart with parallel parts over single PUTs, in MiB/s.
    pub multipart_speedup: f64,
    /// A second sync of the small-file library, nothing to send.
    pub noop_resync_ms: f64,
}

pub fn sync(options: &SyncBenchOptions) -> Result<SyncBenchReport> {
    let bench = |e: String| Error::Bench(e);
    let moto = options.endpoint.is_none().then(MotoServer::start);
    let endpoint = match (&options.endpoint, &moto) {
        (Some(endpoint), _) => endpoint.clone(),
        (None, Some(moto)) => {
            moto.create_bucket(&options.bucket);
            moto.endpoint()
        }
        (None, None) => unreachable!("moto starts when no endpoint is given"),
    };
    let temp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let large = temp.path().join("large");
    let small = temp.path().join("small");
    write_files(&large, options.large_files, options.large_mib << 20, 1)?;
    write_files(
        &small,
        options.small_files,
        options.small_kib << 10,
        1_000_000,
    )?;

    let cancel = CancelToken::new();
    let large_lib = super::open_in(temp.path(), "large.db")?;
    large_lib.scan(std::slice::from_ref(&large), &cancel, &no_progress())?;
    let small_lib = super::open_in(temp.path(), "small.db")?;
    small_lib.scan(std::slice::from_ref(&small), &cancel, &no_progress())?;
    large_lib.hash_pending(&cancel, &no_progress())?;
    small_lib.hash_pending(&cancel, &no_progress())?;

    let sync_options = |prefix: &str, threshold: u64, parallel: usize| -> Result<SyncOptions> {
        let url = format!("s3://{}/bench-{prefix}", options.bucket);
        let target = RemoteTarget::parse(&url, Some(&endpoint), Some("us-east-1"))
            .map_err(|e| bench(e.to_string()))?;
        let mut sync = SyncOptions::new(target);
        sync.multipart_threshold = threshold;
        sync.parallel = parallel;
        if moto.is_some() {
            sync.credentials = Some(Credentials {
                access_key_id: "bench".into(),
                secret_access_key: "bench".into(),
                session_token: None,
            });
        }
        Ok(sync)
    };
    let timed =
        |name: &'static str, library: &Library, sync: &SyncOptions| -> Result<SyncBenchRun> {
            let started = Instant::now();
            let report = library
                .sync(sync, &cancel, &|_| {})
                .map_err(|e| bench(format!("{name}: {e}")))?;
            let secs = started.elapsed().as_secs_f64();
            if report.failed > 0 {
                return Err(bench(format!("{name}: {:?}", report.failures)));
            }
            Ok(SyncBenchRun {
                name,
                objects: report.uploaded,
                bytes: report.bytes_uploaded,
                ms: secs * 1000.0,
                mib_per_sec: report.bytes_uploaded as f64 / 1_048_576.0 / secs,
                objects_per_sec: report.uploaded as f64 / secs,
            })
        };
    let p = options.parallel.max(1);
    let threshold = DEFAULT_MULTIPART_THRESHOLD;
    let single = timed(
        "large files, single PUT each",
        &large_lib,
        &sync_options("single", u64::MAX, p)?,
    )?;
    let multipart = timed(
        "large files, multipart, parts in parallel",
        &large_lib,
        &sync_options("multipart", threshold, p)?,
    )?;
    let serial = timed(
        "large files, multipart, one part at a time",
        &large_lib,
        &sync_options("serial", threshold, 1)?,
    )?;
    let small_sync = sync_options("small", threshold, p)?;
    let small_run = timed("small files", &small_lib, &small_sync)?;
    let noop = timed(
        "small files again (nothing to send)",
        &small_lib,
        &small_sync,
    )?;
    Ok(SyncBenchReport {
        server: if moto.is_some() {
            format!("moto_server on loopback ({endpoint})")
        } else {
            endpoint.clone()
        },
        multipart_speedup: multipart.mib_per_sec / single.mib_per_sec,
        noop_resync_ms: noop.ms,
        runs: vec![single, multipart, serial, small_run, noop],
    })
}

fn write_files(dir: &Path, count: usize, size: usize, seed: u32) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for i in 0..count {
        let path = dir.join(format!("{i:06}.jpg"));
        std::fs::write(&path, padded_jpeg(seed + i as u32, size))
            .map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
