//! What only a maker note holds, read as exiftool reads it and used only where the EXIF IFD has
//! nothing: the capture date of Reconyx trail cameras (HyperFire, UltraFire, HyperFire 2,
//! MicroFire, HyperFire 4K; all little-endian), and the ISO of Canon cameras that write none
//! (most PowerShots and IXUSes), from the camera settings and shot info arrays.

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

/// The ISO as exiftool computes it for Canon from the camera settings (`settings`, word 16: the
/// ISO when it is a number) and else the shot info (`shot`: BaseISO x AutoISO / 100, words 2 and 1).
pub fn canon_iso(settings: Option<&[u16]>, shot: Option<&[u16]>) -> Option<u16> {
    let camera_iso = settings
        .and_then(|s| s.get(16).copied())
        .filter(|v| *v != 0x7fff)
        .and_then(|v| match v {
            v if v & 0x4000 != 0 => Some(v & 0x3fff),
            16 => Some(50),
            17 => Some(100),
            18 => Some(200),
            19 => Some(400),
            20 => Some(800),
            _ => None,
        })
        .filter(|v| *v > 0);
    if camera_iso.is_some() {
        return camera_iso;
    }
    let shot = shot?;
    let (auto, base) = (*shot.get(1)? as i16, *shot.get(2)? as i16);
    let auto_iso = (f64::from(auto) / 32.0 * std::f64::consts::LN_2).exp() * 100.0;
    let base_iso = (f64::from(base) / 32.0 * std::f64::consts::LN_2).exp() * 100.0 / 32.0;
    let iso = (base_iso * auto_iso / 100.0).round();
    (base != 0 && (1.0..=65_535.0).contains(&iso)).then_some(iso as u16)
}

/// A Canon maker note's ISO, from the TIFF structure of an EXIF block (`tiff`, from its header):
/// the camera settings (tag 1) and shot info (tag 4) arrays.
pub fn canon_maker_note_iso(tiff: &[u8]) -> Option<u16> {
    let [settings, shot] = super::tiff::maker_note_shorts(tiff, [0x0001, 0x0004]);
    canon_iso(settings.as_deref(), shot.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF: IFD0 -> EXIF IFD -> a Canon maker note whose camera settings say
    /// `camera_iso` and whose shot info says AutoISO 32, BaseISO 160 (ISO 200). `base` is added
    /// to the note's value offsets (an editor that moved the note); `note_big_endian` writes the
    /// note in the other byte order.
    fn canon_tiff(camera_iso: u16, base: i64, note_big_endian: bool) -> Vec<u8> {
        let le16 = |v: u16| v.to_le_bytes();
        let le32 = |v: u32| v.to_le_bytes();
        let n16 = |v: u16| {
            if note_big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let n32 = |v: u32| {
            if note_big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut t = b"II*\0".to_vec();
        t.extend(le32(8));
        t.extend(le16(1)); // IFD0 at 8: the EXIF IFD pointer
        t.extend(le16(0x8769));
        t.extend(le16(4));
        t.extend(le32(1));
        t.extend(le32(26));
        t.extend(le32(0));
        let note_len = 2 + 2 * 12 + 4 + 40 + 8;
        t.extend(le16(1)); // EXIF IFD at 26: the maker note
        t.extend(le16(0x927C));
        t.extend(le16(7));
        t.extend(le32(note_len));
        t.extend(le32(44));
        t.extend(le32(0));
        assert_eq!(t.len(), 44);
        let (settings_at, shot_at) = (74u32, 114u32);
        let shifted = |at: u32| (i64::from(at) - base) as u32;
        t.extend(n16(2));
        for (tag, count, at) in [(1u16, 20u32, settings_at), (4, 4, shot_at)] {
            t.extend(n16(tag));
            t.extend(n16(3));
            t.extend(n32(count));
            t.extend(n32(shifted(at)));
        }
        t.extend(n32(0));
        let mut settings = [0u16; 20];
        settings[16] = camera_iso;
        t.extend(settings.iter().flat_map(|&v| n16(v)));
        t.extend([0u16, 32, 160, 0].iter().flat_map(|&v| n16(v)));
        t
    }

    #[test]
    fn canon_maker_note_iso_as_exiftool_reads_it() {
        assert_eq!(
            canon_maker_note_iso(&canon_tiff(0x4000 | 400, 0, false)),
            Some(400)
        );
        assert_eq!(canon_maker_note_iso(&canon_tiff(18, 0, false)), Some(200));
        // "Auto" and 0x7fff (none) fall back to the shot info: 100 x 200 / 100.
        assert_eq!(canon_maker_note_iso(&canon_tiff(15, 0, false)), Some(200));
        assert_eq!(
            canon_maker_note_iso(&canon_tiff(0x7fff, 0, false)),
            Some(200)
        );
        // A note moved without its offsets, and one in the other byte order.
        assert_eq!(
            canon_maker_note_iso(&canon_tiff(0x4000 | 800, 62, false)),
            Some(800)
        );
        assert_eq!(
            canon_maker_note_iso(&canon_tiff(0x4000 | 800, 0, true)),
            Some(800)
        );
        assert_eq!(canon_maker_note_iso(b"II*\0\x08\0\0\0\0\0"), None);
    }

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
