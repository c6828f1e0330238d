//! Metadata written into an encoded file: JPEG `APP1` (EXIF, XMP), `APP2` (ICC, in chunks) and
//! `APP13` (IPTC) after the JFIF header; WebP's extended format (`VP8X` flags, `ICCP`, `EXIF`,
//! `XMP `). PNG's chunks are written by its encoder (`encode.rs`).

use crate::thumbs::pixels::Pixels;
use crate::thumbs::DecodeError;

/// What goes into the exported file besides its pixels.
#[derive(Debug, Default)]
pub(crate) struct Embed {
    /// A TIFF structure (orientation 1, GPS removed when asked).
    pub exif: Option<Vec<u8>>,
    /// A whole XMP packet.
    pub xmp: Option<String>,
    pub icc: Option<&'static [u8]>,
    /// Photoshop image resources (IPTC), JPEG only.
    pub photoshop: Option<Vec<u8>>,
}

const XMP_SIGNATURE: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const ICC_SIGNATURE: &[u8] = b"ICC_PROFILE\0";
const PHOTOSHOP_SIGNATURE: &[u8] = b"Photoshop 3.0\0";
/// The most a segment's body may hold (its length field counts itself).
const MAX_SEGMENT: usize = 65_533;

fn segment(out: &mut Vec<u8>, marker: u8, parts: &[&[u8]]) {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    if len > MAX_SEGMENT {
        return; // too large for one segment: left out rather than written broken
    }
    out.extend([0xFF, marker]);
    out.extend(((len + 2) as u16).to_be_bytes());
    for p in parts {
        out.extend_from_slice(p);
    }
}

/// `jpeg` (as the encoder wrote it) with `meta`'s segments after SOI and the JFIF `APP0`.
pub(crate) fn into_jpeg(jpeg: &[u8], meta: &Embed) -> Vec<u8> {
    let mut at = 2;
    if jpeg.get(2..4) == Some(&[0xFF, 0xE0]) {
        let len = usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
        at = 4 + len;
    }
    let mut out = Vec::with_capacity(jpeg.len() + 64 * 1024);
    out.extend_from_slice(&jpeg[..at]);
    if let Some(exif) = &meta.exif {
        segment(&mut out, 0xE1, &[b"Exif\0\0", exif]);
    }
    if let Some(xmp) = &meta.xmp {
        segment(&mut out, 0xE1, &[XMP_SIGNATURE, xmp.as_bytes()]);
    }
    if let Some(icc) = meta.icc {
        let room = MAX_SEGMENT - ICC_SIGNATURE.len() - 2;
        let chunks: Vec<&[u8]> = icc.chunks(room).collect();
        let count = chunks.len().min(255) as u8;
        for (i, chunk) in chunks.iter().take(255).enumerate() {
            segment(
                &mut out,
                0xE2,
                &[ICC_SIGNATURE, &[i as u8 + 1, count], chunk],
            );
        }
    }
    if let Some(photoshop) = &meta.photoshop {
        segment(&mut out, 0xED, &[PHOTOSHOP_SIGNATURE, photoshop]);
    }
    out.extend_from_slice(&jpeg[at..]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]) {
    out.extend_from_slice(kind);
    out.extend((body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
}

/// `webp` (a simple or extended file from libwebp) in the extended format with `meta`'s chunks.
pub(crate) fn into_webp(
    webp: &[u8],
    pixels: &Pixels,
    meta: &Embed,
) -> Result<Vec<u8>, DecodeError> {
    if meta.exif.is_none() && meta.xmp.is_none() && meta.icc.is_none() {
        return Ok(webp.to_vec());
    }
    let bad = || DecodeError::Encode("libwebp wrote an unexpected file".into());
    if webp.get(..4) != Some(b"RIFF") || webp.get(8..12) != Some(b"WEBP") {
        return Err(bad());
    }
    let mut image = Vec::new();
    let mut at = 12;
    while at + 8 <= webp.len() {
        let kind = &webp[at..at + 4];
        let len = u32::from_le_bytes([webp[at + 4], webp[at + 5], webp[at + 6], webp[at + 7]]);
        let end = at + 8 + len as usize + (len as usize & 1);
        let whole = webp.get(at..end.min(webp.len())).ok_or_else(bad)?;
        if matches!(kind, b"ALPH" | b"VP8 " | b"VP8L") {
            image.extend_from_slice(whole);
        }
        at = end;
    }
    let mut flags = 0u8;
    if meta.icc.is_some() {
        flags |= 0x20;
    }
    if pixels.alpha {
        flags |= 0x10;
    }
    if meta.exif.is_some() {
        flags |= 0x08;
    }
    if meta.xmp.is_some() {
        flags |= 0x04;
    }
    let mut vp8x = vec![flags, 0, 0, 0];
    vp8x.extend(&(pixels.width - 1).to_le_bytes()[..3]);
    vp8x.extend(&(pixels.height - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    chunk(&mut body, b"VP8X", &vp8x);
    if let Some(icc) = meta.icc {
        chunk(&mut body, b"ICCP", icc);
    }
    body.extend(image);
    if let Some(exif) = &meta.exif {
        chunk(&mut body, b"EXIF", exif);
    }
    if let Some(xmp) = &meta.xmp {
        chunk(&mut body, b"XMP ", xmp.as_bytes());
    }
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_segments_go_after_the_jfif_header() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xDB, 0, 2];
        let meta = Embed {
            exif: Some(b"II*\0".to_vec()),
            ..Embed::default()
        };
        let out = into_jpeg(&jpeg, &meta);
        assert_eq!(&out[..8], &jpeg[..8]);
        assert_eq!(&out[8..12], &[0xFF, 0xE1, 0, 12]);
        assert_eq!(&out[12..18], b"Exif\0\0");
        assert_eq!(&out[out.len() - 4..], &jpeg[8..]);
    }
}
