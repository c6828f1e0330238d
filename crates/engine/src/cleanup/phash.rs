//! A photo's perceptual fingerprint from its stored grid thumbnail (never the original): a 64-bit
//! DCT hash of the image (32×32 grey → 2-D DCT → the 64 lowest AC frequencies against their
//! median), the same hash of its mirror image (sign flips of the odd horizontal frequencies), the
//! same hash of its centre (a crop or a frame of up to a tenth matches it), the aspect ratio, and
//! a colour signature (chromaticity of three horizontal bands and saturation).

/// Side of the grey image the DCT runs on.
const N: usize = 32;
/// The fraction cut from each side for the centre hash.
/// Measured on the benchmark (README, Benchmarks): 2–3 % keeps 5 % and 10 % crops and a 2 %
/// frame above 0.9 recall; 1.5 % loses the 10 % crop, 3.5 % the frame.
pub const CENTRE_INSET: f32 = 0.025;
/// Diagonals `u + v = 1..=DIAGONALS` hold the 65 lowest AC frequencies; the first 64 are hashed.
const DIAGONALS: usize = 10;

/// What two photos are compared by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fingerprint {
    pub phash: u64,
    /// The hash of the image mirrored left to right.
    pub mirror: u64,
    /// The hash of the image's centre, [`CENTRE_INSET`] cut from every side: a copy cropped by up
    /// to a tenth hashes near it, and a copy in a thin frame has its centre near the hash.
    pub centre: u64,
    /// Width / height as displayed.
    pub aspect: f32,
    pub colour: Colour,
}

/// Mean chromaticity `(r, g) / (r + g + b)` of the top, middle and bottom thirds (×255), and the
/// mean saturation (×255). Chromaticity ignores brightness; the bands survive a mirror.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colour(pub [u8; 8]);

impl Colour {
    pub fn saturation(&self) -> u8 {
        self.0[6]
    }

    /// The largest band chromaticity difference, ×255.
    pub fn distance(&self, other: &Colour) -> u8 {
        (0..6)
            .map(|i| self.0[i].abs_diff(other.0[i]))
            .max()
            .unwrap_or(0)
    }
}

/// The fingerprint of a WebP thumbnail; `None` when it does not decode.
pub fn of_webp(bytes: &[u8]) -> Option<Fingerprint> {
    let image = webp::Decoder::new(bytes).decode()?;
    let channels = if image.is_alpha() { 4 } else { 3 };
    Some(of_pixels(
        &image,
        image.width() as usize,
        image.height() as usize,
        channels,
    ))
}

/// The fingerprint of interleaved RGB (`channels` 3) or RGBA (4) pixels, upright.
pub fn of_pixels(data: &[u8], width: usize, height: usize, channels: usize) -> Fingerprint {
    let (width, height) = (width.max(1), height.max(1));
    let image = Pixels {
        data,
        width,
        channels,
    };
    let coefficients = low_frequencies(&grey_of(&image, 0..width, 0..height));
    let mirrored: Vec<f32> = coefficients
        .iter()
        .zip(positions())
        .map(|(c, (_, v))| if v % 2 == 1 { -c } else { *c })
        .collect();
    let (dx, dy) = (
        (width as f32 * CENTRE_INSET).round() as usize,
        (height as f32 * CENTRE_INSET).round() as usize,
    );
    let centre = grey_of(&image, dx..width - dx, dy..height - dy);
    Fingerprint {
        phash: bits(&coefficients),
        mirror: bits(&mirrored),
        centre: bits(&low_frequencies(&centre)),
        aspect: width as f32 / height as f32,
        colour: colour_of(&image, height),
    }
}

/// Interleaved RGB or RGBA rows.
struct Pixels<'a> {
    data: &'a [u8],
    width: usize,
    channels: usize,
}

impl Pixels<'_> {
    fn row(&self, y: usize) -> &[u8] {
        let stride = self.width * self.channels;
        &self.data[y * stride..(y + 1) * stride]
    }
}

fn luma(p: &[u8]) -> f32 {
    0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2])
}

/// Box averages of the luma over `columns` × `rows`, as an N×N grey image.
fn grey_of(
    image: &Pixels,
    columns: std::ops::Range<usize>,
    rows: std::ops::Range<usize>,
) -> Vec<f32> {
    let (w, h) = (columns.len().max(1), rows.len().max(1));
    let mut grey = vec![0f32; N * N];
    let mut count = vec![0u32; N * N];
    for (y, row) in rows.clone().enumerate() {
        let line = image.row(row);
        let cy = y * N / h;
        for (x, column) in columns.clone().enumerate() {
            let cell = cy * N + x * N / w;
            let at = column * image.channels;
            grey[cell] += luma(&line[at..at + 3]);
            count[cell] += 1;
        }
    }
    for (value, n) in grey.iter_mut().zip(&count) {
        if *n > 0 {
            *value /= *n as f32;
        }
    }
    grey
}

/// The colour signature of the image's `height` rows.
fn colour_of(image: &Pixels, height: usize) -> Colour {
    let (width, channels) = (image.width, image.channels);
    let mut bands = [[0f64; 3]; 3];
    let mut saturation = 0f64;
    for y in 0..height {
        let row = image.row(y);
        let band = y * 3 / height;
        for p in row.chunks_exact(channels) {
            let (r, g, b) = (f32::from(p[0]), f32::from(p[1]), f32::from(p[2]));
            let sum = r + g + b;
            if sum > 24.0 {
                bands[band][0] += f64::from(r / sum);
                bands[band][1] += f64::from(g / sum);
                bands[band][2] += 1.0;
            }
            let (max, min) = (r.max(g).max(b), r.min(g).min(b));
            saturation += f64::from(max - min);
        }
    }
    let mut colour = [0u8; 8];
    for (i, band) in bands.iter().enumerate() {
        let (r, g) = if band[2] > 0.0 {
            (band[0] / band[2], band[1] / band[2])
        } else {
            (1.0 / 3.0, 1.0 / 3.0)
        };
        colour[i * 2] = (r * 255.0).round().clamp(0.0, 255.0) as u8;
        colour[i * 2 + 1] = (g * 255.0).round().clamp(0.0, 255.0) as u8;
    }
    colour[6] = (saturation / (width * height) as f64)
        .round()
        .clamp(0.0, 255.0) as u8;
    Colour(colour)
}

/// The `(u, v)` (vertical, horizontal frequency) of the 64 hashed coefficients, lowest first.
fn positions() -> impl Iterator<Item = (usize, usize)> {
    (1..=DIAGONALS)
        .flat_map(|s| (0..=s).map(move |u| (u, s - u)))
        .take(64)
}

/// The 64 hashed DCT-II coefficients of the grey image, in [`positions`] order.
fn low_frequencies(grey: &[f32]) -> Vec<f32> {
    let k = DIAGONALS + 1;
    let cos = cos_table();
    // Rows first: for every row y, its horizontal frequencies v < k.
    let mut rows = vec![0f32; N * k];
    for y in 0..N {
        let line = &grey[y * N..(y + 1) * N];
        for v in 0..k {
            let basis = &cos[v * N..(v + 1) * N];
            rows[y * k + v] = line.iter().zip(basis).map(|(a, b)| a * b).sum();
        }
    }
    positions()
        .map(|(u, v)| {
            let basis = &cos[u * N..(u + 1) * N];
            (0..N).map(|y| rows[y * k + v] * basis[y]).sum()
        })
        .collect()
}

/// `cos(π (2x + 1) f / 2N)` for frequencies `f < DIAGONALS + 1`, by frequency.
fn cos_table() -> &'static [f32] {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::with_capacity((DIAGONALS + 1) * N);
        for f in 0..=DIAGONALS {
            for x in 0..N {
                let angle = std::f64::consts::PI * (2 * x + 1) as f64 * f as f64 / (2 * N) as f64;
                table.push(angle.cos() as f32);
            }
        }
        table
    })
}

/// Bit i set when coefficient i is above the median of all 64.
fn bits(coefficients: &[f32]) -> u64 {
    let mut sorted = coefficients.to_vec();
    sorted.sort_by(f32::total_cmp);
    let median = (sorted[31] + sorted[32]) / 2.0;
    coefficients
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > median)
        .fold(0u64, |acc, (i, _)| acc | (1 << i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(w: usize, h: usize, flip: bool) -> Vec<u8> {
        let mut data = Vec::with_capacity(w * h * 3);
        for y in 0..h {
            for x in 0..w {
                let x = if flip { w - 1 - x } else { x };
                let v = ((x * 255 / w) ^ (y * 97 / h)) as u8;
                data.extend_from_slice(&[v, v / 2, 255 - v]);
            }
        }
        data
    }

    #[test]
    fn a_mirrored_image_hashes_to_the_mirror_hash() {
        let a = of_pixels(&gradient(256, 171, false), 256, 171, 3);
        let b = of_pixels(&gradient(256, 171, true), 256, 171, 3);
        assert!((a.mirror ^ b.phash).count_ones() <= 2, "{a:?} {b:?}");
        assert!((a.phash ^ b.phash).count_ones() > 10);
        assert_eq!(a.colour.distance(&b.colour), 0);
    }

    #[test]
    fn the_centre_hash_is_the_hash_of_the_image_cut_by_the_inset() {
        let (w, h) = (256, 171);
        let data = gradient(w, h, false);
        let (dx, dy) = (6, 4); // 2.5 % of 256 and of 171, rounded
        let mut cut = Vec::new();
        for y in dy..h - dy {
            cut.extend_from_slice(&data[(y * w + dx) * 3..(y * w + w - dx) * 3]);
        }
        let whole = of_pixels(&data, w, h, 3);
        let centre = of_pixels(&cut, w - 2 * dx, h - 2 * dy, 3);
        assert_eq!(whole.centre, centre.phash);
        assert_ne!(whole.centre, whole.phash);
    }

    #[test]
    fn half_the_bits_are_set() {
        let a = of_pixels(&gradient(200, 200, false), 200, 200, 3);
        assert_eq!(a.phash.count_ones(), 32);
    }
}
