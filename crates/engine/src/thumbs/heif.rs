//! HEIC/HEIF/AVIF through the system libheif (Cargo feature `heif`; a few direct FFI calls, stable
//! since libheif 1.x). libheif applies the container's rotation and mirror (irot/imir) itself and
//! the scanner stores orientation 1 for these formats, so the pixels are turned exactly once even
//! when the file also carries an EXIF orientation. A file libheif 1.15 refuses for an auxiliary
//! image reference it cannot follow is decoded again from a copy without those references
//! (`meta::hide_unusual_aux_references`).

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

use super::pixels::{fitted_from_rows, Pixels};
use super::{check_pixels, DecodeError};

#[repr(C)]
struct HeifError {
    code: c_int,
    subcode: c_int,
    message: *const c_char,
}

#[repr(C)]
struct Context(c_void);
#[repr(C)]
struct ImageHandle(c_void);
#[repr(C)]
struct Image(c_void);

const COLORSPACE_RGB: c_int = 1;
const CHROMA_INTERLEAVED_RGB: c_int = 10;
const CHROMA_INTERLEAVED_RGBA: c_int = 11;
const CHANNEL_INTERLEAVED: c_int = 10;

#[link(name = "heif")]
extern "C" {
    fn heif_context_alloc() -> *mut Context;
    fn heif_context_free(ctx: *mut Context);
    fn heif_context_read_from_memory_without_copy(
        ctx: *mut Context,
        mem: *const c_void,
        size: usize,
        options: *const c_void,
    ) -> HeifError;
    fn heif_context_get_primary_image_handle(
        ctx: *mut Context,
        handle: *mut *mut ImageHandle,
    ) -> HeifError;
    fn heif_image_handle_get_width(handle: *const ImageHandle) -> c_int;
    fn heif_image_handle_get_height(handle: *const ImageHandle) -> c_int;
    fn heif_image_handle_has_alpha_channel(handle: *const ImageHandle) -> c_int;
    fn heif_image_handle_release(handle: *const ImageHandle);
    fn heif_decode_image(
        handle: *const ImageHandle,
        image: *mut *mut Image,
        colorspace: c_int,
        chroma: c_int,
        options: *const c_void,
    ) -> HeifError;
    fn heif_image_get_width(image: *const Image, channel: c_int) -> c_int;
    fn heif_image_get_height(image: *const Image, channel: c_int) -> c_int;
    fn heif_image_get_plane_readonly(
        image: *const Image,
        channel: c_int,
        stride: *mut c_int,
    ) -> *const u8;
    fn heif_image_release(image: *const Image);
}

fn check(err: HeifError) -> Result<(), DecodeError> {
    if err.code == 0 {
        return Ok(());
    }
    let message = if err.message.is_null() {
        format!("libheif error {}", err.code)
    } else {
        // SAFETY: libheif's messages are static NUL-terminated strings.
        unsafe { CStr::from_ptr(err.message) }
            .to_string_lossy()
            .into_owned()
    };
    Err(DecodeError::Corrupt(message))
}

/// Frees what libheif allocated, in reverse order, whatever path the decode takes.
struct Guard {
    ctx: *mut Context,
    handle: *mut ImageHandle,
    image: *mut Image,
}

impl Drop for Guard {
    fn drop(&mut self) {
        // SAFETY: each pointer is null or owned by this guard and released exactly once.
        unsafe {
            if !self.image.is_null() {
                heif_image_release(self.image);
            }
            if !self.handle.is_null() {
                heif_image_handle_release(self.handle);
            }
            if !self.ctx.is_null() {
                heif_context_free(self.ctx);
            }
        }
    }
}

/// Decodes the primary image, upright, at `target` px on the long edge (never upscaled). libheif
/// cannot scale while decoding, so it decodes at full size; the result is resized straight out of
/// libheif's plane, without a packed full-size copy beside it.
pub fn decode(bytes: &[u8], target: u32, max_pixels: u64) -> Result<Pixels, DecodeError> {
    match decode_primary(bytes, target, max_pixels) {
        Err(DecodeError::Corrupt(refusal)) if refusal.contains("auxiliary image references") => {
            // Decoded again without the auxiliary references libheif cannot follow (a copy: the
            // original bytes are never changed).
            let mut patched = bytes.to_vec();
            if !crate::meta::hide_unusual_aux_references(&mut patched) {
                return Err(DecodeError::Corrupt(refusal));
            }
            decode_primary(&patched, target, max_pixels)
        }
        other => other,
    }
}

fn decode_primary(bytes: &[u8], target: u32, max_pixels: u64) -> Result<Pixels, DecodeError> {
    // SAFETY: every call gets live pointers owned by `g`; `bytes` outlives the context, which reads
    // it without copying; the plane is resized (or copied) out before the image is released.
    unsafe {
        let mut g = Guard {
            ctx: heif_context_alloc(),
            handle: ptr::null_mut(),
            image: ptr::null_mut(),
        };
        if g.ctx.is_null() {
            return Err(DecodeError::Corrupt("libheif: out of memory".into()));
        }
        check(heif_context_read_from_memory_without_copy(
            g.ctx,
            bytes.as_ptr().cast(),
            bytes.len(),
            ptr::null(),
        ))?;
        check(heif_context_get_primary_image_handle(g.ctx, &mut g.handle))?;
        let side = |v: c_int| u32::try_from(v).unwrap_or(0);
        check_pixels(
            side(heif_image_handle_get_width(g.handle)),
            side(heif_image_handle_get_height(g.handle)),
            max_pixels,
        )?;
        let alpha = heif_image_handle_has_alpha_channel(g.handle) != 0;
        let chroma = if alpha {
            CHROMA_INTERLEAVED_RGBA
        } else {
            CHROMA_INTERLEAVED_RGB
        };
        check(heif_decode_image(
            g.handle,
            &mut g.image,
            COLORSPACE_RGB,
            chroma,
            ptr::null(),
        ))?;
        let width = side(heif_image_get_width(g.image, CHANNEL_INTERLEAVED));
        let height = side(heif_image_get_height(g.image, CHANNEL_INTERLEAVED));
        check_pixels(width, height, max_pixels)?;
        let mut stride: c_int = 0;
        let plane = heif_image_get_plane_readonly(g.image, CHANNEL_INTERLEAVED, &mut stride);
        if plane.is_null() || stride <= 0 {
            return Err(DecodeError::Corrupt("libheif: no interleaved plane".into()));
        }
        // libheif allocates `stride` bytes for every row, the last one included.
        let plane = std::slice::from_raw_parts(plane, stride as usize * height as usize);
        if let Some(fitted) =
            fitted_from_rows(plane, (width, height), stride as usize, alpha, target)
        {
            return Ok(fitted);
        }
        let row = width as usize * channels(alpha);
        let mut data = Vec::with_capacity(row * height as usize);
        for line in plane.chunks(stride as usize) {
            data.extend_from_slice(&line[..row]);
        }
        Ok(Pixels {
            width,
            height,
            alpha,
            data,
        })
    }
}

fn channels(alpha: bool) -> usize {
    if alpha {
        4
    } else {
        3
    }
}
