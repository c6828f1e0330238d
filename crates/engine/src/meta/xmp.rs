//! The capture date, lens and GPS position from an XMP packet, for files whose EXIF block lacks
//! them (edited exports, broken EXIF, Lightroom's lens names). A plain text search: XMP writes a
//! property as an attribute or an element.

use chrono::NaiveDateTime;

use super::date::{parse_exif_datetime, parse_exif_offset};

/// Properties tried in order: what the camera recorded, then what editors write.
const DATE_PROPERTIES: &[&str] = &[
    "exif:DateTimeOriginal",
    "xmp:CreateDate",
    "photoshop:DateCreated",
];

/// `(wall-clock time, offset)` from the first date property present.
pub fn capture_date(xmp: &[u8]) -> Option<(NaiveDateTime, Option<String>)> {
    let text = std::str::from_utf8(xmp).ok()?;
    DATE_PROPERTIES
        .iter()
        .find_map(|name| property(text, name).and_then(parse_xmp_date))
}

/// Lens names, in order: Adobe's `aux:Lens`, then the EXIF 2.3 namespace's `exifEX:LensModel`.
const LENS_PROPERTIES: &[&str] = &["aux:Lens", "exifEX:LensModel"];

pub fn lens(xmp: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(xmp).ok()?;
    LENS_PROPERTIES.iter().find_map(|name| {
        let value = property(text, name)?.trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// `exif:GPSLatitude` / `exif:GPSLongitude` as XMP writes them: `DDD,MM,SSk` or `DDD,MM.mmk`
/// (k one of N, S, E, W).
pub fn gps(xmp: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(xmp).ok()?;
    let lat = coordinate(property(text, "exif:GPSLatitude")?, b'N', b'S', 90.0)?;
    let lon = coordinate(property(text, "exif:GPSLongitude")?, b'E', b'W', 180.0)?;
    Some((lat, lon))
}

fn coordinate(value: &str, positive: u8, negative: u8, limit: f64) -> Option<f64> {
    let value = value.trim();
    let direction = value.bytes().last()?.to_ascii_uppercase();
    let sign = match direction {
        d if d == positive => 1.0,
        d if d == negative => -1.0,
        _ => return None,
    };
    let numbers = &value[..value.len() - 1];
    let mut total = 0.0;
    let mut count = 0;
    for (part, scale) in numbers.split(',').zip([1.0, 60.0, 3600.0]) {
        let n: f64 = part.trim().parse().ok()?;
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        total += n / scale;
        count += 1;
    }
    (count > 0 && numbers.split(',').count() <= 3 && total <= limit).then_some(sign * total)
}

fn property<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let attr = format!("{name}=\"");
    if let Some(start) = text.find(&attr).map(|i| i + attr.len()) {
        return text[start..].split('"').next();
    }
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    text[start..].split('<').next()
}

/// ISO 8601 as XMP writes it (`2010-07-11T13:53:00+02:00`, `...Z`, date only); also EXIF style.
fn parse_xmp_date(value: &str) -> Option<(NaiveDateTime, Option<String>)> {
    let value = value.trim();
    if value.len() < 19 {
        return None; // a date without a time is too vague to order a timeline by
    }
    let (main, zone) = value.split_at(19);
    let time = parse_exif_datetime(main.as_bytes())?;
    let zone = zone.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match zone {
        "Z" => Some("+00:00".to_string()),
        "" => None,
        other => parse_exif_offset(other.as_bytes()),
    };
    Some((time, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_and_element_forms() {
        let attr = br#"<rdf:Description exif:DateTimeOriginal="2010-07-11T13:53:00+02:00"/>"#;
        let (time, offset) = capture_date(attr).unwrap();
        assert_eq!(time.to_string(), "2010-07-11 13:53:00");
        assert_eq!(offset.as_deref(), Some("+02:00"));
        let element =
            b"<x><photoshop:DateCreated>2013-07-05T03:18:27.25Z</photoshop:DateCreated></x>";
        let (time, offset) = capture_date(element).unwrap();
        assert_eq!(time.to_string(), "2013-07-05 03:18:27");
        assert_eq!(offset.as_deref(), Some("+00:00"));
    }

    #[test]
    fn lens_and_gps_forms() {
        let xmp = br#"<rdf:Description aux:Lens="EF50mm f/1.8" exif:GPSLatitude="48,51.2N"
            exif:GPSLongitude="2,21,3W"/>"#;
        assert_eq!(lens(xmp).as_deref(), Some("EF50mm f/1.8"));
        let (lat, lon) = gps(xmp).unwrap();
        assert!((lat - 48.853_333).abs() < 1e-5 && (lon + 2.350_833).abs() < 1e-5);
        assert!(gps(br#"exif:GPSLatitude="48,51.2X" exif:GPSLongitude="2,21W""#).is_none());
        assert!(gps(br#"exif:GPSLatitude="98,0N" exif:GPSLongitude="2,21W""#).is_none());
        assert!(lens(br#"<exifEX:LensModel></exifEX:LensModel>"#).is_none());
    }

    #[test]
    fn vague_or_broken_dates_are_ignored() {
        assert!(capture_date(br#"exif:DateTimeOriginal="2010-07-11""#).is_none());
        assert!(capture_date(br#"exif:DateTimeOriginal="2010-13-11T10:00:00""#).is_none());
        assert!(capture_date(b"\xff\xfe").is_none());
    }
}
