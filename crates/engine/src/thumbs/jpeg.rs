//! JPEG decoding through libjpeg-turbo with DCT-domain scaling: a 24 MP photo wanted at 512 px is
//! decoded at 1/8 scale, never at full size. Covers baseline, progressive, grayscale and CMYK/YCCK.

use turbojpeg::raw;

use super::pixels::Pixels;
use super::DecodeError;

/// One TurboJPEG decompressor handle, destroyed on drop.
struct Handle(raw::tjhandle);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle came from tjInitDecompress and is destroyed exactly once.
        unsafe {
            raw::tjDestroy(self.0);
        }
    }
}

impl Handle {
    fn new() -> Result<Handle, DecodeError> {
        // SAFETY: plain constructor; a null result is handled.
        let handle = unsafe { raw::tjInitDecompress() };
        if handle.is_null() {
            return Err(DecodeError::Corrupt("cannot start the JPEG decoder".into()));
        }
        Ok(Handle(handle))
    }

    fn error(&self) -> (bool, String) {
        // SAFETY: the handle is live; the returned string is owned by it and copied at once.
        unsafe {
            let fatal = raw::tjGetErrorCode(self.0) != raw::TJERR_TJERR_WARNING as i32;
            let text = std::ffi::CStr::from_ptr(raw::tjGetErrorStr2(self.0));
            (fatal, text.to_string_lossy().into_owned())
        }
    }
}

/// Header facts: stored size and whether the pixels are CMYK.
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub cmyk: bool,
}

pub fn header(bytes: &[u8]) -> Result<Header, DecodeError> {
    let handle = Handle::new()?;
    header_with(&handle, bytes)
}

fn header_with(handle: &Handle, bytes: &[u8]) -> Result<Header, DecodeError> {
    let (mut w, mut h, mut subsamp, mut colorspace) = (0, 0, 0, 0);
    // SAFETY: the buffer and the four out-pointers are valid for the call.
    let res = unsafe {
        raw::tjDecompressHeader3(
            handle.0,
            bytes.as_ptr(),
            bytes.len() as libc::c_ulong,
            &mut w,
            &mut h,
            &mut subsamp,
            &mut colorspace,
        )
    };
    if res != 0 {
        // A warning (stray bytes before a marker, ...) still leaves a usable header.
        let (fatal, message) = handle.error();
        if fatal || w <= 0 || h <= 0 {
            return Err(DecodeError::Corrupt(message));
        }
    }
    if w <= 0 || h <= 0 {
        return Err(DecodeError::ZeroSize);
    }
    let cs = colorspace as u32;
    Ok(Header {
        width: w as u32,
        height: h as u32,
        cmyk: cs == raw::TJCS_TJCS_CMYK || cs == raw::TJCS_TJCS_YCCK,
    })
}

/// The n of the smallest n/8 scale whose long edge reaches `target` (8 when none does).
fn eighths(width: u32, height: u32, target: u32) -> u32 {
    let long = width.max(height);
    (1..=8)
        .find(|&n| (u64::from(long) * u64::from(n)).div_ceil(8) >= u64::from(target))
        .unwrap_or(8)
}

/// The size libjpeg-turbo decodes a `width` x `height` JPEG to at n/8 scale (TJSCALED).
fn at_scale(width: u32, height: u32, n: u32) -> (u32, u32) {
    let scale = |v: u32| (u64::from(v) * u64::from(n)).div_ceil(8) as u32;
    (scale(width), scale(height))
}

/// What a truncated JPEG's warning becomes: the photo is shown as far as its data goes.
pub const TRUNCATED: &str = "damaged: premature end of JPEG file (shown as far as it goes)";

/// The decode size for `target`: the smallest n/8 scale covering it, or, when that buffer would
/// exceed `budget` bytes, the largest smaller scale within it (a smaller thumbnail, never a bigger
/// allocation); `None` when even 1/8 is over.
fn fitting_scale(head: &Header, target: u32, budget: u64) -> Option<(u32, u32)> {
    let channels = if head.cmyk { 4 } else { 3 };
    (1..=eighths(head.width, head.height, target))
        .rev()
        .map(|n| at_scale(head.width, head.height, n))
        .find(|&(w, h)| u64::from(w) * u64::from(h) * channels <= budget)
}

/// Decodes `bytes` at the smallest DCT scale that covers `target` px on the long edge, refusing
/// images whose decoded buffer would exceed `max_pixels` RGB pixels (3 bytes each) even at 1/8
/// scale, before allocating anything. A file that ends early is decoded as far as it goes
/// (libjpeg-turbo fills the rest with grey) and comes back with the [`TRUNCATED`] warning.
pub fn decode(
    bytes: &[u8],
    target: u32,
    max_pixels: u64,
) -> Result<(Pixels, Option<&'static str>), DecodeError> {
    let handle = Handle::new()?;
    let head = header_with(&handle, bytes)?;
    let budget = max_pixels.saturating_mul(3);
    let (w, h) = fitting_scale(&head, target, budget).ok_or(DecodeError::TooLarge {
        width: head.width,
        height: head.height,
        max: max_pixels,
    })?;
    let (format, channels) = if head.cmyk {
        (raw::TJPF_TJPF_CMYK, 4)
    } else {
        (raw::TJPF_TJPF_RGB, 3)
    };
    let mut data = vec![0u8; w as usize * h as usize * channels];
    // SAFETY: `data` holds exactly w*h*channels bytes, the pitch of one row is w*channels, and
    // TurboJPEG picks the scale whose output is w x h (the TJSCALED size computed above).
    let res = unsafe {
        raw::tjDecompress2(
            handle.0,
            bytes.as_ptr(),
            bytes.len() as libc::c_ulong,
            data.as_mut_ptr(),
            w as i32,
            (w as usize * channels) as i32,
            h as i32,
            format,
            raw::TJFLAG_FASTDCT as i32,
        )
    };
    let mut warning = None;
    if res != 0 {
        let (fatal, message) = handle.error();
        // Warnings (extraneous bytes, ...) are common in camera files and harmless. A file that
        // ends early shows a grey band where its data stops: kept, and said.
        if fatal {
            return Err(DecodeError::Corrupt(message));
        }
        if message.contains("Premature end") {
            warning = Some(TRUNCATED);
        }
    }
    if head.cmyk {
        data = cmyk_to_rgb(&data, adobe_inverted(bytes));
    }
    let pixels = Pixels {
        width: w,
        height: h,
        alpha: false,
        data,
    };
    Ok((pixels, warning))
}

/// Photoshop writes CMYK JPEGs inverted (with an Adobe APP14 marker); most CMYK files are such.
fn adobe_inverted(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(65_536)];
    head.windows(5).any(|w| w == b"Adobe")
}

fn cmyk_to_rgb(cmyk: &[u8], inverted: bool) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        let [c, m, y, k] = if inverted {
            [px[0], px[1], px[2], px[3]]
        } else {
            [255 - px[0], 255 - px[1], 255 - px[2], 255 - px[3]]
        };
        let k = u32::from(k);
        for v in [c, m, y] {
            rgb.push(((u32::from(v) * k + 127) / 255) as u8);
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest n/8 scale (n = 1..8) whose long edge still reaches `target` (capped at full size).
    fn scaled_size(width: u32, height: u32, target: u32) -> (u32, u32) {
        at_scale(width, height, eighths(width, height, target))
    }

    #[test]
    fn scale_is_the_smallest_eighth_that_covers_the_target() {
        assert_eq!(scaled_size(6000, 4000, 512), (750, 500));
        assert_eq!(scaled_size(6000, 4000, 2560), (3000, 2000));
        assert_eq!(scaled_size(6000, 4000, 1920), (2250, 1500));
        assert_eq!(scaled_size(300, 200, 512), (300, 200));
    }

    #[test]
    fn the_pixel_limit_bounds_the_buffer_at_the_decode_scale() {
        let panorama = Header {
            width: 20_000,
            height: 14_000,
            cmyk: false,
        };
        // 280 MP: 1/8 (4.4 MP) covers the grid, 2/8 (17.5 MP of 200) the 2560 px variant.
        assert_eq!(
            fitting_scale(&panorama, 512, 200_000_000 * 3),
            Some((2500, 1750))
        );
        assert_eq!(
            fitting_scale(&panorama, 2560, 200_000_000 * 3),
            Some((5000, 3500))
        );
        // Wanted at full size under a 10 MP limit: the largest scale within it.
        assert_eq!(
            fitting_scale(&panorama, 20_000, 10_000_000 * 3),
            Some((2500, 1750))
        );
        assert_eq!(fitting_scale(&panorama, 256, 1_000_000 * 3), None);
    }
}
