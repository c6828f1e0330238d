//! An EXIF block (a TIFF structure) edited in place for a copy whose pixels are already upright:
//! Orientation set to 1, and, when location is stripped, the GPS IFD's bytes zeroed and its
//! pointer removed from IFD0. Everything else — maker notes included — keeps its offsets.

/// `tiff` with orientation 1 and, if `strip_gps`, no GPS; `None` when the structure is too broken
/// to edit safely (the caller then leaves EXIF out rather than copy a wrong orientation).
pub(crate) fn edit(tiff: &[u8], strip_gps: bool) -> Option<Vec<u8>> {
    let mut out = tiff.to_vec();
    let le = match out.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let t = Tiff { le };
    let ifd0 = t.u32(&out, 4)? as usize;
    let count = usize::from(t.u16(&out, ifd0)?);
    let entries = ifd0 + 2;
    out.get(entries..entries + count * 12 + 4)?;
    let mut gps_entry = None;
    for i in 0..count {
        let at = entries + i * 12;
        match t.u16(&out, at)? {
            0x0112 => {
                let kind = t.u16(&out, at + 2)?;
                if kind == 3 {
                    t.put_u16(&mut out, at + 8, 1);
                } else {
                    return None;
                }
            }
            0x8825 => gps_entry = Some(i),
            _ => {}
        }
    }
    if let (true, Some(i)) = (strip_gps, gps_entry) {
        let at = entries + i * 12;
        let gps = t.u32(&out, at + 8)? as usize;
        t.zero_ifd(&mut out, gps)?;
        // The later entries and the next-IFD pointer move up over the removed one.
        out.copy_within(at + 12..entries + count * 12 + 4, at);
        let last = entries + (count - 1) * 12 + 4;
        out[last..last + 12].fill(0);
        t.put_u16(&mut out, ifd0, (count - 1) as u16);
    }
    Some(out)
}

struct Tiff {
    le: bool,
}

impl Tiff {
    fn u16(&self, b: &[u8], at: usize) -> Option<u16> {
        let v: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
        Some(if self.le {
            u16::from_le_bytes(v)
        } else {
            u16::from_be_bytes(v)
        })
    }

    fn u32(&self, b: &[u8], at: usize) -> Option<u32> {
        let v: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(if self.le {
            u32::from_le_bytes(v)
        } else {
            u32::from_be_bytes(v)
        })
    }

    fn put_u16(&self, b: &mut [u8], at: usize, v: u16) {
        let bytes = if self.le {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        b[at..at + 2].copy_from_slice(&bytes);
    }

    /// Zeroes the IFD at `ifd` and every value it points to.
    fn zero_ifd(&self, b: &mut [u8], ifd: usize) -> Option<()> {
        let count = usize::from(self.u16(b, ifd)?);
        let end = ifd + 2 + count * 12 + 4;
        b.get(ifd..end)?;
        for i in 0..count {
            let at = ifd + 2 + i * 12;
            let size = type_size(self.u16(b, at + 2)?) * self.u32(b, at + 4)? as usize;
            if size > 4 {
                let offset = self.u32(b, at + 8)? as usize;
                if let Some(value) = b.get_mut(offset..offset.saturating_add(size)) {
                    value.fill(0);
                }
            }
        }
        b[ifd..end].fill(0);
        Some(())
    }
}

fn type_size(kind: u16) -> usize {
    match kind {
        3 | 8 => 2,
        4 | 9 | 11 | 13 => 4,
        5 | 10 | 12 => 8,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF: IFD0 with Orientation 6 and a GPS pointer, then a GPS IFD whose
    /// latitude (3 rationals) lies outside it.
    fn sample() -> Vec<u8> {
        let mut b = b"II*\0".to_vec();
        b.extend(8u32.to_le_bytes());
        // IFD0 at 8: 2 entries (26 + 4 bytes), ends at 38
        b.extend(2u16.to_le_bytes());
        b.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        b.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0]);
        b.extend(38u32.to_le_bytes());
        b.extend(0u32.to_le_bytes());
        // GPS IFD at 38: 1 entry, latitude at 56
        b.extend(1u16.to_le_bytes());
        b.extend([2, 0, 5, 0, 3, 0, 0, 0]);
        b.extend(56u32.to_le_bytes());
        b.extend(0u32.to_le_bytes());
        b.extend([0xAB; 24]);
        b
    }

    #[test]
    fn orientation_becomes_1_and_gps_disappears() {
        let kept = edit(&sample(), false).unwrap();
        assert_eq!(kept[8 + 2 + 8], 1);
        assert!(kept.contains(&0xAB));
        let stripped = edit(&sample(), true).unwrap();
        assert_eq!(stripped.len(), sample().len());
        assert_eq!(u16::from_le_bytes([stripped[8], stripped[9]]), 1);
        assert_eq!(stripped[10 + 8], 1);
        assert!(!stripped.contains(&0xAB), "the coordinates are zeroed");
        let fields = exif::Reader::new().read_raw(stripped).unwrap();
        assert!(fields
            .fields()
            .all(|f| f.tag != exif::Tag::GPSInfoIFDPointer && f.ifd_num == exif::In::PRIMARY));
    }

    #[test]
    fn a_broken_structure_is_not_edited() {
        assert_eq!(edit(b"II*\0\xFF\xFF\0\0", false), None);
        assert_eq!(edit(b"nope", true), None);
    }
}
