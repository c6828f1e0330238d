//! Export: photos chosen by id, album, query or folder written to a folder as their originals or
//! rendered (Web, Email, Custom: long edge, JPEG / WebP / PNG, quality), upright, in sRGB, with the
//! metadata the strip setting keeps and Shoebox's marks and tags as XMP, named by a template.
//! `options.rs` (presets and settings), `template.rs` (names), `source.rs` (the original's
//! metadata and profile), `decode.rs` (pixels at a reduced scale), `color.rs` (to sRGB), `exif_edit.rs`,
//! `xmp.rs` and `metadata.rs` (what the copy carries), `encode.rs` and `embed.rs` (the output
//! file), `render.rs` (one photo), `write.rs` (temporary file, then a name never replacing
//! another), `job.rs` (the parallel run). `facade/export.rs` is `library.export()`.
//! **Invariant:** nothing is ever written under a final name before it is complete, no existing
//! file is replaced, and the destination is never under a library root.

mod color;
mod decode;
mod embed;
mod encode;
mod exif_edit;
pub(crate) mod job;
mod metadata;
mod options;
mod render;
mod source;
pub(crate) mod template;
mod write;
pub(crate) mod xmp;

use std::path::PathBuf;

pub use options::{ExportOptions, OutputFormat, Preset, Strip};
pub use template::Template;

use crate::model::{PhotoFilter, PhotoId};

/// Which photos to export.
#[derive(Debug, Clone)]
pub enum Selection {
    /// These photos, in this order.
    Photos(Vec<PhotoId>),
    /// An album's photos (its name is `{album}`).
    Album(i64),
    /// What a search query finds (the find language).
    Query(String),
    /// A folder's whole subtree.
    Folder(PathBuf),
    /// A view of a front end (sidebar view and search box).
    View(PhotoFilter),
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub id: PhotoId,
    pub source: PathBuf,
    pub path: PathBuf,
    pub bytes: u64,
}

/// One photo not exported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFailure {
    /// `None` for an id the library does not know (then `reason` names it).
    pub id: Option<PhotoId>,
    pub source: Option<PathBuf>,
    pub reason: String,
}

/// What an export did.
#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    pub written: u64,
    /// Photos not started because the run was cancelled.
    pub skipped: u64,
    pub failed: u64,
    /// Bytes written (sidecars not counted).
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    /// In the order of the selection.
    pub files: Vec<Exported>,
    pub failures: Vec<ExportFailure>,
}
