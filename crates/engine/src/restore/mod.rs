//! Restore from a backup bucket: the library's data (a snapshot, see `sync::snapshot`) downloaded and
//! checked, every original brought back under a restore folder laid out as it was under each root,
//! verified against its key before it takes its final name, and a library whose photos point at the
//! restored files with albums, marks and tags re-attached by content hash. Resumable: a rerun skips
//! what is in place and verified. `fetch.rs` gets the snapshot, `plan.rs` decides what goes where,
//! `attach.rs` writes the library, `download.rs` brings the files.

mod attach;
mod download;
mod fetch;
mod plan;
mod run;

use std::path::PathBuf;

pub use run::restore;

use crate::sync::{Credentials, RemoteTarget};

/// What `shoebox restore` and the app's "Restore from a backup…" ask for.
#[derive(Debug, Clone)]
pub struct RestoreOptions {
    /// The bucket (and prefix) a library was backed up to.
    pub source: RemoteTarget,
    /// The restore folder: each root of the backed-up library comes back as a folder in it.
    pub dest: PathBuf,
    /// Say what would be downloaded, and how much; write nothing (not even the library).
    pub dry_run: bool,
    /// A snapshot id (or a unique prefix of one) from the pointer's list; `None` is the newest.
    pub snapshot: Option<String>,
    /// Requests in flight at once.
    pub parallel: usize,
    /// Download bandwidth limit in bytes per second.
    pub max_bytes_per_sec: Option<u64>,
    /// Keys to sign with; `None` looks them up in the environment and the AWS profile files.
    pub credentials: Option<Credentials>,
    /// Bring back the originals (and variants); `false` restores the library's data alone.
    pub originals: bool,
}

impl RestoreOptions {
    pub fn new(source: RemoteTarget, dest: PathBuf) -> Self {
        RestoreOptions {
            source,
            dest,
            dry_run: false,
            snapshot: None,
            parallel: 4,
            max_bytes_per_sec: None,
            credentials: None,
            originals: true,
        }
    }
}

/// What was merged into the library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Photo rows added (pointing at restored files).
    pub photos_added: u64,
    /// Photos of the backup the library already held by content (not downloaded).
    pub photos_present: u64,
    pub albums_created: u64,
    /// Albums of the backup that matched one of the library's by name and place.
    pub albums_merged: u64,
    pub album_photos_added: u64,
    pub tags_created: u64,
    pub tags_merged: u64,
    pub photo_tags_added: u64,
    /// Photos whose marks were written (new, or merged into marks they had).
    pub marks: u64,
}

/// An existing different file where a restored one belonged: kept; the restored copy went beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub existing: PathBuf,
    pub restored_as: PathBuf,
}

/// What a restore did (or, for a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct RestoreReport {
    /// The snapshot restored from.
    pub snapshot: String,
    /// Originals downloaded and verified.
    pub downloaded: u64,
    /// Files already in place and verified (an earlier run, or an identical file), or present in
    /// the library by content.
    pub skipped: u64,
    pub failed: u64,
    /// Bytes of originals downloaded (the snapshot and variants are counted apart).
    pub bytes: u64,
    pub snapshot_bytes: u64,
    pub variants_downloaded: u64,
    pub variant_bytes: u64,
    pub elapsed_ms: u64,
    /// Photos in the restored library that came from the backup.
    pub photos: u64,
    /// Albums (and album folders) and tags of the backup.
    pub albums: u64,
    pub tags: u64,
    pub merged: MergeReport,
    pub conflicts: Vec<Conflict>,
    /// Per-object failures: (key, why). The rest was kept; run again.
    pub failures: Vec<(String, String)>,
    /// Dry run: what would be downloaded (key, destination, bytes).
    pub planned: Vec<(String, PathBuf, u64)>,
}

/// Which step a restore is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestorePhase {
    /// Downloading and checking the library's data.
    Snapshot,
    /// Checking what is already in place.
    Plan,
    /// Writing the library (photos, albums, marks, tags).
    Attach,
    /// Downloading originals.
    Download,
    /// Downloading thumbnails (variants).
    Variants,
}

impl RestorePhase {
    pub fn as_str(self) -> &'static str {
        match self {
            RestorePhase::Snapshot => "snapshot",
            RestorePhase::Plan => "plan",
            RestorePhase::Attach => "attach",
            RestorePhase::Download => "download",
            RestorePhase::Variants => "variants",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreProgress {
    pub phase: RestorePhase,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// Receives restore progress from the download tasks; must be cheap and thread-safe.
pub trait RestoreProgressSink: Send + Sync {
    fn report(&self, progress: RestoreProgress);
}

impl<F: Fn(RestoreProgress) + Send + Sync> RestoreProgressSink for F {
    fn report(&self, progress: RestoreProgress) {
        self(progress)
    }
}
