//! The 1/8-scale picture of a progressive JPEG from its DC coefficients alone. libjpeg holds every
//! coefficient of a progressive file at full size whatever the output scale (a 120 MP panorama:
//! 360 MB); at 1/8 scale each output pixel is its block's DC value, and a progressive file keeps
//! the DC values in scans of their own. So only those scans are decoded (first pass and
//! refinements; the AC scans are skipped unread) into one value per block: 1/64 of the
//! coefficient memory. The result is what libjpeg-turbo's 1/8 decode gives, up to chroma
//! upsampling at colour edges.

use super::pixels::Pixels;
use super::{check_pixels, DecodeError};

/// Canonical Huffman codes of one DC table, by length.
struct Huffman {
    /// For each code length 1..=16: the first code, the index of its first value, the count.
    lengths: [(u32, usize, u32); 17],
    values: Vec<u8>,
}

impl Huffman {
    fn new(counts: &[u8; 16], values: Vec<u8>) -> Huffman {
        let mut lengths = [(0, 0, 0); 17];
        let (mut code, mut index) = (0u32, 0usize);
        for (len, &count) in counts.iter().enumerate() {
            lengths[len + 1] = (code, index, u32::from(count));
            code = (code + u32::from(count)) << 1;
            index += usize::from(count);
        }
        Huffman { lengths, values }
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Option<u8> {
        let mut code = 0u32;
        for &(first, index, count) in &self.lengths[1..] {
            code = (code << 1) | bits.bit();
            if count > 0 && code >= first && code < first + count {
                return self.values.get(index + (code - first) as usize).copied();
            }
        }
        None
    }
}

/// An entropy-coded segment's bits (byte stuffing undone); zeros once a marker is reached.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u32,
    count: u32,
}

impl<'a> Bits<'a> {
    fn bit(&mut self) -> u32 {
        if self.count == 0 {
            let byte = match self.data.get(self.pos) {
                Some(0xFF) if self.data.get(self.pos + 1) == Some(&0) => {
                    self.pos += 2;
                    0xFF
                }
                Some(0xFF) | None => 0, // a marker: the segment is over
                Some(&b) => {
                    self.pos += 1;
                    b
                }
            };
            self.acc = u32::from(byte);
            self.count = 8;
        }
        self.count -= 1;
        (self.acc >> self.count) & 1
    }

    fn bits(&mut self, n: u32) -> u32 {
        (0..n).fold(0, |v, _| (v << 1) | self.bit())
    }

    /// Drops the bits left in the byte and steps over a restart marker.
    fn restart(&mut self) {
        self.count = 0;
        while self.pos + 1 < self.data.len() && self.data[self.pos] == 0xFF {
            let next = self.data[self.pos + 1];
            if (0xD0..=0xD7).contains(&next) {
                self.pos += 2;
                return;
            }
            if next != 0xFF {
                return;
            }
            self.pos += 1;
        }
    }
}

/// The JPEG "extend" of an `s`-bit difference.
fn extend(v: u32, s: u32) -> i32 {
    if s == 0 {
        return 0;
    }
    let v = v as i32;
    if v < 1 << (s - 1) {
        v - (1 << s) + 1
    } else {
        v
    }
}

struct Component {
    id: u8,
    h: usize,
    v: usize,
    /// Its quantization table and (per scan) its DC Huffman table.
    quant: usize,
    table: usize,
    /// Blocks across and down in the MCU grid, and the DC values.
    blocks_w: usize,
    blocks_h: usize,
    dc: Vec<i32>,
}

struct Frame {
    width: u32,
    height: u32,
    components: Vec<Component>,
    mcus_x: usize,
    mcus_y: usize,
    h_max: usize,
    v_max: usize,
}

/// Where the entropy-coded data after a scan header ends: the next marker that is not a restart.
fn segment_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at + 1 < bytes.len() {
        if bytes[at] == 0xFF && bytes[at + 1] != 0 && !(0xD0..=0xD7).contains(&bytes[at + 1]) {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

/// Decodes the DC scans of a progressive (SOF2) 8-bit JPEG with 1 or 3 components into its 1/8
/// picture; refuses one whose 1/8 picture exceeds `max_pixels` before allocating it.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<Pixels, DecodeError> {
    let bad = |what: &str| DecodeError::Corrupt(format!("progressive JPEG: {what}"));
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(bad("no start of image"));
    }
    let mut quant = [0u16; 4];
    let mut tables: [Option<Huffman>; 4] = [None, None, None, None];
    let mut restart_interval = 0usize;
    let mut frame: Option<Frame> = None;
    let mut adobe_rgb = false;
    let mut at = 2;
    loop {
        while at < bytes.len() && bytes[at] != 0xFF {
            at += 1;
        }
        while at < bytes.len() && bytes[at] == 0xFF {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else { break };
        at += 1;
        if marker == 0xD9 {
            break;
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            continue;
        }
        let len = match bytes.get(at..at + 2) {
            Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
            None => break,
        };
        let body = bytes
            .get(at + 2..at + len.max(2))
            .ok_or_else(|| bad("segment runs past the end"))?;
        at += len.max(2);
        match marker {
            0xDB => {
                let mut b = body;
                while let Some(&pq_tq) = b.first() {
                    let (wide, id) = (pq_tq >> 4 != 0, usize::from(pq_tq & 3));
                    let first = if wide {
                        b.get(1..3).map(|v| u16::from_be_bytes([v[0], v[1]]))
                    } else {
                        b.get(1).map(|&v| u16::from(v))
                    };
                    quant[id] = first.ok_or_else(|| bad("short quantization table"))?;
                    b = b.get(if wide { 129 } else { 65 }..).unwrap_or_default();
                }
            }
            0xC4 => {
                let mut b = body;
                while b.len() >= 17 {
                    let (class, id) = (b[0] >> 4, usize::from(b[0] & 3));
                    let counts: [u8; 16] = b[1..17].try_into().unwrap_or([0; 16]);
                    let n: usize = counts.iter().map(|&c| usize::from(c)).sum();
                    let values = b
                        .get(17..17 + n)
                        .ok_or_else(|| bad("short Huffman table"))?;
                    if class == 0 {
                        tables[id] = Some(Huffman::new(&counts, values.to_vec()));
                    }
                    b = &b[17 + n..];
                }
            }
            0xDD => {
                restart_interval = body
                    .get(..2)
                    .map_or(0, |v| usize::from(u16::from_be_bytes([v[0], v[1]])));
            }
            0xEE if body.starts_with(b"Adobe") => {
                adobe_rgb = body.get(11) == Some(&0);
            }
            0xC2 => frame = Some(parse_frame(body, max_pixels)?),
            0xC0 | 0xC1 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(DecodeError::Unsupported(
                    "DC-only decoding is for progressive JPEGs".into(),
                ));
            }
            0xDA => {
                let frame = frame.as_mut().ok_or_else(|| bad("scan before the frame"))?;
                let end = segment_end(bytes, at);
                scan(frame, body, &bytes[at..end], &tables, restart_interval)?;
                at = end;
            }
            _ => {}
        }
    }
    let frame = frame.ok_or_else(|| bad("no frame header"))?;
    Ok(picture(&frame, &quant, adobe_rgb))
}

fn parse_frame(body: &[u8], max_pixels: u64) -> Result<Frame, DecodeError> {
    let bad = |what: &str| DecodeError::Corrupt(format!("progressive JPEG: {what}"));
    if body.len() < 6 || body[0] != 8 {
        return Err(DecodeError::Unsupported(
            "DC-only decoding is for 8-bit JPEGs".into(),
        ));
    }
    let height = u32::from(u16::from_be_bytes([body[1], body[2]]));
    let width = u32::from(u16::from_be_bytes([body[3], body[4]]));
    let n = usize::from(body[5]);
    if !matches!(n, 1 | 3) {
        return Err(DecodeError::Unsupported(format!(
            "DC-only decoding of a {n}-component JPEG"
        )));
    }
    check_pixels(width.div_ceil(8), height.div_ceil(8), max_pixels)?;
    let specs = body
        .get(6..6 + 3 * n)
        .ok_or_else(|| bad("short frame header"))?;
    let sampling: Vec<(usize, usize)> = specs
        .chunks_exact(3)
        .map(|c| (usize::from(c[1] >> 4).max(1), usize::from(c[1] & 15).max(1)))
        .collect();
    let h_max = sampling.iter().map(|s| s.0).max().unwrap_or(1);
    let v_max = sampling.iter().map(|s| s.1).max().unwrap_or(1);
    let mcus_x = (width as usize).div_ceil(8 * h_max);
    let mcus_y = (height as usize).div_ceil(8 * v_max);
    let components = specs
        .chunks_exact(3)
        .zip(&sampling)
        .map(|(c, &(h, v))| Component {
            id: c[0],
            h,
            v,
            quant: usize::from(c[2] & 3),
            table: 0,
            blocks_w: mcus_x * h,
            blocks_h: mcus_y * v,
            dc: vec![0; mcus_x * h * mcus_y * v],
        })
        .collect();
    Ok(Frame {
        width,
        height,
        components,
        mcus_x,
        mcus_y,
        h_max,
        v_max,
    })
}

/// Decodes one scan if it carries DC values (spectral start 0); AC scans are left unread.
fn scan(
    frame: &mut Frame,
    header: &[u8],
    data: &[u8],
    tables: &[Option<Huffman>; 4],
    restart_interval: usize,
) -> Result<(), DecodeError> {
    let bad = |what: &str| DecodeError::Corrupt(format!("progressive JPEG: {what}"));
    let n = usize::from(*header.first().ok_or_else(|| bad("empty scan header"))?);
    let tail = header
        .get(1 + 2 * n..1 + 2 * n + 3)
        .ok_or_else(|| bad("short scan header"))?;
    let (spectral_start, high, low) = (tail[0], tail[2] >> 4, u32::from(tail[2] & 15));
    if spectral_start != 0 {
        return Ok(());
    }
    let mut members = Vec::with_capacity(n);
    for spec in header[1..1 + 2 * n].chunks_exact(2) {
        let index = frame
            .components
            .iter()
            .position(|c| c.id == spec[0])
            .ok_or_else(|| bad("scan names an unknown component"))?;
        frame.components[index].table = usize::from(spec[1] >> 4) & 3;
        members.push(index);
    }
    let mut bits = Bits {
        data,
        pos: 0,
        acc: 0,
        count: 0,
    };
    let mut predictions = vec![0i32; frame.components.len()];
    // One block (the component's own raster) or one MCU of every member at a time.
    let units: Vec<(usize, usize)> = if n == 1 {
        let c = &frame.components[members[0]];
        let w = (frame.width as usize * c.h)
            .div_ceil(frame.h_max)
            .div_ceil(8);
        let h = (frame.height as usize * c.v)
            .div_ceil(frame.v_max)
            .div_ceil(8);
        (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).collect()
    } else {
        (0..frame.mcus_y)
            .flat_map(|y| (0..frame.mcus_x).map(move |x| (x, y)))
            .collect()
    };
    for (i, (ux, uy)) in units.into_iter().enumerate() {
        if restart_interval > 0 && i > 0 && i % restart_interval == 0 {
            bits.restart();
            predictions.iter_mut().for_each(|p| *p = 0);
        }
        for &m in &members {
            let c = &mut frame.components[m];
            let (ch, cv) = (c.h, c.v);
            let blocks: Vec<(usize, usize)> = if n == 1 {
                vec![(ux, uy)]
            } else {
                (0..cv)
                    .flat_map(|v| (0..ch).map(move |h| (ux * ch + h, uy * cv + v)))
                    .collect()
            };
            for (bx, by) in blocks {
                let slot = &mut c.dc[by * c.blocks_w + bx];
                if high == 0 {
                    let table = tables[c.table]
                        .as_ref()
                        .ok_or_else(|| bad("scan uses a missing Huffman table"))?;
                    let size = u32::from(table.decode(&mut bits).ok_or_else(|| bad("bad code"))?);
                    if size > 16 {
                        return Err(bad("difference too large"));
                    }
                    predictions[m] = predictions[m].wrapping_add(extend(bits.bits(size), size));
                    *slot = predictions[m].wrapping_shl(low);
                } else if bits.bit() == 1 {
                    *slot |= 1 << low;
                }
            }
        }
    }
    Ok(())
}

/// The picture at 1/8 scale: each block's DC value as libjpeg's 1x1 inverse DCT gives it, chroma
/// repeated over the luma blocks it covers, YCbCr converted to RGB (not for an Adobe RGB file).
fn picture(frame: &Frame, quant: &[u16; 4], adobe_rgb: bool) -> Pixels {
    let (w, h) = (frame.width.div_ceil(8), frame.height.div_ceil(8));
    // A block's value as libjpeg's 1x1 inverse DCT gives it.
    let value = |c: &Component, bx: usize, by: usize| -> f32 {
        let bx = bx.min(c.blocks_w - 1);
        let by = by.min(c.blocks_h - 1);
        let dc = c.dc[by * c.blocks_w + bx].saturating_mul(i32::from(quant[c.quant]));
        ((dc.saturating_add(4) >> 3).saturating_add(128)).clamp(0, 255) as f32
    };
    // A subsampled component is interpolated between its blocks' centres (libjpeg's "fancy"
    // upsampling: 3/4 of the nearer value and 1/4 of the farther one for 2x).
    let sample = |c: &Component, x: usize, y: usize| -> f32 {
        let along = |p: usize, factor: usize| -> (usize, usize, f32) {
            if factor == 1 {
                return (p, p, 0.0);
            }
            let at = ((p as f32 + 0.5) / factor as f32 - 0.5).max(0.0);
            let low = at.floor();
            (low as usize, low as usize + 1, at - low)
        };
        let (x0, x1, fx) = along(x, frame.h_max / c.h);
        let (y0, y1, fy) = along(y, frame.v_max / c.v);
        let top = value(c, x0, y0) * (1.0 - fx) + value(c, x1, y0) * fx;
        let bottom = value(c, x0, y1) * (1.0 - fx) + value(c, x1, y1) * fx;
        top * (1.0 - fy) + bottom * fy
    };
    let mut data = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h as usize {
        for x in 0..w as usize {
            if frame.components.len() == 1 {
                let v = value(&frame.components[0], x, y) as u8;
                data.extend([v, v, v]);
                continue;
            }
            let [a, b, c] = [0, 1, 2].map(|i| sample(&frame.components[i], x, y));
            if adobe_rgb {
                data.extend([a as u8, b as u8, c as u8]);
                continue;
            }
            let (cb, cr) = (b - 128.0, c - 128.0);
            let rgb = [
                a + 1.402 * cr,
                a - 0.344_136 * cb - 0.714_136 * cr,
                a + 1.772 * cb,
            ];
            data.extend(rgb.map(|v| v.round().clamp(0.0, 255.0) as u8));
        }
    }
    Pixels {
        width: w,
        height: h,
        alpha: false,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use turbojpeg::raw;

    /// A progressive JPEG of `rgb` (3 bytes a pixel) from libjpeg-turbo itself.
    fn progressive(rgb: &[u8], width: u32, height: u32, subsamp: u32) -> Vec<u8> {
        // SAFETY: plain libjpeg-turbo calls with valid buffers; the output is copied and freed.
        unsafe {
            let handle = raw::tjInitCompress();
            assert!(!handle.is_null());
            let (mut out, mut len): (*mut u8, libc::c_ulong) = (std::ptr::null_mut(), 0);
            let res = raw::tjCompress2(
                handle,
                rgb.as_ptr(),
                width as i32,
                (width * 3) as i32,
                height as i32,
                raw::TJPF_TJPF_RGB,
                &mut out,
                &mut len,
                subsamp as i32,
                85,
                raw::TJFLAG_PROGRESSIVE as i32,
            );
            assert_eq!(res, 0);
            let bytes = std::slice::from_raw_parts(out, len as usize).to_vec();
            raw::tjFree(out);
            raw::tjDestroy(handle);
            bytes
        }
    }

    /// Smooth colours with some structure, at an odd size (partial MCUs at the edges).
    fn picture_rgb(width: u32, height: u32) -> Vec<u8> {
        (0..height)
            .flat_map(|y| {
                (0..width).flat_map(move |x| {
                    let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
                    let wave = ((fx * 9.0).sin() * (fy * 7.0).cos() * 0.5 + 0.5) * 255.0;
                    [(fx * 255.0) as u8, wave as u8, (fy * 255.0) as u8]
                })
            })
            .collect()
    }

    /// Per-channel differences against libjpeg-turbo's own 1/8 decode of the same file.
    fn against_turbo(bytes: &[u8]) -> (f64, u8) {
        let ours = decode(bytes, u64::MAX).unwrap();
        let (theirs, _) = super::super::jpeg::decode_native(bytes, 1, u64::MAX).unwrap();
        assert_eq!((ours.width, ours.height), (theirs.width, theirs.height));
        let diffs: Vec<u8> = ours
            .data
            .iter()
            .zip(&theirs.data)
            .map(|(a, b)| a.abs_diff(*b))
            .collect();
        let mean = diffs.iter().map(|&d| f64::from(d)).sum::<f64>() / diffs.len() as f64;
        (mean, diffs.into_iter().max().unwrap_or(0))
    }

    #[test]
    fn greyscale_dc_values_are_exactly_libjpegs_one_eighth_decode() {
        let (w, h) = (203, 157);
        let bytes = progressive(&picture_rgb(w, h), w, h, raw::TJSAMP_TJSAMP_GRAY);
        assert_eq!(against_turbo(&bytes).1, 0);
    }

    /// libjpeg-turbo decodes 4:2:0 chroma at 1/8 with a 2x2 inverse DCT (its first AC
    /// coefficients too), where only DC values are at hand here: interpolated, within a few levels.
    #[test]
    fn colour_matches_libjpegs_one_eighth_decode_up_to_chroma_upsampling() {
        let (w, h) = (331, 217);
        for subsamp in [raw::TJSAMP_TJSAMP_444, raw::TJSAMP_TJSAMP_420] {
            let bytes = progressive(&picture_rgb(w, h), w, h, subsamp);
            let (mean, max) = against_turbo(&bytes);
            assert!(
                mean < 2.5 && max < 16,
                "subsampling {subsamp}: mean {mean}, max {max}"
            );
        }
    }

    /// Damaged files (cut anywhere, bytes flipped anywhere) give an error or a picture, never a
    /// panic.
    #[test]
    fn damaged_files_never_panic() {
        let (w, h) = (64, 48);
        let bytes = progressive(&picture_rgb(w, h), w, h, raw::TJSAMP_TJSAMP_420);
        for cut in (2..bytes.len()).step_by(7) {
            let _ = decode(&bytes[..cut], u64::MAX);
        }
        for at in (2..bytes.len()).step_by(3) {
            for flip in [0x01u8, 0x10, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                let _ = decode(&damaged, u64::MAX);
            }
        }
    }

    #[test]
    fn a_baseline_file_is_not_decoded_here() {
        let rgb = picture_rgb(16, 16);
        let baseline = turbojpeg::compress(
            turbojpeg::Image {
                pixels: &rgb[..],
                width: 16,
                pitch: 48,
                height: 16,
                format: turbojpeg::PixelFormat::RGB,
            },
            80,
            turbojpeg::Subsamp::Sub2x2,
        )
        .unwrap();
        assert!(matches!(
            decode(&baseline, u64::MAX),
            Err(DecodeError::Unsupported(_))
        ));
    }
}
