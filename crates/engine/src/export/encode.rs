//! The rendered pixels encoded: JPEG through libjpeg-turbo (progressive with `TJFLAG_PROGRESSIVE`:
//! the turbojpeg crate's `Compressor` has no such option, its raw TurboJPEG 2 API does), lossy WebP
//! through libwebp, PNG through the png crate; each with the metadata to embed.

use std::borrow::Cow;

use turbojpeg::raw;

use super::embed::{self, Embed};
use super::options::{OutputFormat, Render};
use crate::thumbs::encode::webp as webp_lossy;
use crate::thumbs::pixels::Pixels;
use crate::thumbs::DecodeError;

/// libwebp effort for exports: its default balance of speed and size.
const WEBP_METHOD: i32 = 4;

pub(crate) fn encode(
    pixels: &Pixels,
    render: &Render,
    meta: &Embed,
) -> Result<Vec<u8>, DecodeError> {
    match render.format {
        OutputFormat::Jpeg => {
            let rgb = without_alpha(pixels);
            let bytes = jpeg(&rgb, render.quality, render.progressive)?;
            Ok(embed::into_jpeg(&bytes, meta))
        }
        OutputFormat::Webp => {
            let bytes = webp_lossy(pixels, f32::from(render.quality), WEBP_METHOD)?;
            embed::into_webp(&bytes, pixels, meta)
        }
        OutputFormat::Png => png(pixels, meta),
    }
}

/// JPEG has no alpha: a transparent source is flattened onto white.
fn without_alpha(pixels: &Pixels) -> Cow<'_, Pixels> {
    if !pixels.alpha {
        return Cow::Borrowed(pixels);
    }
    let data = pixels
        .data
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u32::from(p[3]);
            let over = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect();
    Cow::Owned(Pixels {
        width: pixels.width,
        height: pixels.height,
        alpha: false,
        data,
    })
}

/// One TurboJPEG compressor handle, destroyed on drop.
struct Compressor(raw::tjhandle);

impl Drop for Compressor {
    fn drop(&mut self) {
        // SAFETY: the handle came from tjInitCompress and is destroyed exactly once.
        unsafe {
            raw::tjDestroy(self.0);
        }
    }
}

/// 8-bit RGB `pixels` as a 4:2:0 JPEG at `quality`, progressive when asked.
pub(crate) fn jpeg(
    pixels: &Pixels,
    quality: u8,
    progressive: bool,
) -> Result<Vec<u8>, DecodeError> {
    // SAFETY: plain constructor; a null result is handled.
    let handle = Compressor(unsafe { raw::tjInitCompress() });
    if handle.0.is_null() {
        return Err(DecodeError::Encode("cannot start the JPEG encoder".into()));
    }
    let mut flags = 0;
    if progressive {
        flags |= raw::TJFLAG_PROGRESSIVE as i32;
    }
    let mut out: *mut u8 = std::ptr::null_mut();
    let mut len: libc::c_ulong = 0;
    // SAFETY: `pixels.data` holds width*height*3 bytes with rows `width * 3` apart; TurboJPEG
    // allocates the output (`out` null) and we free it below with tjFree.
    let res = unsafe {
        raw::tjCompress2(
            handle.0,
            pixels.data.as_ptr(),
            pixels.width as i32,
            (pixels.width * 3) as i32,
            pixels.height as i32,
            raw::TJPF_TJPF_RGB,
            &mut out,
            &mut len,
            raw::TJSAMP_TJSAMP_420 as i32,
            i32::from(quality.clamp(1, 100)),
            flags,
        )
    };
    let result = if res != 0 || out.is_null() {
        // SAFETY: the handle is live; the string it returns is copied at once.
        let message = unsafe { std::ffi::CStr::from_ptr(raw::tjGetErrorStr2(handle.0)) };
        Err(DecodeError::Encode(message.to_string_lossy().into_owned()))
    } else {
        // SAFETY: TurboJPEG wrote `len` bytes at `out`.
        Ok(unsafe { std::slice::from_raw_parts(out, len as usize) }.to_vec())
    };
    if !out.is_null() {
        // SAFETY: `out` was allocated by TurboJPEG and is freed once.
        unsafe { raw::tjFree(out) };
    }
    result
}

fn png(pixels: &Pixels, meta: &Embed) -> Result<Vec<u8>, DecodeError> {
    let fail = |e: png::EncodingError| DecodeError::Encode(e.to_string());
    let mut info = png::Info::with_size(pixels.width, pixels.height);
    info.color_type = if pixels.alpha {
        png::ColorType::Rgba
    } else {
        png::ColorType::Rgb
    };
    info.bit_depth = png::BitDepth::Eight;
    info.icc_profile = meta.icc.map(Cow::Borrowed);
    info.exif_metadata = meta.exif.as_deref().map(Cow::Borrowed);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::with_info(&mut out, info).map_err(fail)?;
    if let Some(xmp) = &meta.xmp {
        encoder
            .add_itxt_chunk("XML:com.adobe.xmp".into(), xmp.clone())
            .map_err(fail)?;
    }
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&pixels.data).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}
