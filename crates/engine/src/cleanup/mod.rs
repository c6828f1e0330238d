//! Clean up: finding the same photo twice (exact duplicates, copies, bursts of similar frames),
//! suggesting which to keep, and the system trash the others go to. `phash.rs` (the perceptual
//! fingerprint of a stored thumbnail), `index.rs` (multi-index hashing), `linkage.rs` (complete
//! linkage), `group.rs` (edges by kind), `keeper.rs` (the keeper rules), `trash.rs` (the system
//! trash). The library-facing calls are `facade/cleanup.rs`; the SQL is `db/cleanup.rs`.

pub mod group;
pub mod index;
pub mod keeper;
pub(crate) mod linkage;
pub mod phash;
pub(crate) mod trash;

pub use group::{GroupKind, Thresholds};
pub use keeper::Rule;
pub use phash::Fingerprint;

use crate::model::PhotoId;

/// A group to review: its photos (ids ascending), the one suggested to keep, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub kind: GroupKind,
    pub photos: Vec<PhotoId>,
    pub keep: PhotoId,
    pub reason: String,
}

/// What one file's trip to (or from) the trash came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    pub photo: PhotoId,
    pub path: std::path::PathBuf,
    /// `Ok(where it is now)` or why it stayed.
    pub result: Result<std::path::PathBuf, String>,
    /// Something the user should know (a sidecar left behind, a suffix on put back).
    pub note: Option<String>,
}

/// What resolving a group did: the merge into the kept photo (one undo step), then each other
/// photo's move to the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub keep: PhotoId,
    /// Albums, tags and marks changed on the kept photo.
    pub merged: u64,
    pub trashed: Vec<FileOutcome>,
}

/// One group of a bulk resolve: its photos, the one kept, and what resolving it came to (or why
/// it was left as it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupResolution {
    pub keep: PhotoId,
    pub photos: Vec<PhotoId>,
    pub result: Result<Resolution, String>,
}

/// One entry of "Recently deleted": what Shoebox moved to the system trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trashed {
    pub photo: PhotoId,
    pub path: std::path::PathBuf,
    /// Unix seconds.
    pub trashed_at: i64,
    /// Sidecars that went with it.
    pub sidecars: Vec<std::path::PathBuf>,
}

/// The settings clean up reads (`cleanup.*` in the library's settings).
pub mod settings {
    /// Keeper rules, comma-separated names in order (see [`super::Rule::parse_list`]).
    pub const KEEPER_RULES: &str = "cleanup.keeper_rules";
    /// Preferred folders, one path per line.
    pub const PREFERRED_FOLDERS: &str = "cleanup.preferred_folders";
    /// Most seconds between two photos of a burst.
    pub const BURST_SECONDS: &str = "cleanup.burst_seconds";
}
