//! Issue 11, decoding classes a photo library meets and libjpeg-turbo, libheif or the `tiff` crate
//! refuse on their own: lossless JPEG, a HEIC with unusual auxiliary references, CIE L*a*b* and
//! old-style JPEG TIFFs, JPEG XL. Every fixture is built at test time (in Rust, or with
//! ImageMagick/vips when installed; skipped otherwise).

mod common;

use std::process::Command;

use common::{index, photo, tool};
use shoebox_engine::meta::Format;
use shoebox_testkit::containers::{
    heic_with_aux_naming_two_images, lossless_jpeg, tiff_single_strip, STRIP_AT,
};
use shoebox_testkit::{plain_jpeg, ExifValue};

/// Lossless JPEG (SOF3), which libjpeg-turbo 2.x refuses: a 12-bit greyscale scan and an 8-bit RGB
/// file are indexed and get thumbnails whose ramp runs from black to white.
#[test]
fn lossless_jpegs_are_decoded() {
    let (_d, library, root) = index(&[
        ("scan-12bit.jpg", lossless_jpeg(300, 200, 12, 1)),
        ("rgb-8bit.jpg", lossless_jpeg(240, 160, 8, 3)),
    ]);
    for (name, size) in [("scan-12bit.jpg", (300, 200)), ("rgb-8bit.jpg", (240, 160))] {
        let p = photo(&library, &root.join(name));
        assert_eq!(p.format, Format::Jpeg, "{name}");
        assert_eq!((p.width, p.height), size, "{name}");
        let variant = library
            .thumbs()
            .variant(p.id, 256)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let img = common::decode_webp(&variant.bytes);
        assert_eq!(img.width(), size.0.min(256), "{name}: never upscaled");
        let (left, right) = (img.get_pixel(2, 50), img.get_pixel(img.width() - 3, 50));
        assert!(left.0.iter().all(|&c| c < 24), "{name}: left {left:?}");
        assert!(right.0.iter().all(|&c| c > 230), "{name}: right {right:?}");
    }
}

/// A HEIC whose auxiliary image reference names two images, which Debian 12's libheif (1.15)
/// refuses outright ("Too many auxiliary image references", as with recent iPhone HDR photos):
/// Shoebox decodes its primary image from a copy without that reference, and the file on disk
/// is not changed. Built from an ImageMagick HEIC with alpha (skipped where it cannot write one).
#[test]
fn heic_that_libheif_refuses_for_its_auxiliary_references_still_gets_a_thumbnail() {
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("alpha.heic");
    let wrote = tool("convert")
        && Command::new("convert")
            .args(["-size", "96x64", "gradient:red-blue", "-alpha", "set"])
            .args(["-channel", "A", "-evaluate", "set", "60%", "+channel"])
            .arg(&made)
            .status()
            .is_ok_and(|s| s.success());
    if !wrote {
        eprintln!("skipped: ImageMagick cannot write HEIC here");
        return;
    }
    let refused = heic_with_aux_naming_two_images(&std::fs::read(&made).unwrap());
    let probe = dir.path().join("refused.heic");
    std::fs::write(&probe, &refused).unwrap();
    // ImageMagick reads HEIC through the same system libheif.
    let identify = Command::new("identify").arg(&probe).output().unwrap();
    if identify.status.success() {
        eprintln!("note: this libheif reads the file itself (newer than 1.15)");
    }
    let (_d, library, root) = index(&[("IMG_0001.HEIC", refused.clone())]);
    let p = photo(&library, &root.join("IMG_0001.HEIC"));
    assert_eq!((p.width, p.height), (96, 64));
    let variant = library
        .thumbs()
        .variant(p.id, 256)
        .expect("the primary image decodes");
    let img = common::decode_webp(&variant.bytes);
    assert_eq!((img.width(), img.height()), (96, 64));
    assert_eq!(
        std::fs::read(root.join("IMG_0001.HEIC")).unwrap(),
        refused,
        "the original is never changed"
    );
}

/// The TIFF layouts the `tiff` crate refuses: CIE L*a*b* (scanners, prepress; a* and b* signed)
/// is converted to sRGB, and an old-style JPEG-in-TIFF (Compression 6) is decoded from the JPEG
/// stream its IFD points at.
#[test]
fn cielab_and_old_style_jpeg_tiffs_get_thumbnails() {
    // Left half sRGB red (L* 53, a* 80, b* 67), right half sRGB blue (L* 32, a* 79, b* -108),
    // relative to D65 as libtiff and ImageMagick read and write TIFF's CIELab.
    let (w, h) = (64u32, 32u32);
    let lab: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            if i % w < w / 2 {
                [135, 80, 67]
            } else {
                [82, 79, (-108i8) as u8]
            }
        })
        .collect();
    let jpeg = plain_jpeg(96, 48, 5);
    let old_jpeg_entries = [
        (0x0201, ExifValue::Long(STRIP_AT)),
        (0x0202, ExifValue::Long(jpeg.len() as u32)),
    ];
    let (_d, library, root) = index(&[
        ("lab.tif", tiff_single_strip(w, h, 1, 8, &lab, &[])),
        (
            "ojpeg.tif",
            tiff_single_strip(96, 48, 6, 6, &jpeg, &old_jpeg_entries),
        ),
    ]);
    let p = photo(&library, &root.join("lab.tif"));
    let img = common::decode_webp(&library.thumbs().variant(p.id, 256).unwrap().bytes);
    let (red, blue) = (img.get_pixel(4, 16).0, img.get_pixel(w - 5, 16).0);
    assert!(
        red[0] > 200 && red[1] < 60 && red[2] < 60,
        "red half: {red:?}"
    );
    assert!(
        blue[2] > 200 && blue[0] < 60 && blue[1] < 60,
        "blue half: {blue:?}"
    );

    let p = photo(&library, &root.join("ojpeg.tif"));
    assert_eq!((p.width, p.height), (96, 48));
    let variant = library
        .thumbs()
        .variant(p.id, 256)
        .expect("old-style JPEG decodes");
    let img = common::decode_webp(&variant.bytes);
    assert_eq!((img.width(), img.height()), (96, 48));
}

/// JPEG XL: the size (and orientation) from the codestream's header, EXIF from the container's
/// `Exif` box (the corpus's JXL, checked against MANIFEST.tsv in `corpus.rs`), and a thumbnail
/// decoded by libjxl. The file is written by vips (skipped where it cannot write JPEG XL).
#[test]
fn jpeg_xl_is_indexed_and_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("ramp.jxl");
    let wrote = tool("vips")
        && Command::new("vips")
            .args([
                "xyz",
                dir.path().join("xy.v").to_str().unwrap(),
                "300",
                "200",
            ])
            .status()
            .is_ok_and(|s| s.success())
        && Command::new("vips")
            .arg("extract_band")
            .arg(dir.path().join("xy.v"))
            .arg(dir.path().join("x.v"))
            .arg("0")
            .status()
            .is_ok_and(|s| s.success())
        && Command::new("vips")
            .args(["linear", dir.path().join("x.v").to_str().unwrap()])
            .arg(dir.path().join("ramp.v"))
            .args(["0.85", "0", "--uchar"])
            .status()
            .is_ok_and(|s| s.success())
        && Command::new("vips")
            .arg("copy")
            .arg(dir.path().join("ramp.v"))
            .arg(&made)
            .status()
            .is_ok_and(|s| s.success());
    if !wrote {
        eprintln!("skipped: vips cannot write JPEG XL here");
        return;
    }
    let (_d, library, root) = index(&[("ramp.jxl", std::fs::read(&made).unwrap())]);
    let p = photo(&library, &root.join("ramp.jxl"));
    assert_eq!(p.format, Format::Jxl);
    assert_eq!((p.width, p.height), (300, 200));
    let variant = library
        .thumbs()
        .variant(p.id, 256)
        .expect("libjxl decodes it");
    let img = common::decode_webp(&variant.bytes);
    assert_eq!(img.dimensions(), (256, 171));
    // A ramp from black (x = 0) to 0.85 x 299 = 254 (x = 299).
    let (left, right) = (img.get_pixel(1, 80).0[0], img.get_pixel(254, 80).0[0]);
    assert!(left < 12 && right > 240, "left {left}, right {right}");
}
