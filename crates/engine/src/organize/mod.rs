//! Organizing a library: marks on photos, albums (nested in album folders, with a manual order and a
//! cover), a tag tree, and the undo history that makes every action one step. The types here are
//! what the `library.organize()` handle ([`crate::Organize`]) takes and hands out; the SQL is in
//! `db/` (`marks`, `albums`, `tags`, `history`).

pub mod captions;
pub mod marks;
pub(crate) mod names;
pub mod order_key;

use chrono::NaiveDateTime;

pub use captions::{Caption, CaptionChange};
pub use marks::{Flag, Label, MarkChange, Marks};

use crate::error::{Error, Result};
use crate::model::{Photo, PhotoId};

/// An album holds photos; an album folder holds albums and folders; a smart album holds the
/// photos its query finds, live (nothing is added to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlbumKind {
    Album,
    Folder,
    Smart,
}

impl AlbumKind {
    pub fn name(self) -> &'static str {
        match self {
            AlbumKind::Album => "album",
            AlbumKind::Folder => "folder",
            AlbumKind::Smart => "smart",
        }
    }
    pub(crate) fn code(self) -> i64 {
        match self {
            AlbumKind::Album => 0,
            AlbumKind::Folder => 1,
            AlbumKind::Smart => 2,
        }
    }
    pub(crate) fn from_code(code: i64) -> AlbumKind {
        match code {
            1 => AlbumKind::Folder,
            2 => AlbumKind::Smart,
            _ => AlbumKind::Album,
        }
    }
}

/// How an album lists its photos by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AlbumSort {
    /// The order the user made (new photos at the end).
    #[default]
    Manual,
    /// Capture time, newest first, like the timeline.
    Date,
}

impl AlbumSort {
    pub fn name(self) -> &'static str {
        match self {
            AlbumSort::Manual => "manual",
            AlbumSort::Date => "date",
        }
    }
    pub fn parse(text: &str) -> Result<AlbumSort> {
        match text.to_ascii_lowercase().as_str() {
            "manual" => Ok(AlbumSort::Manual),
            "date" => Ok(AlbumSort::Date),
            _ => Err(Error::InvalidInput(format!(
                "unknown album order {text:?} (expected manual or date)"
            ))),
        }
    }
    pub(crate) fn code(self) -> i64 {
        match self {
            AlbumSort::Manual => 0,
            AlbumSort::Date => 1,
        }
    }
    pub(crate) fn from_code(code: i64) -> AlbumSort {
        if code == 1 {
            AlbumSort::Date
        } else {
            AlbumSort::Manual
        }
    }
}

/// One album or album folder, as the album list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Album {
    pub id: i64,
    pub name: String,
    pub kind: AlbumKind,
    /// The album folder it is in; `None` at the top.
    pub parent_id: Option<i64>,
    /// Active photos in it (albums and smart albums; 0 for folders).
    pub count: u64,
    /// The chosen cover, else the first photo in the album's order.
    pub cover_id: Option<PhotoId>,
    /// The span of its dated photos.
    pub first_taken_at: Option<NaiveDateTime>,
    pub last_taken_at: Option<NaiveDateTime>,
    pub sort: AlbumSort,
    /// A smart album's query (its count is counted live).
    pub query: Option<String>,
}

/// Where moved photos go in an album's manual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    First,
    Last,
    Before(PhotoId),
    After(PhotoId),
}

/// A position in an album's manual order (opaque; from [`AlbumPage::next`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlbumCursor(pub String);

/// A page of an album in manual order.
#[derive(Debug, Clone, PartialEq)]
pub struct AlbumPage {
    pub photos: Vec<Photo>,
    pub next: Option<AlbumCursor>,
}

/// One tag of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    /// `Places/France/Paris`.
    pub path: String,
    /// Active photos with this tag or one below it (a photo never carries a tag and its ancestor).
    pub count: u64,
}

/// What one organize action did: how many photos or objects it changed, and the undo step it
/// became (`None` when it changed nothing, so there is nothing to undo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub changed: u64,
    pub step: Option<i64>,
    /// How the history names it: "Rate 4 stars (12 photos)".
    pub label: String,
}

/// The history as the UI shows it: what Undo and Redo would do, and a revision that changes with
/// every organize write from any process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryState {
    pub rev: i64,
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// "12 photos", "1 photo".
pub(crate) fn photos_phrase(n: u64) -> String {
    if n == 1 {
        "1 photo".to_string()
    } else {
        format!("{n} photos")
    }
}
