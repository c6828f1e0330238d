//! JPEG XL through the system libjxl (Cargo feature `jxl`; a few direct FFI calls of its stable
//! decoder API, present since libjxl 0.7). libjxl hands the first frame out as 8-bit RGB row
//! segments, group by group in any order, already turned upright; each segment is added into the
//! boxes of a reduced image as it arrives, so the full-size picture never exists.

use std::ffi::c_void;
use std::os::raw::c_int;

use super::pixels::Pixels;
use super::{check_pixels, DecodeError};

#[repr(C)]
struct Decoder(c_void);

/// libjxl's JxlPixelFormat.
#[repr(C)]
struct PixelFormat {
    num_channels: u32,
    data_type: c_int,
    endianness: c_int,
    align: usize,
}

const TYPE_UINT8: c_int = 2;
const ENDIAN_NATIVE: c_int = 0;
const DEC_SUCCESS: c_int = 0;
const DEC_ERROR: c_int = 1;
const DEC_NEED_MORE_INPUT: c_int = 2;
const DEC_NEED_IMAGE_OUT_BUFFER: c_int = 5;
const DEC_BASIC_INFO: c_int = 0x40;
const DEC_FULL_IMAGE: c_int = 0x1000;

type ImageOutCallback =
    unsafe extern "C" fn(opaque: *mut c_void, x: usize, y: usize, n: usize, pixels: *const c_void);

#[link(name = "jxl")]
extern "C" {
    fn JxlDecoderCreate(memory_manager: *const c_void) -> *mut Decoder;
    fn JxlDecoderDestroy(dec: *mut Decoder);
    fn JxlDecoderSubscribeEvents(dec: *mut Decoder, events_wanted: c_int) -> c_int;
    fn JxlDecoderSetInput(dec: *mut Decoder, data: *const u8, size: usize) -> c_int;
    fn JxlDecoderCloseInput(dec: *mut Decoder);
    fn JxlDecoderProcessInput(dec: *mut Decoder) -> c_int;
    fn JxlDecoderSetImageOutCallback(
        dec: *mut Decoder,
        format: *const PixelFormat,
        callback: ImageOutCallback,
        opaque: *mut c_void,
    ) -> c_int;
}

/// Sums of k x k boxes of the upright picture, filled in whatever order segments come.
struct Boxes {
    k: usize,
    width: usize,
    height: usize,
    out_width: usize,
    sums: Vec<u32>,
}

unsafe extern "C" fn on_segment(
    opaque: *mut c_void,
    x: usize,
    y: usize,
    n: usize,
    pixels: *const c_void,
) {
    // SAFETY: `opaque` is the `Boxes` `decode` passed, alive and not otherwise borrowed while
    // libjxl runs (no parallel runner: one thread); `pixels` holds `n` RGB pixels.
    let boxes = unsafe { &mut *opaque.cast::<Boxes>() };
    if y >= boxes.height || x >= boxes.width {
        return;
    }
    let n = n.min(boxes.width - x);
    let row = unsafe { std::slice::from_raw_parts(pixels.cast::<u8>(), n * 3) };
    let out_y = y / boxes.k;
    for (i, px) in row.chunks_exact(3).enumerate() {
        let at = (out_y * boxes.out_width + (x + i) / boxes.k) * 3;
        for (sum, &v) in boxes.sums[at..at + 3].iter_mut().zip(px) {
            *sum += u32::from(v);
        }
    }
}

/// Decodes the first frame of a JPEG XL file whose displayed size is `size`, reduced by the
/// largest whole factor that keeps its long edge at or above `target`.
pub fn decode(
    bytes: &[u8],
    size: (u32, u32),
    target: u32,
    max_pixels: u64,
) -> Result<Pixels, DecodeError> {
    check_pixels(size.0, size.1, max_pixels)?;
    let (width, height) = (size.0 as usize, size.1 as usize);
    let k = (width.max(height) / target.max(1) as usize).max(1);
    let (out_width, out_height) = (width.div_ceil(k), height.div_ceil(k));
    let mut boxes = Boxes {
        k,
        width,
        height,
        out_width,
        sums: vec![0; out_width * out_height * 3],
    };
    let format = PixelFormat {
        num_channels: 3,
        data_type: TYPE_UINT8,
        endianness: ENDIAN_NATIVE,
        align: 0,
    };
    let failed = |what: &str| DecodeError::Corrupt(format!("libjxl: {what}"));
    // SAFETY: the decoder is created and destroyed here; `bytes`, `format` and `boxes` outlive it.
    unsafe {
        let dec = JxlDecoderCreate(std::ptr::null());
        if dec.is_null() {
            return Err(failed("out of memory"));
        }
        struct Destroy(*mut Decoder);
        impl Drop for Destroy {
            fn drop(&mut self) {
                // SAFETY: created by JxlDecoderCreate, destroyed once.
                unsafe { JxlDecoderDestroy(self.0) }
            }
        }
        let _guard = Destroy(dec);
        if JxlDecoderSubscribeEvents(dec, DEC_BASIC_INFO | DEC_FULL_IMAGE) != DEC_SUCCESS
            || JxlDecoderSetInput(dec, bytes.as_ptr(), bytes.len()) != DEC_SUCCESS
        {
            return Err(failed("cannot start the decoder"));
        }
        JxlDecoderCloseInput(dec);
        loop {
            match JxlDecoderProcessInput(dec) {
                DEC_BASIC_INFO => {}
                DEC_NEED_IMAGE_OUT_BUFFER => {
                    let opaque = (&mut boxes as *mut Boxes).cast::<c_void>();
                    if JxlDecoderSetImageOutCallback(dec, &format, on_segment, opaque)
                        != DEC_SUCCESS
                    {
                        return Err(failed("cannot take the image"));
                    }
                }
                DEC_FULL_IMAGE => break, // the first frame is the picture
                DEC_SUCCESS => break,
                DEC_NEED_MORE_INPUT => return Err(failed("the file ends early")),
                DEC_ERROR => return Err(failed("the file is not valid JPEG XL")),
                _ => {}
            }
        }
    }
    let mut data = Vec::with_capacity(out_width * out_height * 3);
    for oy in 0..out_height {
        let rows = (height - oy * k).min(k);
        for ox in 0..out_width {
            let cols = (width - ox * k).min(k);
            let count = (rows * cols) as u32;
            let at = (oy * out_width + ox) * 3;
            data.extend((0..3).map(|c| ((boxes.sums[at + c] + count / 2) / count) as u8));
        }
    }
    Ok(Pixels {
        width: out_width as u32,
        height: out_height as u32,
        alpha: false,
        data,
    })
}
