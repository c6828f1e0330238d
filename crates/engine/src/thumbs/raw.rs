//! Camera RAW files: Shoebox never demosaics; it uses the largest JPEG preview the camera embedded.

use super::{jpeg, DecodeError};

/// The largest embedded JPEG preview of a `kind` RAW file, or why there is nothing to show.
pub fn preview<'a>(bytes: &'a [u8], kind: &str) -> Result<&'a [u8], DecodeError> {
    largest_preview(bytes).ok_or_else(|| {
        DecodeError::Unsupported(format!(
            "{kind} without an embedded preview: raw sensor data only (Shoebox shows a RAW's \
             embedded JPEG and does not develop raw data)"
        ))
    })
}

/// The byte range of the largest embedded JPEG (by pixel count) whose header parses, if any.
/// Every candidate start (`FF D8 FF`) is tried, up to a bound, so no maker-specific parsing is needed.
pub fn largest_preview(bytes: &[u8]) -> Option<&[u8]> {
    const MAX_CANDIDATES: usize = 64;
    let mut best: Option<(u64, usize)> = None;
    let mut tried = 0;
    let mut at = 0;
    while let Some(pos) = find_soi(&bytes[at..]).map(|p| p + at) {
        at = pos + 3;
        tried += 1;
        if tried > MAX_CANDIDATES {
            break;
        }
        if let Ok(head) = jpeg::header(&bytes[pos..]) {
            let pixels = u64::from(head.width) * u64::from(head.height);
            if best.is_none_or(|(p, _)| pixels > p) {
                best = Some((pixels, pos));
            }
        }
    }
    best.map(|(_, pos)| &bytes[pos..])
}

fn find_soi(bytes: &[u8]) -> Option<usize> {
    bytes.windows(3).position(|w| w == [0xFF, 0xD8, 0xFF])
}
