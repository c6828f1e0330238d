//! The clean-up shapes: a duplicate group with its suggested keeper, what the review screen shows
//! of each member (the fields it compares), the keeper rules, a group to resolve, what resolving
//! came to, one file's trip to or from the system trash, and an entry of "Recently deleted".

use std::path::Path;

use serde::{Deserialize, Serialize};
use shoebox_engine::cleanup::{FileOutcome, Group, GroupKind, GroupResolution, Rule, Trashed};
use shoebox_engine::Photo;
use specta::Type;

use super::MarksDto;

/// What ties a group together: byte-identical files, copies of one picture, or a burst.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum GroupKindDto {
    Exact,
    Copy,
    Similar,
}

impl From<GroupKindDto> for GroupKind {
    fn from(k: GroupKindDto) -> Self {
        match k {
            GroupKindDto::Exact => GroupKind::Exact,
            GroupKindDto::Copy => GroupKind::Copy,
            GroupKindDto::Similar => GroupKind::Similar,
        }
    }
}

impl From<GroupKind> for GroupKindDto {
    fn from(k: GroupKind) -> Self {
        match k {
            GroupKind::Exact => GroupKindDto::Exact,
            GroupKind::Copy => GroupKindDto::Copy,
            GroupKind::Similar => GroupKindDto::Similar,
        }
    }
}

/// One way to prefer a photo over its copies; the list's order is the order they are tried.
#[derive(Debug, Serialize, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum KeeperRuleDto {
    Resolution,
    Format,
    ExifDate,
    Oldest,
    PreferredFolder,
}

impl From<KeeperRuleDto> for Rule {
    fn from(r: KeeperRuleDto) -> Self {
        match r {
            KeeperRuleDto::Resolution => Rule::Resolution,
            KeeperRuleDto::Format => Rule::OriginalFormat,
            KeeperRuleDto::ExifDate => Rule::ExifDate,
            KeeperRuleDto::Oldest => Rule::Oldest,
            KeeperRuleDto::PreferredFolder => Rule::PreferredFolder,
        }
    }
}

impl From<Rule> for KeeperRuleDto {
    fn from(r: Rule) -> Self {
        match r {
            Rule::Resolution => KeeperRuleDto::Resolution,
            Rule::OriginalFormat => KeeperRuleDto::Format,
            Rule::ExifDate => KeeperRuleDto::ExifDate,
            Rule::Oldest => KeeperRuleDto::Oldest,
            Rule::PreferredFolder => KeeperRuleDto::PreferredFolder,
        }
    }
}

/// A group to review: its photos (ids ascending), the one suggested to keep, and why.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateGroupDto {
    pub kind: GroupKindDto,
    pub photos: Vec<i64>,
    pub keep: i64,
    /// "largest resolution", "original format (HEIC) over its JPEG copy", …
    pub reason: String,
}

impl From<&Group> for DuplicateGroupDto {
    fn from(g: &Group) -> Self {
        DuplicateGroupDto {
            kind: g.kind.into(),
            photos: g.photos.clone(),
            keep: g.keep,
            reason: g.reason.clone(),
        }
    }
}

/// A member of a group as the review screen compares it: pixel size, format, file size, date,
/// folder, marks, albums and tags.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateMemberDto {
    pub id: i64,
    pub rev: i64,
    pub name: String,
    pub folder: String,
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub format: String,
    pub size: u64,
    pub taken_at: String,
    /// Where the date comes from ("exif", "xmp", …, or "file" when the photo records none).
    pub taken_at_source: String,
    pub dated: bool,
    /// The file's modification time, Unix milliseconds.
    pub modified_ms: i64,
    pub marks: MarksDto,
    pub albums: Vec<String>,
    pub tags: Vec<String>,
}

impl DuplicateMemberDto {
    pub fn new(p: &Photo, albums: Vec<String>, tags: Vec<String>) -> Self {
        DuplicateMemberDto {
            id: p.id,
            rev: p.rev,
            name: file_name(&p.path),
            folder: p
                .path
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            path: p.path.display().to_string(),
            width: p.width,
            height: p.height,
            format: p.format.as_str().to_string(),
            size: p.size,
            taken_at: p.capture.taken_at_text(),
            taken_at_source: p.capture.source.as_str().to_string(),
            dated: p.capture.is_dated(),
            modified_ms: p.mtime_ns / 1_000_000,
            marks: MarksDto::from(&p.marks),
            albums,
            tags,
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A group the user resolves: its photos and the one kept.
#[derive(Debug, Deserialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ResolveGroupDto {
    pub photos: Vec<i64>,
    pub keep: i64,
}

/// One file's trip to or from the system trash: where it is now, or why it stayed.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct FileOutcomeDto {
    pub photo: i64,
    pub path: String,
    pub ok: bool,
    /// Where the file is now (in the trash, or back under its folder).
    pub to: Option<String>,
    /// Why it stayed where it was.
    pub error: Option<String>,
    /// Something to know: a sidecar left in place, a suffix on put back.
    pub note: Option<String>,
}

impl From<&FileOutcome> for FileOutcomeDto {
    fn from(o: &FileOutcome) -> Self {
        FileOutcomeDto {
            photo: o.photo,
            path: o.path.display().to_string(),
            ok: o.result.is_ok(),
            to: o.result.as_ref().ok().map(|p| p.display().to_string()),
            error: o.result.as_ref().err().cloned(),
            note: o.note.clone(),
        }
    }
}

/// What resolving one group came to: the kept photo's merge and the others' moves to the trash,
/// or why the group was left as it was.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct GroupResolutionDto {
    pub keep: i64,
    pub photos: Vec<i64>,
    /// Albums, tags and marks changed on the kept photo.
    pub merged: u64,
    pub trashed: Vec<FileOutcomeDto>,
    pub error: Option<String>,
}

impl From<&GroupResolution> for GroupResolutionDto {
    fn from(r: &GroupResolution) -> Self {
        let (merged, trashed, error) = match &r.result {
            Ok(res) => (
                res.merged,
                res.trashed.iter().map(FileOutcomeDto::from).collect(),
                None,
            ),
            Err(e) => (0, Vec::new(), Some(e.clone())),
        };
        GroupResolutionDto {
            keep: r.keep,
            photos: r.photos.clone(),
            merged,
            trashed,
            error,
        }
    }
}

/// One entry of "Recently deleted": a photo Shoebox moved to the system trash.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TrashedDto {
    pub photo: i64,
    /// For the thumbnail's URL.
    pub rev: i64,
    pub name: String,
    pub path: String,
    /// Unix seconds.
    pub trashed_at: i64,
    pub sidecars: Vec<String>,
}

impl TrashedDto {
    pub fn new(t: &Trashed, rev: i64) -> Self {
        TrashedDto {
            photo: t.photo,
            rev,
            name: file_name(&t.path),
            path: t.path.display().to_string(),
            trashed_at: t.trashed_at,
            sidecars: t.sidecars.iter().map(|s| s.display().to_string()).collect(),
        }
    }
}
