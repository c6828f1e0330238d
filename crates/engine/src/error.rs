//! The engine's error type: what failed, with the path or value it concerns.

use std::path::PathBuf;

/// Every fallible engine call returns this. Per-file problems during a scan are *not* errors of the
/// call: they are reported in [`crate::ScanReport::errors`] and the scan goes on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("library database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the library {} was written by a newer Shoebox (schema version {found}; this build knows up to {known}). \
         Upgrade Shoebox to open it; the file was not changed.",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{}: no such file or folder", .0.display())]
    RootMissing(PathBuf),
    #[error("no photo {0}")]
    PhotoNotFound(String),
    #[error("invalid cursor {0:?}")]
    BadCursor(String),
    #[error("invalid month {0:?} (expected YYYY-MM)")]
    BadMonth(String),
    /// A name, value or combination the call refuses (nothing was changed).
    #[error("{0}")]
    InvalidInput(String),
    /// A search query that does not parse: what is wrong, and where (character offsets into the
    /// query, `start..end`).
    #[error("{message}")]
    Query {
        message: String,
        start: usize,
        end: usize,
    },
    /// An album, tag or other object that does not exist (nothing was changed).
    #[error("{0}")]
    NotFound(String),
    #[error("benchmark: {0}")]
    Bench(String),
    #[error("watching: {0}")]
    Watch(String),
    #[error("cancelled")]
    Cancelled,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
