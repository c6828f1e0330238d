//! A capture date written in a file name, the fallback for photos whose metadata has none:
//! `IMG_20190612_153012.jpg`, `20190612_153012.jpg`, `PXL_20210101_123456789.jpg`,
//! `2019-06-12 15.30.12.jpg`, `Screenshot 2019-06-12 at 15.30.12.png` (also `at 3.30.12 PM`).
//! A date alone (no time after it) counts as midnight.

use chrono::{NaiveDate, NaiveDateTime};

/// The first date (with its time when one follows) found in `name`.
pub fn date_in_name(name: &str) -> Option<NaiveDateTime> {
    let b = name.as_bytes();
    (0..b.len()).find_map(|i| {
        if i > 0 && b[i - 1].is_ascii_digit() {
            return None;
        }
        compact(&b[i..]).or_else(|| dashed(&b[i..]))
    })
}

fn digits(b: &[u8], n: usize) -> Option<u32> {
    let part = b.get(..n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(part).ok()?.parse().ok()
}

fn date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1826..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// `YYYYMMDD`, then optionally `_HHMMSS` or `-HHMMSS` (more digits may follow: milliseconds).
fn compact(b: &[u8]) -> Option<NaiveDateTime> {
    let day = date(digits(b, 4)?, digits(&b[4..], 2)?, digits(b.get(6..)?, 2)?)?;
    if b.get(8).is_some_and(u8::is_ascii_digit) {
        return None; // a longer number, not a date
    }
    let time = match b.get(8) {
        Some(b'_' | b'-' | b'T' | b' ') => b.get(9..).and_then(|t| {
            day.and_hms_opt(digits(t, 2)?, digits(&t[2..], 2)?, digits(t.get(4..)?, 2)?)
        }),
        _ => None,
    };
    Some(time.unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default()))
}

/// `YYYY-MM-DD` (or `_` between the parts), then optionally a time `HH.MM.SS`, `HH-MM-SS` or
/// `HH:MM:SS` after a space, `_`, `T`, `-` or ` at `, with an optional ` AM`/` PM`.
fn dashed(b: &[u8]) -> Option<NaiveDateTime> {
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'_') || b.get(7) != Some(&sep) {
        return None;
    }
    let day = date(digits(b, 4)?, digits(&b[5..], 2)?, digits(b.get(8..)?, 2)?)?;
    if b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let rest = b.get(10..).unwrap_or_default();
    let rest = rest
        .strip_prefix(b" at ")
        .or_else(|| rest.strip_prefix(b" "))
        .or_else(|| rest.strip_prefix(b"_"))
        .or_else(|| rest.strip_prefix(b"T"))
        .or_else(|| rest.strip_prefix(b"-"));
    let time = rest.and_then(|t| clock(t).and_then(|(h, m, s)| day.and_hms_opt(h, m, s)));
    Some(time.unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default()))
}

/// `H.MM.SS` or `HH.MM.SS` (`.`, `-` or `:` between), then an optional ` AM` / ` PM`.
fn clock(t: &[u8]) -> Option<(u32, u32, u32)> {
    let hour_len = if t.get(1).is_some_and(u8::is_ascii_digit) {
        2
    } else {
        1
    };
    let mut hour = digits(t, hour_len)?;
    let t = &t[hour_len..];
    let sep = *t.first()?;
    if !matches!(sep, b'.' | b'-' | b':') || t.get(3) != Some(&sep) {
        return None;
    }
    let (minute, second) = (digits(&t[1..], 2)?, digits(t.get(4..)?, 2)?);
    let rest = t.get(6..).unwrap_or_default();
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let pm = rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(b"PM");
    let am = rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(b"AM");
    if (pm || am) && (1..=12).contains(&hour) {
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    Some((hour, minute, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<String> {
        date_in_name(text).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    #[test]
    fn camera_and_phone_names() {
        assert_eq!(
            at("IMG_20190612_153012.jpg").as_deref(),
            Some("2019-06-12 15:30:12")
        );
        assert_eq!(
            at("20190612_153012.jpg").as_deref(),
            Some("2019-06-12 15:30:12")
        );
        assert_eq!(
            at("PXL_20210101_123456789.jpg").as_deref(),
            Some("2021-01-01 12:34:56")
        );
        assert_eq!(
            at("VID-20200229-WA0001.jpg").as_deref(),
            Some("2020-02-29 00:00:00")
        );
        assert_eq!(
            at("IMG-20180305-WA0007.jpeg").as_deref(),
            Some("2018-03-05 00:00:00")
        );
    }

    #[test]
    fn dashed_names_and_screenshots() {
        assert_eq!(
            at("2019-06-12 15.30.12.jpg").as_deref(),
            Some("2019-06-12 15:30:12")
        );
        assert_eq!(
            at("2019-06-12 holiday.jpg").as_deref(),
            Some("2019-06-12 00:00:00")
        );
        assert_eq!(
            at("Screenshot 2019-06-12 at 15.30.12.png").as_deref(),
            Some("2019-06-12 15:30:12")
        );
        assert_eq!(
            at("Screenshot 2019-06-12 at 3.30.12 PM.png").as_deref(),
            Some("2019-06-12 15:30:12")
        );
        assert_eq!(
            at("Screenshot_2019-06-12-08-05-09.png").as_deref(),
            Some("2019-06-12 08:05:09")
        );
    }

    #[test]
    fn numbers_that_are_not_dates() {
        for name in [
            "IMG_1234.jpg",
            "DSC01234.JPG",
            "120190612_1.jpg",
            "201906121.jpg",
            "20191312_101010.jpg",
            "17000101_000000.jpg",
            "2019-13-01.jpg",
            "photo.jpg",
            "",
        ] {
            assert_eq!(at(name), None, "{name}");
        }
        assert_eq!(
            at("IMG_20190612_256199.jpg").as_deref(),
            Some("2019-06-12 00:00:00"),
            "an impossible time keeps the date"
        );
    }
}
