//! What rendering one file will allocate, estimated from its header before any pixel is decoded:
//! the file's bytes when its decoder needs them in memory, the decoder's buffers at the scale it
//! will actually run at (JPEG: DCT-scaled, with the coefficients of a multi-scan file, or a
//! lossless file at full size; still WebP:
//! scaled, with its alpha plane; PNG and TIFF: a band of rows and the reduced image; HEIC: full
//! size; the `image` crate: full size in the file's own layout, its scratch and the conversion to
//! 8-bit RGB(A)) and the largest variant made from it, with the resizer's intermediate image. The thumbnailer acquires this much of its
//! decode budget before reading the file.

use std::fs::File;
use std::io::{BufReader, Seek, SeekFrom};

use super::check_pixels;
use super::decode::{image_crate_bytes, in_memory};
use super::pixels::fit;
use super::{jpeg, stripes, webp, DecodeError};
use crate::meta::Format;

/// The file and what is known of it before it is read.
pub struct Probe<'a> {
    pub file: &'a File,
    pub file_len: u64,
    /// Its first bytes (enough for a JPEG's frame header in nearly every file).
    pub head: &'a [u8],
    pub format: Option<Format>,
    /// The size the scanner recorded (as displayed; for a RAW, the sensor's).
    pub hint: (u32, u32),
}

/// How many first bytes [`Probe::head`] should hold.
pub const HEAD_BYTES: usize = 256 << 10;

/// libheif's decode at full size: the YCbCr planes (up to 2 bytes a sample) and the interleaved
/// RGBA image converted from them.
const HEIF_BYTES_PER_PIXEL: u64 = 3 + 4;

/// libjxl 0.7's own buffers for a frame it decodes, whatever the output (measured: 54 MP took
/// 850 MB over the process's base); the output goes into a reduced image as it comes.
const JXL_BYTES_PER_PIXEL: u64 = 16;

/// Bytes rendering `probe`'s file for a largest variant of `target` px will hold at its peak. Fails
/// as the decode would when the header already shows the file is over `max_pixels` or unreadable.
pub fn footprint(probe: &Probe<'_>, target: u32, max_pixels: u64) -> Result<u64, DecodeError> {
    let (w, h) = probe.hint;
    let full = u64::from(w) * u64::from(h);
    let old_jpeg = match probe.format {
        Some(Format::Tiff) => old_jpeg_len(probe.file),
        _ => None,
    };
    // What the decoder allocates, and whether its output is the full-size image.
    let (decoder, full_size) = match probe.format {
        Some(Format::Jpeg) => {
            // A lossless file has no DCT to scale: its decode is the full-size image.
            let lossless = jpeg::frame(probe.head).is_some_and(|f| f.lossless);
            (jpeg::decode_bytes(probe.head, probe.hint, target), lossless)
        }
        // The preview is a baseline JPEG no larger than the sensor.
        Some(Format::Raw(_)) => (jpeg::baseline_bytes(probe.hint, target), false),
        Some(Format::Heic | Format::Heif | Format::Avif) => (full * HEIF_BYTES_PER_PIXEL, true),
        Some(Format::Jxl) => (full * JXL_BYTES_PER_PIXEL, false),
        Some(Format::Webp) => match webp::features(probe.head) {
            Some(features) if !features.animated => {
                check_pixels(features.width, features.height, max_pixels)?;
                (webp::decode_bytes(&features, target), false)
            }
            _ => {
                let file = rewound(probe.file)?;
                let bytes = image_crate_bytes(file, probe.format, probe.file_len, max_pixels)?;
                (bytes, true)
            }
        },
        // An old-style JPEG-in-TIFF: its JPEG stream in memory and a baseline decode of it.
        Some(Format::Tiff) if old_jpeg.is_some() => (
            old_jpeg.unwrap_or(0) + jpeg::baseline_bytes(probe.hint, target),
            false,
        ),
        format => match stripes::decode_bytes(rewound(probe.file)?, format, target) {
            Some(bytes) => (bytes, false),
            None => {
                let file = rewound(probe.file)?;
                (
                    image_crate_bytes(file, format, probe.file_len, max_pixels)?,
                    true,
                )
            }
        },
    };
    let held = if in_memory(probe.format) {
        probe.file_len
    } else {
        0
    };
    Ok(held + decoder + variant_bytes(probe.hint, target, full_size))
}

/// The length of an old-style JPEG-in-TIFF's JPEG stream (read into memory to decode).
fn old_jpeg_len(file: &File) -> Option<u64> {
    let mut file = file;
    crate::meta::old_jpeg_stream(&mut file).map(|(_, len)| len)
}

/// A buffered reader of `file` from its first byte.
fn rewound(file: &File) -> Result<BufReader<&File>, DecodeError> {
    let mut reader = BufReader::new(file);
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    Ok(reader)
}

/// The largest variant: its RGBA pixels, an oriented copy, libwebp's YUV picture and output, and
/// the resizer's intermediate image (the variant's width by the source's height: the full height
/// when the decode was at `full_size`, else at most twice the variant's).
fn variant_bytes((w, h): (u32, u32), target: u32, full_size: bool) -> u64 {
    let (vw, vh) = fit(w, h, target);
    let (vw, vh) = (u64::from(vw), u64::from(vh));
    let source_rows = if full_size { u64::from(h) } else { vh * 2 };
    vw * vh * (4 + 4 + 2) + vw * source_rows * 4
}
