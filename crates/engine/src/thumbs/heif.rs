//! HEIC/HEIF through the system libheif (Cargo feature `heif`). libheif applies the container's
//! rotation and mirroring (irot/imir) itself; the scanner stores orientation 1 for these formats,
//! so the pixels are turned exactly once.

use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma};

use super::pixels::Pixels;
use super::{check_pixels, DecodeError};

pub fn decode(bytes: &[u8], _target: u32, max_pixels: u64) -> Result<Pixels, DecodeError> {
    let corrupt = |e: libheif_rs::HeifError| DecodeError::Corrupt(e.to_string());
    let context = HeifContext::read_from_bytes(bytes).map_err(corrupt)?;
    let handle = context.primary_image_handle().map_err(corrupt)?;
    check_pixels(handle.width(), handle.height(), max_pixels)?;
    let alpha = handle.has_alpha_channel();
    let chroma = if alpha {
        RgbChroma::Rgba
    } else {
        RgbChroma::Rgb
    };
    let image = LibHeif::new()
        .decode(&handle, ColorSpace::Rgb(chroma), None)
        .map_err(corrupt)?;
    let planes = image.planes();
    let plane = planes
        .interleaved
        .ok_or_else(|| DecodeError::Corrupt("no interleaved plane".into()))?;
    let (w, h) = (plane.width, plane.height);
    let row = w as usize * if alpha { 4 } else { 3 };
    let mut data = Vec::with_capacity(row * h as usize);
    for y in 0..h as usize {
        data.extend_from_slice(&plane.data[y * plane.stride..y * plane.stride + row]);
    }
    Ok(Pixels {
        width: w,
        height: h,
        alpha,
        data,
    })
}
