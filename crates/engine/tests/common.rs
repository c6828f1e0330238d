//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use shoebox_engine::{no_progress, CancelToken, Library, ScanReport};

/// `../shared/corpus` beside the repository, or `$SHOEBOX_CORPUS`.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("SHOEBOX_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

pub fn scan(library: &Library, paths: &[PathBuf]) -> ScanReport {
    library
        .scan(paths, &CancelToken::new(), &no_progress())
        .expect("scan completes")
}

pub fn temp_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(&dir.path().join("library.db")).unwrap();
    (dir, library)
}
