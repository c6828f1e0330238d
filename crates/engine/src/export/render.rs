//! One photo rendered: its metadata read, decoded at the smallest scale that covers the long edge,
//! converted to sRGB, resized (never upscaled), turned upright, encoded with what it may carry.

use super::color::to_srgb;
use super::decode::decode;
use super::encode::encode;
use super::metadata;
use super::options::{Render, Strip};
use super::source;
use super::xmp::Organized;
use crate::meta::Format;
use crate::thumbs::pixels::fit;
use crate::thumbs::DecodeError;

/// What is known of the original before it is read.
pub(crate) struct Original<'a> {
    pub format: Format,
    /// EXIF orientation to apply (1-8; anything else is 1).
    pub orientation: u16,
    pub organized: &'a Organized,
}

/// The exported file's bytes from the original's `bytes`.
pub(crate) fn render(
    bytes: Vec<u8>,
    original: &Original<'_>,
    render: &Render,
    strip: Strip,
    max_pixels: u64,
) -> Result<Vec<u8>, DecodeError> {
    let mut source = source::read(&bytes, original.format);
    let target = render.long_edge.unwrap_or(u32::MAX);
    let decoded = decode(bytes, original.format, target, max_pixels)?;
    if source.icc.is_none() {
        source.icc = decoded.icc;
    }
    let pixels = to_srgb(decoded.raster, source.icc.as_deref());
    if pixels.width == 0 || pixels.height == 0 {
        return Err(DecodeError::ZeroSize);
    }
    let (w, h) = fit(pixels.width, pixels.height, target);
    let resized = if (w, h) == (pixels.width, pixels.height) {
        pixels
    } else {
        pixels.resized(w, h)
    };
    let upright = match original.orientation {
        2..=8 => resized.oriented(original.orientation),
        _ => resized,
    };
    let embed = metadata::choose(source, original.organized, strip, render.format);
    encode(&upright, render, &embed)
}
