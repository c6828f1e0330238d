//! Where a library and its cache live unless told otherwise (shared by the CLI and the app).

use std::path::PathBuf;

/// `$SHOEBOX_LIBRARY`, else `<data dir>/shoebox/library.db`.
pub fn library_path() -> PathBuf {
    std::env::var_os("SHOEBOX_LIBRARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            dirs::data_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("shoebox")
                .join("library.db")
        })
}

/// `$SHOEBOX_CACHE_DIR`, else `<cache dir>/shoebox`.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("SHOEBOX_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            dirs::cache_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("shoebox")
        })
}
