//! Cancellation tokens and progress sinks: what every long engine operation takes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A cheap, clonable stop flag. Long operations check it between files and return early.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Which part of a long operation a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Listing folders; `total` is unknown.
    Walk,
    /// Reading headers of new and changed files.
    Metadata,
    /// Hashing file contents (BLAKE3).
    Hash,
    /// Making thumbnails and variants; `done` counts photos per tier pass.
    Thumbs,
    /// Exporting photos to a folder; `done` counts files finished.
    Export,
    /// Writing XMP sidecars; `done` counts photos.
    Sidecars,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Walk => "walk",
            Phase::Metadata => "metadata",
            Phase::Hash => "hash",
            Phase::Thumbs => "thumbs",
            Phase::Export => "export",
            Phase::Sidecars => "sidecars",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: Option<u64>,
}

/// Receives progress reports; called from worker threads, so it must be cheap and thread-safe.
pub trait ProgressSink: Sync {
    fn report(&self, progress: Progress);
}

impl<F: Fn(Progress) + Sync> ProgressSink for F {
    fn report(&self, progress: Progress) {
        self(progress)
    }
}

/// A sink that drops every report.
pub fn no_progress() -> impl ProgressSink {
    |_: Progress| {}
}
