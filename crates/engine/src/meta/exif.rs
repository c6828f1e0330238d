//! EXIF fields Shoebox keeps, read from a TIFF structure with kamadak-exif (lenient: partial results kept).

use exif::{Exif, In, Tag, Value};

use super::date::{parse_exif_datetime, parse_exif_offset};
use crate::model::{Camera, Capture, DateSource, Exposure};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ExifFields {
    pub orientation: Option<u16>,
    /// DateTimeOriginal with OffsetTimeOriginal.
    pub date_original: Option<Capture>,
    /// DateTimeDigitized (CreateDate) with OffsetTimeDigitized.
    pub date_digitized: Option<Capture>,
    pub camera: Camera,
    pub exposure: Exposure,
    pub gps: Option<(f64, f64)>,
    /// PixelXDimension/PixelYDimension, else IFD0 ImageWidth/ImageLength (TIFF-based files).
    pub pixel_size: Option<(u32, u32)>,
    /// Set when part of the EXIF data was unreadable; what could be read is kept.
    pub warning: Option<String>,
}

/// Parses a TIFF-structured EXIF payload. `Err` only when nothing at all could be read.
pub fn parse(tiff: Vec<u8>) -> Result<ExifFields, String> {
    from_result(exif::Reader::new().continue_on_error(true).read_raw(tiff))
}

/// Finds and parses the EXIF block of a TIFF, PNG, WebP or HEIF container held in memory.
/// `None` when the container has no EXIF block.
pub fn parse_container(bytes: &[u8]) -> Option<Result<ExifFields, String>> {
    let result = exif::Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut std::io::Cursor::new(bytes));
    match result {
        Err(exif::Error::NotFound(_)) => None,
        other => Some(from_result(other)),
    }
}

fn from_result(result: Result<Exif, exif::Error>) -> Result<ExifFields, String> {
    let mut warning = None;
    let exif = match result {
        Ok(exif) => exif,
        Err(exif::Error::PartialResult(partial)) => {
            let (exif, errors) = partial.into_inner();
            warning = errors
                .first()
                .map(|e| format!("EXIF partly unreadable: {e}"));
            exif
        }
        Err(e) => return Err(format!("EXIF unreadable: {e}")),
    };
    let mut fields = extract(&exif);
    fields.warning = warning;
    Ok(fields)
}

fn extract(exif: &Exif) -> ExifFields {
    let field = |tag: Tag| exif.get_field(tag, In::PRIMARY).map(|f| &f.value);
    let uint = |tag: Tag| field(tag).and_then(|v| v.get_uint(0));
    let date = |tag: Tag| field(tag).and_then(ascii).and_then(parse_exif_datetime);
    let offset = |tag: Tag| field(tag).and_then(ascii).and_then(parse_exif_offset);
    let capture = |date_tag: Tag, offset_tag: Tag| {
        date(date_tag).map(|taken_at| Capture {
            taken_at,
            offset: offset(offset_tag),
            source: DateSource::Exif,
        })
    };
    let text = |tag: Tag| field(tag).and_then(ascii).and_then(clean_text);

    let pixel_size = match (uint(Tag::PixelXDimension), uint(Tag::PixelYDimension)) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
        _ => match (uint(Tag::ImageWidth), uint(Tag::ImageLength)) {
            (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
            _ => None,
        },
    };
    ExifFields {
        orientation: uint(Tag::Orientation).and_then(|o| u16::try_from(o).ok()),
        date_original: capture(Tag::DateTimeOriginal, Tag::OffsetTimeOriginal),
        date_digitized: capture(Tag::DateTimeDigitized, Tag::OffsetTimeDigitized),
        camera: Camera {
            make: text(Tag::Make),
            model: text(Tag::Model),
            lens: text(Tag::LensModel),
        },
        exposure: Exposure {
            focal_length: field(Tag::FocalLength)
                .and_then(rational)
                .filter(|f| *f > 0.0),
            aperture: field(Tag::FNumber).and_then(rational).filter(|f| *f > 0.0),
            exposure_time: field(Tag::ExposureTime)
                .and_then(rational)
                .filter(|f| *f > 0.0),
            iso: uint(Tag::PhotographicSensitivity).filter(|iso| *iso > 0),
        },
        gps: gps(exif),
        pixel_size,
        warning: None,
    }
}

fn ascii(value: &Value) -> Option<&[u8]> {
    match value {
        Value::Ascii(parts) => parts.first().map(Vec::as_slice),
        _ => None,
    }
}

fn clean_text(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    (!text.is_empty()).then(|| text.to_string())
}

fn rational(value: &Value) -> Option<f64> {
    let v = match value {
        Value::Rational(r) => r.first().map(|r| r.to_f64()),
        Value::SRational(r) => r.first().map(|r| r.to_f64()),
        _ => None,
    }?;
    v.is_finite().then_some(v)
}

fn gps(exif: &Exif) -> Option<(f64, f64)> {
    let coord = |tag: Tag, ref_tag: Tag, negative: u8, limit: f64| -> Option<f64> {
        let Value::Rational(parts) = &exif.get_field(tag, In::PRIMARY)?.value else {
            return None;
        };
        if parts.len() < 3 || parts.iter().take(3).any(|p| p.denom == 0) {
            return None;
        }
        let degrees = parts[0].to_f64() + parts[1].to_f64() / 60.0 + parts[2].to_f64() / 3600.0;
        let sign = match exif
            .get_field(ref_tag, In::PRIMARY)
            .map(|f| &f.value)
            .and_then(ascii)
        {
            Some(r) if r.first() == Some(&negative) => -1.0,
            _ => 1.0,
        };
        (degrees <= limit).then_some(sign * degrees)
    };
    let lat = coord(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S', 90.0)?;
    let lon = coord(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W', 180.0)?;
    Some((lat, lon))
}
