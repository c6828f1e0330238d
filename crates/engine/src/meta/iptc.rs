//! The capture date from IPTC IIM (JPEG APP13 `Photoshop 3.0`, image resource 0x0404): datasets
//! 2:55 DateCreated (`CCYYMMDD`) and 2:60 TimeCreated (`HHMMSS±HHMM`); and every record-2 dataset
//! (keywords, captions) for the XMP reader. Bounded walks.

use chrono::{NaiveDate, NaiveDateTime};

use super::date::parse_exif_offset;

/// What starts an APP13 segment that carries Photoshop image resources.
pub const SIGNATURE: &[u8] = b"Photoshop 3.0\0";

/// `(wall-clock time, offset)` from the IPTC block inside an APP13 payload (after [`SIGNATURE`]).
/// A date without a time counts as midnight.
pub fn capture_date(resources: &[u8]) -> Option<(NaiveDateTime, Option<String>)> {
    let (mut date, mut time) = (None, None);
    for (dataset, value) in datasets(resources) {
        match dataset {
            55 => date = Some(value),
            60 => time = Some(value),
            _ => {}
        }
    }
    let date = date?;
    let num = |b: &[u8]| -> Option<u32> {
        b.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(b).ok()?.parse().ok())?
    };
    let day = NaiveDate::from_ymd_opt(
        num(date.get(0..4)?)? as i32,
        num(date.get(4..6)?)?,
        num(date.get(6..8)?)?,
    )?;
    let (clock, offset) = match time {
        Some(t) if t.len() >= 6 => {
            let clock = day.and_hms_opt(num(&t[0..2])?, num(&t[2..4])?, num(&t[4..6])?);
            let offset = t.get(6..11).and_then(|z| {
                let text = format!(
                    "{}{}:{}",
                    z[0] as char,
                    as_str(&z[1..3])?,
                    as_str(&z[3..5])?
                );
                parse_exif_offset(text.as_bytes())
            });
            (clock, offset)
        }
        _ => (None, None),
    };
    Some((clock.or_else(|| day.and_hms_opt(0, 0, 0))?, offset))
}

/// The record-2 (application) datasets of the IPTC block inside an APP13 payload, in order, as
/// far as the block is well-formed.
pub fn datasets(resources: &[u8]) -> Vec<(u8, &[u8])> {
    let Some(iim) = iptc_resource(resources) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = iim;
    while rest.len() >= 5 && rest[0] == 0x1C {
        let (record, dataset) = (rest[1], rest[2]);
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        if len & 0x8000 != 0 {
            break; // extended datasets carry no text Shoebox reads
        }
        let Some(value) = rest.get(5..5 + len) else {
            break;
        };
        if record == 2 {
            out.push((dataset, value));
        }
        rest = &rest[5 + len..];
    }
    out
}

fn as_str(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok()
}

/// The data of image resource 0x0404 (IPTC-NAA) in a run of `8BIM` resources.
fn iptc_resource(mut rest: &[u8]) -> Option<&[u8]> {
    while rest.len() >= 12 && &rest[0..4] == b"8BIM" {
        let id = u16::from_be_bytes([rest[4], rest[5]]);
        let name_len = usize::from(rest[6]);
        let name_total = (1 + name_len + 1) & !1; // Pascal string padded to even
        let at = 6 + name_total;
        let size = rest.get(at..at + 4)?;
        let size = u32::from_be_bytes([size[0], size[1], size[2], size[3]]) as usize;
        let data = rest.get(at + 4..(at + 4).checked_add(size)?)?;
        if id == 0x0404 {
            return Some(data);
        }
        rest = rest.get(at + 4 + ((size + 1) & !1)..)?;
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An APP13 payload (after the signature) with an IPTC block holding these datasets.
    pub fn resources(datasets: &[(u8, &[u8])]) -> Vec<u8> {
        let mut iim = vec![0x1C, 1, 90, 0, 3, 0x1B, b'%', b'G']; // 1:90 charset, skipped
        for (dataset, value) in datasets {
            iim.extend([0x1C, 2, *dataset]);
            iim.extend((value.len() as u16).to_be_bytes());
            iim.extend(*value);
        }
        let mut out = b"8BIM\x04\x25\0\0\0\0\0\x02ab".to_vec(); // another resource first
        out.extend(b"8BIM\x04\x04\0\0");
        out.extend((iim.len() as u32).to_be_bytes());
        out.extend(&iim);
        if iim.len() % 2 == 1 {
            out.push(0);
        }
        out
    }

    #[test]
    fn date_and_time_with_offset() {
        let block = resources(&[(55, b"20150312"), (60, b"101530+0100")]);
        let (time, offset) = capture_date(&block).unwrap();
        assert_eq!(time.to_string(), "2015-03-12 10:15:30");
        assert_eq!(offset.as_deref(), Some("+01:00"));
        let (time, offset) = capture_date(&resources(&[(55, b"20150312")])).unwrap();
        assert_eq!(
            (time.to_string(), offset),
            ("2015-03-12 00:00:00".into(), None)
        );
    }

    #[test]
    fn missing_or_broken_blocks_are_none() {
        assert!(capture_date(&resources(&[(60, b"101530")])).is_none());
        assert!(capture_date(&resources(&[(55, b"2015-3-1")])).is_none());
        assert!(capture_date(b"8BIM\x04\x04\0\0\xff\xff\xff\xff").is_none());
        assert!(capture_date(b"").is_none());
    }
}
