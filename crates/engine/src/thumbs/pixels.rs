//! Decoded pixel buffers (8-bit RGB or RGBA) and what is done to them: fitting sizes, SIMD resizing
//! (`fast_image_resize`) and the eight EXIF orientations.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// A tightly packed 8-bit image, 3 (RGB) or 4 (RGBA) bytes per pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    pub fn channels(&self) -> usize {
        if self.alpha {
            4
        } else {
            3
        }
    }

    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    /// This image resized to exactly `width` x `height` (a copy when the size is already right).
    pub fn resized(&self, width: u32, height: u32) -> Pixels {
        if (width, height) == (self.width, self.height) {
            return self.clone();
        }
        let pixel_type = self.pixel_type();
        let src = ImageRef::new(self.width, self.height, &self.data, pixel_type)
            .expect("a packed buffer matches its own size");
        let mut dst = Image::new(width, height, pixel_type);
        let options =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
        Resizer::new()
            .resize(&src, &mut dst, &options)
            .expect("same pixel type on both sides");
        Pixels {
            width,
            height,
            alpha: self.alpha,
            data: dst.into_vec(),
        }
    }

    /// This image turned upright according to EXIF orientation `orientation` (1-8; others are 1).
    pub fn oriented(&self, orientation: u16) -> Pixels {
        if !(2..=8).contains(&orientation) {
            return self.clone();
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let n = self.channels();
        let (ow, oh) = if orientation >= 5 { (h, w) } else { (w, h) };
        let mut out = vec![0u8; self.data.len()];
        for y in 0..oh {
            for x in 0..ow {
                let (sx, sy) = match orientation {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // 8
                };
                let s = (sy * w + sx) * n;
                let d = (y * ow + x) * n;
                out[d..d + n].copy_from_slice(&self.data[s..s + n]);
            }
        }
        Pixels {
            width: ow as u32,
            height: oh as u32,
            alpha: self.alpha,
            data: out,
        }
    }
}

/// A decoder's `width` x `height` image whose rows are `stride` bytes apart, fitted to `long_edge`
/// (never upscaled) straight out of that buffer, so no packed full-size copy is ever made. `None`
/// when the rows are padded (the resizer's filter would read the padding; the caller packs them).
/// Only the libheif decoder hands out such buffers.
#[cfg(any(feature = "heif", test))]
pub fn fitted_from_rows(
    data: &[u8],
    (width, height): (u32, u32),
    stride: usize,
    alpha: bool,
    long_edge: u32,
) -> Option<Pixels> {
    let (pixel_type, channels) = if alpha {
        (PixelType::U8x4, 4)
    } else {
        (PixelType::U8x3, 3)
    };
    if stride != width as usize * channels {
        return None;
    }
    let src = ImageRef::new(width, height, data, pixel_type).ok()?;
    let (w, h) = fit(width, height, long_edge);
    let mut dst = Image::new(w, h, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new().resize(&src, &mut dst, &options).ok()?;
    Some(Pixels {
        width: w,
        height: h,
        alpha,
        data: dst.into_vec(),
    })
}

/// `width` x `height` scaled so the long edge is `long_edge`, never above the original size.
pub fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(long_edge) + u64::from(long) / 2) / u64::from(long)).max(1)
            as u32
    };
    if width >= height {
        (long_edge, scale(height))
    } else {
        (scale(width), long_edge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(w: u32, h: u32) -> Pixels {
        let data = (0..w * h).flat_map(|i| [i as u8, 0, 0]).collect();
        Pixels {
            width: w,
            height: h,
            alpha: false,
            data,
        }
    }

    fn at(p: &Pixels, x: u32, y: u32) -> u8 {
        p.data[((y * p.width + x) * 3) as usize]
    }

    #[test]
    fn orientation_6_rotates_clockwise() {
        // 3x2: 0 1 2 / 3 4 5  -> rotated CW it is 2x3: 3 0 / 4 1 / 5 2
        let p = numbered(3, 2).oriented(6);
        assert_eq!((p.width, p.height), (2, 3));
        assert_eq!(
            [at(&p, 0, 0), at(&p, 1, 0), at(&p, 0, 2), at(&p, 1, 2)],
            [3, 0, 5, 2]
        );
    }

    #[test]
    fn orientation_8_rotates_counter_clockwise() {
        let p = numbered(3, 2).oriented(8);
        assert_eq!((p.width, p.height), (2, 3));
        assert_eq!([at(&p, 0, 0), at(&p, 1, 0), at(&p, 0, 2)], [2, 5, 0]);
    }

    #[test]
    fn fitting_from_rows_resizes_packed_rows_and_leaves_padded_ones() {
        let packed = numbered(4, 2);
        let same = fitted_from_rows(&packed.data, (4, 2), 12, false, 4).unwrap();
        assert_eq!(same, packed.resized(4, 2));
        let half = fitted_from_rows(&packed.data, (4, 2), 12, false, 2).unwrap();
        assert_eq!(half, packed.resized(2, 1));
        let padded = vec![0u8; 18 * 2];
        assert!(fitted_from_rows(&padded, (4, 2), 18, false, 2).is_none());
    }

    #[test]
    fn fit_never_upscales() {
        assert_eq!(fit(6000, 4000, 256), (256, 171));
        assert_eq!(fit(4000, 6000, 256), (171, 256));
        assert_eq!(fit(100, 50, 256), (100, 50));
    }
}
