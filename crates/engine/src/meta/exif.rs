//! EXIF fields Shoebox keeps, read from a TIFF structure with kamadak-exif (lenient: partial results kept).

use exif::{Context, Exif, In, Tag, Value};

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

/// Parses a TIFF-structured EXIF payload, from whichever container's reader found it: a payload
/// that opens with `Exif\0\0`, a JPEG APP1 header or a few stray bytes before its TIFF header (as
/// WebP, HEIC and PNG writers variously store it) is parsed from that header. `Err` only when
/// nothing at all could be read.
pub fn parse(mut tiff: Vec<u8>) -> Result<ExifFields, String> {
    if let Some(start) = tiff_start(&tiff).filter(|s| *s > 0) {
        tiff.drain(..start);
    }
    from_result(exif::Reader::new().continue_on_error(true).read_raw(tiff))
}

/// Where the TIFF header (`II*\0` / `MM\0*`) starts within the first bytes of an EXIF payload.
pub fn tiff_start(payload: &[u8]) -> Option<usize> {
    let window = &payload[..payload.len().min(64)];
    window
        .windows(4)
        .position(|w| w == b"II*\0" || w == b"MM\0*")
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
    // The offset of a date is its own OffsetTime* tag, else the general OffsetTime (cameras
    // write the three alike); never a guess.
    let capture = |date_tag: Tag, offset_tag: Tag| {
        date(date_tag).map(|taken_at| Capture {
            taken_at,
            offset: offset(offset_tag).or_else(|| offset(Tag::OffsetTime)),
            source: DateSource::Exif,
        })
    };
    let text = |tag: Tag| field(tag).and_then(ascii).and_then(clean_text);
    // Make and Model belong in IFD0; some writers put them in the EXIF IFD.
    let make = text(Tag::Make).or_else(|| text(Tag(Context::Exif, 0x010F)));

    let pixel_size = match (uint(Tag::PixelXDimension), uint(Tag::PixelYDimension)) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
        _ => match (uint(Tag::ImageWidth), uint(Tag::ImageLength)) {
            (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
            _ => None,
        },
    };
    ExifFields {
        orientation: uint(Tag::Orientation).and_then(|o| u16::try_from(o).ok()),
        date_original: capture(Tag::DateTimeOriginal, Tag::OffsetTimeOriginal)
            .or_else(|| maker_note_date(exif, make.as_deref())),
        date_digitized: capture(Tag::DateTimeDigitized, Tag::OffsetTimeDigitized),
        camera: Camera {
            make: make.clone(),
            model: text(Tag::Model).or_else(|| text(Tag(Context::Exif, 0x0110))),
            // LensModel belongs in the EXIF IFD; some writers put it in IFD0.
            lens: text(Tag::LensModel).or_else(|| text(Tag(Context::Tiff, 0xA434))),
        },
        exposure: Exposure {
            focal_length: field(Tag::FocalLength)
                .and_then(rational)
                .filter(|f| *f > 0.0),
            aperture: field(Tag::FNumber)
                .and_then(rational)
                .filter(|f| *f > 0.0)
                .or_else(|| {
                    field(Tag::ApertureValue)
                        .and_then(rational)
                        .and_then(apex_aperture)
                }),
            exposure_time: field(Tag::ExposureTime)
                .and_then(rational)
                .filter(|f| *f > 0.0)
                .or_else(|| {
                    field(Tag::ShutterSpeedValue)
                        .and_then(rational)
                        .and_then(apex_exposure_time)
                }),
            // Panasonic's RW2 keeps its ISO in IFD0 (tag 0x17), where no standard tag sits.
            // Canon cameras that write none keep it in their maker note.
            iso: uint(Tag::PhotographicSensitivity)
                .or_else(|| uint(Tag(Context::Tiff, 0x0017)))
                .filter(|iso| *iso > 0)
                .or_else(|| {
                    make.as_deref()
                        .filter(|m| m.starts_with("Canon"))
                        .and_then(|_| super::makernote::canon_maker_note_iso(exif.buf()))
                        .map(u32::from)
                }),
        },
        gps: gps(exif),
        pixel_size,
        warning: None,
    }
}

/// A capture date that only the maker note holds (trail cameras), without an offset.
fn maker_note_date(exif: &Exif, make: Option<&str>) -> Option<Capture> {
    let note = match &exif.get_field(Tag::MakerNote, In::PRIMARY)?.value {
        Value::Undefined(bytes, _) | Value::Byte(bytes) => bytes,
        _ => return None,
    };
    let taken_at = super::makernote::reconyx_date(note, make)?;
    Some(Capture {
        taken_at,
        offset: None,
        source: DateSource::Exif,
    })
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

/// FNumber from an APEX ApertureValue: 2^(Av/2), to the usual one decimal.
fn apex_aperture(av: f64) -> Option<f64> {
    (-2.0..=32.0)
        .contains(&av)
        .then(|| (2f64.powf(av / 2.0) * 10.0).round() / 10.0)
        .filter(|f| *f > 0.0)
}

/// ExposureTime from an APEX ShutterSpeedValue: 2^(−Tv) seconds.
fn apex_exposure_time(tv: f64) -> Option<f64> {
    (-20.0..=40.0)
        .contains(&tv)
        .then(|| 2f64.powf(-tv))
        .filter(|t| *t > 0.0)
}

/// One GPS coordinate from its rationals as cameras write them: degrees, minutes, seconds, or
/// decimal minutes (seconds `0/0`), or decimal degrees alone. A zero denominator in a part that is
/// not zero makes the coordinate unknown, never a wrong one.
fn dms(parts: &[(f64, f64)]) -> Option<f64> {
    let mut total = 0.0;
    for ((num, den), scale) in parts.iter().take(3).zip([1.0, 60.0, 3600.0]) {
        if *den == 0.0 {
            if *num == 0.0 && scale > 1.0 {
                continue;
            }
            return None;
        }
        total += (num / den).abs() / scale;
    }
    (!parts.is_empty() && total.is_finite()).then_some(total)
}

fn gps(exif: &Exif) -> Option<(f64, f64)> {
    let coord = |tag: Tag, ref_tag: Tag, negative: u8, limit: f64| -> Option<f64> {
        let parts: Vec<(f64, f64)> = match &exif.get_field(tag, In::PRIMARY)?.value {
            Value::Rational(r) => r
                .iter()
                .map(|p| (f64::from(p.num), f64::from(p.denom)))
                .collect(),
            Value::SRational(r) => r
                .iter()
                .map(|p| (f64::from(p.num), f64::from(p.denom)))
                .collect(),
            _ => return None,
        };
        let degrees = dms(&parts)?;
        let sign = match exif
            .get_field(ref_tag, In::PRIMARY)
            .map(|f| &f.value)
            .and_then(ascii)
        {
            Some(r) if r.first().map(u8::to_ascii_uppercase) == Some(negative) => -1.0,
            _ => 1.0,
        };
        (degrees <= limit).then_some(sign * degrees)
    };
    let lat = coord(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S', 90.0)?;
    let lon = coord(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W', 180.0)?;
    Some((lat, lon))
}
