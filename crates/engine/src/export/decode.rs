//! An original decoded for export with the thumbnail pipeline's decoders, at the smallest scale
//! that still covers the long edge wanted (JPEG DCT scaling, libwebp's rescaler), keeping what a
//! colour-managed conversion needs: CMYK as stored, 16 bits a channel, the embedded profile.

use std::io::Cursor;

use image::{ColorType, DynamicImage, ImageDecoder};

use crate::meta::Format;
use crate::thumbs::decode::{
    decode as thumbs_decode, image_decoder, tiff_beyond_the_image_crate, Original,
};
use crate::thumbs::jpeg;
use crate::thumbs::pixels::Pixels;
use crate::thumbs::raw;
use crate::thumbs::DecodeError;

/// Decoded pixels in the layout the source had.
pub(crate) enum Raster {
    /// 8-bit RGB or RGBA.
    Rgb8(Pixels),
    /// 16-bit RGB or RGBA, native-endian.
    Rgb16 {
        width: u32,
        height: u32,
        alpha: bool,
        data: Vec<u16>,
    },
    /// 8-bit CMYK as stored; `inverted` (Adobe) files store 255 for no ink.
    Cmyk {
        width: u32,
        height: u32,
        data: Vec<u8>,
        inverted: bool,
    },
}

pub(crate) struct Decoded {
    pub raster: Raster,
    /// A profile the decoder found itself (PNG, TIFF); JPEG and WebP profiles are read apart.
    pub icc: Option<Vec<u8>>,
}

/// Decodes `bytes` for a long edge of at least `target` px (`u32::MAX`: full size).
pub(crate) fn decode(
    bytes: Vec<u8>,
    format: Format,
    target: u32,
    max_pixels: u64,
) -> Result<Decoded, DecodeError> {
    match format {
        Format::Jpeg => from_jpeg(&bytes, target, max_pixels),
        Format::Raw(kind) => from_jpeg(raw::preview(&bytes, kind)?, target, max_pixels),
        Format::Tiff => match tiff_beyond_the_image_crate(&bytes, target, max_pixels) {
            Some(pixels) => Ok(Decoded {
                raster: Raster::Rgb8(pixels?),
                icc: None,
            }),
            None => with_image_crate(&bytes, max_pixels),
        },
        Format::Png | Format::Gif => with_image_crate(&bytes, max_pixels),
        Format::Webp | Format::Heic | Format::Heif | Format::Avif | Format::Jxl => {
            let (pixels, _) =
                thumbs_decode(Original::Bytes(bytes), Some(format), target, max_pixels)?;
            Ok(Decoded {
                raster: Raster::Rgb8(pixels),
                icc: None,
            })
        }
    }
}

fn from_jpeg(bytes: &[u8], target: u32, max_pixels: u64) -> Result<Decoded, DecodeError> {
    let (native, _) = jpeg::decode_native(bytes, target, max_pixels)?;
    let raster = match native.cmyk {
        Some(inverted) => Raster::Cmyk {
            width: native.width,
            height: native.height,
            data: native.data,
            inverted,
        },
        None => Raster::Rgb8(native.into_rgb()),
    };
    Ok(Decoded { raster, icc: None })
}

fn with_image_crate(bytes: &[u8], max_pixels: u64) -> Result<Decoded, DecodeError> {
    let mut decoder = image_decoder(Cursor::new(bytes), max_pixels)?;
    let icc = decoder.icc_profile().ok().flatten();
    let corrupt = |e: image::ImageError| DecodeError::Corrupt(e.to_string());
    let image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let deep = matches!(
        image.color(),
        ColorType::L16
            | ColorType::La16
            | ColorType::Rgb16
            | ColorType::Rgba16
            | ColorType::Rgb32F
            | ColorType::Rgba32F
    );
    let raster = match (deep, alpha) {
        (true, true) => Raster::Rgb16 {
            width,
            height,
            alpha,
            data: image.into_rgba16().into_raw(),
        },
        (true, false) => Raster::Rgb16 {
            width,
            height,
            alpha,
            data: image.into_rgb16().into_raw(),
        },
        (false, true) => Raster::Rgb8(Pixels {
            width,
            height,
            alpha,
            data: image.into_rgba8().into_raw(),
        }),
        (false, false) => Raster::Rgb8(Pixels {
            width,
            height,
            alpha,
            data: image.into_rgb8().into_raw(),
        }),
    };
    Ok(Decoded { raster, icc })
}
