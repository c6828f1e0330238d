//! What a failed command returns: the one mapping from engine errors to [`ErrorKind`]s, and
//! [`blocking`], which runs engine work off the UI thread and the async runtime.

use std::sync::Arc;

use shoebox_engine::sync::SyncError;
use shoebox_engine::{Error, Library, ThumbError};

pub use crate::dto::{CommandError, ErrorKind};

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
        }
    }

    /// An argument the command refuses.
    pub fn invalid(message: impl Into<String>) -> Self {
        CommandError::new(ErrorKind::InvalidInput, message)
    }

    /// The same work is already running.
    pub fn busy(message: impl Into<String>) -> Self {
        CommandError::new(ErrorKind::Busy, message)
    }
}

/// The kind of each engine error; every command error starts here.
fn engine_kind(error: &Error) -> ErrorKind {
    match error {
        Error::PhotoNotFound(_) | Error::RootMissing(_) | Error::NotFound(_) => ErrorKind::NotFound,
        Error::BadCursor(_) | Error::BadMonth(_) | Error::InvalidInput(_) | Error::Query { .. } => {
            ErrorKind::InvalidInput
        }
        Error::Io { .. } | Error::Sqlite(_) | Error::Watch(_) => ErrorKind::Io,
        Error::Cancelled => ErrorKind::Cancelled,
        Error::NewerSchema { .. } | Error::Bench(_) => ErrorKind::Internal,
    }
}

fn thumb_kind(error: &ThumbError) -> ErrorKind {
    match error {
        ThumbError::UnknownPhoto(_) | ThumbError::UnknownSize(_) => ErrorKind::NotFound,
        ThumbError::Failed { .. } => ErrorKind::Io,
        ThumbError::Engine(e) => engine_kind(e),
    }
}

fn sync_kind(error: &SyncError) -> ErrorKind {
    match error {
        SyncError::BadTarget(_) => ErrorKind::InvalidInput,
        SyncError::NoCredentials(_)
        | SyncError::Auth(_)
        | SyncError::Unreachable(_)
        | SyncError::Remote(_) => ErrorKind::Remote,
        SyncError::Library(e) => engine_kind(e),
        SyncError::Cancelled => ErrorKind::Cancelled,
    }
}

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        let message = match &error {
            // A refused name or an unknown id is shown to the user as it is: a sentence.
            Error::InvalidInput(_) | Error::NotFound(_) | Error::Query { .. } => {
                sentence(&error.to_string())
            }
            _ => error.to_string(),
        };
        CommandError::new(engine_kind(&error), message)
    }
}

impl From<ThumbError> for CommandError {
    fn from(error: ThumbError) -> Self {
        CommandError::new(thumb_kind(&error), error.to_string())
    }
}

impl From<SyncError> for CommandError {
    fn from(error: SyncError) -> Self {
        CommandError::new(sync_kind(&error), error.to_string())
    }
}

/// `text` as a sentence: capitalised first letter and a closing full stop ("bucket not found" ->
/// "Bucket not found."), so the UI can show engine messages as they are.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Runs engine work on the blocking pool so neither the UI thread nor the async runtime waits on it.
pub async fn blocking<T, E, F>(library: &Arc<Library>, work: F) -> CommandResult<T>
where
    T: Send + 'static,
    E: Into<CommandError> + Send + 'static,
    F: FnOnce(&Library) -> Result<T, E> + Send + 'static,
{
    let library = Arc::clone(library);
    tauri::async_runtime::spawn_blocking(move || work(&library))
        .await
        .map_err(|e| CommandError::new(ErrorKind::Internal, format!("internal error: {e}")))?
        .map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_the_kind_the_ui_branches_on() {
        let kind = |e: Error| CommandError::from(e).kind;
        assert_eq!(kind(Error::PhotoNotFound("7".into())), ErrorKind::NotFound);
        assert_eq!(
            kind(Error::BadMonth("2024-13".into())),
            ErrorKind::InvalidInput
        );
        assert_eq!(kind(Error::Cancelled), ErrorKind::Cancelled);
        let sync = |e: SyncError| CommandError::from(e).kind;
        assert_eq!(
            sync(SyncError::BadTarget("x".into())),
            ErrorKind::InvalidInput
        );
        assert_eq!(sync(SyncError::Unreachable("x".into())), ErrorKind::Remote);
        assert_eq!(
            sync(SyncError::Library(Error::PhotoNotFound("1".into()))),
            ErrorKind::NotFound
        );
        let thumb = CommandError::from(ThumbError::UnknownSize(3));
        assert_eq!(thumb.kind, ErrorKind::NotFound);
        assert_eq!(thumb.message, "no variant of 3 px is configured");
    }

    #[test]
    fn messages_become_sentences() {
        assert_eq!(sentence("bucket not found"), "Bucket not found.");
        assert_eq!(sentence(" Done already. "), "Done already.");
        assert_eq!(sentence(""), "");
    }
}
