//! The error every command returns, as the UI sees it: a closed set of kinds to branch on, and a
//! message to show. Which engine error is which kind is decided in `crate::error`, nowhere else.

use serde::Serialize;
use specta::Type;

/// What went wrong, for the UI to branch on (the message is for people, the kind for code).
#[derive(Debug, Serialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The photo, folder, file or variant named does not exist.
    NotFound,
    /// An argument was refused (a limit, cursor, month, path or backup remote), or nothing is set up yet.
    InvalidInput,
    /// The same work is already running (one backup at a time).
    Busy,
    /// Reading or writing a file or the library database failed.
    Io,
    /// The storage server refused, could not be reached, or no credentials were found.
    Remote,
    /// Stopped because the user asked.
    Cancelled,
    /// A bug or an unexpected state (a worker that panicked, a library from a newer Shoebox).
    Internal,
}

/// A failed command: `{ kind, message }`.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
}
