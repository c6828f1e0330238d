//! Capture dates that only a maker note holds: Reconyx trail cameras (HyperFire, UltraFire,
//! HyperFire 2, MicroFire, HyperFire 4K) write none in the EXIF IFD. Layouts as exiftool reads them
//! (all little-endian); used only when the EXIF IFD has no DateTimeOriginal.

use chrono::{NaiveDate, NaiveDateTime};

/// The capture time a Reconyx maker note holds, if `note` is one (`make`: IFD0's Make, which the
/// oldest HyperFire layout needs to be told apart).
pub fn reconyx_date(note: &[u8], make: Option<&str>) -> Option<NaiveDateTime> {
    let u16_at = |at: usize| {
        note.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let words = |at: usize| -> Option<[u16; 6]> {
        let mut out = [0u16; 6];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = u16_at(at + 2 * i)?;
        }
        Some(out)
    };
    // Second, minute, hour, day, month as bytes, then the year as a 16-bit word.
    let packed = |at: usize| -> Option<(u16, u16, u16, u16, u16, u16)> {
        let b = note.get(at..at + 7)?;
        let year = u16::from_le_bytes([b[5], b[6]]);
        Some((
            year,
            u16::from(b[4]),
            u16::from(b[3]),
            u16::from(b[2]),
            u16::from(b[1]),
            u16::from(b[0]),
        ))
    };
    // (year, month, day, hour, minute, second)
    let parts = if note.starts_with(b"RECONYXUF\0") {
        packed(0x3b)?
    } else if note.starts_with(b"RECONYXHF4K\0") {
        packed(0x2f)?
    } else if note.starts_with(b"RECONYXH2\0") {
        let a = words(0x3e)?;
        (a[5], a[4], a[3], a[2], a[1], a[0])
    } else if note.starts_with(b"RECONYXMF\0") {
        let a = words(0x4e)?;
        (a[5], a[3], a[4], a[2], a[1], a[0])
    } else if note.starts_with(&[0x01, 0xF1])
        && (matches!(note.get(2..4), Some([2 | 3, 0])) || make == Some("RECONYX"))
    {
        let mut a = words(0x16)?;
        // Some write these words big-endian when everything else is little-endian.
        if a[0] & 0xff00 != 0 && a[0] & 0xff == 0 {
            a = a.map(u16::swap_bytes);
        }
        (a[5], a[3], a[4], a[2], a[1], a[0])
    } else {
        return None;
    };
    let (year, month, day, hour, minute, second) = parts;
    NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))?.and_hms_opt(
        u32::from(hour),
        u32::from(minute),
        u32::from(second),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reconyx_layout_gives_its_date_and_other_notes_none() {
        let want = NaiveDate::from_ymd_opt(2019, 8, 23)
            .unwrap()
            .and_hms_opt(4, 5, 6)
            .unwrap();
        let put_words = |note: &mut Vec<u8>, at: usize, words: [u16; 6]| {
            note.resize(at + 12, 0);
            for (i, w) in words.iter().enumerate() {
                note[at + 2 * i..at + 2 * i + 2].copy_from_slice(&w.to_le_bytes());
            }
        };
        let mut hyperfire = vec![0x01, 0xF1, 0x03, 0x00];
        put_words(&mut hyperfire, 0x16, [6, 5, 4, 8, 23, 2019]);
        assert_eq!(reconyx_date(&hyperfire, None), Some(want));
        let mut swapped = vec![0x01, 0xF1, 0x10, 0x00];
        put_words(
            &mut swapped,
            0x16,
            [6, 5, 4, 8, 23, 2019].map(u16::swap_bytes),
        );
        assert_eq!(reconyx_date(&swapped, Some("RECONYX")), Some(want));
        assert_eq!(reconyx_date(&swapped, Some("Canon")), None);
        let mut h2 = b"RECONYXH2\0".to_vec();
        put_words(&mut h2, 0x3e, [6, 5, 4, 23, 8, 2019]);
        assert_eq!(reconyx_date(&h2, None), Some(want));
        let mut uf = b"RECONYXUF\0".to_vec();
        uf.resize(0x3b, 0);
        uf.extend([6, 5, 4, 23, 8]);
        uf.extend(2019u16.to_le_bytes());
        assert_eq!(reconyx_date(&uf, None), Some(want));
        assert_eq!(reconyx_date(b"Nikon\0\x02\x10\0\0", None), None);
        assert_eq!(reconyx_date(b"RECONYXUF\0", None), None, "too short");
    }
}
