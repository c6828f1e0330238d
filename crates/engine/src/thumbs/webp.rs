//! Still WebP decoding through libwebp (the library that already encodes the variants) with its
//! incremental rescaler: a lossy picture is decoded a few macroblock rows at a time straight into a
//! buffer of the size wanted, so a 120 MP WebP wanted at 2560 px never exists at full size. (A
//! lossless one is unpacked to full-size ARGB by libwebp itself first; an animated one is left to
//! the `image` crate, first frame.)

use libwebp_sys as sys;

use super::pixels::{fit, Pixels};
use super::{check_pixels, DecodeError};

/// What the bitstream header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub animated: bool,
    /// VP8L (or not known yet: the header lies beyond the bytes given).
    pub lossless: bool,
}

/// The header facts from `bytes` (the file or its first bytes); `None` when they are not in them.
pub fn features(bytes: &[u8]) -> Option<Features> {
    // SAFETY: a plain struct filled by libwebp from a buffer valid for the call.
    unsafe {
        let mut f: sys::WebPBitstreamFeatures = std::mem::zeroed();
        if sys::WebPGetFeatures(bytes.as_ptr(), bytes.len(), &mut f)
            != sys::VP8StatusCode::VP8_STATUS_OK
        {
            return None;
        }
        Some(Features {
            width: u32::try_from(f.width).ok()?,
            height: u32::try_from(f.height).ok()?,
            alpha: f.has_alpha != 0,
            animated: f.has_animation != 0,
            lossless: f.format != 1,
        })
    }
}

/// What [`decode`] allocates for a WebP with `features`, wanted at `target` px: the scaled output,
/// the alpha plane (full size) and, for lossless, libwebp's full-size ARGB.
pub fn decode_bytes(features: &Features, target: u32) -> u64 {
    let full = u64::from(features.width) * u64::from(features.height);
    let (w, h) = fit(features.width, features.height, target);
    let channels = if features.alpha { 4 } else { 3 };
    let alpha = if features.alpha { full } else { 0 };
    let lossless = if features.lossless { full * 4 } else { 0 };
    u64::from(w) * u64::from(h) * channels + alpha + lossless + u64::from(features.width) * 64
}

/// Decodes a still WebP at `target` px on the long edge (never upscaled), in stored orientation,
/// refusing one whose full size exceeds `max_pixels`; `None` for an animated one (the caller
/// decodes its first frame otherwise).
pub fn decode(bytes: &[u8], target: u32, max_pixels: u64) -> Result<Option<Pixels>, DecodeError> {
    let features =
        features(bytes).ok_or_else(|| DecodeError::Corrupt("not a readable WebP".into()))?;
    if features.animated {
        return Ok(None);
    }
    check_pixels(features.width, features.height, max_pixels)?;
    let (w, h) = fit(features.width, features.height, target);
    let (mode, channels) = if features.alpha {
        (sys::WEBP_CSP_MODE::MODE_RGBA, 4)
    } else {
        (sys::WEBP_CSP_MODE::MODE_RGB, 3)
    };
    let stride = w as usize * channels;
    let mut data = vec![0u8; stride * h as usize];
    // SAFETY: the config is initialised by libwebp; the output is our buffer of exactly
    // stride x h bytes (external memory, never freed by libwebp) and `bytes` outlives the call.
    let status = unsafe {
        let mut config: sys::WebPDecoderConfig = std::mem::zeroed();
        if !sys::WebPInitDecoderConfig(&mut config) {
            return Err(DecodeError::Corrupt("libwebp version mismatch".into()));
        }
        if (w, h) != (features.width, features.height) {
            config.options.use_scaling = 1;
            config.options.scaled_width = w as i32;
            config.options.scaled_height = h as i32;
        }
        config.output.colorspace = mode;
        config.output.is_external_memory = 1;
        config.output.u.RGBA = sys::WebPRGBABuffer {
            rgba: data.as_mut_ptr(),
            stride: stride as i32,
            size: data.len(),
        };
        let status = sys::WebPDecode(bytes.as_ptr(), bytes.len(), &mut config);
        sys::WebPFreeDecBuffer(&mut config.output);
        status
    };
    if status != sys::VP8StatusCode::VP8_STATUS_OK {
        return Err(DecodeError::Corrupt(format!("libwebp: {status:?}")));
    }
    Ok(Some(Pixels {
        width: w,
        height: h,
        alpha: features.alpha,
        data,
    }))
}
