//! One photo through the pipeline: one decode, then every wanted variant from it, largest first, each
//! resized from the previous one, oriented and encoded; the placeholder comes from the smallest.

use super::decode::decode;
use super::encode::{placeholder, webp};
use super::pixels::{fit, Pixels};
use super::DecodeError;

/// What to make from one file's bytes.
pub struct Request<'a> {
    pub bytes: &'a [u8],
    /// Lower-case file extension (refines TIFF-based RAW detection).
    pub ext: &'a str,
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

pub fn render(req: &Request<'_>) -> Result<Rendered, DecodeError> {
    let mut sizes = req.sizes.to_vec();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let target = sizes.first().copied().unwrap_or(PLACEHOLDER_SOURCE);
    let format = crate::meta::sniff(&req.bytes[..req.bytes.len().min(64)], req.ext);
    let (decoded, warning) = decode(req.bytes, format, target, req.max_pixels)?;
    if decoded.width == 0 || decoded.height == 0 {
        return Err(DecodeError::ZeroSize);
    }
    let orientation = if (1..=8).contains(&req.orientation) {
        req.orientation
    } else {
        1
    };
    let mut variants = Vec::with_capacity(sizes.len());
    let mut previous: Option<Pixels> = None;
    for size in sizes {
        let (w, h) = fit(decoded.width, decoded.height, size);
        let source = previous
            .as_ref()
            .filter(|p| p.width >= w && p.height >= h)
            .unwrap_or(&decoded);
        let resized = source.resized(w, h);
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
    let placeholder = req.placeholder.then(|| {
        let smallest = previous.as_ref().unwrap_or(&decoded);
        let (w, h) = fit(smallest.width, smallest.height, 100);
        placeholder(&smallest.resized(w, h).oriented(orientation))
    });
    Ok(Rendered {
        variants,
        placeholder,
        warning,
    })
}
