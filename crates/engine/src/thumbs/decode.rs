//! Picks the decoder by content: libjpeg-turbo for JPEG and RAW previews, libheif (feature `heif`)
//! for HEIC/HEIF, libjxl (feature `jxl`) for JPEG XL, libwebp for still WebP, the `image` crate for PNG, GIF (first frame), TIFF and
//! animated WebP. The first four decode from the file's bytes in memory; the `image` crate reads
//! the open file as it goes. An old-style JPEG-in-TIFF's JPEG stream goes to libjpeg-turbo.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::pixels::Pixels;
use super::{check_pixels, jpeg, raw, stripes, webp, DecodeError};
use crate::meta::Format;

/// Where a decoder reads the original from. Consumed by [`decode`], so the bytes are gone once
/// the pixels exist.
pub enum Original {
    /// The whole file in memory (what JPEG, RAW, HEIC and WebP decoding need: see [`in_memory`]).
    Bytes(Vec<u8>),
    /// The open file, read as the decoder goes.
    File(File),
}

/// Whether `format`'s decoder needs the whole file in memory.
pub fn in_memory(format: Option<Format>) -> bool {
    matches!(
        format,
        Some(
            Format::Jpeg
                | Format::Raw(_)
                | Format::Heic
                | Format::Heif
                | Format::Avif
                | Format::Webp
                | Format::Jxl
        )
    )
}

/// Decodes `original` in stored orientation, at least `target` px on the long edge where the format
/// can scale while decoding (JPEG; still WebP, exactly `target`) or hands out rows to reduce as
/// they come (PNG, TIFF: see `stripes`), else at full size (HEIC: resized to `target` straight out
/// of the decoder's buffer). `max_pixels` bounds the decoded buffer: for JPEG at the chosen scale (3 bytes
/// per pixel, with the coefficients a multi-scan file holds), for the others at full size. The
/// second value is a warning to keep with the photo (a truncated JPEG shown as far as it goes).
pub fn decode(
    original: Original,
    format: Option<Format>,
    target: u32,
    max_pixels: u64,
) -> Result<(Pixels, Option<&'static str>), DecodeError> {
    let bytes = match original {
        Original::File(mut file) => {
            if format == Some(Format::Tiff) {
                if let Some(stream) = old_jpeg(&mut file)? {
                    return jpeg::decode(&stream, target, max_pixels);
                }
            }
            let mut reader = BufReader::new(file);
            reader
                .seek(SeekFrom::Start(0))
                .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
            if let Some(reduced) = stripes::decode(&mut reader, format, target, max_pixels)? {
                return Ok((reduced, None));
            }
            return with_image_crate(reader, max_pixels).map(|p| (p, None));
        }
        Original::Bytes(bytes) => bytes,
    };
    match format {
        Some(Format::Jpeg) => jpeg::decode(&bytes, target, max_pixels),
        Some(Format::Raw(kind)) => jpeg::decode(raw::preview(&bytes, kind)?, target, max_pixels),
        Some(Format::Heic | Format::Heif | Format::Avif) => {
            heif(&bytes, target, max_pixels).map(|p| (p, None))
        }
        Some(Format::Jxl) => {
            let size = crate::meta::jxl_size(&bytes)
                .ok_or_else(|| DecodeError::Corrupt("JPEG XL without a size header".into()))?;
            jxl(&bytes, size, target, max_pixels).map(|p| (p, None))
        }
        Some(Format::Webp) => match webp::decode(&bytes, target, max_pixels)? {
            Some(pixels) => Ok((pixels, None)),
            None => with_image_crate(Cursor::new(&bytes[..]), max_pixels).map(|p| (p, None)),
        },
        Some(Format::Png | Format::Gif | Format::Tiff) | None => {
            with_image_crate(Cursor::new(&bytes[..]), max_pixels).map(|p| (p, None))
        }
    }
}

/// A TIFF in memory that the `image` crate cannot decode but Shoebox can: an old-style
/// JPEG-in-TIFF (its JPEG stream, DCT-scaled) or CIE L*a*b* (reduced rows converted to sRGB), as
/// 8-bit RGB for `target` px; `None` for every other TIFF.
pub(crate) fn tiff_beyond_the_image_crate(
    bytes: &[u8],
    target: u32,
    max_pixels: u64,
) -> Option<Result<Pixels, DecodeError>> {
    let mut cursor = Cursor::new(bytes);
    match old_jpeg(&mut cursor) {
        Ok(Some(stream)) => return Some(jpeg::decode(&stream, target, max_pixels).map(|(p, _)| p)),
        Err(e) => return Some(Err(e)),
        Ok(None) => {}
    }
    let lab = matches!(crate::meta::photometric(&mut cursor), Some((_, 8 | 9, _)));
    if !lab {
        return None;
    }
    let mut reader = Cursor::new(bytes);
    Some(
        stripes::decode(&mut reader, Some(Format::Tiff), target, max_pixels).and_then(|done| {
            done.ok_or_else(|| {
                DecodeError::Unsupported("a CIE L*a*b* TIFF in a layout not read here".into())
            })
        }),
    )
}

/// The JPEG stream of an old-style JPEG-in-TIFF (Compression 6, which the `tiff` crate refuses),
/// read from `r` into memory for libjpeg-turbo; `None` for every other TIFF.
fn old_jpeg<R: Read + Seek>(r: &mut R) -> Result<Option<Vec<u8>>, DecodeError> {
    let corrupt = |e: std::io::Error| DecodeError::Corrupt(e.to_string());
    let Some((offset, len)) = crate::meta::old_jpeg_stream(r) else {
        return Ok(None);
    };
    let file_len = r.seek(SeekFrom::End(0)).map_err(corrupt)?;
    if offset.saturating_add(len) > file_len {
        return Err(DecodeError::Corrupt(
            "old-style JPEG-in-TIFF: its JPEG stream runs past the end of the file".into(),
        ));
    }
    r.seek(SeekFrom::Start(offset)).map_err(corrupt)?;
    let mut stream = Vec::new();
    r.take(len).read_to_end(&mut stream).map_err(corrupt)?;
    Ok(Some(stream))
}

#[cfg(feature = "jxl")]
fn jxl(bytes: &[u8], size: (u32, u32), target: u32, max: u64) -> Result<Pixels, DecodeError> {
    super::jxl::decode(bytes, size, target, max)
}

#[cfg(not(feature = "jxl"))]
fn jxl(_: &[u8], _: (u32, u32), _: u32, _: u64) -> Result<Pixels, DecodeError> {
    Err(DecodeError::Unsupported(
        "JPEG XL needs a build with the `jxl` feature".into(),
    ))
}

#[cfg(feature = "heif")]
fn heif(bytes: &[u8], target: u32, max_pixels: u64) -> Result<Pixels, DecodeError> {
    super::heif::decode(bytes, target, max_pixels)
}

#[cfg(not(feature = "heif"))]
fn heif(_: &[u8], _: u32, _: u64) -> Result<Pixels, DecodeError> {
    Err(DecodeError::Unsupported(
        "HEIC/HEIF needs a build with the `heif` feature".into(),
    ))
}

/// The `image` crate's decoder over `reader`, limited to what `max_pixels` allows.
pub(crate) fn image_decoder<'a, R: BufRead + Seek + 'a>(
    mut reader: R,
    max_pixels: u64,
) -> Result<impl ImageDecoder + 'a, DecodeError> {
    // The header's claim is checked before any decoder state exists (a bomb may have no pixels).
    if let Ok(size) = imagesize::reader_size(&mut reader) {
        let side = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        check_pixels(side(size.width), side(size.height), max_pixels)?;
    }
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let mut reader = ImageReader::new(reader)
        .with_guessed_format()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let mut limits = Limits::default();
    // 16-bit RGBA is the widest layout: 8 bytes per pixel.
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height, max_pixels)?;
    Ok(decoder)
}

/// What the `image` crate allocates decoding the file `reader` reads: the decoded buffer in the
/// file's own layout, the codec's scratch (TIFF decodes into a buffer of its own and copies it, WebP
/// holds the compressed frame and its YUV planes, the gif crate decodes the first frame into its
/// own buffer) and the conversion to 8-bit RGB(A) when the layout is another one.
pub fn image_crate_bytes<R: BufRead + Seek>(
    reader: R,
    format: Option<Format>,
    file_len: u64,
    max_pixels: u64,
) -> Result<u64, DecodeError> {
    let decoder = image_decoder(reader, max_pixels)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    let color = decoder.color_type();
    let decoded = decoder.total_bytes();
    let scratch = match format {
        Some(Format::Tiff) => decoded,
        Some(Format::Webp) => file_len + pixels * 3 / 2 + pixels,
        // The gif crate's own RGBA frame and its indices (measured: 9 bytes a pixel in all).
        Some(Format::Gif) => pixels * 5,
        _ => 0,
    };
    let converted = match color {
        image::ColorType::Rgb8 | image::ColorType::Rgba8 => 0,
        other => pixels * if other.has_alpha() { 4 } else { 3 },
    };
    Ok(decoded + scratch + converted)
}

fn with_image_crate<R: BufRead + Seek>(reader: R, max_pixels: u64) -> Result<Pixels, DecodeError> {
    let decoder = image_decoder(reader, max_pixels)?;
    let (width, height) = decoder.dimensions();
    let image =
        DynamicImage::from_decoder(decoder).map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let alpha = image.color().has_alpha();
    let data = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Pixels {
        width,
        height,
        alpha,
        data,
    })
}
