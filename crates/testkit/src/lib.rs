//! shoebox-testkit: fixture builders shared by tests and benchmarks (small real JPEGs with chosen
//! EXIF, whole generated photo folders) and, in [`s3`], a moto server on loopback. Never in the app.

use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, RgbImage};

/// An EXIF value, little-endian TIFF types.
#[derive(Debug, Clone)]
pub enum ExifValue {
    Ascii(String),
    Short(u16),
    Long(u32),
    Rational(u32, u32),
    SRational(i32, i32),
    /// Several rationals (GPS degrees, minutes, seconds).
    Rationals(Vec<(u32, u32)>),
    /// BYTE values (GPSVersionID, DNGVersion).
    Bytes(Vec<u8>),
}

/// Tags Shoebox reads, for building fixtures.
pub mod tag {
    pub const MAKE: u16 = 0x010F;
    pub const MODEL: u16 = 0x0110;
    pub const ORIENTATION: u16 = 0x0112;
    pub const EXIF_IFD: u16 = 0x8769;
    pub const DATE_TIME_ORIGINAL: u16 = 0x9003;
    pub const DATE_TIME_DIGITIZED: u16 = 0x9004;
    pub const OFFSET_TIME_ORIGINAL: u16 = 0x9011;
    pub const EXPOSURE_TIME: u16 = 0x829A;
    pub const F_NUMBER: u16 = 0x829D;
    pub const ISO: u16 = 0x8827;
    pub const FOCAL_LENGTH: u16 = 0x920A;
    pub const GPS_IFD: u16 = 0x8825;
    pub const OFFSET_TIME: u16 = 0x9010;
    pub const SHUTTER_SPEED_VALUE: u16 = 0x9201;
    pub const APERTURE_VALUE: u16 = 0x9202;
    pub const LENS_MODEL: u16 = 0xA434;
    pub const GPS_LATITUDE_REF: u16 = 0x0001;
    pub const GPS_LATITUDE: u16 = 0x0002;
    pub const GPS_LONGITUDE_REF: u16 = 0x0003;
    pub const GPS_LONGITUDE: u16 = 0x0004;
}

/// A TIFF-structured EXIF block (little-endian) with IFD0 entries and an Exif sub-IFD.
pub fn exif_block(ifd0: &[(u16, ExifValue)], exif_ifd: &[(u16, ExifValue)]) -> Vec<u8> {
    exif_block_gps(ifd0, exif_ifd, &[])
}

/// [`exif_block`] with a GPS sub-IFD too (left out when `gps_ifd` is empty).
pub fn exif_block_gps(
    ifd0: &[(u16, ExifValue)],
    exif_ifd: &[(u16, ExifValue)],
    gps_ifd: &[(u16, ExifValue)],
) -> Vec<u8> {
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let mut entries0: Vec<(u16, ExifValue)> = ifd0.to_vec();
    let subs = [(tag::EXIF_IFD, exif_ifd), (tag::GPS_IFD, gps_ifd)];
    for (pointer, entries) in subs {
        if !entries.is_empty() {
            entries0.push((pointer, ExifValue::Long(0))); // patched below
        }
    }
    entries0.sort_by_key(|(t, _)| *t);
    let slots = write_ifd_slots(&mut out, &entries0);
    for (pointer, entries) in subs {
        if entries.is_empty() {
            continue;
        }
        let sub_offset = out.len() as u32;
        if let Some((_, at)) = slots.iter().find(|(t, _)| *t == pointer) {
            out[*at..*at + 4].copy_from_slice(&sub_offset.to_le_bytes());
        }
        let mut sub = entries.to_vec();
        sub.sort_by_key(|(t, _)| *t);
        write_ifd(&mut out, &sub, 0);
    }
    out
}

/// Appends one IFD at the end of `out` (offsets are relative to the TIFF start). Returns where the
/// value of `pointer_tag` was written, so the caller can patch it.
pub(crate) fn write_ifd(
    out: &mut Vec<u8>,
    entries: &[(u16, ExifValue)],
    pointer_tag: u16,
) -> Option<usize> {
    let slots = write_ifd_slots(out, entries);
    slots
        .into_iter()
        .find(|(t, _)| *t == pointer_tag && pointer_tag != 0)
        .map(|(_, at)| at)
}

/// A value's TIFF type, count and little-endian bytes.
pub(crate) fn encoded(value: &ExifValue) -> (u16, u32, Vec<u8>) {
    match value {
        ExifValue::Ascii(s) => {
            let mut b = s.as_bytes().to_vec();
            b.push(0);
            (2, b.len() as u32, b)
        }
        ExifValue::Short(v) => (3, 1, v.to_le_bytes().to_vec()),
        ExifValue::Long(v) => (4, 1, v.to_le_bytes().to_vec()),
        ExifValue::Rational(n, d) => (5, 1, [n.to_le_bytes(), d.to_le_bytes()].concat()),
        ExifValue::SRational(n, d) => (10, 1, [n.to_le_bytes(), d.to_le_bytes()].concat()),
        ExifValue::Rationals(parts) => (
            5,
            parts.len() as u32,
            parts
                .iter()
                .flat_map(|(n, d)| [n.to_le_bytes(), d.to_le_bytes()].concat())
                .collect(),
        ),
        ExifValue::Bytes(b) => (1, b.len() as u32, b.clone()),
    }
}

/// Appends one IFD; returns where each entry's 4-byte value (or value offset) was written.
fn write_ifd_slots(out: &mut Vec<u8>, entries: &[(u16, ExifValue)]) -> Vec<(u16, usize)> {
    let start = out.len();
    let data_start = start + 2 + entries.len() * 12 + 4;
    let mut data: Vec<u8> = Vec::new();
    let mut slots = Vec::new();
    out.extend((entries.len() as u16).to_le_bytes());
    for (t, value) in entries {
        let (typ, count, bytes) = encoded(value);
        out.extend(t.to_le_bytes());
        out.extend(typ.to_le_bytes());
        out.extend(count.to_le_bytes());
        slots.push((*t, out.len()));
        if bytes.len() <= 4 {
            let mut inline = bytes.clone();
            inline.resize(4, 0);
            out.extend(inline);
        } else {
            out.extend(((data_start + data.len()) as u32).to_le_bytes());
            data.extend(&bytes);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    out.extend(0u32.to_le_bytes()); // no next IFD
    out.extend(data);
    slots
}

/// A baseline JPEG of a flat colour with a gradient, `width` x `height` stored pixels.
pub fn plain_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        let s = seed.wrapping_mul(2_654_435_761);
        image::Rgb([
            (s >> 8) as u8 ^ (x * 255 / width.max(1)) as u8,
            (s >> 16) as u8 ^ (y * 255 / height.max(1)) as u8,
            (s >> 24) as u8,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg)
        .expect("encoding to memory cannot fail");
    out.into_inner()
}

/// A valid baseline JPEG of any size up to 65,535 x 65,535, flat mid-grey, built in bytes without
/// an encoder: one grey component whose Huffman tables hold a single 1-bit code each (DC difference
/// 0, end of block), so every 8x8 block is the two bits `00` and the scan is zero bytes, 1/32 byte
/// per pixel. A 280 MP panorama is 1.1 MB, made in milliseconds.
pub fn flat_jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    let mut segment = |marker: u8, body: &[u8]| {
        out.extend([0xFF, marker]);
        out.extend(((body.len() + 2) as u16).to_be_bytes());
        out.extend(body);
    };
    let mut dqt = vec![0u8];
    dqt.extend([1u8; 64]);
    segment(0xDB, &dqt);
    let mut sof = vec![8];
    sof.extend(height.to_be_bytes());
    sof.extend(width.to_be_bytes());
    sof.extend([1, 1, 0x11, 0]);
    segment(0xC0, &sof);
    for class in [0x00u8, 0x10] {
        let mut dht = vec![class, 1];
        dht.extend([0u8; 15]);
        dht.push(0);
        segment(0xC4, &dht);
    }
    segment(0xDA, &[1, 1, 0x00, 0, 63, 0]);
    let blocks = u64::from(width).div_ceil(8) * u64::from(height).div_ceil(8);
    out.resize(out.len() + blocks.div_ceil(4) as usize, 0);
    out.extend([0xFF, 0xD9]);
    out
}

/// A valid JPEG of at least `size` bytes: a tiny picture, then deterministic noise after its end
/// marker (decoders stop at the marker; the scanner reads only the header). For sync tests and benches.
pub fn padded_jpeg(seed: u32, size: usize) -> Vec<u8> {
    let mut bytes = plain_jpeg(32, 24, seed);
    bytes.reserve(size.saturating_sub(bytes.len()));
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    while bytes.len() < size {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.extend(x.to_le_bytes());
    }
    bytes
}

/// Inserts an `Exif\0\0` APP1 segment carrying `tiff` right after the SOI marker of `jpeg`.
pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(jpeg.len() + tiff.len() + 10);
    out.extend(&jpeg[..2]);
    out.extend([0xFF, 0xE1]);
    out.extend(((tiff.len() + 8) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

/// A camera-like EXIF block: make/model/orientation, DateTimeOriginal (+ offset), exposure.
pub fn camera_exif(date: &str, offset: Option<&str>, orientation: u16) -> Vec<u8> {
    let mut sub = vec![
        (tag::DATE_TIME_ORIGINAL, ExifValue::Ascii(date.to_string())),
        (tag::EXPOSURE_TIME, ExifValue::Rational(1, 250)),
        (tag::F_NUMBER, ExifValue::Rational(28, 10)),
        (tag::ISO, ExifValue::Short(200)),
        (tag::FOCAL_LENGTH, ExifValue::Rational(35, 1)),
    ];
    if let Some(offset) = offset {
        sub.push((
            tag::OFFSET_TIME_ORIGINAL,
            ExifValue::Ascii(offset.to_string()),
        ));
    }
    exif_block(
        &[
            (tag::MAKE, ExifValue::Ascii("Shoebox".into())),
            (tag::MODEL, ExifValue::Ascii("Bench Cam".into())),
            (tag::ORIENTATION, ExifValue::Short(orientation)),
        ],
        &sub,
    )
}

/// Writes `count` small JPEGs with distinct EXIF dates into `dir`, `per_folder` to a sub-folder.
/// Returns the number of bytes written. Deterministic for a given (count, per_folder).
pub fn generate_library(dir: &Path, count: usize, per_folder: usize) -> std::io::Result<u64> {
    generate_library_sized(dir, count, per_folder, 48)
}

/// Like [`generate_library`], with pictures `long_edge` pixels wide or tall, in 24 looks and
/// three aspect ratios (3:2, 2:3, 16:9), so a gallery of them has justified rows to show.
pub fn generate_library_sized(
    dir: &Path,
    count: usize,
    per_folder: usize,
    long_edge: u32,
) -> std::io::Result<u64> {
    let bases: Vec<Vec<u8>> = (0..24u32)
        .map(|look| {
            let (w, h) = match look % 3 {
                0 => (long_edge, long_edge * 2 / 3),
                1 => (long_edge * 2 / 3, long_edge),
                _ => (long_edge, long_edge * 9 / 16),
            };
            plain_jpeg(w.max(1), h.max(1), look * 7 + 1)
        })
        .collect();
    let per_folder = per_folder.max(1);
    let mut bytes = 0u64;
    for i in 0..count {
        let folder = dir.join(format!("{:04}", i / per_folder));
        if i % per_folder == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        // Spread over ~15 years, four photos a day; every tenth shares a whole minute (burst shots).
        let date = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap_or_default()
            + chrono::Duration::days((i / 4) as i64 % 5500);
        let mut secs = (i as i64 * 7919) % 86_400;
        if i % 10 == 0 {
            secs -= secs % 60;
        }
        let when = date.and_hms_opt(0, 0, 0).unwrap_or_default() + chrono::Duration::seconds(secs);
        let exif = camera_exif(
            &when.format("%Y:%m:%d %H:%M:%S").to_string(),
            (i % 3 == 0).then_some("+02:00"),
            1 + (i % 8) as u16,
        );
        let data = with_exif(&bases[(i * 7) % bases.len()], &exif);
        std::fs::write(folder.join(format!("IMG_{i:06}.jpg")), &data)?;
        bytes += data.len() as u64;
    }
    Ok(bytes)
}
/// A freedesktop trash of this test process's own: `$XDG_DATA_HOME` set, once, to a temporary
/// folder (the trash crate reads it), so tests that trash files never touch the user's trash.
/// Returns that folder (the trash is its `Trash/`).
pub fn isolated_trash() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder for the trash");
        std::env::set_var("XDG_DATA_HOME", dir.path());
        dir
    })
    .path()
}

pub mod containers;
pub mod s3;
pub mod xmp;

/// A picture of its own for each `seed` (coloured rectangles over a gradient), so perceptual hashes
/// tell pictures apart the way they tell photos apart.
pub fn picture(seed: u32, width: u32, height: u32) -> RgbImage {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let mut img = RgbImage::from_fn(width, height, |px, py| {
        image::Rgb([(px * 255 / width) as u8, (py * 255 / height) as u8, 128])
    });
    for _ in 0..12 {
        let (x0, y0) = (next() % width, next() % height);
        let (w, h) = (next() % (width / 2) + 8, next() % (height / 2) + 8);
        let colour = image::Rgb([next() as u8, next() as u8, next() as u8]);
        for y in y0..(y0 + h).min(height) {
            for x in x0..(x0 + w).min(width) {
                img.put_pixel(x, y, colour);
            }
        }
    }
    img
}

/// `img` as a JPEG, scaled to `scale` of its size first (1.0: as it is).
pub fn jpeg_of(img: &RgbImage, scale: f32) -> Vec<u8> {
    let (w, h) = (
        ((img.width() as f32 * scale) as u32).max(1),
        ((img.height() as f32 * scale) as u32).max(1),
    );
    let img = image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg)
        .expect("encoding to memory cannot fail");
    out.into_inner()
}
