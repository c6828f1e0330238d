//! A `key:value` item's meaning: the typed condition (dates as day-aligned spans of wall-clock
//! seconds, numbers as ranges, marks and orientations as enums) or an error naming the bad value.

use std::ops::Bound;

use chrono::{Datelike, NaiveDate};

use super::lex::{err, Item};
use super::query::{CameraField, Cond, NumField, NumRange, Orientation, PlaceField, Span};
use crate::error::Result;
use crate::organize::{Flag, Label};

/// A comparison prefix and the rest of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
}

fn split_op(text: &str) -> (Op, &str) {
    for (prefix, op) in [
        (">=", Op::Ge),
        ("<=", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (op, rest.trim());
        }
    }
    (Op::Eq, text.trim())
}

/// The condition `key:item` stands for.
pub(super) fn condition(key: &str, item: &Item) -> Result<Cond> {
    let bad = |message: String| err(message, item.start, item.end);
    let text = item.text.trim();
    let lower = text.to_lowercase();
    let blank = if item.quoted {
        text.is_empty()
    } else {
        split_op(text).1.is_empty()
    };
    if blank {
        return Err(bad(format!("{key}: needs a value")));
    }
    let no_op = |what: &str| -> Result<()> {
        if !item.quoted && !matches!(split_op(text).0, Op::Eq) {
            return Err(bad(format!("{key}: compares {what}, not with < or >")));
        }
        Ok(())
    };
    let word = || -> String { text.to_string() };
    Ok(match key {
        "date" | "taken" | "year" | "before" | "after" => {
            Cond::Date(date_condition(key, text, item)?)
        }
        "month" => match month_of_year(&lower) {
            Some(m) => Cond::MonthOfYear(m),
            None => Cond::Date(date_condition(key, text, item)?),
        },
        "camera" | "make" | "model" | "lens" => {
            no_op("names")?;
            let field = match key {
                "camera" => CameraField::Camera,
                "make" => CameraField::Make,
                "model" => CameraField::Model,
                _ => CameraField::Lens,
            };
            Cond::Camera(field, word(), item.exact)
        }
        "focal" | "aperture" | "f" | "iso" | "exposure" | "shutter" | "rating" | "stars"
        | "width" | "height" | "mp" | "size" => {
            let field = match key {
                "focal" => NumField::Focal,
                "aperture" | "f" => NumField::Aperture,
                "iso" => NumField::Iso,
                "exposure" | "shutter" => NumField::Exposure,
                "rating" | "stars" => NumField::Rating,
                "width" => NumField::Width,
                "height" => NumField::Height,
                "mp" => NumField::Megapixels,
                _ => NumField::Size,
            };
            Cond::Num(field, num_range(key, field, text, item)?)
        }
        "format" => {
            no_op("names")?;
            let name = match lower.as_str() {
                "jpg" | "jpe" | "jpeg" => "jpeg",
                "tif" | "tiff" => "tiff",
                "hif" => "heif",
                "raw" => return Ok(Cond::Raw),
                other => other,
            };
            let known = ["jpeg", "png", "gif", "webp", "tiff", "heic", "heif", "avif"];
            if !known.contains(&name) && !crate::meta::RAW_EXTENSIONS.contains(&name) {
                return Err(bad(format!(
                    "unknown format '{text}' (jpeg, png, gif, webp, tiff, heic, heif, avif, raw, dng, cr3, nef, arw, raf, …)"
                )));
            }
            Cond::Format(name.to_string())
        }
        "is" => match lower.as_str() {
            "raw" => Cond::Raw,
            "favourite" | "favorite" | "fav" | "heart" => Cond::Favourite,
            "pick" | "picked" => Cond::Flag(Flag::Pick),
            "reject" | "rejected" => Cond::Flag(Flag::Reject),
            "landscape" | "portrait" | "square" | "panorama" => {
                Cond::Orientation(orientation(&lower).unwrap_or(Orientation::Landscape))
            }
            _ => {
                return Err(bad(format!(
                    "is: knows raw, favourite, pick, reject, landscape, portrait, square and panorama, not '{text}'"
                )))
            }
        },
        "has" => match lower.as_str() {
            "gps" | "location" | "coordinates" => Cond::HasGps,
            _ => return Err(bad(format!("has: knows gps, not '{text}'"))),
        },
        "folder" => {
            no_op("paths")?;
            Cond::Folder(word().trim_end_matches('/').to_string())
        }
        "flag" => {
            no_op("names")?;
            Cond::Flag(Flag::parse(&lower).map_err(|e| bad(e.to_string()))?)
        }
        "label" => {
            no_op("names")?;
            Cond::Label(Label::parse(&lower).map_err(|e| bad(e.to_string()))?)
        }
        "tag" | "album" => {
            no_op("names")?;
            let name = word();
            let value = (item.quoted || !lower.eq("none")).then_some(name);
            if key == "tag" {
                Cond::Tag(value.map(|v| v.trim_matches('/').to_string()))
            } else {
                Cond::Album(value)
            }
        }
        "place" | "country" | "region" | "city" => {
            no_op("names")?;
            let field = match key {
                "place" => PlaceField::Any,
                "country" => PlaceField::Country,
                "region" => PlaceField::Region,
                _ => PlaceField::City,
            };
            Cond::Place(field, word())
        }
        "orientation" => match orientation(&lower) {
            Some(o) => Cond::Orientation(o),
            None => {
                return Err(bad(format!(
                    "orientation: is landscape, portrait, square or panorama, not '{text}'"
                )))
            }
        },
        "name" => {
            no_op("names")?;
            Cond::Name(word())
        }
        _ => return Err(bad(format!("unknown key '{key}'"))),
    })
}

fn orientation(text: &str) -> Option<Orientation> {
    Orientation::ALL.into_iter().find(|o| o.name() == text)
}

fn month_of_year(text: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if let Ok(n) = text.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    if text.len() >= 3 {
        let at = NAMES.iter().position(|m| text.starts_with(m))?;
        let full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ][at];
        return full.starts_with(text).then_some(at as u32 + 1);
    }
    None
}

fn secs(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0)
}

/// The first day of the month after `d`'s.
pub(crate) fn month_after(d: NaiveDate) -> Option<NaiveDate> {
    if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the span of that period.
fn period(text: &str, key: &str, item: &Item) -> Result<(i64, i64)> {
    let bad = |m: String| err(m, item.start, item.end);
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let not_a_date = || {
        bad(format!(
            "{text} is not a date ({key}: takes 2019, 2019-07 or 2019-07-14)"
        ))
    };
    let year = parts
        .first()
        .and_then(|y| num(y, 4))
        .ok_or_else(not_a_date)? as i32;
    if key == "year" && parts.len() > 1 {
        return Err(bad(format!("year: takes a year like 2019, not {text}")));
    }
    let (start, end) = match parts.len() {
        1 => {
            let s = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(not_a_date)?;
            (
                s,
                NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or_else(not_a_date)?,
            )
        }
        2 => {
            let m = num(parts[1], 2).ok_or_else(not_a_date)?;
            let s = NaiveDate::from_ymd_opt(year, m, 1).ok_or_else(not_a_date)?;
            (s, month_after(s).ok_or_else(not_a_date)?)
        }
        3 => {
            let m = num(parts[1], 2).ok_or_else(not_a_date)?;
            let d = num(parts[2], 2).ok_or_else(not_a_date)?;
            let s = NaiveDate::from_ymd_opt(year, m, d).ok_or_else(not_a_date)?;
            (s, s.succ_opt().ok_or_else(not_a_date)?)
        }
        _ => return Err(not_a_date()),
    };
    Ok((secs(start), secs(end)))
}

fn date_condition(key: &str, text: &str, item: &Item) -> Result<Span> {
    let bad = |m: String| err(m, item.start, item.end);
    if let Some((a, b)) = text.split_once("..") {
        if matches!(key, "before" | "after") {
            return Err(bad(format!("{key}: takes one date, not a range")));
        }
        let start = (!a.is_empty()).then(|| period(a, key, item)).transpose()?;
        let end = (!b.is_empty()).then(|| period(b, key, item)).transpose()?;
        if start.is_none() && end.is_none() {
            return Err(bad(format!("{key}: a range needs at least one end")));
        }
        let span = Span {
            start: start.map(|s| s.0),
            end: end.map(|e| e.1),
        };
        if let (Some(s), Some(e)) = (span.start, span.end) {
            if s >= e {
                return Err(bad(format!("the range {text} ends before it starts")));
            }
        }
        return Ok(span);
    }
    let (op, rest) = split_op(text);
    if rest.is_empty() {
        return Err(bad(format!("{key}: needs a date after {}", &text[..1])));
    }
    let (s, e) = period(rest, key, item)?;
    let op = match (key, op) {
        ("before", Op::Eq) => Op::Lt,
        ("after", Op::Eq) => Op::Gt,
        ("before" | "after", _) => {
            return Err(bad(format!("{key}: takes a date without < or >")));
        }
        (_, op) => op,
    };
    Ok(match op {
        Op::Eq => Span {
            start: Some(s),
            end: Some(e),
        },
        Op::Ge => Span {
            start: Some(s),
            end: None,
        },
        Op::Gt => Span {
            start: Some(e),
            end: None,
        },
        Op::Lt => Span {
            start: None,
            end: Some(s),
        },
        Op::Le => Span {
            start: None,
            end: Some(e),
        },
    })
}

/// One number of `field` as written (`35mm`, `f/2.8`, `1/250`, `2s`, `10MB`).
fn number(field: NumField, text: &str) -> Option<f64> {
    let t = text.trim().to_lowercase();
    let plain = |s: &str| -> Option<f64> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        s.parse::<f64>().ok().filter(|v| v.is_finite())
    };
    let integer = |s: &str| -> Option<f64> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 12)
            .then(|| s.parse::<f64>().ok())
            .flatten()
    };
    match field {
        NumField::Focal => plain(t.strip_suffix("mm").unwrap_or(&t)),
        NumField::Aperture => plain(
            t.strip_prefix("f/")
                .or_else(|| t.strip_prefix('f'))
                .unwrap_or(&t),
        ),
        NumField::Iso | NumField::Rating => integer(&t),
        NumField::Width | NumField::Height => integer(t.strip_suffix("px").unwrap_or(&t)),
        NumField::Megapixels => plain(t.strip_suffix("mp").unwrap_or(&t)),
        NumField::Exposure => {
            if let Some((a, b)) = t.split_once('/') {
                let (a, b) = (plain(a)?, plain(b.strip_suffix('s').unwrap_or(b))?);
                (b > 0.0).then_some(a / b)
            } else {
                plain(
                    t.strip_suffix('s')
                        .or_else(|| t.strip_suffix('"'))
                        .unwrap_or(&t),
                )
            }
        }
        NumField::Size => {
            let split = t
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(t.len());
            let (n, unit) = t.split_at(split);
            let scale = match unit.trim() {
                "" | "b" => 1.0,
                "k" | "kb" => 1e3,
                "m" | "mb" => 1e6,
                "g" | "gb" => 1e9,
                _ => return None,
            };
            Some((plain(n)? * scale).round())
        }
    }
}

fn wants(field: NumField) -> &'static str {
    match field {
        NumField::Focal => "a focal length in mm like 35",
        NumField::Aperture => "an f-number like 2.8",
        NumField::Iso => "a number like 3200",
        NumField::Exposure => "a time like 1/250 or 2s",
        NumField::Rating => "a number of stars, 0 to 5",
        NumField::Width | NumField::Height => "a number of pixels",
        NumField::Megapixels => "megapixels like 24",
        NumField::Size => "a size like 10MB",
    }
}

fn num_range(key: &str, field: NumField, text: &str, item: &Item) -> Result<NumRange> {
    let bad = |m: String| err(m, item.start, item.end);
    let one = |s: &str| -> Result<f64> {
        let v = number(field, s)
            .ok_or_else(|| bad(format!("{key} wants {}, got '{}'", wants(field), s.trim())))?;
        if field == NumField::Rating && v > 5.0 {
            return Err(bad(format!("rating goes from 0 to 5, not {v}")));
        }
        Ok(v)
    };
    if let Some((a, b)) = text.split_once("..") {
        let lo = (!a.trim().is_empty()).then(|| one(a)).transpose()?;
        let hi = (!b.trim().is_empty()).then(|| one(b)).transpose()?;
        return match (lo, hi) {
            (Some(lo), Some(hi)) if lo > hi => {
                Err(bad(format!("the range {text} ends before it starts")))
            }
            (None, None) => Err(bad(format!("{key}: a range needs at least one end"))),
            (lo, hi) => Ok(NumRange {
                lo: lo.map_or(Bound::Unbounded, Bound::Included),
                hi: hi.map_or(Bound::Unbounded, Bound::Included),
            }),
        };
    }
    let (op, rest) = split_op(text);
    let v = one(rest)?;
    Ok(match op {
        Op::Eq => NumRange::eq(v),
        Op::Ge => NumRange {
            lo: Bound::Included(v),
            hi: Bound::Unbounded,
        },
        Op::Gt => NumRange {
            lo: Bound::Excluded(v),
            hi: Bound::Unbounded,
        },
        Op::Le => NumRange {
            lo: Bound::Unbounded,
            hi: Bound::Included(v),
        },
        Op::Lt => NumRange {
            lo: Bound::Unbounded,
            hi: Bound::Excluded(v),
        },
    })
}
