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
    temp_library_with(shoebox_engine::LibraryOptions::default())
}

/// Opens the library at `path` with its variant store in `cache` (tests never use the user's cache).
pub fn open_with_cache(path: &Path, cache: &Path) -> shoebox_engine::Result<Library> {
    let options = shoebox_engine::LibraryOptions {
        cache_dir: Some(cache.to_path_buf()),
        ..Default::default()
    };
    Library::open_with(path, options)
}

/// A library in a temp dir whose variant store is in the same temp dir (never the user's cache).
pub fn temp_library_with(options: shoebox_engine::LibraryOptions) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let options = shoebox_engine::LibraryOptions {
        cache_dir: Some(dir.path().join("cache")),
        ..options
    };
    let library = Library::open_with(&dir.path().join("library.db"), options).unwrap();
    (dir, library)
}

/// Decodes WebP bytes back to RGB with the `image` crate.
pub fn decode_webp(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::WebP)
        .expect("valid WebP")
        .into_rgb8()
}

/// Polls `done` until it holds; fails the test after 20 s, naming `what` it waited for.
pub fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A small JPEG with a camera's EXIF (dated 2022-03-04), different for each `seed`.
pub fn jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    shoebox_testkit::with_exif(
        &shoebox_testkit::plain_jpeg(width, height, seed),
        &shoebox_testkit::camera_exif("2022:03:04 05:06:07", None, 1),
    )
}

/// Writes `bytes` as `dir/name` and returns the path.
pub fn write(dir: &Path, name: impl AsRef<Path>, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Makes every missing variant of `tier`, as `shoebox thumbs` does.
pub fn make(library: &Library, tier: shoebox_engine::Tier) -> shoebox_engine::ThumbReport {
    library
        .thumbs()
        .make_thumbnails(tier, &CancelToken::new(), &no_progress())
        .unwrap()
}

/// Root-mean-square difference of two same-size images, normalised to 0-1.
pub fn rmse(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
        .sum();
    (sum / a.as_raw().len() as f64).sqrt() / 255.0
}

/// A temporary library with `files` (name, bytes) written into its `photos` folder and scanned.
pub fn index(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, shoebox_engine::Library, PathBuf) {
    let (dir, library) = temp_library();
    let root = dir.path().join("photos");
    std::fs::create_dir_all(&root).unwrap();
    for (name, bytes) in files {
        std::fs::write(root.join(name), bytes).unwrap();
    }
    let report = scan(&library, std::slice::from_ref(&root));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    (dir, library, root)
}

/// The indexed photo at `path`.
pub fn photo(library: &shoebox_engine::Library, path: &Path) -> shoebox_engine::Photo {
    library
        .photo_by_path(path)
        .unwrap_or_else(|e| panic!("{} not indexed: {e}", path.display()))
}

/// Whether the command-line tool `name` is installed.
pub fn tool(name: &str) -> bool {
    std::process::Command::new(name)
        .arg("-ver")
        .output()
        .or_else(|_| std::process::Command::new(name).arg("-version").output())
        .is_ok()
}
