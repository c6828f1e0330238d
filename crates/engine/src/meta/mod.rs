//! Metadata of one file from a bounded header read (never a pixel decode): format, displayed size,
//! EXIF date/camera/exposure/GPS, with the capture-date fallback chain.
//!
//! The capture date is the first *plausible* one of, in order: EXIF DateTimeOriginal, EXIF
//! DateTimeDigitized, XMP (exif:DateTimeOriginal, xmp:CreateDate, photoshop:DateCreated), IPTC
//! DateCreated + TimeCreated, a date in the file name; then, for an undated photo, the earlier of
//! the file's birth time (where the file system records it) and its modification time. A date more
//! than a day in the future or before 1826 (the first photograph) is implausible: it is skipped,
//! with a warning.

mod bmff;
mod ciff;
mod date;
mod exif;
mod filename;
mod iptc;
mod jpeg;
mod jxl;
mod makernote;
mod png;
mod sniff;
mod tiff;
mod webp;
mod xmp;

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeDelta};

pub(crate) use bmff::hide_unusual_aux_references;
pub use exif::ExifFields;
pub(crate) use sniff::RAW_EXTENSIONS;
pub use sniff::{candidate_extension, sniff, Format};
pub(crate) use tiff::{old_jpeg_stream, photometric};

/// A JPEG XL file's displayed size, from its bytes.
pub(crate) fn jxl_size(bytes: &[u8]) -> Option<(u32, u32)> {
    jxl::read(&mut Cursor::new(bytes))
        .1
        .map(|h| (h.width, h.height))
}

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
    /// What the file's own XMP and IPTC say of its rating, flag, label, tags, title and
    /// description (the sidecar is read by the scan beside it).
    pub(crate) organized: crate::xmp::Said,
}

impl PhotoMeta {
    /// Adds `note` to the warning.
    pub(crate) fn warn(&mut self, note: &str) {
        self.warning = Some(match self.warning.take() {
            Some(w) => format!("{w}; {note}"),
            None => note.to_string(),
        });
    }
}

/// What a container reader found without decoding: the size as displayed by the container (HEIF
/// rotation and crop applied; a RAW's largest image) and the raw EXIF and XMP payloads. Every
/// container feeds the same EXIF parser.
#[derive(Debug, Default)]
pub(crate) struct Container {
    pub size: Option<(u32, u32)>,
    pub exif: Option<Vec<u8>>,
    pub xmp: Option<Vec<u8>>,
}

/// The raw metadata payloads a file embeds, as the scanner's container readers find them: what an
/// export copies into its output.
#[derive(Debug, Default)]
pub(crate) struct Embedded {
    /// The TIFF structure of the EXIF block.
    pub exif: Option<Vec<u8>>,
    pub xmp: Option<Vec<u8>>,
    /// A JPEG's Photoshop image resources (IPTC inside).
    pub photoshop: Option<Vec<u8>>,
}

/// The EXIF, XMP and (JPEG) IPTC payloads of a file of `format` whose bytes are `bytes`.
pub(crate) fn embedded(bytes: &[u8], format: Format) -> Embedded {
    let mut reader = Cursor::new(bytes);
    let container = match format {
        Format::Jpeg => {
            return jpeg::read_header(&mut reader)
                .map(|h| Embedded {
                    exif: h.exif,
                    xmp: h.xmp,
                    photoshop: h.photoshop,
                })
                .unwrap_or_default();
        }
        Format::Webp => webp::read(&mut reader),
        Format::Png => png::read(&mut reader),
        Format::Heic | Format::Heif | Format::Avif => bmff::read(&mut reader),
        Format::Raw("cr3") => bmff::read_cr3(&mut reader),
        Format::Raw("crw") => ciff::read(&mut reader),
        Format::Jxl => jxl::read(&mut reader).0,
        Format::Raw("raf" | "x3f") | Format::Gif => Container::default(),
        Format::Tiff | Format::Raw(_) => tiff::read(&mut reader),
    };
    Embedded {
        exif: container.exif,
        xmp: container.xmp,
        photoshop: None,
    }
}

/// How much of a RAF file is read to find its EXIF block, first try and last try.
const EXIF_PREFIX: u64 = 1 << 20;
const EXIF_PREFIX_MAX: u64 = 16 << 20;

/// What the file system says about a file, for the capture-date fallbacks.
#[derive(Debug, Clone, Copy)]
pub struct FileFacts<'a> {
    pub path: &'a Path,
    /// The lower-case extension.
    pub ext: &'a str,
    pub modified: SystemTime,
    /// Birth time, where the file system records it.
    pub created: Option<SystemTime>,
    /// The photo's XMP sidecar, read: its dates and GPS fill in what the file lacks.
    pub sidecar: Option<&'a [u8]>,
}

/// Reads the metadata of an opened file. An `Err` is the reason the file is not a usable image; it
/// is recorded, never fatal.
pub fn read_metadata(
    file: &File,
    facts: &FileFacts<'_>,
    max_pixels: u64,
) -> Result<PhotoMeta, String> {
    let ext = facts.ext;
    let mut reader = BufReader::with_capacity(16 * 1024, file);
    let head = reader.fill_buf().map_err(|e| format!("read failed: {e}"))?;
    if head.is_empty() {
        return Err("empty file".into());
    }
    let Some(format) = sniff(&head[..head.len().min(64)], ext) else {
        return Err("not a supported image (unrecognised content)".into());
    };

    let mut xmp = None;
    let mut iptc_date = None;
    let mut iptc_said = None;
    let (stored, exif) = match format {
        Format::Jpeg => {
            let header = jpeg::read_header(&mut reader)?;
            // EXIF, else the CIFF heap an early PowerShot wrote instead.
            let exif = header.exif.map(exif::parse).or_else(|| {
                let heap = header.ciff.as_deref()?;
                ciff::read(&mut Cursor::new(heap)).exif.map(exif::parse)
            });
            xmp = header.xmp;
            iptc_date = header.photoshop.as_deref().and_then(iptc::capture_date);
            iptc_said = header
                .photoshop
                .as_deref()
                .map(|p| crate::xmp::read::iptc(&iptc::datasets(p)));
            ((header.width, header.height), exif)
        }
        _ => {
            let container = match format {
                Format::Webp => Some(webp::read(&mut reader)),
                Format::Png => Some(png::read(&mut reader)),
                Format::Heic | Format::Heif | Format::Avif => Some(bmff::read(&mut reader)),
                Format::Raw("cr3") => Some(bmff::read_cr3(&mut reader)),
                Format::Raw("crw") => Some(ciff::read(&mut reader)),
                Format::Jxl => Some(jxl::read(&mut reader).0),
                Format::Raw("raf" | "x3f") | Format::Gif => None,
                Format::Tiff | Format::Raw(_) => Some(tiff::read(&mut reader)),
                Format::Jpeg => None,
            };
            let (own_size, exif) = match container {
                Some(found) => {
                    xmp = found.xmp;
                    (found.size, found.exif.map(exif::parse))
                }
                // RAF keeps its EXIF in an embedded JPEG; GIF and X3F carry none Shoebox reads.
                None if format == Format::Raw("raf") => (None, raf_exif(&mut reader)),
                None => (None, None),
            };
            let mut from_header = || {
                reader
                    .seek(SeekFrom::Start(0))
                    .map_err(|e| e.to_string())
                    .and_then(|_| {
                        imagesize::reader_size(&mut reader)
                            .map(|s| (s.width as u32, s.height as u32))
                            .map_err(|e| e.to_string())
                    })
            };
            let stored = match format {
                Format::Raw(_) => {
                    let size = largest(own_size.unwrap_or((0, 0)), exif_pixel_size(&exif));
                    Ok(largest(size, from_header().ok()))
                }
                // A TIFF's image is IFD0's; its SubIFDs hold thumbnails.
                Format::Tiff => from_header(),
                _ => own_size.map_or_else(from_header, Ok),
            }
            .map_err(|e| format!("unreadable {} header: {e}", format.as_str()))?;
            (stored, exif)
        }
    };

    let mut warning = None;
    let mut fields = match exif {
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
        // JPEG XL's codestream orientation is applied by the size reader and the decoder.
        Format::Heic | Format::Heif | Format::Avif | Format::Jxl => 1,
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
    // The limit bounds what a thumbnail's decode would allocate, not the header: JPEG (and a RAW's
    // JPEG preview) decodes at 1/8 scale at least, the other codecs only at full size.
    let pixels = u64::from(width) * u64::from(height);
    let decoded = match format {
        Format::Jpeg | Format::Raw(_) => {
            u64::from(width.div_ceil(8)) * u64::from(height.div_ceil(8))
        }
        _ => pixels,
    };
    if decoded > max_pixels {
        return Err(format!(
            "image claims {width}x{height} pixels ({:.1} MP): decoding it would exceed the limit \
             of {:.1} MP",
            pixels as f64 / 1e6,
            max_pixels as f64 / 1e6
        ));
    }

    let recorded = |(taken_at, offset), source| Capture {
        taken_at,
        offset,
        source,
    };
    let name = facts.path.file_name().map(|n| n.to_string_lossy());
    let candidates = [
        fields.date_original.take(),
        fields.date_digitized.take(),
        facts
            .sidecar
            .and_then(xmp::capture_date)
            .map(|d| recorded(d, DateSource::Xmp)),
        xmp.as_deref()
            .and_then(xmp::capture_date)
            .map(|d| recorded(d, DateSource::Xmp)),
        iptc_date.map(|d| recorded(d, DateSource::Iptc)),
        name.as_deref()
            .and_then(filename::date_in_name)
            .map(|t| recorded((t, None), DateSource::FileName)),
    ];
    let now = Local::now().naive_local();
    let (capture, implausible) = choose_capture(candidates, facts, now);
    if let Some(note) = implausible {
        warning = Some(match warning {
            Some(w) => format!("{w}; {note}"),
            None => note,
        });
    }

    let mut camera = fields.camera;
    let mut gps = fields.gps;
    for xmp in [facts.sidecar, xmp.as_deref()].into_iter().flatten() {
        if camera.lens.is_none() {
            camera.lens = xmp::lens(xmp);
        }
        if gps.is_none() {
            gps = xmp::gps(xmp);
        }
    }

    let mut meta = PhotoMeta {
        format,
        width,
        height,
        orientation,
        capture,
        camera,
        exposure: fields.exposure,
        gps,
        warning,
        organized: crate::xmp::Said::default(),
    };
    // What the file says of how it is organized: its XMP packet over its IPTC block.
    let mut organized = match xmp.as_deref().map(crate::xmp::read::xmp) {
        Some(Ok(reading)) => {
            for w in &reading.warnings {
                meta.warn(&format!("embedded XMP: {w}"));
            }
            reading.said
        }
        Some(Err(e)) => {
            meta.warn(&format!("embedded XMP skipped: {e}"));
            crate::xmp::Said::default()
        }
        None => crate::xmp::Said::default(),
    };
    if let Some(reading) = iptc_said {
        for w in &reading.warnings {
            meta.warn(&format!("IPTC: {w}"));
        }
        organized = organized.over(reading.said);
    }
    meta.organized = organized;
    Ok(meta)
}

/// The first plausible recorded date, else the file's time: the earlier of its birth time and its
/// modification time (a copy keeps the older one in one of them). The second value says which
/// recorded dates were skipped as implausible.
pub(crate) fn choose_capture(
    recorded: impl IntoIterator<Item = Option<Capture>>,
    facts: &FileFacts<'_>,
    now: NaiveDateTime,
) -> (Capture, Option<String>) {
    let mut skipped = Vec::new();
    for capture in recorded.into_iter().flatten() {
        if plausible(capture.taken_at, now) {
            return (capture, implausible_note(&skipped));
        }
        skipped.push(capture);
    }
    let birth = facts
        .created
        .filter(|b| *b < facts.modified && plausible(local(*b).naive_local(), now));
    let (time, source) = match birth {
        Some(b) => (b, DateSource::Birth),
        None => (facts.modified, DateSource::File),
    };
    // The wall-clock time of this machine's zone; no offset is recorded for it (the file says
    // nothing about where it was taken, and a made-up one is worse than none).
    let capture = Capture {
        taken_at: local(time).naive_local(),
        offset: None,
        source,
    };
    (capture, implausible_note(&skipped))
}

fn local(time: SystemTime) -> DateTime<Local> {
    time.into()
}

/// Photography began in 1826; a camera clock can be a little ahead of this one, not a day.
pub(crate) fn plausible(taken_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    let first = NaiveDate::from_ymd_opt(1826, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    taken_at >= first && taken_at <= now + TimeDelta::days(1)
}

fn implausible_note(skipped: &[Capture]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let list: Vec<String> = skipped
        .iter()
        .map(|c| format!("{} ({})", c.taken_at_text(), c.source))
        .collect();
    Some(format!(
        "implausible capture date ignored: {}",
        list.join(", ")
    ))
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

/// EXIF of a Fujifilm RAF: the embedded JPEG whose offset is at byte 84, read from a bounded prefix of
/// the file (grown once if too short).
fn raf_exif<R: Read + Seek>(reader: &mut R) -> Option<Result<ExifFields, String>> {
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
        let result = raf_exif_in(&prefix);
        if result.as_ref().is_some_and(|r| r.is_ok()) || complete {
            return result;
        }
        last = result.or(last);
    }
    last
}

fn raf_exif_in(prefix: &[u8]) -> Option<Result<ExifFields, String>> {
    let offset = prefix
        .get(84..88)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)?;
    let embedded = prefix.get(offset..)?;
    let header = jpeg::read_header(&mut Cursor::new(embedded)).ok()?;
    header.exif.map(exif::parse)
}
