//! PNG without decoding: the `IHDR` size, the `eXIf` chunk (else an ImageMagick/exiftool
//! "Raw profile type exif" text chunk, hex in `tEXt`/`zTXt`/`iTXt`) and the XMP `iTXt` packet,
//! found by walking the chunk list with seeks (image data is skipped, never read).

use std::io::{Read, Seek, SeekFrom};

use super::Container;

const MAX_CHUNKS: usize = 4096;
/// A metadata chunk larger than this is not read.
const MAX_PAYLOAD: u32 = 4 << 20;
/// Text chunks whose keyword (with its NUL) is one of these are read.
const KEYWORDS: &[&[u8]] = &[
    b"XML:com.adobe.xmp\0",
    b"Raw profile type exif\0",
    b"Raw profile type APP1\0",
];
const KEYWORD_PEEK: u32 = 32;

pub fn read<R: Read + Seek>(r: &mut R) -> Container {
    let mut out = Container::default();
    let mut raw_profile = None;
    let mut pos = 8u64;
    for _ in 0..MAX_CHUNKS {
        let mut head = [0u8; 8];
        if r.seek(SeekFrom::Start(pos)).is_err() || r.read_exact(&mut head).is_err() {
            break;
        }
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind = &head[4..8];
        if kind == b"IEND" {
            break;
        }
        // Once EXIF was found before the image data, the many image chunks are not walked.
        if kind == b"IDAT" && (out.exif.is_some() || raw_profile.is_some()) {
            break;
        }
        let text = matches!(kind, b"tEXt" | b"zTXt" | b"iTXt");
        let wanted = text || matches!(kind, b"IHDR" | b"eXIf");
        if wanted && len <= MAX_PAYLOAD {
            let mut body = Vec::new();
            // A text chunk is read whole only when its keyword is one of ours.
            let peek = if text { len.min(KEYWORD_PEEK) } else { len };
            if r.by_ref()
                .take(u64::from(peek))
                .read_to_end(&mut body)
                .is_err()
            {
                break;
            }
            if text && !KEYWORDS.iter().any(|k| body.starts_with(k)) {
                pos += 12 + u64::from(len);
                continue;
            }
            if r.take(u64::from(len - peek))
                .read_to_end(&mut body)
                .is_err()
            {
                break;
            }
            match kind {
                b"IHDR" if body.len() >= 8 => {
                    let w = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
                    let h = u32::from_be_bytes([body[4], body[5], body[6], body[7]]);
                    out.size = Some((w, h));
                }
                b"eXIf" if out.exif.is_none() => out.exif = Some(body),
                _ => match text_chunk(kind, &body) {
                    Some((b"XML:com.adobe.xmp", text)) if out.xmp.is_none() => {
                        out.xmp = Some(text);
                    }
                    Some((b"Raw profile type exif" | b"Raw profile type APP1", text))
                        if raw_profile.is_none() =>
                    {
                        raw_profile = raw_profile_bytes(&text);
                    }
                    _ => {}
                },
            }
        }
        pos += 12 + u64::from(len);
    }
    if out.exif.is_none() {
        out.exif = raw_profile;
    }
    out
}

/// The keyword and (inflated) text of a `tEXt`, `zTXt` or `iTXt` chunk.
fn text_chunk<'a>(kind: &[u8], body: &'a [u8]) -> Option<(&'a [u8], Vec<u8>)> {
    let nul = body.iter().position(|b| *b == 0)?;
    let (keyword, rest) = (&body[..nul], &body[nul + 1..]);
    let text = match kind {
        b"tEXt" => rest.to_vec(),
        b"zTXt" => inflate(rest.get(1..)?)?,
        b"iTXt" => {
            let (compressed, rest) = (*rest.first()? == 1, rest.get(2..)?);
            let lang_end = rest.iter().position(|b| *b == 0)?;
            let rest = &rest[lang_end + 1..];
            let translated_end = rest.iter().position(|b| *b == 0)?;
            let text = &rest[translated_end + 1..];
            if compressed {
                inflate(text)?
            } else {
                text.to_vec()
            }
        }
        _ => return None,
    };
    Some((keyword, text))
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_PAYLOAD as usize).ok()
}

/// `\nexif\n   <length>\n<hex lines>`: the hex-encoded payload (an `Exif\0\0` header or a TIFF).
fn raw_profile_bytes(text: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(text).ok()?;
    let mut lines = text.trim_start().splitn(3, '\n');
    let _name = lines.next()?;
    let length: usize = lines.next()?.trim().parse().ok()?;
    let hex: Vec<u8> = lines
        .next()?
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .collect();
    let bytes: Vec<u8> = hex
        .chunks_exact(2)
        .filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .take(length)
        .collect();
    (!bytes.is_empty()).then_some(bytes)
}
