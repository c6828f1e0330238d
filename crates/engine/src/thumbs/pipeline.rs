//! One photo through the pipeline: one decode, then every wanted variant from it, largest first, each
//! resized from the previous one, oriented and encoded; the placeholder comes from the smallest.

use super::decode::{decode, Original};
use super::encode::{placeholder, webp};
use super::pixels::{fit, Pixels};
use super::DecodeError;
use crate::meta::Format;

/// What to make from one file.
pub struct Request<'a> {
    /// What the file's content says it is (see `meta::sniff`).
    pub format: Option<Format>,
    /// EXIF orientation to apply (1-8; anything else is 1).
    pub orientation: u16,
    /// Long edges wanted (any order).
    pub sizes: &'a [u32],
    pub placeholder: bool,
    pub quality: u8,
    pub method: i32,
    pub max_pixels: u64,
}

pub struct Rendered {
    /// (requested size, WebP bytes), largest first.
    pub variants: Vec<(u32, Vec<u8>)>,
    /// Thumbhash and 0xRRGGBB.
    pub placeholder: Option<(Vec<u8>, u32)>,
    /// The decode's warning to keep with the photo (a truncated JPEG), if any.
    pub warning: Option<&'static str>,
}

/// Enough pixels for the thumbhash (which wants at most 100x100) when no variant is wanted.
const PLACEHOLDER_SOURCE: u32 = 128;

/// The long edge a decode for `sizes` must reach.
pub fn target(sizes: &[u32]) -> u32 {
    sizes.iter().copied().max().unwrap_or(PLACEHOLDER_SOURCE)
}

/// Decodes `original` once (its bytes are dropped as soon as the pixels exist, the full-size pixels
/// as soon as the largest variant is resized from them) and makes every variant from that decode.
pub fn render(original: Original, req: &Request<'_>) -> Result<Rendered, DecodeError> {
    let mut sizes = req.sizes.to_vec();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let (decoded, warning) = decode(original, req.format, target(&sizes), req.max_pixels)?;
    if decoded.width == 0 || decoded.height == 0 {
        return Err(DecodeError::ZeroSize);
    }
    let orientation = if (1..=8).contains(&req.orientation) {
        req.orientation
    } else {
        1
    };
    let mut variants = Vec::with_capacity(sizes.len());
    let (full_w, full_h) = (decoded.width, decoded.height);
    let mut decoded = Some(decoded);
    let mut previous: Option<Pixels> = None;
    for size in sizes {
        let (w, h) = fit(full_w, full_h, size);
        let resized = match (&previous, &decoded) {
            (Some(p), _) if p.width >= w && p.height >= h => p.resized(w, h),
            (_, Some(d)) => d.resized(w, h),
            (Some(p), None) => p.resized(w, h),
            (None, None) => unreachable!("the decode is kept until a variant exists"),
        };
        // Every smaller variant comes from this one: the full-size pixels are not needed again.
        decoded = None;
        let bytes = if orientation == 1 {
            webp(&resized, f32::from(req.quality), req.method)?
        } else {
            webp(
                &resized.oriented(orientation),
                f32::from(req.quality),
                req.method,
            )?
        };
        variants.push((size, bytes));
        previous = Some(resized);
    }
    let smallest = previous.as_ref().or(decoded.as_ref());
    let placeholder = smallest.filter(|_| req.placeholder).map(|smallest| {
        let (w, h) = fit(smallest.width, smallest.height, 100);
        placeholder(&smallest.resized(w, h).oriented(orientation))
    });
    Ok(Rendered {
        variants,
        placeholder,
        warning,
    })
}
