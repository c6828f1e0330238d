//! What an export reads from the original besides its pixels: the EXIF, XMP and IPTC payloads
//! (through the scanner's container readers) and the embedded ICC colour profile (JPEG `APP2`
//! chunks, WebP `ICCP`; PNG and TIFF profiles come with their decode).

use crate::meta::{self, Format};

/// The original's metadata, as found.
#[derive(Debug, Default)]
pub(crate) struct SourceMeta {
    pub exif: Option<Vec<u8>>,
    pub xmp: Option<Vec<u8>>,
    pub photoshop: Option<Vec<u8>>,
    pub icc: Option<Vec<u8>>,
}

pub(crate) fn read(bytes: &[u8], format: Format) -> SourceMeta {
    let embedded = meta::embedded(bytes, format);
    let icc = match format {
        Format::Jpeg => jpeg_icc(bytes),
        Format::Webp => webp_icc(bytes),
        _ => None,
    };
    SourceMeta {
        exif: embedded.exif,
        xmp: embedded.xmp,
        photoshop: embedded.photoshop,
        icc,
    }
}

const ICC_SIGNATURE: &[u8] = b"ICC_PROFILE\0";

/// The segments of a JPEG before its first scan: `(marker, body)`.
fn jpeg_segments(bytes: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = 2;
    std::iter::from_fn(move || {
        if !bytes.starts_with(&[0xFF, 0xD8]) {
            return None;
        }
        loop {
            while at < bytes.len() && bytes[at] == 0xFF {
                at += 1;
            }
            let marker = *bytes.get(at)?;
            at += 1;
            if matches!(marker, 0x01 | 0xD0..=0xD8) {
                continue;
            }
            if marker == 0xDA || marker == 0xD9 || at + 2 > bytes.len() {
                return None;
            }
            let len = usize::from(u16::from_be_bytes([bytes[at], bytes[at + 1]]));
            let body = bytes.get(at + 2..at + len.max(2))?;
            at += len.max(2);
            return Some((marker, body));
        }
    })
}

/// The ICC profile of a JPEG: its `APP2 ICC_PROFILE` chunks joined in sequence order.
pub(crate) fn jpeg_icc(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut chunks: Vec<(u8, &[u8])> = jpeg_segments(bytes)
        .filter(|(marker, body)| *marker == 0xE2 && body.starts_with(ICC_SIGNATURE))
        .filter_map(|(_, body)| {
            let rest = &body[ICC_SIGNATURE.len()..];
            Some((*rest.first()?, rest.get(2..)?))
        })
        .collect();
    if chunks.is_empty() {
        return None;
    }
    chunks.sort_by_key(|c| c.0);
    Some(
        chunks
            .into_iter()
            .flat_map(|(_, data)| data.iter().copied())
            .collect(),
    )
}

/// The `ICCP` chunk of a WebP file.
fn webp_icc(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let kind = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        let body = bytes.get(at + 8..at + 8 + len)?;
        if kind == b"ICCP" {
            return Some(body.to_vec());
        }
        at += 8 + len + (len & 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icc_chunks_are_joined_in_sequence_order() {
        let mut jpeg = vec![0xFF, 0xD8];
        for (seq, data) in [(2u8, &b"world"[..]), (1, &b"hello "[..])] {
            let mut body = ICC_SIGNATURE.to_vec();
            body.extend([seq, 2]);
            body.extend(data);
            jpeg.extend([0xFF, 0xE2]);
            jpeg.extend(((body.len() + 2) as u16).to_be_bytes());
            jpeg.extend(body);
        }
        jpeg.extend([0xFF, 0xDA, 0, 2]);
        assert_eq!(jpeg_icc(&jpeg).as_deref(), Some(&b"hello world"[..]));
        assert_eq!(jpeg_icc(&[0xFF, 0xD8, 0xFF, 0xDA]), None);
    }
}
