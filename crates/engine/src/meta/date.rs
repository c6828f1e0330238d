//! Parsing EXIF date strings (`YYYY:MM:DD HH:MM:SS`) and offsets (`+02:00`); impossible values are `None`.

use chrono::{NaiveDate, NaiveDateTime};

/// Parses an EXIF date-time. Accepts `:` or `-` between date parts and a space or `T` before the time,
/// so slightly non-standard writers still work. `0000:00:00`, month 13, hour 25 and the like give `None`.
pub fn parse_exif_datetime(raw: &[u8]) -> Option<NaiveDateTime> {
    let text = std::str::from_utf8(raw)
        .ok()?
        .trim_matches(|c: char| c == '\0' || c.is_whitespace());
    let b = text.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let date_sep_ok = matches!(b[4], b':' | b'-') && matches!(b[7], b':' | b'-');
    let time_sep_ok = matches!(b[10], b' ' | b'T') && b[13] == b':' && b[16] == b':';
    if !date_sep_ok || !time_sep_ok {
        return None;
    }
    let year = num(0..4)? as i32;
    if !(1800..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)?.and_hms_opt(
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    )
}

/// Parses an EXIF OffsetTime value into the canonical `+HH:MM` form.
pub fn parse_exif_offset(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw)
        .ok()?
        .trim_matches(|c: char| c == '\0' || c.is_whitespace());
    let b = text.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let hours: u32 = text[1..3].parse().ok()?;
    let minutes: u32 = text[4..6].parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_standard_and_lenient_forms() {
        let expect = NaiveDate::from_ymd_opt(2023, 10, 28)
            .unwrap()
            .and_hms_opt(21, 42, 29)
            .unwrap();
        assert_eq!(parse_exif_datetime(b"2023:10:28 21:42:29"), Some(expect));
        assert_eq!(parse_exif_datetime(b"2023-10-28T21:42:29\0"), Some(expect));
        assert_eq!(
            parse_exif_datetime(b"2023:10:28 21:42:29.123"),
            Some(expect)
        );
    }

    #[test]
    fn impossible_dates_are_none() {
        for bad in [
            &b"0000:00:00 00:00:00"[..],
            b"2023:13:01 00:00:00",
            b"2023:02:30 10:00:00",
            b"2023:01:01 25:00:00",
            b"    :  :     :  :  ",
            b"",
            b"garbage",
        ] {
            assert_eq!(
                parse_exif_datetime(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_exif_offset(b"+02:00\0").as_deref(), Some("+02:00"));
        assert_eq!(parse_exif_offset(b"-07:30").as_deref(), Some("-07:30"));
        assert_eq!(parse_exif_offset(b"+99:00"), None);
        assert_eq!(parse_exif_offset(b"   :  "), None);
    }
}
