//! The capture date from an XMP packet, for files whose EXIF block lacks it (edited exports,
//! broken EXIF). A plain text search: XMP writes the property as an attribute or an element.

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
    fn vague_or_broken_dates_are_ignored() {
        assert!(capture_date(br#"exif:DateTimeOriginal="2010-07-11""#).is_none());
        assert!(capture_date(br#"exif:DateTimeOriginal="2010-13-11T10:00:00""#).is_none());
        assert!(capture_date(b"\xff\xfe").is_none());
    }
}
