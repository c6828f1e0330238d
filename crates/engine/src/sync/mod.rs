//! Backup to S3-compatible storage: originals (and optionally variants) under content-addressed keys,
//! the library's own data as chunked snapshots with a pointer to the newest (optionally a readable
//! manifest too), multipart for large files, a ledger in SQLite so an interrupted sync resumes, and
//! every object verified against its ETag.

mod check;
mod credentials;
pub(crate) mod library_data;
mod manifest;
pub(crate) mod pacer;
mod plan;
pub(crate) mod pointer;
pub(crate) mod remote;
mod run;
pub(crate) mod snapshot;
mod target;
mod upload;
pub(crate) mod verify;

pub use check::{check, RemoteCheck, CHECK_TIMEOUT};
pub use credentials::{CredentialSource, Credentials};
pub(crate) use plan::extension;
pub use run::sync;
pub use target::RemoteTarget;

/// Snapshots of the library's data kept in the bucket unless told otherwise.
pub const DEFAULT_KEEP_SNAPSHOTS: usize = 10;

/// Files this big or bigger go up in parts unless told otherwise (25 MiB).
pub const DEFAULT_MULTIPART_THRESHOLD: u64 = 25 * 1024 * 1024;

/// What `shoebox sync` and the app's "Back up now" ask for.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub target: RemoteTarget,
    /// List what would go; touch neither the remote nor the ledger.
    pub dry_run: bool,
    /// Also upload the WebP variants already in the cache.
    pub include_variants: bool,
    /// Delete remote originals and variants whose photos left the library.
    pub prune: bool,
    /// Requests in flight at once (whole objects and multipart parts share this budget).
    pub parallel: usize,
    /// Files this big or bigger go up in parts.
    pub multipart_threshold: u64,
    /// Preferred part size (S3's minimum is 5 MiB).
    pub part_size: u64,
    /// Upload bandwidth limit in bytes per second.
    pub max_bytes_per_sec: Option<u64>,
    /// Keys to sign with; `None` looks them up in the environment and the AWS profile files.
    pub credentials: Option<Credentials>,
    /// Snapshots of the library's data kept in the bucket (the newest and those before it).
    pub keep_snapshots: usize,
    /// Also write `manifest.json`, a readable list of every photo and its keys for people and
    /// other tools (re-sent whole whenever a photo changes; the snapshot is what restore reads).
    pub write_manifest: bool,
}

impl SyncOptions {
    pub fn new(target: RemoteTarget) -> Self {
        SyncOptions {
            target,
            dry_run: false,
            include_variants: false,
            prune: false,
            parallel: 4,
            multipart_threshold: DEFAULT_MULTIPART_THRESHOLD,
            part_size: 8 * 1024 * 1024,
            max_bytes_per_sec: None,
            credentials: None,
            keep_snapshots: DEFAULT_KEEP_SNAPSHOTS,
            write_manifest: false,
        }
    }
}

/// What a sync did. `planned` lists what a dry run would send (and, with prune, delete).
#[derive(Debug, Clone, Default)]
pub struct SyncReport {
    pub uploaded: u64,
    pub skipped: u64,
    pub failed: u64,
    pub bytes_uploaded: u64,
    pub elapsed_ms: u64,
    /// Objects found already on the remote (same size and ETag) and recorded without uploading.
    pub adopted: u64,
    /// Parts of interrupted multipart uploads that were not sent again.
    pub resumed_parts: u64,
    /// Multipart uploads begun by an earlier sync and no longer needed, aborted.
    pub aborted_uploads: u64,
    pub pruned: u64,
    pub manifest_uploaded: bool,
    /// The library's data: what snapshot the bucket now points at and what it cost to send.
    pub library: Option<LibraryDataReport>,
    pub failures: Vec<(String, String)>,
    pub planned: Vec<(String, u64)>,
    pub planned_deletes: Vec<String>,
}

/// The library's data in one sync: the snapshot now newest in the bucket and what was sent for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryDataReport {
    /// The snapshot's id (the BLAKE3 of the snapshot file).
    pub snapshot: String,
    /// The bucket already pointed at this very snapshot: nothing was sent.
    pub unchanged: bool,
    pub chunks: u64,
    pub chunks_uploaded: u64,
    /// Chunks, chunk list and pointer sent by this sync (compressed bytes).
    pub bytes_uploaded: u64,
    /// What the whole snapshot weighs in the bucket (its distinct chunks, compressed).
    pub snapshot_bytes: u64,
    /// Older snapshots deleted because more than the number kept existed.
    pub pruned_snapshots: u64,
}

/// Which step a sync is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPhase {
    Hash,
    Plan,
    Upload,
    /// The library's data (snapshot and pointer), and the manifest when asked for.
    Manifest,
    Prune,
}

impl SyncPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncPhase::Hash => "hash",
            SyncPhase::Plan => "plan",
            SyncPhase::Upload => "upload",
            SyncPhase::Manifest => "manifest",
            SyncPhase::Prune => "prune",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub objects_done: u64,
    pub objects_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// Receives sync progress from the upload tasks; must be cheap and thread-safe.
pub trait SyncProgressSink: Send + Sync {
    fn report(&self, progress: SyncProgress);
}

impl<F: Fn(SyncProgress) + Send + Sync> SyncProgressSink for F {
    fn report(&self, progress: SyncProgress) {
        self(progress)
    }
}

/// Why a sync stopped as a whole. Per-object failures are in [`SyncReport::failures`] instead.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("invalid remote: {0}")]
    BadTarget(String),
    #[error(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile {0:?} to ~/.aws/credentials"
    )]
    NoCredentials(String),
    #[error(
        "the server refused the credentials (check the access key, secret and permissions): {0}"
    )]
    Auth(String),
    #[error("cannot reach the storage server: {0}")]
    Unreachable(String),
    #[error("storage server: {0}")]
    Remote(String),
    #[error(transparent)]
    Library(crate::Error),
    #[error("cancelled")]
    Cancelled,
}

impl SyncError {
    /// The cause in a few words, for the middle of a sentence: the root cause at the end of a chain
    /// of client errors for an unreachable server ("…: tcp connect error: Connection refused (os error
    /// 111)" -> "connection refused"), the engine's own words before the client's details otherwise
    /// ("the bucket does not exist (Generic S3 error: …)" -> "the bucket does not exist").
    pub fn short_reason(&self) -> String {
        match self {
            SyncError::Unreachable(why) => innermost(why),
            SyncError::Auth(why) | SyncError::Remote(why) | SyncError::BadTarget(why) => {
                outermost(why).to_string()
            }
            other => other.to_string(),
        }
    }
}

fn innermost(why: &str) -> String {
    let last = why
        .rsplit(": ")
        .find(|s| !s.trim().is_empty())
        .unwrap_or(why);
    let last = last.split(" (os error").next().unwrap_or(last).trim();
    let mut chars = last.chars();
    let first = chars.next().map(|c| c.to_lowercase().collect::<String>());
    first.unwrap_or_default() + chars.as_str().trim_end_matches('.')
}

fn outermost(why: &str) -> &str {
    why.split(" (")
        .next()
        .unwrap_or(why)
        .trim()
        .trim_end_matches('.')
}

impl From<crate::Error> for SyncError {
    fn from(error: crate::Error) -> Self {
        match error {
            // Cancelled while hashing is the same outcome as cancelled while uploading.
            crate::Error::Cancelled => SyncError::Cancelled,
            other => SyncError::Library(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SyncError;

    #[test]
    fn client_error_chains_become_short_reasons() {
        let refused = SyncError::Unreachable("Generic S3 error: Error performing GET http://127.0.0.1:1/b in 1ms - HTTP error: error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)".into());
        assert_eq!(refused.short_reason(), "connection refused");
        let silent = SyncError::Unreachable("no answer from http://x:1 within 5 s".into());
        assert_eq!(
            silent.short_reason(),
            "no answer from http://x:1 within 5 s"
        );
        let missing = SyncError::Remote("the bucket does not exist (Generic S3 error: 404)".into());
        assert_eq!(missing.short_reason(), "the bucket does not exist");
    }
}
