//! A bounded JPEG marker walk: the frame size (SOFn) and the EXIF payload (APP1), without decoding.
//!
//! Segments other than APP1 are skipped by seeking, so a header full of ICC/XMP/MPF data costs a few
//! small reads. Stray bytes between segments (seen in real files) are tolerated up to a limit.

use std::io::{BufRead, Read, Seek, SeekFrom};

pub struct JpegHeader {
    pub width: u32,
    pub height: u32,
    /// The TIFF structure inside the first `Exif\0\0` APP1 segment.
    pub exif: Option<Vec<u8>>,
    /// The XMP packet of the first XMP APP1 segment.
    pub xmp: Option<Vec<u8>>,
    /// The Photoshop image resources of the first `Photoshop 3.0` APP13 segment (IPTC inside).
    pub photoshop: Option<Vec<u8>>,
    /// A Canon CIFF heap in an APP0 segment (`HEAPJPGM`: early PowerShots wrote no EXIF).
    pub ciff: Option<Vec<u8>>,
}

const XMP_SIGNATURE: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";

const MAX_SEGMENTS: usize = 4096;
const MAX_STRAY_BYTES: usize = 64 * 1024;

pub fn read_header<R: BufRead + Seek>(r: &mut R) -> Result<JpegHeader, String> {
    let mut soi = [0u8; 2];
    r.read_exact(&mut soi)
        .map_err(|_| "file too short for a JPEG".to_string())?;
    if soi != [0xFF, 0xD8] {
        return Err("not a JPEG (no SOI marker)".into());
    }
    let mut exif = None;
    let mut xmp = None;
    let mut photoshop = None;
    let mut ciff = None;
    for _ in 0..MAX_SEGMENTS {
        let marker = next_marker(r)?;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue, // standalone markers
            0xD9 | 0xDA => return Err("JPEG has no frame header before its image data".into()),
            _ => {}
        }
        let len = read_u16(r)? as usize;
        if len < 2 {
            return Err(format!(
                "JPEG segment 0x{marker:02X} has an invalid length {len}"
            ));
        }
        let body = len - 2;
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let mut sof = [0u8; 5];
            r.read_exact(&mut sof)
                .map_err(|_| "JPEG frame header is truncated".to_string())?;
            let height = u32::from(u16::from_be_bytes([sof[1], sof[2]]));
            let width = u32::from(u16::from_be_bytes([sof[3], sof[4]]));
            return Ok(JpegHeader {
                width,
                height,
                exif,
                xmp,
                photoshop,
                ciff,
            });
        }
        if marker == 0xE0 && ciff.is_none() && body >= 14 {
            // Its first bytes say whether it is a CIFF heap (else JFIF, JFXX: skipped).
            let mut payload = vec![0u8; 14];
            r.read_exact(&mut payload)
                .map_err(|_| "JPEG APP0 segment is truncated".to_string())?;
            if super::ciff::is_ciff(&payload) {
                payload.resize(body, 0);
                r.read_exact(&mut payload[14..])
                    .map_err(|_| "JPEG APP0 segment is truncated".to_string())?;
                ciff = Some(payload);
            } else {
                r.seek(SeekFrom::Current(body as i64 - 14))
                    .map_err(|e| e.to_string())?;
            }
            continue;
        }
        if marker == 0xE1 && (exif.is_none() || xmp.is_none()) && body >= 6 {
            let mut payload = vec![0u8; body];
            r.read_exact(&mut payload)
                .map_err(|_| "JPEG APP1 segment is truncated".to_string())?;
            if payload.starts_with(b"Exif\0\0") && exif.is_none() {
                payload.drain(..6);
                exif = Some(payload);
            } else if payload.starts_with(XMP_SIGNATURE) && xmp.is_none() {
                payload.drain(..XMP_SIGNATURE.len());
                xmp = Some(payload);
            }
            continue;
        }
        if marker == 0xED && photoshop.is_none() && body >= super::iptc::SIGNATURE.len() {
            let mut payload = vec![0u8; body];
            r.read_exact(&mut payload)
                .map_err(|_| "JPEG APP13 segment is truncated".to_string())?;
            if payload.starts_with(super::iptc::SIGNATURE) {
                payload.drain(..super::iptc::SIGNATURE.len());
                photoshop = Some(payload);
            }
            continue;
        }
        r.seek(SeekFrom::Current(body as i64))
            .map_err(|e| e.to_string())?;
    }
    Err("JPEG has too many segments".into())
}

/// Reads up to and including the next marker byte after 0xFF, skipping fill bytes and stray data.
fn next_marker<R: BufRead>(r: &mut R) -> Result<u8, String> {
    let mut stray = 0usize;
    loop {
        let byte = read_u8(r)?;
        if byte != 0xFF {
            stray += 1;
            if stray > MAX_STRAY_BYTES {
                return Err("JPEG header is corrupt (no marker found)".into());
            }
            continue;
        }
        let mut marker = read_u8(r)?;
        while marker == 0xFF {
            marker = read_u8(r)?;
        }
        if marker != 0x00 {
            return Ok(marker);
        }
    }
}

fn read_u8<R: Read>(r: &mut R) -> Result<u8, String> {
    let mut b = [0u8; 1];
    r.read_exact(&mut b)
        .map_err(|_| "JPEG ends before its frame header".to_string())?;
    Ok(b[0])
}

fn read_u16<R: Read>(r: &mut R) -> Result<u16, String> {
    let mut b = [0u8; 2];
    r.read_exact(&mut b)
        .map_err(|_| "JPEG ends before its frame header".to_string())?;
    Ok(u16::from_be_bytes(b))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn jpeg(segments: &[(u8, &[u8])]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        for (marker, body) in segments {
            out.extend([0xFF, *marker]);
            out.extend(((body.len() + 2) as u16).to_be_bytes());
            out.extend(*body);
        }
        out
    }

    #[test]
    fn finds_size_after_app_segments_and_keeps_exif() {
        let data = jpeg(&[
            (0xE0, b"JFIF\0\x01\x01"),
            (0xE1, b"Exif\0\0II*\0"),
            (0xC2, &[8, 0x01, 0x2C, 0x02, 0x58, 3]),
        ]);
        let header = read_header(&mut Cursor::new(data)).unwrap();
        assert_eq!((header.width, header.height), (600, 300));
        assert_eq!(header.exif.as_deref(), Some(&b"II*\0"[..]));
    }

    #[test]
    fn truncated_before_frame_is_an_error_not_a_panic() {
        let mut data = jpeg(&[(0xE1, b"Exif\0\0II*\0\x08\0\0\0")]);
        data.truncate(data.len() - 3);
        assert!(read_header(&mut Cursor::new(data)).is_err());
        assert!(read_header(&mut Cursor::new(vec![0xFF, 0xD8, 0xFF])).is_err());
    }

    #[test]
    fn tolerates_stray_bytes_between_segments() {
        let mut data = jpeg(&[(0xFE, b"comment")]);
        data.extend([0x00, 0x12, 0x34]);
        data.extend([0xFF, 0xC0, 0x00, 0x08, 8, 0, 10, 0, 20, 3]);
        let header = read_header(&mut Cursor::new(data)).unwrap();
        assert_eq!((header.width, header.height), (20, 10));
    }
}
