//! CIE L*a*b* to 8-bit sRGB, for TIFFs that store their pixels as Lab (scanners, prepress),
//! gamma-encoded.

/// How a file stores Lab. L* is 0-255 for 0-100 in both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabEncoding {
    /// TIFF's CIELab (Photometric 8): a* and b* two's-complement, relative to D65 (libtiff's
    /// default white point, which ImageMagick writes; the WhitePoint tag is not read).
    Tiff,
    /// ICC Lab (Photometric 9): a* and b* offset by 128, relative to D50 (the ICC's white).
    Icc,
}

/// XYZ (D65) to linear sRGB.
const XYZ_D65_TO_SRGB: [[f32; 3]; 3] = [
    [3.240_454, -1.537_139, -0.498_531],
    [-0.969_266, 1.876_011, 0.041_556],
    [0.055_643, -0.204_026, 1.057_225],
];
const WHITE_D65: [f32; 3] = [0.950_47, 1.0, 1.088_83];
/// XYZ (D50) to linear sRGB, Bradford-adapted.
const XYZ_D50_TO_SRGB: [[f32; 3]; 3] = [
    [3.133_856, -1.616_867, -0.490_615],
    [-0.978_768, 1.916_142, 0.033_454],
    [0.071_945, -0.228_991, 1.405_243],
];
const WHITE_D50: [f32; 3] = [0.964_22, 1.0, 0.825_21];
/// Entries of the gamma table over linear 0..1.
const GAMMA_STEPS: usize = 4096;

/// A converter with its tables made once per image.
pub struct LabToRgb {
    encoding: LabEncoding,
    gamma: Vec<u8>,
}

impl LabToRgb {
    pub fn new(encoding: LabEncoding) -> LabToRgb {
        let gamma = (0..GAMMA_STEPS)
            .map(|i| {
                let v = i as f32 / (GAMMA_STEPS - 1) as f32;
                let encoded = if v <= 0.003_130_8 {
                    v * 12.92
                } else {
                    1.055 * v.powf(1.0 / 2.4) - 0.055
                };
                (encoded * 255.0).round().clamp(0.0, 255.0) as u8
            })
            .collect();
        LabToRgb { encoding, gamma }
    }

    /// Converts one pixel's stored L, a, b bytes.
    pub fn pixel(&self, lab: [u8; 3]) -> [u8; 3] {
        let l = f32::from(lab[0]) * 100.0 / 255.0;
        let (a, b, white, matrix) = match self.encoding {
            LabEncoding::Tiff => (
                f32::from(lab[1] as i8),
                f32::from(lab[2] as i8),
                WHITE_D65,
                XYZ_D65_TO_SRGB,
            ),
            LabEncoding::Icc => (
                f32::from(lab[1]) - 128.0,
                f32::from(lab[2]) - 128.0,
                WHITE_D50,
                XYZ_D50_TO_SRGB,
            ),
        };
        let fy = (l + 16.0) / 116.0;
        let f_inv = |t: f32| {
            if t > 6.0 / 29.0 {
                t * t * t
            } else {
                3.0 * (6.0f32 / 29.0).powi(2) * (t - 4.0 / 29.0)
            }
        };
        let xyz = [
            white[0] * f_inv(fy + a / 500.0),
            white[1] * f_inv(fy),
            white[2] * f_inv(fy - b / 200.0),
        ];
        let channel = |row: [f32; 3]| {
            let linear = row[0] * xyz[0] + row[1] * xyz[1] + row[2] * xyz[2];
            let i = (linear.clamp(0.0, 1.0) * (GAMMA_STEPS - 1) as f32).round() as usize;
            self.gamma[i]
        };
        [channel(matrix[0]), channel(matrix[1]), channel(matrix[2])]
    }

    /// Converts a row of Lab pixels (3 bytes each) to RGB in place.
    pub fn row(&self, row: &mut [u8]) {
        for px in row.chunks_exact_mut(3) {
            let rgb = self.pixel([px[0], px[1], px[2]]);
            px.copy_from_slice(&rgb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_black_and_primaries_land_where_srgb_puts_them() {
        let tiff = LabToRgb::new(LabEncoding::Tiff);
        assert_eq!(tiff.pixel([255, 0, 0]), [255, 255, 255]);
        assert_eq!(tiff.pixel([0, 0, 0]), [0, 0, 0]);
        // sRGB red is L* 53.2, a* 80.1, b* 67.2 and green 87.7, -86.2, 83.2 (D65).
        let red = tiff.pixel([136, 80, 67]);
        assert!(red[0] > 245 && red[1] < 30 && red[2] < 30, "{red:?}");
        let green = tiff.pixel([224, (-86i8) as u8, 83]);
        assert!(
            green[1] > 245 && green[0] < 30 && green[2] < 30,
            "{green:?}"
        );
        // ICC Lab: offset by 128, D50 white; sRGB blue is 29.6, 68.3, -112.0 there.
        let icc = LabToRgb::new(LabEncoding::Icc);
        assert_eq!(icc.pixel([255, 128, 128]), [255, 255, 255]);
        let blue = icc.pixel([75, 128 + 68, 16]);
        assert!(blue[2] > 245 && blue[0] < 30 && blue[1] < 30, "{blue:?}");
    }
}
