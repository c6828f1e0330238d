//! `library.failures()`: everything Shoebox could not do with a file, and why: files the scan could
//! not index and photos whose thumbnails could not be made. Reads only, on the read-only connection.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::db;
use crate::error::Result;
use crate::model::PhotoId;

/// Where a failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureStage {
    /// The scanner could not read the file as an image (it is not in the timeline).
    Scan,
    /// The photo is indexed but its thumbnails could not be made (its tile stays a placeholder).
    Decode,
}

impl FailureStage {
    /// `"scan"` or `"decode"`, as the CLI's JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureStage::Scan => "scan",
            FailureStage::Decode => "decode",
        }
    }
}

/// One recorded failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub stage: FailureStage,
    pub path: PathBuf,
    pub reason: String,
    /// The photo concerned, when the file is an active photo of the library.
    pub photo_id: Option<PhotoId>,
    /// When it was recorded (unix seconds).
    pub at: Option<i64>,
}

/// The library's failures (cheap: a borrowed handle).
pub struct Failures<'a> {
    reader: &'a Mutex<Connection>,
}

impl<'a> Failures<'a> {
    pub(crate) fn new(reader: &'a Mutex<Connection>) -> Self {
        Failures { reader }
    }

    fn conn(&self) -> MutexGuard<'a, Connection> {
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every known failure: scan failures (by path), then decode failures (by photo id). A decode
    /// failure recorded for an earlier version of the file, or for a removed photo, is not listed.
    pub fn list(&self) -> Result<Vec<Failure>> {
        db::failures::all(&self.conn())
    }

    /// Why photo `id` has no thumbnail, or `None` when nothing failed for it (also for an unknown id).
    pub fn reason(&self, id: PhotoId) -> Result<Option<String>> {
        db::failures::reason(&self.conn(), id)
    }

    /// The photos among `ids` (e.g. one timeline page) whose thumbnails failed, with the reason: the
    /// `broken` flag of a page's tiles, in one query of primary-key lookups.
    pub fn failed_ids(&self, ids: &[PhotoId]) -> Result<HashMap<PhotoId, String>> {
        db::failures::failed_ids(&self.conn(), ids)
    }
}
