//! Issue 11, metadata classes: EXIF outside JPEG (WebP, PNG, HEIC, TIFF/DNG, CRW, BigTIFF) through one parser,
//! APEX and lens fallbacks, offsets never made up, GPS forms, displayed sizes. Every fixture is
//! built at test time (in Rust, or with exiftool/ImageMagick when installed; skipped otherwise).

mod common;

use std::process::Command;

use common::{index, photo, tool};
use shoebox_engine::{meta::Format, Photo};
use shoebox_testkit::containers::{
    bigtiff_with_exif, cr3_with_exif, crw, heic_with_exif, png_with_exif, tiff_single_strip,
    tiff_with_ifds_after_pixels, webp_with_exif, CiffRecord, ExifPrefix, HeicShape, PngExif,
};
use shoebox_testkit::{exif_block_gps, plain_jpeg, tag, with_exif, ExifValue};

fn ascii(s: &str) -> ExifValue {
    ExifValue::Ascii(s.to_string())
}

/// Make/model/orientation in IFD0; date, offset, exposure in the EXIF IFD; 48°51'12.36"N 2°21'3"W.
fn phone_ifds(orientation: u16) -> [Vec<(u16, ExifValue)>; 3] {
    [
        vec![
            (tag::MAKE, ascii("Apple")),
            (tag::MODEL, ascii("iPhone 13")),
            (tag::ORIENTATION, ExifValue::Short(orientation)),
        ],
        vec![
            (tag::DATE_TIME_ORIGINAL, ascii("2022:02:16 12:55:41")),
            (tag::OFFSET_TIME_ORIGINAL, ascii("+01:00")),
            (tag::EXPOSURE_TIME, ExifValue::Rational(1, 60)),
            (tag::F_NUMBER, ExifValue::Rational(15, 10)),
            (tag::ISO, ExifValue::Short(250)),
            (tag::FOCAL_LENGTH, ExifValue::Rational(57, 10)),
            (tag::LENS_MODEL, ascii("iPhone 13 back camera 5.7mm f/1.5")),
        ],
        vec![
            (tag::GPS_LATITUDE_REF, ascii("N")),
            (
                tag::GPS_LATITUDE,
                ExifValue::Rationals(vec![(48, 1), (51, 1), (1236, 100)]),
            ),
            (tag::GPS_LONGITUDE_REF, ascii("W")),
            (
                tag::GPS_LONGITUDE,
                ExifValue::Rationals(vec![(2, 1), (21, 1), (3, 1)]),
            ),
        ],
    ]
}

fn phone_exif(orientation: u16) -> Vec<u8> {
    let [ifd0, exif, gps] = phone_ifds(orientation);
    exif_block_gps(&ifd0, &exif, &gps)
}

/// What the phone fixture says, checked on any container.
fn assert_phone(p: &Photo, what: &str) {
    assert_eq!(p.capture.taken_at_text(), "2022-02-16T12:55:41", "{what}");
    assert_eq!(p.capture.source.as_str(), "exif", "{what}");
    assert_eq!(p.capture.offset.as_deref(), Some("+01:00"), "{what}");
    assert_eq!(p.camera.make.as_deref(), Some("Apple"), "{what}");
    assert_eq!(p.camera.model.as_deref(), Some("iPhone 13"), "{what}");
    assert_eq!(
        p.camera.lens.as_deref(),
        Some("iPhone 13 back camera 5.7mm f/1.5"),
        "{what}"
    );
    assert_eq!(p.exposure.aperture, Some(1.5), "{what}");
    assert_eq!(p.exposure.iso, Some(250), "{what}");
    let (lat, lon) = (p.gps_lat.expect(what), p.gps_lon.expect(what));
    assert!((lat - 48.853_433).abs() < 1e-5, "{what}: {lat}");
    assert!((lon + 2.350_833).abs() < 1e-5, "{what}: {lon}");
}

#[test]
fn webp_exif_chunk_gives_date_camera_exposure_gps_and_orientation() {
    let (_d, library, root) = index(&[
        (
            "plain.webp",
            webp_with_exif(64, 32, &phone_exif(6), ExifPrefix::None),
        ),
        (
            "prefixed.webp",
            webp_with_exif(64, 32, &phone_exif(6), ExifPrefix::ExifHeader),
        ),
    ]);
    for name in ["plain.webp", "prefixed.webp"] {
        let p = photo(&library, &root.join(name));
        assert_eq!(p.format, Format::Webp);
        assert_phone(&p, name);
        assert_eq!(p.orientation, 6, "{name}");
        assert_eq!((p.width, p.height), (32, 64), "{name}: rotated for display");
    }
}

#[test]
fn png_exif_chunk_and_raw_profile_are_read() {
    let (_d, library, root) = index(&[
        (
            "chunk.png",
            png_with_exif(40, 20, &phone_exif(8), PngExif::Chunk),
        ),
        (
            "profile.png",
            png_with_exif(40, 20, &phone_exif(8), PngExif::RawProfile),
        ),
    ]);
    for name in ["chunk.png", "profile.png"] {
        let p = photo(&library, &root.join(name));
        assert_phone(&p, name);
        assert_eq!((p.width, p.height), (20, 40), "{name}");
    }
}

#[test]
fn heic_exif_item_is_found_through_iloc_with_any_payload_prefix() {
    let shape = |prefix| HeicShape {
        width: 64,
        height: 48,
        rotation: None,
        clap_halves: None,
        prefix,
    };
    let (_d, library, root) = index(&[
        (
            "tiff.heic",
            heic_with_exif(shape(ExifPrefix::None), &phone_exif(1)),
        ),
        (
            "iphone.heic",
            heic_with_exif(shape(ExifPrefix::ExifHeader), &phone_exif(1)),
        ),
        (
            "samsung.heic",
            heic_with_exif(shape(ExifPrefix::App1WithZeroOffset), &phone_exif(1)),
        ),
    ]);
    for name in ["tiff.heic", "iphone.heic", "samsung.heic"] {
        let p = photo(&library, &root.join(name));
        assert_eq!(p.format, Format::Heic);
        assert_phone(&p, name);
        assert_eq!((p.width, p.height), (64, 48), "{name}");
    }
}

#[test]
fn heic_irot_and_clap_shape_the_displayed_size_and_exif_orientation_does_not() {
    let heic = |rotation, clap_halves| {
        heic_with_exif(
            HeicShape {
                width: 64,
                height: 48,
                rotation,
                clap_halves,
                prefix: ExifPrefix::ExifHeader,
            },
            // The EXIF orientation only describes what irot already does: never applied twice.
            &phone_exif(6),
        )
    };
    let (_d, library, root) = index(&[
        ("rot.heic", heic(Some(1), None)),
        ("rot180.heic", heic(Some(2), None)),
        ("crop.heic", heic(None, Some((120, 81)))),
        ("both.heic", heic(Some(3), Some((120, 80)))),
    ]);
    let size = |name: &str| {
        let p = photo(&library, &root.join(name));
        (p.width, p.height)
    };
    assert_eq!(size("rot.heic"), (48, 64));
    assert_eq!(size("rot180.heic"), (64, 48));
    assert_eq!(
        size("crop.heic"),
        (60, 41),
        "40.5 rounds half up, as libheif"
    );
    assert_eq!(size("both.heic"), (40, 60));
}

#[test]
fn tiff_ifds_after_many_megabytes_of_pixels_are_read() {
    let [mut ifd0, exif, gps] = phone_ifds(1);
    ifd0.retain(|(t, _)| *t != tag::ORIENTATION);
    // 2,400 x 2,400 RGB: 17 MB of pixels before the first IFD, past any prefix read.
    let tiff = tiff_with_ifds_after_pixels(2400, 2400, &ifd0, &exif, &gps, None);
    assert!(tiff.len() > 17_000_000);
    let (_d, library, root) = index(&[("scan.tif", tiff)]);
    let p = photo(&library, &root.join("scan.tif"));
    assert_eq!(p.format, Format::Tiff);
    assert_phone(&p, "scan.tif");
    assert_eq!((p.width, p.height), (2400, 2400));
}

/// A BigTIFF (8-byte offsets: big scans) has its EXIF read like any TIFF's, 8-byte values inline.
#[test]
fn bigtiff_exif_is_read() {
    let [ifd0, exif, _] = phone_ifds(1);
    let file = bigtiff_with_exif(48, 32, &ifd0, &exif);
    let (_d, library, root) = index(&[("scan.tif", file)]);
    let p = photo(&library, &root.join("scan.tif"));
    assert_eq!(p.format, Format::Tiff);
    assert_eq!((p.width, p.height), (48, 32));
    assert_eq!(p.capture.taken_at_text(), "2022-02-16T12:55:41");
    assert_eq!(p.capture.offset.as_deref(), Some("+01:00"));
    assert_eq!(p.camera.model.as_deref(), Some("iPhone 13"));
    assert_eq!(p.exposure.aperture, Some(1.5), "a rational held inline");
    assert_eq!(p.exposure.iso, Some(250));
    let variant = library
        .thumbs()
        .variant(p.id, 256)
        .expect("BigTIFF decodes");
    assert_eq!(common::decode_webp(&variant.bytes).dimensions(), (48, 32));
}

#[test]
fn dng_make_model_from_ifd0_raw_size_from_subifd_and_orientation_applied() {
    let [mut ifd0, exif, gps] = phone_ifds(6);
    ifd0.push((0xC612, ExifValue::Bytes(vec![1, 4, 0, 0]))); // DNGVersion
    let dng = tiff_with_ifds_after_pixels(16, 12, &ifd0, &exif, &gps, Some((3000, 2000)));
    let (_d, library, root) = index(&[("raw.dng", dng)]);
    let p = photo(&library, &root.join("raw.dng"));
    assert_eq!(p.format, Format::Raw("dng"));
    assert_phone(&p, "raw.dng");
    assert_eq!(p.orientation, 6);
    assert_eq!(
        (p.width, p.height),
        (2000, 3000),
        "the raw image, rotated for display"
    );
    // No embedded JPEG preview: indexed with its metadata, and the missing thumbnail says why.
    match library.thumbs().variant(p.id, 256) {
        Err(shoebox_engine::ThumbError::Failed { reason, .. }) => {
            assert!(reason.contains("does not develop raw data"), "{reason}")
        }
        other => panic!("a DNG without a preview has no thumbnail: {other:?}"),
    }
}

/// Panasonic's RW2 (a TIFF with magic 0x55) keeps its ISO in IFD0's tag 0x17.
#[test]
fn rw2_iso_is_read_from_ifd0() {
    let ifd0 = [
        (tag::MAKE, ascii("Panasonic")),
        (tag::MODEL, ascii("DMC-FZ8")),
        (0x0017, ExifValue::Short(80)),
    ];
    let mut rw2 = tiff_with_ifds_after_pixels(16, 12, &ifd0, &[], &[], None);
    rw2[2..4].copy_from_slice(&[0x55, 0x00]);
    let (_d, library, root) = index(&[("P1000001.RW2", rw2)]);
    let p = photo(&library, &root.join("P1000001.RW2"));
    assert_eq!(p.format, Format::Raw("rw2"));
    assert_eq!(p.exposure.iso, Some(80));
    assert_eq!(p.camera.model.as_deref(), Some("DMC-FZ8"));
}

#[test]
fn cr3_metadata_boxes_are_read_as_one_exif() {
    let [ifd0, mut exif, gps] = phone_ifds(1);
    exif.push((0xA002, ExifValue::Long(6000))); // PixelXDimension
    exif.push((0xA003, ExifValue::Long(4000)));
    let (_d, library, root) = index(&[("IMG_0001.CR3", cr3_with_exif(&ifd0, &exif, &gps))]);
    let p = photo(&library, &root.join("IMG_0001.CR3"));
    assert_eq!(p.format, Format::Raw("cr3"));
    assert_phone(&p, "cr3");
    assert_eq!((p.width, p.height), (6000, 4000));
}

/// A Canon CRW (CIFF) file as the PowerShot and early EOS cameras wrote them: make and model,
/// the time stamp, image info with a rotation, APEX exposure, the ISO from the shot info (the
/// camera settings say "Auto"), focal length in the camera's focal units, and the JPEG preview.
#[test]
fn crw_records_give_date_camera_exposure_size_rotation_and_a_thumbnail() {
    let value = |tag: u16, bytes: Vec<u8>| CiffRecord::Value {
        tag,
        bytes,
        inline: false,
    };
    let words = |values: &[u16]| {
        values
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>()
    };
    let mut settings = vec![0u16; 40];
    settings[0] = 80; // the array's size in bytes
    settings[16] = 15; // CameraISO "Auto": not a number
    settings[25] = 32; // FocalUnits
    let mut shot = vec![0u16; 30];
    shot[1] = 32; // AutoISO: 2^(32/32) x 100 = 200
    shot[2] = 160; // BaseISO: 2^(160/32) x 100 / 32 = 100
    let stamp = 1_042_634_096u32; // 2003-01-15 12:34:56, the camera's wall clock
    let image_info = [
        2048u32.to_le_bytes(),
        1536u32.to_le_bytes(),
        1.0f32.to_bits().to_le_bytes(),
        90u32.to_le_bytes(),
        8u32.to_le_bytes(),
        8u32.to_le_bytes(),
        1u32.to_le_bytes(),
    ]
    .concat();
    let exposure = [0.0f32, 7.0, 4.0]
        .iter()
        .flat_map(|f| f.to_bits().to_le_bytes())
        .collect();
    let file = crw(&[
        value(0x2007, plain_jpeg(64, 48, 3)),
        CiffRecord::Heap {
            tag: 0x300a,
            records: vec![
                CiffRecord::Heap {
                    tag: 0x2807,
                    records: vec![value(0x080a, b"Canon\0Canon PowerShot S30\0".to_vec())],
                },
                value(0x1810, image_info),
                value(0x180e, [stamp.to_le_bytes(), [0; 4], [0; 4]].concat()),
                CiffRecord::Heap {
                    tag: 0x300b,
                    records: vec![
                        value(0x1818, exposure),
                        value(0x102a, words(&shot)),
                        value(0x102d, words(&settings)),
                        CiffRecord::Value {
                            tag: 0x1029,
                            bytes: words(&[2, 224, 0, 0]), // zoom, 224 / 32 = 7 mm
                            inline: true,
                        },
                    ],
                },
            ],
        },
    ]);
    let (_d, library, root) = index(&[("CRW_0042.CRW", file)]);
    let p = photo(&library, &root.join("CRW_0042.CRW"));
    assert_eq!(p.format, Format::Raw("crw"));
    assert_eq!(p.camera.make.as_deref(), Some("Canon"));
    assert_eq!(p.camera.model.as_deref(), Some("Canon PowerShot S30"));
    assert_eq!(p.capture.taken_at_text(), "2003-01-15T12:34:56");
    assert_eq!(p.capture.source.as_str(), "exif");
    assert_eq!(
        p.capture.offset, None,
        "a CRW keeps no zone Shoebox can trust"
    );
    assert_eq!(p.exposure.aperture, Some(4.0));
    let t = p
        .exposure
        .exposure_time
        .expect("exposure time from the APEX shutter speed");
    assert!((t - 1.0 / 128.0).abs() < 1e-6, "{t}");
    assert_eq!(p.exposure.iso, Some(200));
    assert_eq!(p.exposure.focal_length, Some(7.0));
    assert_eq!(p.orientation, 6);
    assert_eq!((p.width, p.height), (1536, 2048), "rotated for display");
    let variant = library.thumbs().variant(p.id, 256).unwrap();
    let img = common::decode_webp(&variant.bytes);
    assert_eq!(
        (img.width(), img.height()),
        (48, 64),
        "the preview, upright"
    );
}

fn jpeg_with(
    ifd0: &[(u16, ExifValue)],
    exif: &[(u16, ExifValue)],
    gps: &[(u16, ExifValue)],
) -> Vec<u8> {
    with_exif(&plain_jpeg(32, 24, 3), &exif_block_gps(ifd0, exif, gps))
}

#[test]
fn apex_values_stand_in_for_missing_fnumber_and_exposure_time() {
    let date = (tag::DATE_TIME_ORIGINAL, ascii("2004:01:01 10:00:00"));
    let apex = jpeg_with(
        &[(tag::MAKE, ascii("FUJIFILM"))],
        &[
            date.clone(),
            // Av 5 = f/5.66; Tv 8 = 1/256 s (SRational, as the standard says).
            (tag::APERTURE_VALUE, ExifValue::Rational(5, 1)),
            (tag::SHUTTER_SPEED_VALUE, ExifValue::SRational(8, 1)),
        ],
        &[],
    );
    let both = jpeg_with(
        &[],
        &[
            date,
            (tag::F_NUMBER, ExifValue::Rational(28, 10)),
            (tag::EXPOSURE_TIME, ExifValue::Rational(1, 125)),
            (tag::APERTURE_VALUE, ExifValue::Rational(5, 1)),
            (tag::SHUTTER_SPEED_VALUE, ExifValue::SRational(8, 1)),
        ],
        &[],
    );
    let (_d, library, root) = index(&[("apex.jpg", apex), ("both.jpg", both)]);
    let p = photo(&library, &root.join("apex.jpg"));
    let aperture = p.exposure.aperture.expect("aperture from ApertureValue");
    assert_eq!(aperture, 5.7, "2^(5/2) = 5.66, to one decimal");
    let time = p
        .exposure
        .exposure_time
        .expect("time from ShutterSpeedValue");
    assert!((time - 1.0 / 256.0).abs() < 1e-6, "{time}");
    let p = photo(&library, &root.join("both.jpg"));
    assert_eq!(p.exposure.aperture, Some(2.8), "FNumber wins");
    assert_eq!(p.exposure.exposure_time, Some(1.0 / 125.0));
}

/// A Reconyx trail camera keeps its capture time only in its maker note (HyperFire layout).
#[test]
fn a_trail_camera_date_is_read_from_its_maker_note() {
    let mut note = vec![0x01, 0xF1, 0x03, 0x00];
    note.resize(0x16, 0);
    for w in [6u16, 5, 4, 8, 23, 2019] {
        note.extend(w.to_le_bytes()); // second, minute, hour, month, day, year
    }
    note.resize(0x60, 0);
    let file = jpeg_with(
        &[(tag::MAKE, ascii("RECONYX")), (tag::MODEL, ascii("HC600"))],
        &[(0x927C, ExifValue::Bytes(note))],
        &[],
    );
    let (_d, library, root) = index(&[("IMAG0042.JPG", file)]);
    let p = photo(&library, &root.join("IMAG0042.JPG"));
    assert_eq!(p.capture.taken_at_text(), "2019-08-23T04:05:06");
    assert_eq!(p.capture.source.as_str(), "exif");
    assert_eq!(p.capture.offset, None);
    assert_eq!(p.camera.model.as_deref(), Some("HC600"));
}

fn with_xmp(jpeg: &[u8], body: &str) -> Vec<u8> {
    let packet = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
         xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description {body}/>\
         </rdf:RDF></x:xmpmeta>"
    );
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((packet.len() + 2) as u16).to_be_bytes());
    out.extend(packet.as_bytes());
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn lens_falls_back_to_xmp_and_gps_to_xmp_coordinates() {
    let exif_only = |lens: Option<&str>| {
        let mut sub = vec![(tag::DATE_TIME_ORIGINAL, ascii("2019:05:01 09:00:00"))];
        if let Some(lens) = lens {
            sub.push((tag::LENS_MODEL, ascii(lens)));
        }
        jpeg_with(&[(tag::MAKE, ascii("Canon"))], &sub, &[])
    };
    let aux = with_xmp(
        &exif_only(None),
        r#"xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" aux:Lens="EF24-105mm f/4L IS USM" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.2N" exif:GPSLongitude="2,21.05W""#,
    );
    let exifex = with_xmp(
        &exif_only(None),
        r#"xmlns:exifEX="http://cipa.jp/exif/1.0/" exifEX:LensModel="XF23mmF1.4 R" exif:GPSLatitude="33,52,10.5S" exif:GPSLongitude="151,12,30E""#,
    );
    let exif_wins = with_xmp(
        &exif_only(Some("RF50mm F1.8 STM")),
        r#"aux:Lens="something else""#,
    );
    let (_d, library, root) = index(&[
        ("aux.jpg", aux),
        ("exifex.jpg", exifex),
        ("exif.jpg", exif_wins),
    ]);
    let p = photo(&library, &root.join("aux.jpg"));
    assert_eq!(p.camera.lens.as_deref(), Some("EF24-105mm f/4L IS USM"));
    let (lat, lon) = (p.gps_lat.unwrap(), p.gps_lon.unwrap());
    assert!((lat - (48.0 + 51.2 / 60.0)).abs() < 1e-9, "{lat}");
    assert!((lon + (2.0 + 21.05 / 60.0)).abs() < 1e-9, "{lon}");
    let p = photo(&library, &root.join("exifex.jpg"));
    assert_eq!(p.camera.lens.as_deref(), Some("XF23mmF1.4 R"));
    let (lat, lon) = (p.gps_lat.unwrap(), p.gps_lon.unwrap());
    assert!((lat + (33.0 + 52.0 / 60.0 + 10.5 / 3600.0)).abs() < 1e-9);
    assert!((lon - (151.0 + 12.5 / 60.0)).abs() < 1e-9);
    let p = photo(&library, &root.join("exif.jpg"));
    assert_eq!(p.camera.lens.as_deref(), Some("RF50mm F1.8 STM"));
    assert_eq!(p.gps_lat, None);
}

#[test]
fn offset_is_read_from_offset_time_when_the_original_one_is_absent_and_never_made_up() {
    let date = (tag::DATE_TIME_ORIGINAL, ascii("2021:04:11 15:47:53"));
    let general = jpeg_with(
        &[],
        &[date.clone(), (tag::OFFSET_TIME, ascii("-05:00"))],
        &[],
    );
    let none = jpeg_with(&[], &[date], &[]);
    let undated = plain_jpeg(16, 16, 1);
    let (_d, library, root) = index(&[
        ("general.jpg", general),
        ("none.jpg", none),
        ("undated.jpg", undated),
    ]);
    let offset = |name: &str| photo(&library, &root.join(name)).capture.offset;
    assert_eq!(offset("general.jpg").as_deref(), Some("-05:00"));
    assert_eq!(offset("none.jpg"), None, "the file says nothing: null");
    let undated = photo(&library, &root.join("undated.jpg"));
    assert!(!undated.capture.is_dated());
    assert_eq!(
        undated.capture.offset, None,
        "a file time has no recorded offset"
    );
}

#[test]
fn gps_forms_real_cameras_write() {
    let date = (tag::DATE_TIME_ORIGINAL, ascii("2015:07:01 08:00:00"));
    let gps = |lat: Vec<(u32, u32)>, lat_ref: &str, lon: Vec<(u32, u32)>, lon_ref: &str| {
        let mut g = vec![
            (tag::GPS_LATITUDE, ExifValue::Rationals(lat)),
            (tag::GPS_LONGITUDE, ExifValue::Rationals(lon)),
        ];
        if !lat_ref.is_empty() {
            g.push((tag::GPS_LATITUDE_REF, ascii(lat_ref)));
        }
        if !lon_ref.is_empty() {
            g.push((tag::GPS_LONGITUDE_REF, ascii(lon_ref)));
        }
        jpeg_with(&[], std::slice::from_ref(&date), &g)
    };
    let files = [
        // degrees and decimal minutes, seconds 0/0 (many phones and GPS loggers)
        (
            "dm.jpg",
            gps(
                vec![(48, 1), (5120, 100), (0, 0)],
                "N",
                vec![(2, 1), (2105, 100), (0, 0)],
                "E",
            ),
        ),
        // decimal degrees in the first rational only
        (
            "deg.jpg",
            gps(
                vec![(3386, 100), (0, 1), (0, 1)],
                "S",
                vec![(15121, 100), (0, 1), (0, 1)],
                "E",
            ),
        ),
        // lower-case refs
        (
            "lower.jpg",
            gps(
                vec![(10, 1), (30, 1), (0, 1)],
                "s",
                vec![(20, 1), (0, 1), (0, 1)],
                "w",
            ),
        ),
        // a zero denominator in the degrees: no position, rather than a wrong one
        (
            "broken.jpg",
            gps(
                vec![(48, 0), (51, 1), (0, 1)],
                "N",
                vec![(2, 1), (21, 1), (0, 1)],
                "E",
            ),
        ),
        // out of range
        (
            "range.jpg",
            gps(
                vec![(95, 1), (0, 1), (0, 1)],
                "N",
                vec![(2, 1), (0, 1), (0, 1)],
                "E",
            ),
        ),
    ];
    let (_d, library, root) = index(&files);
    let at = |name: &str| {
        let p = photo(&library, &root.join(name));
        p.gps_lat.zip(p.gps_lon)
    };
    let (lat, lon) = at("dm.jpg").expect("dm");
    assert!((lat - (48.0 + 51.2 / 60.0)).abs() < 1e-9 && (lon - (2.0 + 21.05 / 60.0)).abs() < 1e-9);
    let (lat, lon) = at("deg.jpg").expect("deg");
    assert!((lat + 33.86).abs() < 1e-9 && (lon - 151.21).abs() < 1e-9);
    assert_eq!(at("lower.jpg"), Some((-10.5, -20.0)));
    assert_eq!(at("broken.jpg"), None);
    assert_eq!(at("range.jpg"), None);
}

/// ImageMagick and exiftool writing the shapes themselves: a WebP whose EXIF chunk exiftool wrote,
/// and a PNG whose EXIF ImageMagick stored as a compressed "Raw profile type exif".
#[test]
fn webp_and_png_written_by_the_real_tools() {
    if !tool("exiftool") || !tool("convert") {
        eprintln!("SKIPPED: exiftool and ImageMagick's convert are needed for this test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.jpg");
    std::fs::write(&src, with_exif(&plain_jpeg(64, 32, 5), &phone_exif(6))).unwrap();
    let photos = dir.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let run = |cmd: &mut Command| {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let webp = photos.join("tool.webp");
    run(Command::new("convert").arg(&src).arg("-strip").arg(&webp));
    run(Command::new("exiftool")
        .args(["-q", "-overwrite_original", "-tagsFromFile"])
        .arg(&src)
        .arg("-all:all")
        .arg(&webp));
    let png = photos.join("tool.png");
    run(Command::new("convert").arg(&src).arg(&png));
    let (_d, library) = common::temp_library();
    let report = common::scan(&library, std::slice::from_ref(&photos));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let p = photo(&library, &webp);
    assert_phone(&p, "exiftool webp");
    assert_eq!((p.width, p.height), (32, 64));
    let p = photo(&library, &png);
    assert_eq!(
        p.capture.taken_at_text(),
        "2022-02-16T12:55:41",
        "ImageMagick png"
    );
    assert_eq!(p.camera.model.as_deref(), Some("iPhone 13"));
}

/// The issue's symptom: an iPhone photo saved as WebP showed sideways. Its EXIF orientation now
/// reaches the thumbnailer, so the variant is upright (portrait, as displayed).
#[test]
fn webp_thumbnail_is_upright() {
    let (_d, library, root) = index(&[(
        "sideways.webp",
        webp_with_exif(64, 32, &phone_exif(6), ExifPrefix::None),
    )]);
    let p = photo(&library, &root.join("sideways.webp"));
    let variant = library.thumbs().variant(p.id, 256).unwrap();
    let img = common::decode_webp(&variant.bytes);
    assert_eq!((img.width(), img.height()), (32, 64));
}

/// The new container readers on damaged input: every file cut short or with bytes flipped is
/// indexed or recorded with a reason, never a panic, and its thumbnail is made or refused.
#[test]
fn damaged_crw_bigtiff_and_lab_tiffs_are_recorded_never_a_panic() {
    let [ifd0, exif, _] = phone_ifds(1);
    let record = |tag: u16, bytes: Vec<u8>| CiffRecord::Value {
        tag,
        bytes,
        inline: false,
    };
    let crw_file = crw(&[
        record(0x2007, plain_jpeg(32, 24, 1)),
        CiffRecord::Heap {
            tag: 0x300a,
            records: vec![
                record(0x080a, b"Canon\0Canon EOS D30\0".to_vec()),
                record(
                    0x180e,
                    [1_000_000_000u32.to_le_bytes(), [0; 4], [0; 4]].concat(),
                ),
            ],
        },
    ]);
    let lab: Vec<u8> = (0..32 * 16 * 3).map(|i| (i * 7) as u8).collect();
    let originals = [
        ("crw", crw_file),
        ("tif", bigtiff_with_exif(24, 16, &ifd0, &exif)),
        ("tif", tiff_single_strip(32, 16, 1, 8, &lab, &[])),
    ];
    let (dir, library) = common::temp_library();
    let root = dir.path().join("damaged");
    std::fs::create_dir_all(&root).unwrap();
    for (n, (ext, bytes)) in originals.iter().enumerate() {
        for cut in (8..bytes.len()).step_by(bytes.len() / 23 + 1) {
            std::fs::write(root.join(format!("{n}-cut{cut}.{ext}")), &bytes[..cut]).unwrap();
        }
        for at in (0..bytes.len()).step_by(bytes.len() / 29 + 1) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0xA5;
            std::fs::write(root.join(format!("{n}-flip{at}.{ext}")), &flipped).unwrap();
        }
    }
    let report = common::scan(&library, std::slice::from_ref(&root));
    assert!(report.added + report.failed > 100, "{report:?}");
    for error in &report.errors {
        assert!(!error.error.is_empty(), "{error:?}");
    }
    common::make(&library, shoebox_engine::Tier::Grid);
}
