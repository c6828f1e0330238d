//! Output encodings: lossy WebP through libwebp, and the thumbhash + average colour placeholder.

use super::pixels::{fit, Pixels};
use super::DecodeError;

/// Lossy WebP at `quality` (0-100) with libwebp effort `method` (0 fast - 6 small).
pub fn webp(pixels: &Pixels, quality: f32, method: i32) -> Result<Vec<u8>, DecodeError> {
    let mut config =
        webp::WebPConfig::new().map_err(|_| DecodeError::Encode("libwebp config".into()))?;
    config.lossless = 0;
    config.quality = quality;
    config.method = method.clamp(0, 6);
    let layout = if pixels.alpha {
        webp::PixelLayout::Rgba
    } else {
        webp::PixelLayout::Rgb
    };
    let encoder = webp::Encoder::new(&pixels.data, layout, pixels.width, pixels.height);
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|e| DecodeError::Encode(format!("{e:?}")))?;
    Ok(memory.to_vec())
}

/// A thumbhash (at most 100x100 input) and the average colour as 0xRRGGBB, from upright pixels.
pub fn placeholder(upright: &Pixels) -> (Vec<u8>, u32) {
    let (w, h) = fit(upright.width, upright.height, 100);
    let small = upright.resized(w, h);
    let rgba: Vec<u8> = if small.alpha {
        small.data.clone()
    } else {
        small
            .data
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect()
    };
    let hash = thumbhash::rgba_to_thumb_hash(w as usize, h as usize, &rgba);
    let mut sum = [0u64; 3];
    let mut weight = 0u64;
    for p in rgba.chunks_exact(4) {
        let a = u64::from(p[3]);
        for (s, v) in sum.iter_mut().zip(p) {
            *s += u64::from(*v) * a;
        }
        weight += a;
    }
    let avg = |s: u64| (s + weight / 2).checked_div(weight).unwrap_or(0) as u32;
    let color = (avg(sum[0]) << 16) | (avg(sum[1]) << 8) | avg(sum[2]);
    (hash, color)
}
