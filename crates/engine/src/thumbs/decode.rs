//! Picks the decoder by content: libjpeg-turbo for JPEG and RAW previews, libheif (feature `heif`)
//! for HEIC/HEIF, the `image` crate for PNG, GIF (first frame), TIFF and WebP.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::pixels::Pixels;
use super::{check_pixels, jpeg, raw, DecodeError};
use crate::meta::Format;

/// Decodes `bytes` in stored orientation, at least `target` px on the long edge where the format can
/// scale while decoding (JPEG), else at full size. `max_pixels` bounds the decoded buffer: for JPEG
/// at the chosen scale (3 bytes per pixel), for the others at full size. The second value is a
/// warning to keep with the photo (a truncated JPEG shown as far as it goes).
pub fn decode(
    bytes: &[u8],
    format: Option<Format>,
    target: u32,
    max_pixels: u64,
) -> Result<(Pixels, Option<&'static str>), DecodeError> {
    match format {
        Some(Format::Jpeg) => jpeg::decode(bytes, target, max_pixels),
        Some(Format::Raw(kind)) => {
            let preview = raw::largest_preview(bytes).ok_or_else(|| {
                DecodeError::Unsupported(format!("{kind} file without an embedded JPEG preview"))
            })?;
            jpeg::decode(preview, target, max_pixels)
        }
        Some(Format::Heic | Format::Heif | Format::Avif) => {
            heif(bytes, target, max_pixels).map(|p| (p, None))
        }
        Some(Format::Png | Format::Gif | Format::Tiff | Format::Webp) | None => {
            with_image_crate(bytes, max_pixels).map(|p| (p, None))
        }
    }
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

fn with_image_crate(bytes: &[u8], max_pixels: u64) -> Result<Pixels, DecodeError> {
    // The header's claim is checked before any decoder state exists (a bomb may have no pixels).
    if let Ok(size) = imagesize::blob_size(bytes) {
        let side = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        check_pixels(side(size.width), side(size.height), max_pixels)?;
    }
    let corrupt = |e: image::ImageError| DecodeError::Corrupt(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let mut limits = Limits::default();
    // 16-bit RGBA is the widest layout: 8 bytes per pixel.
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height, max_pixels)?;
    let image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
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
