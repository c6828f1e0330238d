//! Canon CRW (CIFF) without decoding: the file is a tree of heaps, each ending in a pointer to its
//! table of 10-byte records; the records Shoebox keeps (make and model, the capture time, the image
//! size and rotation, APEX exposure, ISO, focal length) are written into a small TIFF for the same
//! EXIF parser every other container feeds. The thumbnail comes from the embedded JPEG, as for
//! every RAW (`thumbs::raw`). Early Canon PowerShots put the same heap in a JPEG's APP0 segment.

use std::io::{Read, Seek, SeekFrom};

use chrono::DateTime;

use super::tiff::{Ifd, Synthesized};
use super::Container;

/// A heap nested deeper than this is not read (real files nest three levels).
const MAX_DEPTH: u32 = 6;
/// Records read from one file, at most, over every heap (a hostile file cannot make us loop).
const MAX_RECORDS: u32 = 4096;
/// A record larger than this is pixels or a preview, never a value Shoebox keeps.
const MAX_VALUE: u32 = 4096;

/// Whether `head` opens a CIFF heap: byte order, header length, then `HEAPCCDR` (a CRW file) or
/// `HEAPJPGM` (the APP0 segment of an early PowerShot's JPEG).
pub fn is_ciff(head: &[u8]) -> bool {
    head.len() >= 14
        && matches!(&head[..2], b"II" | b"MM")
        && matches!(&head[6..14], b"HEAPCCDR" | b"HEAPJPGM")
}

/// The records Shoebox keeps: make and model, time stamp, image info, exposure info, shot info,
/// camera settings, focal length (exiftool's CanonRaw names).
const MAKE_MODEL: u16 = 0x080a;
const TIME_STAMP: u16 = 0x180e;
const IMAGE_INFO: u16 = 0x1810;
const EXPOSURE_INFO: u16 = 0x1818;
const SHOT_INFO: u16 = 0x102a;
const CAMERA_SETTINGS: u16 = 0x102d;
const FOCAL_LENGTH: u16 = 0x1029;
const KEPT: [u16; 7] = [
    MAKE_MODEL,
    TIME_STAMP,
    IMAGE_INFO,
    EXPOSURE_INFO,
    SHOT_INFO,
    CAMERA_SETTINGS,
    FOCAL_LENGTH,
];

/// The first value of each kept record, in `KEPT`'s order.
#[derive(Default)]
struct Records([Option<Vec<u8>>; 7]);

impl Records {
    fn get(&self, id: u16) -> Option<&[u8]> {
        let i = KEPT.iter().position(|k| *k == id)?;
        self.0[i].as_deref()
    }
}

struct Walker<'r, R> {
    r: &'r mut R,
    values: Values,
    records_left: u32,
    found: Records,
}

impl<R: Read + Seek> Walker<'_, R> {
    fn read_at(&mut self, at: u64, len: usize) -> Option<Vec<u8>> {
        self.r.seek(SeekFrom::Start(at)).ok()?;
        let mut buf = vec![0u8; len];
        self.r.read_exact(&mut buf).ok()?;
        Some(buf)
    }

    /// Reads the heap of `len` bytes at `start` and the heaps inside it.
    fn heap(&mut self, start: u64, len: u64, depth: u32) {
        if depth > MAX_DEPTH || len < 6 {
            return;
        }
        let Some(tail) = self.read_at(start + len - 4, 4) else {
            return;
        };
        let table = u64::from(self.values.u32(&tail));
        if table + 2 > len - 4 {
            return;
        }
        let Some(count) = self.read_at(start + table, 2) else {
            return;
        };
        let fits = (len - 4 - table - 2) / 10;
        let count = u64::from(self.values.u16(&count)).min(fits);
        let Some(entries) = self.read_at(start + table + 2, count as usize * 10) else {
            return;
        };
        for raw in entries.chunks_exact(10) {
            if self.records_left == 0 {
                return;
            }
            self.records_left -= 1;
            let tag = self.values.u16(&raw[0..2]);
            if tag & 0x8000 != 0 {
                return; // not a CIFF record: the table is damaged
            }
            let (size, offset) = (self.values.u32(&raw[2..6]), self.values.u32(&raw[6..10]));
            let in_record = tag & 0x4000 != 0;
            let kind = (tag >> 8) & 0x38;
            let end = u64::from(offset) + u64::from(size);
            if !in_record && end > len {
                continue;
            }
            if matches!(kind, 0x28 | 0x30) && !in_record {
                self.heap(start + u64::from(offset), u64::from(size), depth + 1);
                continue;
            }
            let Some(i) = KEPT.iter().position(|k| *k == tag & 0x3fff) else {
                continue;
            };
            if self.found.0[i].is_some() {
                continue;
            }
            self.found.0[i] = if in_record {
                Some(raw[2..10].to_vec())
            } else if size <= MAX_VALUE {
                self.read_at(start + u64::from(offset), size as usize)
            } else {
                None
            };
        }
    }
}

/// Reads a CRW's metadata records (stored size; EXIF made from its records).
pub fn read<R: Read + Seek>(r: &mut R) -> Container {
    let mut out = Container::default();
    let Ok(file_len) = r.seek(SeekFrom::End(0)) else {
        return out;
    };
    let mut head = [0u8; 14];
    if r.seek(SeekFrom::Start(0)).is_err() || r.read_exact(&mut head).is_err() || !is_ciff(&head) {
        return out;
    }
    let mut walker = Walker {
        r,
        values: Values {
            little: &head[..2] == b"II",
        },
        records_left: MAX_RECORDS,
        found: Records::default(),
    };
    let header_len = u64::from(walker.values.u32(&head[2..6]));
    if header_len >= file_len {
        return out;
    }
    walker.heap(header_len, file_len - header_len, 0);
    let Walker { values, found, .. } = walker;
    let mut tiff = Synthesized::default();

    if let Some(mm) = found.get(MAKE_MODEL) {
        // "Canon\0PowerShot S30\0": the make, then the model, NUL-separated.
        let mut parts = mm
            .split(|b| *b == 0)
            .map(|p| String::from_utf8_lossy(p).trim().to_string())
            .filter(|p| !p.is_empty());
        if let Some(make) = parts.next() {
            tiff.ascii(Ifd::Primary, 0x010F, &make);
        }
        if let Some(model) = parts.next() {
            tiff.ascii(Ifd::Primary, 0x0110, &model);
        }
    }
    if let Some(info) = found.get(IMAGE_INFO).filter(|v| v.len() >= 16) {
        let (w, h) = (values.u32(&info[0..4]), values.u32(&info[4..8]));
        if w > 0 && h > 0 {
            out.size = Some((w, h));
        }
        // Degrees clockwise to turn the stored image for display.
        let orientation = match values.u32(&info[12..16]) as i32 {
            90 | -270 => 6,
            180 | -180 => 3,
            270 | -90 => 8,
            _ => 1,
        };
        tiff.short(Ifd::Primary, 0x0112, orientation);
    }
    if let Some(stamp) = found.get(TIME_STAMP).filter(|v| v.len() >= 4) {
        // Seconds since 1970 of the camera's wall clock (no zone: the offset stays unknown).
        let seconds = values.u32(&stamp[0..4]);
        if let Some(at) = DateTime::from_timestamp(i64::from(seconds), 0).filter(|_| seconds > 0) {
            let text = at.naive_utc().format("%Y:%m:%d %H:%M:%S").to_string();
            tiff.ascii(Ifd::Exif, 0x9003, &text);
        }
    }
    if let Some(exposure) = found.get(EXPOSURE_INFO).filter(|v| v.len() >= 12) {
        // Floats: exposure compensation, then APEX shutter speed (Tv) and aperture (Av).
        let tv = values.f32(&exposure[4..8]);
        let av = values.f32(&exposure[8..12]);
        if tv.is_finite() && tv.abs() < 100.0 && tv != 0.0 {
            tiff.srational(Ifd::Exif, 0x9201, (tv * 1000.0).round() as i32, 1000);
        }
        if av.is_finite() && av > 0.0 && av < 64.0 {
            tiff.rational(Ifd::Exif, 0x9202, (av * 1000.0).round() as u32, 1000);
        }
    }
    if let Some(iso) = iso(&found, &values) {
        tiff.short(Ifd::Exif, 0x8827, iso);
    }
    if let Some(focal) = found.get(FOCAL_LENGTH).filter(|v| v.len() >= 4) {
        let units = found
            .get(CAMERA_SETTINGS)
            .and_then(|s| values.u16_at(s, 25))
            .filter(|u| *u > 0)
            .unwrap_or(1);
        let mm = values.u16(&focal[2..4]);
        if mm > 0 {
            tiff.rational(Ifd::Exif, 0x920A, u32::from(mm), u32::from(units));
        }
    }
    out.exif = tiff.finish();
    out
}

/// The ISO from the camera settings and shot info records (Canon's maker-note arrays).
fn iso(found: &Records, values: &Values) -> Option<u16> {
    let words = |id: u16| -> Option<Vec<u16>> {
        let bytes = found.get(id)?;
        Some(
            (0..bytes.len() / 2)
                .filter_map(|i| values.u16_at(bytes, i))
                .collect(),
        )
    };
    super::makernote::canon_iso(
        words(CAMERA_SETTINGS).as_deref(),
        words(SHOT_INFO).as_deref(),
    )
}

/// Reads numbers in the file's byte order.
struct Values {
    little: bool,
}

impl Values {
    fn u16(&self, b: &[u8]) -> u16 {
        let b = [b[0], b[1]];
        if self.little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        }
    }
    fn u32(&self, b: &[u8]) -> u32 {
        let b = [b[0], b[1], b[2], b[3]];
        if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    }
    fn f32(&self, b: &[u8]) -> f32 {
        f32::from_bits(self.u32(b))
    }
    fn u16_at(&self, array: &[u8], i: usize) -> Option<u16> {
        array.get(i * 2..i * 2 + 2).map(|b| self.u16(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heap_pointing_at_itself_is_read_a_bounded_number_of_times() {
        // Header (26 bytes), then a heap whose one record is a sub-heap spanning the whole heap.
        let mut file = b"II\x1a\0\0\0HEAPCCDR\x01\0\x01\0\0\0\0\0\0\0\0\0".to_vec();
        let heap_start = file.len();
        file.extend_from_slice(&1u16.to_le_bytes());
        file.extend_from_slice(&0x300au16.to_le_bytes());
        let heap_len = 2 + 10 + 4;
        file.extend_from_slice(&(heap_len as u32).to_le_bytes());
        file.extend_from_slice(&0u32.to_le_bytes());
        file.extend_from_slice(&0u32.to_le_bytes()); // the table is at the heap's start
        assert_eq!(file.len() - heap_start, heap_len);
        let container = read(&mut std::io::Cursor::new(file));
        assert!(container.size.is_none());
        assert!(container.exif.is_none());
    }
}
