//! Colour: decoded pixels into 8-bit sRGB. An embedded ICC profile (RGB, 16-bit RGB or CMYK) is
//! converted with Little CMS; an sRGB profile, a missing or unreadable one, or one that does not
//! match the pixels' colour model is taken as sRGB (CMYK then converted naively, 16 bits rounded).

use std::sync::OnceLock;

use lcms2::{
    ColorSpaceSignature, Flags, InfoType, Intent, Locale, PixelFormat, Profile, Transform,
};

use super::decode::Raster;
use crate::thumbs::jpeg::Native;
use crate::thumbs::pixels::Pixels;

/// A readable, non-sRGB profile of the colour space `space`.
fn foreign(icc: Option<&[u8]>, space: ColorSpaceSignature) -> Option<Profile> {
    let profile = Profile::new_icc(icc?).ok()?;
    if profile.color_space() != space {
        return None;
    }
    let description = profile
        .info(InfoType::Description, Locale::none())
        .unwrap_or_default();
    (!description.contains("sRGB")).then_some(profile)
}

/// Pixels `src` in `in_format` through `profile` into sRGB `out_format` bytes; `None` when Little
/// CMS cannot build the transform.
fn convert(
    profile: &Profile,
    in_format: PixelFormat,
    src: &[u8],
    out_format: PixelFormat,
    out_len: usize,
) -> Option<Vec<u8>> {
    let flags = if out_format == PixelFormat::RGBA_8 {
        Flags::COPY_ALPHA
    } else {
        Flags::default()
    };
    let transform = Transform::<u8, u8>::new_flags(
        profile,
        in_format,
        &Profile::new_srgb(),
        out_format,
        Intent::Perceptual,
        flags,
    )
    .ok()?;
    let mut out = vec![0u8; out_len];
    transform.transform_pixels(src, &mut out);
    Some(out)
}

/// `raster` as 8-bit sRGB, converted from the profile `icc` where one applies.
pub(crate) fn to_srgb(raster: Raster, icc: Option<&[u8]>) -> Pixels {
    match raster {
        Raster::Rgb8(mut pixels) => {
            if let Some(profile) = foreign(icc, ColorSpaceSignature::RgbData) {
                let format = if pixels.alpha {
                    PixelFormat::RGBA_8
                } else {
                    PixelFormat::RGB_8
                };
                if let Some(out) =
                    convert(&profile, format, &pixels.data, format, pixels.data.len())
                {
                    pixels.data = out;
                }
            }
            pixels
        }
        Raster::Rgb16 {
            width,
            height,
            alpha,
            data,
        } => {
            let (in_format, out_format) = if alpha {
                (PixelFormat::RGBA_16, PixelFormat::RGBA_8)
            } else {
                (PixelFormat::RGB_16, PixelFormat::RGB_8)
            };
            let converted = foreign(icc, ColorSpaceSignature::RgbData).and_then(|profile| {
                convert(
                    &profile,
                    in_format,
                    bytemuck::cast_slice(&data),
                    out_format,
                    data.len(),
                )
            });
            let data = converted.unwrap_or_else(|| {
                data.iter()
                    .map(|&v| ((u32::from(v) + 128) / 257) as u8)
                    .collect()
            });
            Pixels {
                width,
                height,
                alpha,
                data,
            }
        }
        Raster::Cmyk {
            width,
            height,
            data,
            inverted,
        } => {
            let in_format = if inverted {
                PixelFormat::CMYK_8_REV
            } else {
                PixelFormat::CMYK_8
            };
            let pixels = (width as usize) * (height as usize);
            let converted = foreign(icc, ColorSpaceSignature::CmykData).and_then(|profile| {
                convert(&profile, in_format, &data, PixelFormat::RGB_8, pixels * 3)
            });
            match converted {
                Some(data) => Pixels {
                    width,
                    height,
                    alpha: false,
                    data,
                },
                None => Native {
                    width,
                    height,
                    data,
                    cmyk: Some(inverted),
                }
                .into_rgb(),
            }
        }
    }
}

/// Little CMS's sRGB profile, serialized once: what a converted export embeds.
pub(crate) fn srgb_icc() -> &'static [u8] {
    static ICC: OnceLock<Vec<u8>> = OnceLock::new();
    ICC.get_or_init(|| Profile::new_srgb().icc().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_srgb_profile_leaves_pixels_alone_and_a_foreign_one_converts() {
        let pixels = Pixels {
            width: 1,
            height: 1,
            alpha: false,
            data: vec![200, 40, 40],
        };
        let same = to_srgb(Raster::Rgb8(pixels.clone()), Some(srgb_icc()));
        assert_eq!(same, pixels);
        // A profile whose primaries differ (gamma 1.0 linear sRGB primaries) changes the values.
        let linear = Profile::new_rgb(
            &lcms2::CIExyY {
                x: 0.3127,
                y: 0.329,
                Y: 1.0,
            },
            &lcms2::CIExyYTRIPLE {
                Red: lcms2::CIExyY {
                    x: 0.64,
                    y: 0.33,
                    Y: 1.0,
                },
                Green: lcms2::CIExyY {
                    x: 0.30,
                    y: 0.60,
                    Y: 1.0,
                },
                Blue: lcms2::CIExyY {
                    x: 0.15,
                    y: 0.06,
                    Y: 1.0,
                },
            },
            &[
                &lcms2::ToneCurve::new(1.0),
                &lcms2::ToneCurve::new(1.0),
                &lcms2::ToneCurve::new(1.0),
            ],
        )
        .unwrap()
        .icc()
        .unwrap();
        let converted = to_srgb(Raster::Rgb8(pixels.clone()), Some(&linear));
        assert!(converted.data[0] > 200, "{:?}", converted.data);
        assert_eq!(
            to_srgb(
                Raster::Rgb16 {
                    width: 1,
                    height: 1,
                    alpha: false,
                    data: vec![65535, 0, 32896]
                },
                None
            )
            .data,
            vec![255, 0, 128]
        );
    }
}
