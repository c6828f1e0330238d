//! Checking a backup remote before it is saved: one signed listing under the prefix (its first key
//! is all that is read), answered within [`CHECK_TIMEOUT`], so a wrong endpoint, bucket or key pair is told apart
//! in seconds rather than at the first backup.

use std::time::{Duration, Instant};

use super::remote::{Budget, Remote};
use super::{SyncError, SyncOptions};

/// How long a check may wait for the server, all told.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// What a successful check saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteCheck {
    /// The remote as the ledger names it (`s3://bucket/prefix`, plus ` @ endpoint` when one is set).
    pub remote: String,
    /// One key found under the prefix (a sign an earlier backup is there), or `None` when empty.
    pub sample_key: Option<String>,
    pub elapsed_ms: u64,
}

/// Reaches `options.target` with its credentials: the bucket exists and the keys are accepted, or
/// [`SyncError::Unreachable`] (refused, unknown host, no answer within [`CHECK_TIMEOUT`]),
/// [`SyncError::Auth`] (keys refused), [`SyncError::Remote`] (no such bucket) or
/// [`SyncError::NoCredentials`]. Writes nothing anywhere; blocks for at most a few seconds.
pub fn check(options: &SyncOptions) -> Result<RemoteCheck, SyncError> {
    let started = Instant::now();
    let remote = Remote::for_options(options, &Budget::CHECK)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SyncError::Remote(format!("cannot start the network runtime: {e}")))?;
    let answer =
        runtime.block_on(async { tokio::time::timeout(CHECK_TIMEOUT, remote.first_key()).await });
    let where_ = options
        .target
        .endpoint
        .clone()
        .unwrap_or_else(|| "the storage server".into());
    let sample_key = answer.map_err(|_| {
        SyncError::Unreachable(format!(
            "no answer from {where_} within {} s",
            CHECK_TIMEOUT.as_secs()
        ))
    })??;
    Ok(RemoteCheck {
        remote: options.target.identity(),
        sample_key,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}
