//! JPEG decoding through libjpeg-turbo with DCT-domain scaling: a 24 MP photo wanted at 512 px is
//! decoded at 1/8 scale, never at full size. Covers baseline, progressive, grayscale and CMYK/YCCK;
//! a lossless file goes to [`super::lossless`], a progressive one too large to hold every
//! coefficient of to [`super::progressive_dc`].

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

/// What the frame and first scan headers say about a decode's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    /// Bits a sample (8 for nearly every photo; 2-16 in a lossless file).
    pub precision: u8,
    /// A lossless (process 14, `SOF3`/`SOF7`/`SOF11`/`SOF15`) file: no DCT, decoded at full
    /// size by [`super::lossless`].
    pub lossless: bool,
    /// A progressive (`SOF2`) file, whose DC coefficients are scans of their own.
    pub progressive: bool,
    /// What libjpeg holds of DCT coefficients, whatever the output scale: every block of the
    /// image (2 bytes a coefficient) for a progressive file or one whose first scan lacks a
    /// component (the coefficients of all scans are gathered first); 0 for a single-scan file.
    pub coefficient_bytes: u64,
}

/// Walks the markers of `bytes` (a whole file or a prefix of one) to the frame header and the first
/// scan header. `None` when no frame header is found in them. A prefix that ends before the scan
/// header counts a progressive file only as multi-scan.
pub fn frame(bytes: &[u8]) -> Option<Frame> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    // The frame, whether it is progressive, and each component's sampling factors.
    type Found = (Frame, bool, Vec<(u32, u32)>);
    let mut found: Option<Found> = None;
    loop {
        while at < bytes.len() && bytes[at] != 0xFF {
            at += 1;
        }
        while at < bytes.len() && bytes[at] == 0xFF {
            at += 1;
        }
        let &marker = bytes.get(at)?;
        at += 1;
        if matches!(marker, 0x01 | 0xD0..=0xD8) {
            continue;
        }
        if marker == 0xD9 || at + 2 > bytes.len() {
            break;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at], bytes[at + 1]]));
        let body = &bytes[(at + 2).min(bytes.len())..(at + len).min(bytes.len())];
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof && found.is_none() && body.len() >= 6 {
            let height = u32::from(u16::from_be_bytes([body[1], body[2]]));
            let width = u32::from(u16::from_be_bytes([body[3], body[4]]));
            let components = body[5];
            let sampling: Vec<(u32, u32)> = body[6..]
                .chunks_exact(3)
                .take(usize::from(components))
                .map(|c| (u32::from(c[1] >> 4).max(1), u32::from(c[1] & 15).max(1)))
                .collect();
            let progressive = matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE);
            let frame = Frame {
                width,
                height,
                components,
                precision: body[0],
                lossless: matches!(marker, 0xC3 | 0xC7 | 0xCB | 0xCF),
                progressive: marker == 0xC2,
                coefficient_bytes: 0,
            };
            found = Some((frame, progressive, sampling));
        }
        if marker == 0xDA {
            let (frame, progressive, sampling) = found?;
            let partial = body.first().is_some_and(|&n| n < frame.components);
            return Some(with_coefficients(frame, progressive || partial, &sampling));
        }
        at += len.max(2);
    }
    let (frame, progressive, sampling) = found?;
    Some(with_coefficients(frame, progressive, &sampling))
}

fn with_coefficients(frame: Frame, whole_image: bool, sampling: &[(u32, u32)]) -> Frame {
    if !whole_image || frame.lossless {
        return frame;
    }
    let h_max = sampling.iter().map(|s| s.0).max().unwrap_or(1);
    let v_max = sampling.iter().map(|s| s.1).max().unwrap_or(1);
    let blocks = |size: u32, factor: u32, max: u32| {
        (u64::from(size) * u64::from(factor)).div_ceil(u64::from(max) * 8)
    };
    let coefficient_bytes = sampling
        .iter()
        .map(|&(h, v)| blocks(frame.width, h, h_max) * blocks(frame.height, v, v_max) * 64 * 2)
        .sum();
    Frame {
        coefficient_bytes,
        ..frame
    }
}

/// What decoding a JPEG for `target` px allocates: the coefficient buffer and the output at the
/// scale chosen (CMYK: and its RGB conversion). From `head` (the file or its first bytes); when the
/// frame header is not in them, from the scanner's size `hint`, counted as progressive 4:2:0.
pub fn decode_bytes(head: &[u8], hint: (u32, u32), target: u32) -> u64 {
    let frame = frame(head).unwrap_or_else(|| {
        let guess = Frame {
            width: hint.0,
            height: hint.1,
            components: 3,
            precision: 8,
            lossless: false,
            progressive: true,
            coefficient_bytes: 0,
        };
        with_coefficients(guess, true, &[(2, 2), (1, 1), (1, 1)])
    });
    if frame.lossless {
        return super::lossless::decode_bytes(&frame);
    }
    if from_dc_only(&frame, u64::MAX) {
        // One value a block per component, and the 1/8 RGB picture.
        let blocks = u64::from(frame.width.div_ceil(8)) * u64::from(frame.height.div_ceil(8));
        return blocks * (u64::from(frame.components) * 4 + 3);
    }
    let per_pixel = if frame.components == 4 { 4 + 3 } else { 3 };
    frame.coefficient_bytes + output_pixels((frame.width, frame.height), target) * per_pixel
}

/// What decoding a single-scan RGB JPEG of `size` for `target` px allocates (its output).
pub fn baseline_bytes(size: (u32, u32), target: u32) -> u64 {
    output_pixels(size, target) * 3
}

fn output_pixels((width, height): (u32, u32), target: u32) -> u64 {
    let (w, h) = at_scale(width, height, eighths(width, height, target));
    u64::from(w) * u64::from(h)
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

/// A progressive file whose coefficients would take more than this is shown from its DC
/// coefficients alone, at 1/8 scale ([`super::progressive_dc`]): the largest decode any JPEG
/// makes stays far below what a photo manager may hold at once.
pub const DC_ONLY_ABOVE: u64 = 256 << 20;

/// Whether `frame`'s file is decoded from its DC coefficients: a progressive file whose
/// coefficients exceed [`DC_ONLY_ABOVE`] or, with the output, `budget` bytes (the pixel limit's).
fn from_dc_only(frame: &Frame, budget: u64) -> bool {
    frame.progressive
        && !frame.lossless
        && (frame.coefficient_bytes > DC_ONLY_ABOVE || frame.coefficient_bytes >= budget)
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
/// images whose decoded buffer and coefficient buffer (see [`Frame::coefficient_bytes`]) would
/// exceed `max_pixels` RGB pixels (3 bytes each) even at 1/8 scale, before allocating anything. A file that ends early is decoded as far as it goes
/// (libjpeg-turbo fills the rest with grey) and comes back with the [`TRUNCATED`] warning.
pub fn decode(
    bytes: &[u8],
    target: u32,
    max_pixels: u64,
) -> Result<(Pixels, Option<&'static str>), DecodeError> {
    let (native, warning) = decode_native(bytes, target, max_pixels)?;
    Ok((native.into_rgb(), warning))
}

/// A decode in the file's own colour model: RGB, or CMYK as stored (4 bytes a pixel), for a
/// colour-managed conversion (export) instead of [`Native::into_rgb`]'s naive one.
pub struct Native {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
    /// `Some(inverted)` when `data` is CMYK; inverted (Adobe APP14) files store 255 for no ink.
    pub cmyk: Option<bool>,
}

impl Native {
    /// 8-bit RGB: CMYK converted without a profile.
    pub fn into_rgb(self) -> Pixels {
        let data = match self.cmyk {
            Some(inverted) => cmyk_to_rgb(&self.data, inverted),
            None => self.data,
        };
        Pixels {
            width: self.width,
            height: self.height,
            alpha: false,
            data,
        }
    }
}

/// [`decode`], keeping CMYK pixels as they are stored.
pub fn decode_native(
    bytes: &[u8],
    target: u32,
    max_pixels: u64,
) -> Result<(Native, Option<&'static str>), DecodeError> {
    // Two layouts libjpeg-turbo is not asked to decode: lossless files, and progressive ones too
    // large to hold every coefficient of.
    let frame = frame(bytes);
    let other = match frame {
        Some(f) if f.lossless => Some(super::lossless::decode(bytes, &f, max_pixels)?),
        Some(f) if from_dc_only(&f, max_pixels.saturating_mul(3)) => {
            Some(super::progressive_dc::decode(bytes, max_pixels)?)
        }
        _ => None,
    };
    if let Some(pixels) = other {
        let native = Native {
            width: pixels.width,
            height: pixels.height,
            data: pixels.data,
            cmyk: None,
        };
        return Ok((native, None));
    }
    let handle = Handle::new()?;
    let head = header_with(&handle, bytes)?;
    let too_large = DecodeError::TooLarge {
        width: head.width,
        height: head.height,
        max: max_pixels,
    };
    // The coefficients of a multi-scan file are held at full size whatever the output scale.
    let coefficients = frame.map_or(0, |f| f.coefficient_bytes);
    let budget = max_pixels
        .saturating_mul(3)
        .checked_sub(coefficients)
        .ok_or(too_large.clone())?;
    let (w, h) = fitting_scale(&head, target, budget).ok_or(too_large)?;
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
    let native = Native {
        width: w,
        height: h,
        data,
        cmyk: head.cmyk.then(|| adobe_inverted(bytes)),
    };
    Ok((native, warning))
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

    /// A frame header (SOF `marker`, 3 components 4:2:0) and a scan header over `scan` components.
    fn headers(marker: u8, width: u16, height: u16, scan: u8) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0];
        b.extend([0xFF, marker, 0, 17, 8]);
        b.extend(height.to_be_bytes());
        b.extend(width.to_be_bytes());
        b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend([0xFF, 0xDA, 0, 6 + 2 * scan, scan]);
        b.extend((0..scan).flat_map(|c| [c + 1, 0]));
        b.extend([0, 63, 0]);
        b
    }

    #[test]
    fn multi_scan_files_hold_every_coefficient_whatever_the_scale() {
        let baseline = frame(&headers(0xC0, 16_000, 12_000, 3)).unwrap();
        assert_eq!((baseline.width, baseline.height), (16_000, 12_000));
        assert_eq!(baseline.coefficient_bytes, 0);
        // 4:2:0: 1.5 coefficients a pixel, 2 bytes each.
        let progressive = frame(&headers(0xC2, 16_000, 12_000, 1)).unwrap();
        assert_eq!(progressive.coefficient_bytes, 16_000 * 12_000 * 3);
        let non_interleaved = frame(&headers(0xC0, 16_000, 12_000, 1)).unwrap();
        assert_eq!(non_interleaved.coefficient_bytes, 16_000 * 12_000 * 3);
        // The estimate adds the 1/8 output (1000 x 750 x 3) to the coefficients (144 MB)...
        let head = headers(0xC2, 8_000, 6_000, 3);
        assert_eq!(
            decode_bytes(&head, (0, 0), 256),
            8_000 * 6_000 * 3 + 1000 * 750 * 3
        );
        // ...unless they are over 256 MB (here 576 MB): then one DC value a block and component
        // (4 bytes) and the 1/8 picture.
        let head = headers(0xC2, 16_000, 12_000, 3);
        assert!(from_dc_only(&frame(&head).unwrap(), u64::MAX));
        assert_eq!(decode_bytes(&head, (0, 0), 256), 2000 * 1500 * (3 * 4 + 3));
        // No frame header in the bytes at hand: the scanner's size, counted as progressive.
        assert_eq!(
            decode_bytes(&[0xFF, 0xD8], (1600, 800), 256),
            1600 * 800 * 3 + 400 * 200 * 3
        );
        assert_eq!(frame(b"not a jpeg"), None);
    }
}
