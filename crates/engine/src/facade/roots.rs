//! What removing a root reports ([`crate::Library::remove_root`]).

use crate::model::Root;

/// A root taken out of the library. Its files were not touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootRemoval {
    /// The root as it was.
    pub root: Root,
    /// Photos that left the timeline (their rows are deleted; adding the folder again gives new ids).
    pub photos: u64,
    /// Folder rows deleted.
    pub folders: u64,
    /// A remaining root that contains this one: its files are still in the library through it and
    /// come back with its next scan.
    pub still_covered_by: Option<Root>,
}
