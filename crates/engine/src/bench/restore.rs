//! `shoebox bench library-data`: the library's data in the bucket at library scale — a first sync
//! (the full snapshot, and the manifest it replaces), an incremental sync after one photo changed
//! (bytes sent against the full snapshot, client time), an unchanged sync, and a restore of the
//! library's data alone (no originals) into a fresh library — over synthetic photo rows, on moto.

use std::time::Instant;

use crate::error::{Error, Result};
use crate::model::PhotoFilter;
use crate::progress::CancelToken;
use crate::restore::RestoreOptions;
use crate::sync::{Credentials, RemoteTarget, SyncOptions};
use crate::{AlbumKind, MarkChange};
use shoebox_testkit::s3::MotoServer;

#[derive(Debug, Clone)]
pub struct LibraryDataBenchOptions {
    pub photos: usize,
}

/// One timed sync's library data.
#[derive(Debug, Clone, Default)]
pub struct LibraryDataRun {
    pub ms: f64,
    pub chunks: u64,
    pub chunks_uploaded: u64,
    pub bytes_uploaded: u64,
}

#[derive(Debug, Clone, Default)]
pub struct LibraryDataBenchReport {
    pub photos: usize,
    pub library_file_bytes: u64,
    /// The whole snapshot in the bucket (its chunks, compressed).
    pub snapshot_bytes: u64,
    /// `manifest.json` for the same library.
    pub manifest_bytes: u64,
    pub first: LibraryDataRun,
    /// After one photo's marks changed.
    pub incremental: LibraryDataRun,
    pub unchanged: LibraryDataRun,
    pub restore_ms: f64,
    pub restored_photos: u64,
}

pub fn library_data(options: &LibraryDataBenchOptions) -> Result<LibraryDataBenchReport> {
    let bench = |e: String| Error::Bench(e);
    let moto = MotoServer::start();
    moto.create_bucket("bench");
    let temp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let library = super::open_in(temp.path(), "library.db")?;
    super::synthesize_photos(&library, options.photos)?;
    let target = RemoteTarget::parse("s3://bench/data", Some(&moto.endpoint()), Some("us-east-1"))
        .map_err(|e| bench(e.to_string()))?;
    {
        let conn = crate::db::connection::open_side_writer(library.path())?;
        crate::db::snapshot::synthetic_hashes(&conn)?;
        let remote = crate::db::sync::remote_id(&conn, &target.identity())?;
        crate::db::sync::pretend_uploaded(&conn, remote, "data/")?;
    }
    // Some organizing: an album, a tag and marks on 10,000 photos each.
    let ids = library.timeline_range(&PhotoFilter::default(), 0, 10_000)?;
    let org = library.organize();
    let album = org.create_album("Bench", None, AlbumKind::Album)?;
    org.add_to_album(album.id, &ids)?;
    org.tag_photos("Bench/Tag", &ids)?;
    let rate = MarkChange {
        rating: Some(3),
        ..MarkChange::default()
    };
    org.mark(&ids, &rate)?;

    let mut sync = SyncOptions::new(target.clone());
    sync.credentials = Some(Credentials {
        access_key_id: "bench".into(),
        secret_access_key: "bench".into(),
        session_token: None,
    });
    let cancel = CancelToken::new();
    let timed = |options: &SyncOptions| -> Result<(LibraryDataRun, crate::sync::SyncReport)> {
        let started = Instant::now();
        let report = library
            .sync(options, &cancel, &|_| {})
            .map_err(|e| bench(e.to_string()))?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let data = report.library.clone().unwrap_or_default();
        Ok((
            LibraryDataRun {
                ms,
                chunks: data.chunks,
                chunks_uploaded: data.chunks_uploaded,
                bytes_uploaded: data.bytes_uploaded,
            },
            report,
        ))
    };
    let mut first_options = sync.clone();
    first_options.write_manifest = true;
    let (first, report) = timed(&first_options)?;
    let snapshot_bytes = report.library.map_or(0, |l| l.snapshot_bytes);
    let manifest_bytes = moto
        .get("bench", &target.manifest_key())
        .map_or(0, |m| m.len() as u64);
    // Settle: the first sync's own ledger rows change the next snapshot once.
    timed(&sync)?;
    let favourite = MarkChange {
        favourite: Some(true),
        ..MarkChange::default()
    };
    org.mark(&ids[5_000..5_001], &favourite)?;
    let (incremental, _) = timed(&sync)?;
    let (unchanged, _) = timed(&sync)?;

    let fresh = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let restored = super::open_in(fresh.path(), "restored.db")?;
    let mut restore = RestoreOptions::new(target, fresh.path().join("Photos"));
    restore.credentials = sync.credentials.clone();
    restore.originals = false;
    let started = Instant::now();
    let report = restored
        .restore(&restore, &cancel, &|_| {})
        .map_err(|e| bench(e.to_string()))?;
    let restore_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(LibraryDataBenchReport {
        photos: options.photos,
        library_file_bytes: std::fs::metadata(library.path()).map_or(0, |m| m.len()),
        snapshot_bytes,
        manifest_bytes,
        first,
        incremental,
        unchanged,
        restore_ms,
        restored_photos: report.photos,
    })
}
