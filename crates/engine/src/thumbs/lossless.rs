//! Lossless JPEG (process 14, `SOF3`: scanners, medical and scientific cameras), which
//! libjpeg-turbo 2.x refuses: decoded with the `jpeg-decoder` crate at full size (a lossless file
//! has no DCT to scale), 9-16-bit samples scaled to 8 bits.

use std::io::Cursor;

use super::jpeg::Frame;
use super::pixels::Pixels;
use super::{check_pixels, DecodeError};

/// What the decode holds at its peak, per pixel and component: the decoder's planes and their
/// interleaved copy (2 bytes a sample each) and its output (up to 2 bytes a sample).
const BYTES_PER_SAMPLE: u64 = 2 + 2 + 2;

/// What decoding `frame`'s file allocates: the decoder's buffers and the 8-bit RGB image.
pub fn decode_bytes(frame: &Frame) -> u64 {
    let pixels = u64::from(frame.width) * u64::from(frame.height);
    pixels * (u64::from(frame.components) * BYTES_PER_SAMPLE + 3)
}

/// Decodes a lossless JPEG to 8-bit RGB, refusing one over `max_pixels` before any allocation.
pub fn decode(bytes: &[u8], frame: &Frame, max_pixels: u64) -> Result<Pixels, DecodeError> {
    check_pixels(frame.width, frame.height, max_pixels)?;
    if !matches!(frame.components, 1 | 3) {
        return Err(DecodeError::Unsupported(format!(
            "lossless JPEG with {} components",
            frame.components
        )));
    }
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    let samples = decoder
        .decode()
        .map_err(|e| DecodeError::Corrupt(format!("lossless JPEG: {e}")))?;
    let info = decoder
        .info()
        .ok_or_else(|| DecodeError::Corrupt("lossless JPEG without a frame".into()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let channels = usize::from(frame.components);
    let count = width as usize * height as usize * channels;
    // Samples of any precision but 8 bits come as native-endian 16-bit words.
    let wide = frame.precision != 8;
    if samples.len() < count * if wide { 2 } else { 1 } {
        return Err(DecodeError::Corrupt(
            "lossless JPEG: too few samples".into(),
        ));
    }
    let eight: Vec<u8> = if wide {
        let max = (1u32 << frame.precision.clamp(2, 16)) - 1;
        samples
            .chunks_exact(2)
            .take(count)
            .map(|b| (u32::from(u16::from_ne_bytes([b[0], b[1]])).min(max) * 255 / max) as u8)
            .collect()
    } else {
        samples[..count].to_vec()
    };
    let data = if channels == 1 {
        eight.iter().flat_map(|&v| [v, v, v]).collect()
    } else {
        eight
    };
    Ok(Pixels {
        width,
        height,
        alpha: false,
        data,
    })
}
