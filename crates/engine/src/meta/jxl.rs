//! JPEG XL without decoding: a bare codestream (`FF 0A`) or the ISO-BMFF container (`JXL ` box,
//! `Exif` and `xml ` boxes, the codestream in `jxlc` or `jxlp` boxes). The size and orientation
//! come from the codestream's SizeHeader and ImageMetadata (a few bits, LSB first); the EXIF
//! payload feeds the same parser as every other container's.

use std::io::{Read, Seek, SeekFrom};

use super::Container;

/// The container's signature box.
const SIGNATURE: [u8; 12] = [
    0, 0, 0, 0x0C, b'J', b'X', b'L', b' ', 0x0D, 0x0A, 0x87, 0x0A,
];
/// Boxes read, at most, and the largest EXIF or XMP box kept.
const MAX_BOXES: usize = 64;
const MAX_PAYLOAD: u64 = 4 << 20;

/// Whether `head` opens a JPEG XL file (codestream or container).
pub fn is_jxl(head: &[u8]) -> bool {
    head.starts_with(&[0xFF, 0x0A]) || head.starts_with(&SIGNATURE)
}

/// What the codestream's first bytes say: the size as displayed and the orientation (1-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
}

/// LSB-first bits, as JPEG XL's headers are written.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn read(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for i in 0..n {
            let byte = *self.data.get(self.pos / 8)?;
            v |= u32::from((byte >> (self.pos % 8)) & 1) << i;
            self.pos += 1;
        }
        Some(v)
    }

    /// JPEG XL's U32 with the size header's four distributions: 1 + u(9 | 13 | 18 | 30).
    fn size(&mut self) -> Option<u32> {
        let bits = [9, 13, 18, 30][self.read(2)? as usize];
        Some(1 + self.read(bits)?)
    }
}

/// Parses a codestream's SizeHeader and the orientation in its ImageMetadata.
pub fn codestream_header(codestream: &[u8]) -> Option<Header> {
    if !codestream.starts_with(&[0xFF, 0x0A]) {
        return None;
    }
    let mut bits = Bits {
        data: &codestream[2..],
        pos: 0,
    };
    let small = bits.read(1)? == 1;
    let height = if small {
        (bits.read(5)? + 1) * 8
    } else {
        bits.size()?
    };
    let ratio = bits.read(3)?;
    let width = match ratio {
        0 if small => (bits.read(5)? + 1) * 8,
        0 => bits.size()?,
        r => {
            let (num, den) =
                [(1, 1), (12, 10), (4, 3), (3, 2), (16, 9), (5, 4), (2, 1)][r as usize - 1];
            (u64::from(height) * num / den) as u32
        }
    };
    // ImageMetadata: all_default, then extra_fields, then the orientation (1 + 3 bits).
    let orientation = if bits.read(1)? == 0 && bits.read(1)? == 1 {
        1 + bits.read(3)? as u16
    } else {
        1
    };
    let (width, height) = if orientation > 4 {
        (height, width)
    } else {
        (width, height)
    };
    Some(Header {
        width,
        height,
        orientation,
    })
}

/// Reads a JPEG XL file's displayed size, EXIF and XMP.
pub fn read<R: Read + Seek>(r: &mut R) -> (Container, Option<Header>) {
    let mut out = Container::default();
    let mut head = [0u8; 12];
    if r.seek(SeekFrom::Start(0)).is_err() || r.read_exact(&mut head).is_err() {
        return (out, None);
    }
    if head.starts_with(&[0xFF, 0x0A]) {
        let header = codestream_header(&head)
            .or_else(|| first_bytes(r, 0, 64).and_then(|b| codestream_header(&b)));
        out.size = header.map(|h| (h.width, h.height));
        return (out, header);
    }
    if head != SIGNATURE {
        return (out, None);
    }
    let mut header = None;
    let mut pos = 12u64;
    for _ in 0..MAX_BOXES {
        let Some(b) = first_bytes(r, pos, 16) else {
            break;
        };
        if b.len() < 8 {
            break;
        }
        let mut size = u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        let kind: [u8; 4] = [b[4], b[5], b[6], b[7]];
        let mut body = pos + 8;
        if size == 1 && b.len() >= 16 {
            size = u64::from_be_bytes(b[8..16].try_into().unwrap_or_default());
            body = pos + 16;
        }
        let end = if size == 0 {
            u64::MAX
        } else {
            pos.saturating_add(size)
        };
        if end <= body && size != 0 {
            break;
        }
        let len = end.saturating_sub(body);
        match &kind {
            b"Exif" if len <= MAX_PAYLOAD => {
                // A 4-byte offset to the TIFF header, then the TIFF structure.
                out.exif = first_bytes(r, body, len as usize)
                    .map(|p| p.get(4..).unwrap_or_default().to_vec());
            }
            b"xml " if len <= MAX_PAYLOAD => out.xmp = first_bytes(r, body, len as usize),
            b"jxlc" if header.is_none() => {
                header = first_bytes(r, body, 64).and_then(|c| codestream_header(&c));
            }
            b"jxlp" if header.is_none() => {
                // A 4-byte index, then (in the first part) the codestream's start.
                header = first_bytes(r, body + 4, 64).and_then(|c| codestream_header(&c));
            }
            _ => {}
        }
        if size == 0 {
            break;
        }
        pos = end;
    }
    out.size = header.map(|h| (h.width, h.height));
    (out, header)
}

/// Up to `len` bytes at `at`.
fn first_bytes<R: Read + Seek>(r: &mut R, at: u64, len: usize) -> Option<Vec<u8>> {
    r.seek(SeekFrom::Start(at)).ok()?;
    let mut buf = Vec::with_capacity(len.min(1 << 16));
    r.take(len as u64).read_to_end(&mut buf).ok()?;
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// LSB-first bit packing, as the codestream's headers are written.
    fn pack(fields: &[(u32, usize)]) -> Vec<u8> {
        let mut out = vec![0xFF, 0x0A];
        let mut acc = 0u64;
        let mut n = 0;
        for &(v, bits) in fields {
            acc |= u64::from(v) << n;
            n += bits;
        }
        while n > 0 {
            out.push(acc as u8);
            acc >>= 8;
            n = n.saturating_sub(8);
        }
        out
    }

    #[test]
    fn size_headers_in_each_form() {
        // small: 8 x (4+1) = 40 high, ratio 0, width 8 x (9+1) = 80; all_default metadata.
        let small = pack(&[(1, 1), (4, 5), (0, 3), (9, 5), (1, 1)]);
        assert_eq!(
            codestream_header(&small),
            Some(Header {
                width: 80,
                height: 40,
                orientation: 1
            })
        );
        // height 1 + 1023 (13-bit form), ratio 3 (4:3), orientation 6: displayed turned.
        let wide = pack(&[(0, 1), (1, 2), (1023, 13), (3, 3), (0, 1), (1, 1), (5, 3)]);
        assert_eq!(
            codestream_header(&wide),
            Some(Header {
                width: 1024,
                height: 1365,
                orientation: 6
            })
        );
        assert_eq!(codestream_header(&[0xFF, 0xD8, 0xFF]), None);
    }
}
