//! Metadata of one file from a bounded header read (never a pixel decode): format, displayed size,
//! EXIF date/camera/exposure/GPS, with the capture-date fallback chain.

mod date;
mod exif;
mod jpeg;
mod sniff;
mod xmp;

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::time::SystemTime;

use chrono::{DateTime, Local};

pub use exif::ExifFields;
pub use sniff::{candidate_extension, sniff, Format};

pub use crate::model::{Camera, Capture, DateSource, Exposure, WALL_CLOCK_FORMAT};

/// Everything the scanner stores about a photo.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoMeta {
    pub format: Format,
    /// Width and height as displayed: EXIF orientation 5-8 swaps the stored ones.
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
    pub capture: Capture,
    pub camera: Camera,
    pub exposure: Exposure,
    pub gps: Option<(f64, f64)>,
    /// Why some metadata is missing although the photo was indexed.
    pub warning: Option<String>,
}

/// How much of a non-JPEG file is read to find its EXIF block, first try and last try.
const EXIF_PREFIX: u64 = 1 << 20;
const EXIF_PREFIX_MAX: u64 = 16 << 20;

/// Reads the metadata of an opened file. `ext` is the lower-case extension, `mtime` the file's.
/// An `Err` is the reason the file is not a usable image; it is recorded, never fatal.
pub fn read_metadata(
    file: &File,
    ext: &str,
    mtime: SystemTime,
    max_pixels: u64,
) -> Result<PhotoMeta, String> {
    let mut reader = BufReader::with_capacity(16 * 1024, file);
    let head = reader.fill_buf().map_err(|e| format!("read failed: {e}"))?;
    if head.is_empty() {
        return Err("empty file".into());
    }
    let Some(format) = sniff(&head[..head.len().min(64)], ext) else {
        return Err("not a supported image (unrecognised content)".into());
    };

    let mut xmp_date = None;
    let (stored, exif) = match format {
        Format::Jpeg => {
            let header = jpeg::read_header(&mut reader)?;
            let exif = header.exif.map(exif::parse);
            xmp_date = header.xmp.as_deref().and_then(xmp::capture_date);
            ((header.width, header.height), exif)
        }
        _ => {
            reader
                .seek(SeekFrom::Start(0))
                .map_err(|e| format!("read failed: {e}"))?;
            let stored =
                imagesize::reader_size(&mut reader).map(|s| (s.width as u32, s.height as u32));
            let exif = container_exif(&mut reader, format);
            let stored = match (stored, format) {
                (Ok(size), Format::Raw(_)) => Ok(largest(size, exif_pixel_size(&exif))),
                (Err(_), Format::Raw(_)) => Ok(exif_pixel_size(&exif).unwrap_or((0, 0))),
                (Ok(size), _) => Ok(size),
                (Err(e), _) => Err(format!("unreadable {} header: {e}", format.as_str())),
            }?;
            (stored, exif)
        }
    };

    let mut warning = None;
    let fields = match exif {
        Some(Ok(fields)) => {
            warning = fields.warning.clone();
            fields
        }
        Some(Err(e)) => {
            warning = Some(e);
            ExifFields::default()
        }
        None => ExifFields::default(),
    };

    // HEIF/AVIF carry their rotation in the container (applied by the size reader); their EXIF
    // orientation is informational and must not rotate a second time.
    let orientation = match format {
        Format::Heic | Format::Heif | Format::Avif => 1,
        _ => fields
            .orientation
            .filter(|o| (1..=8).contains(o))
            .unwrap_or(1),
    };
    let (width, height) = if orientation >= 5 {
        (stored.1, stored.0)
    } else {
        stored
    };
    if width == 0 || height == 0 {
        if !matches!(format, Format::Raw(_)) {
            return Err(format!(
                "{} header gives a zero image size ({width}x{height})",
                format.as_str()
            ));
        }
        warning.get_or_insert_with(|| "pixel size unknown".into());
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        return Err(format!(
            "image claims {width}x{height} pixels ({} MP), over the {} MP limit",
            pixels / 1_000_000,
            max_pixels / 1_000_000
        ));
    }

    let capture = fields
        .date_original
        .or(fields.date_digitized)
        .or_else(|| {
            xmp_date.map(|(taken_at, offset)| Capture {
                taken_at,
                offset,
                source: DateSource::Exif,
            })
        })
        .unwrap_or_else(|| {
            let local: DateTime<Local> = mtime.into();
            Capture {
                taken_at: local.naive_local(),
                offset: Some(local.format("%:z").to_string()),
                source: DateSource::File,
            }
        });

    Ok(PhotoMeta {
        format,
        width,
        height,
        orientation,
        capture,
        camera: fields.camera,
        exposure: fields.exposure,
        gps: fields.gps,
        warning,
    })
}

fn largest(a: (u32, u32), b: Option<(u32, u32)>) -> (u32, u32) {
    match b {
        Some(b) if u64::from(b.0) * u64::from(b.1) > u64::from(a.0) * u64::from(a.1) => b,
        _ => a,
    }
}

fn exif_pixel_size(exif: &Option<Result<ExifFields, String>>) -> Option<(u32, u32)> {
    exif.as_ref()
        .and_then(|e| e.as_ref().ok())
        .and_then(|f| f.pixel_size)
}

/// EXIF from a non-JPEG container, reading a bounded prefix of the file (grown once if too short).
fn container_exif<R: Read + Seek>(
    reader: &mut R,
    format: Format,
) -> Option<Result<ExifFields, String>> {
    let mut last = None;
    for limit in [EXIF_PREFIX, EXIF_PREFIX_MAX] {
        if reader.seek(SeekFrom::Start(0)).is_err() {
            return None;
        }
        let mut prefix = Vec::new();
        if reader.take(limit).read_to_end(&mut prefix).is_err() {
            return None;
        }
        let complete = (prefix.len() as u64) < limit;
        let result = exif_from_prefix(prefix, format)?;
        if result.is_ok() || complete {
            return Some(result);
        }
        last = Some(result);
    }
    last
}

fn exif_from_prefix(mut prefix: Vec<u8>, format: Format) -> Option<Result<ExifFields, String>> {
    match format {
        Format::Gif => None,
        // Panasonic RW2 and Olympus ORF are TIFF with a private magic number.
        Format::Raw("rw2") | Format::Raw("orf") if prefix.len() >= 4 => {
            prefix[2] = if prefix[0] == b'I' { 0x2A } else { 0x00 };
            prefix[3] = if prefix[0] == b'I' { 0x00 } else { 0x2A };
            Some(exif::parse(prefix))
        }
        // Fujifilm RAF embeds a full JPEG whose offset is at byte 84.
        Format::Raw("raf") => {
            let offset = prefix
                .get(84..88)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)?;
            let embedded = prefix.get(offset..)?;
            let header = jpeg::read_header(&mut Cursor::new(embedded)).ok()?;
            header.exif.map(exif::parse)
        }
        _ => exif::parse_container(&prefix),
    }
}
