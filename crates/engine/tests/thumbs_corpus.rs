//! The thumbnail pipeline on the real corpus: every orientation comes out upright at the displayed
//! size, every decodable file gets valid WebP variants of the right sizes, broken files are recorded.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::rmse;
use image::RgbImage;
use shoebox_engine::{no_progress, CancelToken, Library, LibraryOptions, Tier};

/// One library over the whole corpus, grid tier made once, shared by the tests of this file.
fn corpus() -> &'static (tempfile::TempDir, Library) {
    static CORPUS: OnceLock<(tempfile::TempDir, Library)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let (dir, library) = common::temp_library_with(LibraryOptions::default());
        common::scan(&library, &[common::corpus_dir()]);
        library
            .thumbs()
            .make_thumbnails(Tier::Grid, &CancelToken::new(), &no_progress())
            .expect("a batch finishes even with broken files");
        (dir, library)
    })
}

fn id_of(library: &Library, relative: &str) -> i64 {
    library
        .photo_by_path(&common::corpus_dir().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .id
}

fn grid(library: &Library, relative: &str) -> RgbImage {
    let variant = library
        .thumbs()
        .variant(id_of(library, relative), 256)
        .unwrap();
    common::decode_webp(&variant.bytes)
}

/// The four dihedral transforms that keep a non-square image's size, named.
fn same_size_transforms(img: &RgbImage) -> Vec<(&'static str, RgbImage)> {
    use image::imageops::{flip_horizontal, flip_vertical, rotate180};
    vec![
        ("identity", img.clone()),
        ("flip-h", flip_horizontal(img)),
        ("flip-v", flip_vertical(img)),
        ("rotate-180", rotate180(img)),
    ]
}

#[test]
fn every_orientation_comes_out_upright_at_the_displayed_size() {
    let (_, library) = corpus();
    for set in ["Landscape", "Portrait"] {
        let reference = grid(library, &format!("exif-orientation-examples/{set}_1.jpg"));
        for n in 0..=8 {
            let name = format!("exif-orientation-examples/{set}_{n}.jpg");
            let got = grid(library, &name);
            assert_eq!(got.dimensions(), reference.dimensions(), "{name}: size");
            let error = rmse(&got, &reference);
            assert!(error < 0.12, "{name}: normalised RMSE {error:.3}");
            let best = same_size_transforms(&got)
                .into_iter()
                .map(|(t, img)| (t, rmse(&img, &reference)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            assert_eq!(best.0, "identity", "{name}: best transform {best:?}");
        }
    }
}

/// Files the pipeline cannot make thumbnails of, with why (see the corpus MANIFEST notes).
const EXPECTED_FAILURES: &[&str] = &[
    "CanonRaw.cr2",                           // metadata stub, no preview
    "CanonRaw.cr3",                           // metadata stub
    "DNG.dng",                                // metadata stub
    "Nikon.nef",                              // metadata stub
    "sony_alpha_a7iii_raw_image.ARW",         // truncated, preview past EOF
    "broken_data_stream.png",                 // CRC error in IDAT
    "decompression_bomb.gif",                 // bomb
    "hopper_bigtiff.tif",                     // BigTIFF: not supported by the image crate
    "tiff_tiled_ycbcr_jpeg_2x2_sampling.tif", // YCbCr TIFF: not supported by the image crate
    "truncated_end_chunk.png",                // truncated
    "truncated_image.png",                    // truncated
];

/// HEIC/HEIF/AVIF by extension or by content (an ISO-BMFF `ftyp`, e.g. a HEIC named .jpg).
fn heif_like(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let head = std::fs::read(path).unwrap_or_default();
    ["heic", "heif", "avif"].contains(&ext.to_ascii_lowercase().as_str())
        || head.get(4..8) == Some(b"ftyp".as_slice())
}

#[test]
fn every_decodable_file_gets_valid_webp_variants_and_broken_ones_are_recorded() {
    let (_, library) = corpus();
    let report = library
        .thumbs()
        .make_thumbnails(Tier::Grid, &CancelToken::new(), &no_progress())
        .unwrap();
    assert_eq!(report.generated, 0, "a second batch has nothing to do");
    for error in &report.errors {
        let name = error.path.file_name().unwrap().to_str().unwrap();
        let expected = EXPECTED_FAILURES.contains(&name)
            || (heif_like(&error.path) && cfg!(not(feature = "heif")));
        assert!(
            expected,
            "unexpected failure {}: {}",
            error.path.display(),
            error.error
        );
    }
    for must_fail in ["truncated_image.png", "decompression_bomb.gif"] {
        assert!(
            report.errors.iter().any(|e| e.path.ends_with(must_fail)),
            "{must_fail} is recorded"
        );
    }
    let failed: Vec<_> = report.errors.iter().map(|e| e.path.clone()).collect();
    let mut checked = 0;
    let mut cursor = shoebox_engine::Cursor::START;
    loop {
        let page = library
            .timeline(&shoebox_engine::TimelineQuery {
                filter: shoebox_engine::PhotoFilter::default(),
                after: cursor,
                limit: 100,
            })
            .unwrap();
        for photo in page.photos.iter().filter(|p| !failed.contains(&p.path)) {
            assert!(
                photo.placeholder.is_some(),
                "{}: placeholder",
                photo.path.display()
            );
            assert!(photo.color.is_some(), "{}: colour", photo.path.display());
            assert!(
                photo.content_hash.is_some(),
                "{}: hash",
                photo.path.display()
            );
            for size in [256u32, 512] {
                let v = library.thumbs().variant(photo.id, size).unwrap();
                assert!(v.bytes.starts_with(b"RIFF") && v.bytes[8..12] == *b"WEBP");
                let img = common::decode_webp(&v.bytes);
                let long = photo.width.max(photo.height);
                let want = size.min(long);
                let got = img.width().max(img.height());
                // A RAW file's indexed size is the sensor's; its variant comes from the preview.
                let raw = !["jpeg", "png", "gif", "tiff", "webp"].contains(&photo.format.as_str());
                assert!(
                    got.abs_diff(want) <= 1 || (raw && got <= size),
                    "{} at {size}: long edge {got}, want {want}",
                    photo.path.display()
                );
                // Upright: the variant has the displayed aspect (landscape stays landscape),
                // unless it comes from a RAW metadata stub's placeholder preview (8x8 in the
                // exiftool test files, whose indexed size is the sensor's).
                let stub_preview = raw && got * 4 < want;
                if !stub_preview
                    && photo.width.abs_diff(photo.height) > photo.width.max(photo.height) / 10
                {
                    assert_eq!(
                        img.width() > img.height(),
                        photo.width > photo.height,
                        "{}: aspect",
                        photo.path.display()
                    );
                }
            }
            checked += 1;
        }
        match page.next {
            Some(next) => cursor = next,
            None => break,
        }
    }
    assert!(checked > 150, "only {checked} photos checked");
}

#[test]
fn responsive_variants_are_never_upscaled() {
    let (_, library) = corpus();
    for (relative, long) in [
        ("exif-orientation-examples/Portrait_6.jpg", 1800u32),
        ("pillow/Tests/images/hopper.webp", 128),
    ] {
        let id = id_of(library, relative);
        for size in [1024u32, 1920, 2560] {
            let v = library.thumbs().variant(id, size).unwrap();
            let img = common::decode_webp(&v.bytes);
            assert_eq!(
                img.width().max(img.height()),
                size.min(long),
                "{relative} at {size}"
            );
        }
    }
}

/// HEIF rotation (irot) is applied by libheif; an EXIF orientation in the same file must not turn
/// the pixels a second time.
#[cfg(feature = "heif")]
#[test]
fn heif_is_rotated_exactly_once() {
    let (_, library) = corpus();
    for (relative, want) in [
        (
            "exif-samples/heic/mobile/iphone_13_pro_max.HEIC",
            (192, 256),
        ),
        ("pillow/Tests/images/avif/rot1mir0.avif", (256, 171)),
        ("libheif/examples/example.heic", (256, 171)),
    ] {
        assert_eq!(grid(library, relative).dimensions(), want, "{relative}");
    }
}

#[test]
fn cmyk_jpeg_matches_its_rgb_twin() {
    let (_, library) = corpus();
    let cmyk = grid(library, "pillow/Tests/images/pil_sample_cmyk.jpg");
    let rgb = grid(library, "pillow/Tests/images/pil_sample_rgb.jpg");
    let error = rmse(&cmyk, &rgb);
    assert!(error < 0.08, "normalised RMSE {error:.3}");
}

/// JPEGs that end early are shown as far as they go and marked damaged (issue 11).
#[test]
fn truncated_jpegs_get_thumbnails_and_say_they_are_damaged() {
    let (_, library) = corpus();
    for relative in [
        "pillow/Tests/images/truncated_jpeg.jpg",
        "pillow/Tests/images/ultrahdr.jpg",
    ] {
        let id = id_of(library, relative);
        let v = library.thumbs().variant(id, 256).unwrap();
        let img = common::decode_webp(&v.bytes);
        assert!(img.width().max(img.height()) > 0, "{relative}");
        assert_eq!(library.failures().reason(id).unwrap(), None, "{relative}");
        let photo = library.photo(id).unwrap();
        assert!(
            photo
                .meta_warning
                .as_deref()
                .is_some_and(|w| w.contains("damaged: premature end of JPEG file")),
            "{relative}: {:?}",
            photo.meta_warning
        );
    }
}
