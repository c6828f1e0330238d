//! WebP (RIFF) without decoding: the canvas size (`VP8X`, else the `VP8 `/`VP8L` frame header) and
//! the `EXIF` and `XMP ` chunks, found by walking the chunk list with seeks.

use std::io::{Read, Seek, SeekFrom};

use super::Container;

const MAX_CHUNKS: usize = 1024;
/// An EXIF or XMP chunk larger than this is not read.
const MAX_PAYLOAD: u32 = 4 << 20;

pub fn read<R: Read + Seek>(r: &mut R) -> Container {
    let mut out = Container::default();
    if r.seek(SeekFrom::Start(12)).is_err() {
        return out;
    }
    let mut pos = 12u64;
    for _ in 0..MAX_CHUNKS {
        let mut head = [0u8; 8];
        if r.seek(SeekFrom::Start(pos)).is_err() || r.read_exact(&mut head).is_err() {
            break;
        }
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let kind = &head[..4];
        let wanted = matches!(kind, b"VP8X" | b"VP8 " | b"VP8L" | b"EXIF" | b"XMP ");
        if wanted && len <= MAX_PAYLOAD {
            let take = if matches!(kind, b"EXIF" | b"XMP ") {
                len
            } else {
                len.min(32)
            };
            let mut body = Vec::new();
            if r.take(u64::from(take)).read_to_end(&mut body).is_err() {
                break;
            }
            match kind {
                b"VP8X" if body.len() >= 10 => {
                    let w = u32::from_le_bytes([body[4], body[5], body[6], 0]) + 1;
                    let h = u32::from_le_bytes([body[7], body[8], body[9], 0]) + 1;
                    out.size = Some((w, h));
                }
                b"VP8 "
                    if out.size.is_none()
                        && body.len() >= 10
                        && body[3..6] == [0x9D, 0x01, 0x2A] =>
                {
                    let w = u32::from(u16::from_le_bytes([body[6], body[7]]) & 0x3FFF);
                    let h = u32::from(u16::from_le_bytes([body[8], body[9]]) & 0x3FFF);
                    out.size = Some((w, h));
                }
                b"VP8L" if out.size.is_none() && body.len() >= 5 && body[0] == 0x2F => {
                    let bits = u32::from_le_bytes([body[1], body[2], body[3], body[4]]);
                    out.size = Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
                }
                b"EXIF" if out.exif.is_none() => out.exif = Some(body),
                b"XMP " if out.xmp.is_none() => out.xmp = Some(body),
                _ => {}
            }
        }
        pos += 8 + u64::from(len) + u64::from(len & 1);
    }
    out
}
