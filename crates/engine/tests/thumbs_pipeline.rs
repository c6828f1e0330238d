//! The thumbnail pipeline's guarantees on generated files: hostile inputs are recorded and never
//! retried until the file changes, a crash never exposes a partial variant, the LRU keeps its byte
//! bound, identical bytes are thumbnailed once, and the serving path tells 404 from 500.

mod common;

use common::{jpeg, make, write};

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use shoebox_engine::{
    no_progress, CancelToken, Library, LibraryOptions, Source, ThumbError, ThumbOptions, Tier,
};

/// A valid PNG signature and IHDR chunk (correct CRC) claiming `width` x `height`, and no pixels.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    shoebox_testkit::containers::png_chunk(&mut png, b"IHDR", &ihdr);
    png
}

fn id(library: &Library, path: &Path) -> i64 {
    library.photo_by_path(path).unwrap().id
}

#[test]
fn hostile_inputs_are_recorded_never_retried_and_retried_once_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    for i in 0..4 {
        write(&photos, format!("good{i}.jpg"), &jpeg(64, 48, i));
    }
    let full = jpeg(400, 300, 9);
    let truncated = write(&photos, "truncated.jpg", &full[..full.len() * 2 / 5]);
    write(&photos, "no_pixels.png", &png_header(3000, 2000));
    write(&photos, "bomb.png", &png_header(30_000, 30_000));
    let db = dir.path().join("library.db");
    let cache = Some(dir.path().join("cache"));
    // The scanner of this handle admits the 900 MP header; the thumbnailer below refuses it.
    let lenient = Library::open_with(
        &db,
        LibraryOptions {
            max_pixels: u64::MAX,
            cache_dir: cache.clone(),
            ..LibraryOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        common::scan(&lenient, std::slice::from_ref(&photos)).added,
        7
    );
    let library = Library::open_with(
        &db,
        LibraryOptions {
            cache_dir: cache,
            ..LibraryOptions::default()
        },
    )
    .unwrap();

    let first = make(&library, Tier::All);
    assert_eq!(first.failed, 2, "{:?}", first.errors);
    assert_eq!(
        first.generated, 10,
        "4 good photos and the truncated one x 2 tiers"
    );
    let bomb = first.errors.iter().find(|e| e.path.ends_with("bomb.png"));
    assert!(
        bomb.unwrap().error.contains("exceeds"),
        "{:?}",
        first.errors
    );

    let second = make(&library, Tier::All);
    assert_eq!(
        (second.generated, second.failed),
        (0, 2),
        "failures are not retried"
    );
    let no_pixels = photos.join("no_pixels.png");
    let failed = library
        .thumbs()
        .variant(id(&library, &no_pixels), 256)
        .unwrap_err();
    assert!(matches!(failed, ThumbError::Failed { .. }) && !failed.is_not_found());
    let damaged = library.photo_by_path(&truncated).unwrap();
    assert!(
        damaged
            .meta_warning
            .as_deref()
            .is_some_and(|w| w.contains("premature end of JPEG")),
        "{:?}",
        damaged.meta_warning
    );

    std::fs::write(&truncated, &full).unwrap();
    common::scan(&library, &[]);
    let third = make(&library, Tier::Grid);
    assert_eq!(
        (third.generated, third.failed),
        (1, 2),
        "{:?}",
        third.errors
    );
    let whole = library.photo_by_path(&truncated).unwrap();
    assert_eq!(whole.meta_warning, None, "the whole file is not damaged");
}

/// A JPEG cut short is shown as far as its data goes (the rest grey, as every viewer does), and the
/// photo says it is damaged; it is not a failure.
#[test]
fn a_truncated_jpeg_gets_thumbnails_of_what_is_there_and_is_marked_damaged() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let full = shoebox_testkit::plain_jpeg(640, 480, 7);
    let path = write(&photos, "cut.jpg", &full[..full.len() / 2]);
    common::scan(&library, std::slice::from_ref(&photos));
    let report = make(&library, Tier::Grid);
    assert_eq!((report.generated, report.failed), (1, 0), "{report:?}");
    assert_eq!(report.variants, 2);
    let photo = library.photo_by_path(&path).unwrap();
    assert_eq!(library.failures().reason(photo.id).unwrap(), None);
    assert_eq!(
        photo.meta_warning.as_deref(),
        Some("damaged: premature end of JPEG file (shown as far as it goes)")
    );
    assert!(photo.placeholder.is_some());
    let grid = common::decode_webp(&library.thumbs().variant(photo.id, 256).unwrap().bytes);
    assert_eq!(grid.dimensions(), (256, 192));
    // The top is the picture (a gradient), the bottom libjpeg-turbo's grey.
    let (top, bottom) = (grid.get_pixel(128, 10).0, grid.get_pixel(128, 185).0);
    assert!(
        bottom.iter().all(|&c| c.abs_diff(128) <= 6),
        "grey bottom {bottom:?}"
    );
    assert_ne!(top, bottom);
    // A second batch keeps the note once and makes nothing.
    let again = make(&library, Tier::Grid);
    assert_eq!((again.generated, again.failed), (0, 0));
    let photo = library.photo_by_path(&path).unwrap();
    assert_eq!(
        photo
            .meta_warning
            .as_deref()
            .map(|w| w.matches("damaged").count()),
        Some(1)
    );
    // A re-read of the unchanged file (what a migration like 0006 asks for) keeps the note, which
    // the kept thumbnails would not bring back.
    let conn = rusqlite::Connection::open(dir.path().join("library.db")).unwrap();
    conn.execute("UPDATE photos SET reread = 1", []).unwrap();
    assert_eq!(common::scan(&library, &[]).opened, 1);
    let reread = library.photo_by_path(&path).unwrap();
    assert_eq!(reread.meta_warning, photo.meta_warning);
}

/// The pixel limit bounds what a decode allocates: a JPEG over it is indexed and thumbnailed from a
/// DCT-scaled decode, a PNG over it (which decodes only at full size) is refused with the reason.
#[test]
fn the_pixel_limit_bounds_the_decoded_buffer_not_the_header() {
    let (dir, library) = common::temp_library_with(LibraryOptions {
        max_pixels: 300_000,
        ..LibraryOptions::default()
    });
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    // 1.92 MP each, over the 0.3 MP limit; the JPEG's 1/8..3/8 decodes are within it.
    let panorama = write(&photos, "panorama.jpg", &jpeg(1600, 1200, 3));
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(1600, 1200)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let big_png = write(&photos, "big.png", png.get_ref());
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!((report.added, report.failed), (1, 1), "{report:?}");
    let reason = &report.errors[0];
    assert!(reason.path.ends_with("big.png"), "{report:?}");
    assert!(
        reason.error.contains("1600x1200") && reason.error.contains("limit of 0.3 MP"),
        "{}",
        reason.error
    );
    assert!(library.photo_by_path(&big_png).is_err());

    let photo = library.photo_by_path(&panorama).unwrap();
    assert_eq!((photo.width, photo.height), (1600, 1200));
    let made = make(&library, Tier::Grid);
    assert_eq!(
        (made.generated, made.failed, made.variants),
        (1, 0, 2),
        "{made:?}"
    );
    for (size, want) in [(256u32, (256, 192)), (512, (512, 384))] {
        let v = library.thumbs().variant(photo.id, size).unwrap();
        assert_eq!(common::decode_webp(&v.bytes).dimensions(), want);
    }
    // Full size (1.92 MP) is over the limit: the viewer's 1920 px variant comes from the largest
    // scale within it (3/8: 600 x 450), smaller, never a bigger allocation.
    let big = library.thumbs().variant(photo.id, 1920).unwrap();
    assert_eq!(common::decode_webp(&big.bytes).dimensions(), (600, 450));
}

/// A progressive JPEG holds every DCT coefficient at full size whatever the output scale; one
/// whose coefficients are over the pixel limit's bytes (or over 256 MB) is shown from its DC
/// coefficients alone, at 1/8 scale, instead of being refused. Written by libjpeg-turbo's `cjpeg`
/// with restart markers (skipped where it is not installed).
#[test]
fn a_progressive_jpeg_too_large_to_hold_is_shown_from_its_dc_coefficients() {
    let (dir, library) = common::temp_library_with(LibraryOptions {
        max_pixels: 300_000,
        ..LibraryOptions::default()
    });
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    // 1600 x 1200, left half red, right half blue: 5.8 MB of coefficients, over 0.3 MP x 3 bytes.
    let (w, h) = (1600usize, 1200usize);
    let mut ppm = format!("P6 {w} {h} 255\n").into_bytes();
    for _ in 0..h {
        for x in 0..w {
            ppm.extend(if x < w / 2 {
                [220, 20, 30]
            } else {
                [20, 40, 210]
            });
        }
    }
    let source = dir.path().join("source.ppm");
    std::fs::write(&source, &ppm).unwrap();
    let target = photos.join("panorama.jpg");
    let made = std::process::Command::new("cjpeg")
        .args([
            "-progressive",
            "-restart",
            "3B",
            "-quality",
            "90",
            "-outfile",
        ])
        .arg(&target)
        .arg(&source)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cjpeg (libjpeg-turbo-progs) is not installed");
        return;
    }
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!((report.added, report.failed), (1, 0), "{report:?}");
    let photo = library.photo_by_path(&target).unwrap();
    let made = make(&library, Tier::Grid);
    assert_eq!((made.generated, made.failed), (1, 0), "{made:?}");
    let v = library.thumbs().variant(photo.id, 256).unwrap();
    let img = common::decode_webp(&v.bytes);
    assert_eq!(
        img.dimensions(),
        (200, 150),
        "the 1/8 picture, never upscaled"
    );
    for (x, want) in [(20, [220, 20, 30]), (180, [20, 40, 210])] {
        for y in [5, 75, 145] {
            let got = img.get_pixel(x, y).0;
            let off = got
                .iter()
                .zip(want)
                .map(|(a, b)| a.abs_diff(b))
                .max()
                .unwrap();
            assert!(off < 20, "({x}, {y}): {got:?}, want {want:?}");
        }
    }
}

/// A JPEG header claiming 65,500 x 65,500 (4.3 GP) with no image data behind it: indexed (its 1/8
/// decode is within the limit), and its thumbnail is made from that decode, never the claimed size.
#[test]
fn a_jpeg_claiming_gigapixels_is_indexed_and_never_decoded_at_full_size() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let mut bytes = shoebox_testkit::plain_jpeg(16, 16, 1);
    let sof = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    bytes[sof + 5..sof + 7].copy_from_slice(&65_500u16.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&65_500u16.to_be_bytes());
    let sos = bytes.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    bytes.truncate(sos + 40);
    let path = write(&photos, "claims.jpg", &bytes);
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!((report.added, report.failed), (1, 0), "{report:?}");
    let photo = library.photo_by_path(&path).unwrap();
    assert_eq!((photo.width, photo.height), (65_500, 65_500));
    let made = make(&library, Tier::Grid);
    // libjpeg-turbo greys what the file does not hold: a damaged photo, decoded at 1/8 (201 MB).
    assert_eq!((made.generated, made.failed), (1, 0), "{made:?}");
    let photo = library.photo_by_path(&path).unwrap();
    assert!(photo.meta_warning.unwrap().contains("damaged"));
    // The claim at full size is 12.9 GB; this whole process stays far below it.
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap();
    assert!(peak_kb < 1_000_000, "peak RSS {peak_kb} kB");
}

#[test]
fn a_crash_leftover_is_never_served_and_gc_cleans_it_and_unneeded_variants() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let bytes = jpeg(300, 200, 1);
    let path = write(&photos, "a.jpg", &bytes);
    common::scan(&library, std::slice::from_ref(&photos));
    // What a crash in the middle of writing leaves: a stale, half-written temporary file.
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let shard = library.thumbs().variant_dir().join(&hash[..2]);
    std::fs::create_dir_all(&shard).unwrap();
    let leftover = shard.join(".tmp-crashed");
    std::fs::write(&leftover, b"RIFF\x10\0\0\0WEBPVP8 half").unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&leftover)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let variant = library.thumbs().variant(id(&library, &path), 256).unwrap();
    assert_eq!(common::decode_webp(&variant.bytes).dimensions(), (256, 171));
    let stats = library.thumbs().stats().unwrap();
    assert_eq!(stats.variants, 2, "the leftover is not a variant");

    let gc = library.thumbs().gc().unwrap();
    assert_eq!((gc.removed, gc.kept), (1, 2));
    assert!(!leftover.exists());

    std::fs::remove_file(&path).unwrap();
    common::scan(&library, &[]);
    let gc = library.thumbs().gc().unwrap();
    assert_eq!(
        (gc.removed, gc.kept),
        (2, 0),
        "a removed photo's variants go"
    );
}

#[test]
fn the_memory_cache_never_exceeds_its_byte_bound() {
    let bound = 40_000;
    let (dir, library) = common::temp_library_with(LibraryOptions {
        thumbs: ThumbOptions {
            memory_cache_bytes: bound,
            ..ThumbOptions::default()
        },
        ..LibraryOptions::default()
    });
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let paths: Vec<PathBuf> = (0..12)
        .map(|i| write(&photos, format!("p{i}.jpg"), &jpeg(640, 480, i)))
        .collect();
    common::scan(&library, &[photos]);
    for _ in 0..2 {
        for path in &paths {
            for size in [256, 512] {
                library.thumbs().variant(id(&library, path), size).unwrap();
                let m = library.thumbs().metrics();
                assert!(
                    m.memory_bytes <= bound as u64,
                    "{} > {bound}",
                    m.memory_bytes
                );
            }
        }
    }
    let m = library.thumbs().metrics();
    assert!(m.evictions > 0 && m.memory_entries > 0, "{m:?}");
}

#[test]
fn identical_bytes_are_thumbnailed_once_even_when_asked_from_many_threads() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(photos.join("moved")).unwrap();
    let bytes = jpeg(800, 600, 7);
    let a = write(&photos, "a.jpg", &bytes);
    common::scan(&library, std::slice::from_ref(&photos));
    let id_a = id(&library, &a);
    let variants: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| library.thumbs().variant(id_a, 256).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(variants
        .windows(2)
        .all(|w| w[0].bytes == w[1].bytes && w[0].etag == w[1].etag));
    assert_eq!(
        library.thumbs().metrics().generated,
        2,
        "both grid sizes, once"
    );

    // The same bytes under another name (a moved or copied file) reuse the stored variants.
    let b = write(&photos.join("moved"), "b.jpg", &bytes);
    common::scan(&library, &[]);
    library
        .hash_pending(&CancelToken::new(), &no_progress())
        .unwrap();
    library.thumbs().clear_memory_cache();
    let v = library.thumbs().variant(id(&library, &b), 512).unwrap();
    assert_eq!(v.source, Source::Disk);
    assert_eq!(library.thumbs().metrics().generated, 2);
}

#[test]
fn unknown_photos_and_sizes_are_not_found() {
    let (_dir, library) = common::temp_library_with(LibraryOptions::default());
    assert!(library
        .thumbs()
        .variant(12345, 256)
        .unwrap_err()
        .is_not_found());
    assert!(library.thumbs().variant(1, 257).unwrap_err().is_not_found());
}

#[test]
fn the_viewport_is_thumbnailed_in_the_background() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let paths: Vec<PathBuf> = (0..6)
        .map(|i| write(&photos, format!("v{i}.jpg"), &jpeg(500, 400, i)))
        .collect();
    common::scan(&library, &[photos]);
    let ids: Vec<i64> = paths.iter().map(|p| id(&library, p)).collect();
    library.thumbs().set_viewport(&ids[..3], &ids[3..5]);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while library.thumbs().stats().unwrap().variants < 10 {
        assert!(
            std::time::Instant::now() < deadline,
            "viewport not thumbnailed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    library.thumbs().set_viewport(&[], &[]);
    assert_eq!(library.thumbs().metrics().queue_depth, 0);
    let v = library.thumbs().variant(ids[0], 256).unwrap();
    assert_eq!(
        v.source,
        Source::Disk,
        "made in the background, not on request"
    );
}

#[test]
fn a_cancelled_batch_stops_and_a_later_one_finishes_the_work() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    for i in 0..5 {
        write(&photos, format!("c{i}.jpg"), &jpeg(320, 240, i));
    }
    common::scan(&library, std::slice::from_ref(&photos));
    let cancel = CancelToken::new();
    cancel.cancel();
    let err = library
        .thumbs()
        .make_thumbnails(Tier::All, &cancel, &no_progress())
        .unwrap_err();
    assert!(matches!(err, shoebox_engine::Error::Cancelled), "{err}");
    let report = make(&library, Tier::All);
    assert_eq!(report.generated + report.skipped, 10, "{report:?}");
    assert_eq!(library.thumbs().stats().unwrap().variants, 25);
}

/// A 280 MP panorama (20,000 x 14,000) under the default 200 MP limit: its header is as small as any
/// other's, so it is indexed, and its grid thumbnails come from a 1/8 DCT-scaled decode (4.4 MP).
#[test]
fn a_280_megapixel_panorama_is_indexed_and_thumbnailed_from_a_scaled_decode() {
    let (dir, library) = common::temp_library_with(LibraryOptions::default());
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let started = std::time::Instant::now();
    let bytes = shoebox_testkit::flat_jpeg(20_000, 14_000);
    assert!(started.elapsed() < Duration::from_secs(2) && bytes.len() < 2 << 20);
    let path = write(&photos, "panorama.jpg", &bytes);
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert_eq!((report.added, report.failed), (1, 0), "{report:?}");
    let photo = library.photo_by_path(&path).unwrap();
    assert_eq!((photo.width, photo.height), (20_000, 14_000));
    let made = make(&library, Tier::Grid);
    assert_eq!((made.generated, made.failed), (1, 0), "{made:?}");
    assert_eq!(photo.meta_warning, None);
    let grid = common::decode_webp(&library.thumbs().variant(photo.id, 512).unwrap().bytes);
    assert_eq!(grid.dimensions(), (512, 358));
    let px = grid.get_pixel(256, 179).0;
    assert!(
        px.iter().all(|&c| c.abs_diff(128) <= 4),
        "flat grey: {px:?}"
    );
}
