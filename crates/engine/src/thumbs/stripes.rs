//! Reduced decodes for codecs that hand out rows but cannot scale: non-interlaced PNG (row by row
//! through the `png` crate), strip- or tile-organised TIFF (chunk by chunk through the `tiff`
//! crate) and GIF (the first frame's palette indices, one byte a pixel, through the `gif` crate).
//! Each row is averaged into k x k boxes as it arrives, k the largest whole factor that keeps the
//! long edge at or above the target, so a 196 MP scan wanted at 2560 px holds one band of rows and
//! a 1/5 image, never the full-size RGB one. Layouts these paths do not cover (interlaced PNG,
//! planar or exotic TIFF, a GIF whose first frame does not fill the screen) return `None` and go
//! through the `image` crate at full size. CIE L*a*b* TIFFs are read as if RGB (see
//! `relabelled`) and converted to sRGB row by row (`lab`).

use std::io::{BufRead, BufReader, Seek, SeekFrom};

use super::lab::{LabEncoding, LabToRgb};
use super::pixels::Pixels;
use super::relabelled::Relabelled;
use super::{check_pixels, DecodeError};
use crate::meta::Format;

/// Averages k x k boxes of 8-bit RGB(A) rows into a reduced image.
struct Reducer {
    k: u32,
    width: u32,
    channels: usize,
    out_width: u32,
    /// Per output column and channel: the sum over the box so far.
    sums: Vec<u32>,
    /// How many source rows the current band holds.
    rows: u32,
    height: u32,
    seen: u32,
    out: Vec<u8>,
}

/// The box factor for a `width` x `height` image wanted at `target` px on the long edge.
fn factor(width: u32, height: u32, target: u32) -> u32 {
    (width.max(height) / target.max(1)).max(1)
}

impl Reducer {
    fn new(width: u32, height: u32, alpha: bool, target: u32) -> Reducer {
        let k = factor(width, height, target);
        let channels = if alpha { 4 } else { 3 };
        let out_width = width.div_ceil(k);
        let out_height = height.div_ceil(k);
        Reducer {
            k,
            width,
            channels,
            out_width,
            sums: vec![0; out_width as usize * channels],
            rows: 0,
            height,
            seen: 0,
            out: Vec::with_capacity(out_width as usize * out_height as usize * channels),
        }
    }

    /// Adds one source row of `width` pixels, `channels` bytes each.
    fn push(&mut self, row: &[u8]) {
        let (k, ch) = (self.k as usize, self.channels);
        for (x, px) in row.chunks_exact(ch).take(self.width as usize).enumerate() {
            let sums = &mut self.sums[(x / k) * ch..(x / k) * ch + ch];
            for (sum, &v) in sums.iter_mut().zip(px) {
                *sum += u32::from(v);
            }
        }
        self.rows += 1;
        self.seen += 1;
        if self.rows == self.k || self.seen == self.height {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let (k, ch) = (self.k, self.channels);
        for ox in 0..self.out_width {
            let cols = (self.width - ox * k).min(k);
            let count = cols * self.rows;
            for c in 0..ch {
                let sum = &mut self.sums[ox as usize * ch + c];
                self.out.push(((*sum + count / 2) / count) as u8);
                *sum = 0;
            }
        }
        self.rows = 0;
    }

    fn finish(self) -> Result<Pixels, DecodeError> {
        if self.seen < self.height {
            return Err(DecodeError::Corrupt(format!(
                "image data ends after {} of {} rows",
                self.seen, self.height
            )));
        }
        Ok(Pixels {
            width: self.out_width,
            height: self.height.div_ceil(self.k),
            alpha: self.channels == 4,
            data: self.out,
        })
    }

    /// What the reducer holds: the reduced image and the sums.
    fn bytes(width: u32, height: u32, alpha: bool, target: u32) -> u64 {
        let k = factor(width, height, target);
        let channels = if alpha { 4 } else { 3 };
        let (w, h) = (u64::from(width.div_ceil(k)), u64::from(height.div_ceil(k)));
        w * h * channels + w * channels * 4
    }
}

/// The layout of 8-bit samples a source hands out: gray, gray + alpha, RGB or RGBA.
#[derive(Clone, Copy)]
struct Samples(usize);

impl Samples {
    fn alpha(self) -> bool {
        self.0 == 2 || self.0 == 4
    }

    /// `row` as RGB(A) into `rgb` (gray expanded).
    fn to_rgb<'a>(self, row: &'a [u8], rgb: &'a mut Vec<u8>) -> &'a [u8] {
        match self.0 {
            1 => {
                rgb.clear();
                rgb.extend(row.iter().flat_map(|&g| [g, g, g]));
                rgb
            }
            2 => {
                rgb.clear();
                rgb.extend(row.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]));
                rgb
            }
            _ => row,
        }
    }
}

/// What a reduced decode of `format` from `reader` for `target` px will hold at its peak, or `None`
/// when the file's layout is not one these paths decode.
pub fn decode_bytes<R: BufRead + Seek>(
    reader: R,
    format: Option<Format>,
    target: u32,
) -> Option<u64> {
    match format {
        Some(Format::Png) => {
            let reader = png_reader(reader).ok()?;
            let info = reader.info();
            let samples = png_samples(&reader)?;
            let row = u64::from(info.width) * 8 * 2;
            Some(Reducer::bytes(info.width, info.height, samples.alpha(), target) + row * 3)
        }
        Some(Format::Tiff) => match cielab(reader) {
            Ok(Lab::Relabelled(reader, _)) => tiff_bytes(BufReader::new(reader), target),
            Ok(Lab::Not(reader)) => tiff_bytes(reader, target),
            Err(_) => None,
        },
        Some(Format::Gif) => {
            let (width, height, alpha) = gif_layout(&mut gif_decoder(reader).ok()?)?;
            let indices = u64::from(width) * u64::from(height);
            Some(Reducer::bytes(width, height, alpha, target) + indices + u64::from(width) * 4)
        }
        _ => None,
    }
}

/// [`decode_bytes`] of a TIFF the `tiff` crate reads.
fn tiff_bytes<R: BufRead + Seek>(reader: R, target: u32) -> Option<u64> {
    let (mut decoder, samples, bits) = tiff_decoder(reader).ok()??;
    let (width, height) = decoder.dimensions().ok()?;
    let (cw, ch) = decoder.chunk_dimensions();
    let sample_bytes = u64::from(bits / 8);
    let chunk = u64::from(cw) * u64::from(ch) * samples.0 as u64 * sample_bytes;
    // A decompressed chunk, its decoded copy, and for tiles one band of them across.
    let band = u64::from(width) * u64::from(ch) * samples.0 as u64;
    Some(Reducer::bytes(width, height, samples.alpha(), target) + chunk * 2 + band)
}

/// A TIFF source as the `tiff` crate will read it: a CIE L*a*b* or ICC Lab file (Photometric 8 or
/// 9, whose samples the crate does not decode) through a reader that shows RGB (2) instead, so
/// its L, a, b bytes come out as they are stored; anything else as it is.
enum Lab<R> {
    Relabelled(Relabelled<R>, LabEncoding),
    Not(R),
}

fn cielab<R: BufRead + Seek>(mut reader: R) -> std::io::Result<Lab<R>> {
    let start = reader.stream_position()?;
    let found = crate::meta::photometric(&mut reader);
    reader.seek(SeekFrom::Start(start))?;
    let Some((at, value, little)) = found else {
        return Ok(Lab::Not(reader));
    };
    let encoding = match value {
        8 => LabEncoding::Tiff,
        9 => LabEncoding::Icc,
        _ => return Ok(Lab::Not(reader)),
    };
    let rgb = if little {
        2u16.to_le_bytes()
    } else {
        2u16.to_be_bytes()
    };
    Ok(Lab::Relabelled(Relabelled::new(reader, at, rgb)?, encoding))
}

/// Decodes a PNG, TIFF or GIF from `reader` reduced for `target` px, refusing one over `max_pixels`;
/// `Ok(None)` when its layout is not covered here (the reader is then rewound).
pub fn decode<R: BufRead + Seek>(
    reader: &mut R,
    format: Option<Format>,
    target: u32,
    max_pixels: u64,
) -> Result<Option<Pixels>, DecodeError> {
    let corrupt = |e: std::io::Error| DecodeError::Corrupt(e.to_string());
    let start = reader.stream_position().map_err(corrupt)?;
    let want = Want { target, max_pixels };
    let done = match format {
        Some(Format::Png) => png(&mut *reader, want)?,
        Some(Format::Tiff) => match cielab(&mut *reader).map_err(corrupt)? {
            Lab::Relabelled(relabelled, lab) => tiff(BufReader::new(relabelled), want, Some(lab))?,
            Lab::Not(reader) => tiff(reader, want, None)?,
        },
        Some(Format::Gif) => gif(&mut *reader, want)?,
        _ => None,
    };
    if done.is_none() {
        reader.seek(SeekFrom::Start(start)).map_err(corrupt)?;
    }
    Ok(done)
}

/// What a reduced decode is asked for: the long edge to reach and the pixel limit.
#[derive(Clone, Copy)]
struct Want {
    target: u32,
    max_pixels: u64,
}

fn png_reader<R: BufRead + Seek>(reader: R) -> Result<png::Reader<R>, png::DecodingError> {
    let mut decoder = png::Decoder::new(reader);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    decoder.read_info()
}

/// The samples a non-interlaced PNG's rows come in after expansion to 8 bits.
fn png_samples<R: BufRead + Seek>(reader: &png::Reader<R>) -> Option<Samples> {
    if reader.info().interlaced {
        return None;
    }
    let (color, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return None;
    }
    Some(Samples(match color {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return None,
    }))
}

fn png<R: BufRead + Seek>(reader: R, want: Want) -> Result<Option<Pixels>, DecodeError> {
    let corrupt = |e: png::DecodingError| DecodeError::Corrupt(e.to_string());
    let mut png = png_reader(reader).map_err(corrupt)?;
    let (width, height) = (png.info().width, png.info().height);
    check_pixels(width, height, want.max_pixels)?;
    let Some(samples) = png_samples(&png) else {
        return Ok(None);
    };
    let mut reducer = Reducer::new(width, height, samples.alpha(), want.target);
    let mut rgb = Vec::new();
    while let Some(row) = png.next_row().map_err(corrupt)? {
        reducer.push(samples.to_rgb(row.data(), &mut rgb));
    }
    reducer.finish().map(Some)
}

type TiffParts<R> = (tiff::decoder::Decoder<R>, Samples, u8);

/// A TIFF decoder whose chunks hold interleaved 8- or 16-bit gray, gray + alpha, RGB or RGBA.
fn tiff_decoder<R: BufRead + Seek>(reader: R) -> tiff::TiffResult<Option<TiffParts<R>>> {
    use tiff::tags::Tag;
    use tiff::ColorType;
    let mut decoder = tiff::decoder::Decoder::new(reader)?;
    let planar = decoder.find_tag_unsigned::<u16>(Tag::PlanarConfiguration)?;
    let photometric = decoder.find_tag_unsigned::<u16>(Tag::PhotometricInterpretation)?;
    // Planar files and MinIsWhite gray are left to the `image` crate.
    if planar.is_some_and(|p| p != 1) || photometric == Some(0) {
        return Ok(None);
    }
    let (samples, bits) = match decoder.colortype()? {
        ColorType::Gray(b) => (1, b),
        ColorType::GrayA(b) => (2, b),
        ColorType::RGB(b) => (3, b),
        ColorType::RGBA(b) => (4, b),
        _ => return Ok(None),
    };
    if bits != 8 && bits != 16 {
        return Ok(None);
    }
    Ok(Some((decoder, Samples(samples), bits)))
}

/// A reduced decode of a TIFF; `lab`: its samples are L, a, b (see [`cielab`]).
fn tiff<R: BufRead + Seek>(
    reader: R,
    want: Want,
    lab: Option<LabEncoding>,
) -> Result<Option<Pixels>, DecodeError> {
    use tiff::decoder::{ChunkType, DecodingResult};
    let corrupt = |e: tiff::TiffError| DecodeError::Corrupt(e.to_string());
    let Some((mut decoder, samples, _)) = tiff_decoder(reader).map_err(corrupt)? else {
        return Ok(None);
    };
    let (width, height) = decoder.dimensions().map_err(corrupt)?;
    check_pixels(width, height, want.max_pixels)?;
    let n = samples.0;
    let (chunk_w, chunk_h) = decoder.chunk_dimensions();
    let across = match decoder.get_chunk_type() {
        ChunkType::Strip => 1,
        ChunkType::Tile => width.div_ceil(chunk_w.max(1)),
    };
    let bands = height.div_ceil(chunk_h.max(1));
    let lab = lab.filter(|_| samples.0 == 3).map(LabToRgb::new);
    let mut reducer = Reducer::new(width, height, samples.alpha(), want.target);
    let mut band = Vec::new();
    let mut rgb = Vec::new();
    for b in 0..bands {
        let rows = (height - b * chunk_h).min(chunk_h) as usize;
        band.clear();
        band.resize(width as usize * rows * n, 0);
        for t in 0..across {
            let index = b * across + t;
            let (dw, dh) = decoder.chunk_data_dimensions(index);
            let data: Vec<u8> = match decoder.read_chunk(index).map_err(corrupt)? {
                DecodingResult::U8(v) => v,
                DecodingResult::U16(v) => v.into_iter().map(|s| (s >> 8) as u8).collect(),
                _ => return Ok(None),
            };
            // Tiles at the right and bottom edges are stored at full tile size.
            let stride = if across == 1 { dw } else { chunk_w } as usize * n;
            let x0 = (t * chunk_w) as usize * n;
            let row_bytes = dw as usize * n;
            for y in 0..(dh as usize).min(rows) {
                let Some(src) = data.get(y * stride..y * stride + row_bytes) else {
                    return Err(DecodeError::Corrupt("TIFF chunk is short".into()));
                };
                let dst = (y * width as usize * n) + x0;
                band[dst..dst + row_bytes].copy_from_slice(src);
            }
        }
        for row in band.chunks_exact_mut(width as usize * n) {
            // 16-bit Lab reduced to its high bytes is 8-bit Lab (a* and b* keep their sign).
            if let Some(lab) = &lab {
                lab.row(row);
            }
            reducer.push(samples.to_rgb(row, &mut rgb));
        }
    }
    reducer.finish().map(Some)
}

fn gif_decoder<R: BufRead>(reader: R) -> Result<gif::Decoder<R>, gif::DecodingError> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    options.read_info(reader)
}

/// The first frame's size and whether it has a transparent index, when it fills the screen.
fn gif_layout<R: std::io::Read>(decoder: &mut gif::Decoder<R>) -> Option<(u32, u32, bool)> {
    let (sw, sh) = (u32::from(decoder.width()), u32::from(decoder.height()));
    let frame = decoder.next_frame_info().ok()??;
    let fills = frame.left == 0
        && frame.top == 0
        && u32::from(frame.width) == sw
        && u32::from(frame.height) == sh;
    let alpha = frame.transparent.is_some();
    (fills && sw > 0 && sh > 0).then_some((sw, sh, alpha))
}

fn gif<R: BufRead>(reader: R, want: Want) -> Result<Option<Pixels>, DecodeError> {
    let corrupt = |e: gif::DecodingError| DecodeError::Corrupt(e.to_string());
    let mut decoder = gif_decoder(reader).map_err(corrupt)?;
    check_pixels(
        u32::from(decoder.width()),
        u32::from(decoder.height()),
        want.max_pixels,
    )?;
    let Some((width, height, alpha)) = gif_layout(&mut decoder) else {
        return Ok(None);
    };
    let transparent = decoder.current_frame_info().and_then(|f| f.transparent);
    let Ok(palette) = decoder.palette().map(<[u8]>::to_vec) else {
        return Ok(None);
    };
    let mut indices = vec![0u8; decoder.buffer_size()];
    decoder.read_into_buffer(&mut indices).map_err(corrupt)?;
    let mut reducer = Reducer::new(width, height, alpha, want.target);
    let mut row = Vec::with_capacity(width as usize * 4);
    for line in indices.chunks_exact(width as usize) {
        row.clear();
        for &i in line {
            let rgb = palette.get(usize::from(i) * 3..usize::from(i) * 3 + 3);
            row.extend_from_slice(rgb.unwrap_or(&[0, 0, 0]));
            if alpha {
                row.push(if Some(i) == transparent { 0 } else { 255 });
            }
        }
        reducer.push(&row);
    }
    reducer.finish().map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_average_and_edges_keep_their_own_count() {
        // 5x3 RGB wanted at 2 px: k = 2, output 3x2; the last column and row are partial boxes.
        let mut r = Reducer::new(5, 3, false, 2);
        for y in 0..3u8 {
            let row: Vec<u8> = (0..5u8).flat_map(|x| [x * 10 + y, 100, 200]).collect();
            r.push(&row);
        }
        let p = r.finish().unwrap();
        assert_eq!((p.width, p.height), (3, 2));
        let red: Vec<u8> = p.data.chunks(3).map(|px| px[0]).collect();
        // (0+10+1+11)/4 = 5.5 -> 6; (20+30+21+31)/4 = 25.5 -> 26; (40+41)/2 = 40.5 -> 41;
        // bottom row: (2+12)/2 = 7, (22+32)/2 = 27, 42.
        assert_eq!(red, [6, 26, 41, 7, 27, 42]);
        assert!(p.data.chunks(3).all(|px| px[1] == 100 && px[2] == 200));
    }

    #[test]
    fn the_factor_keeps_the_long_edge_at_or_above_the_target() {
        for (w, h, t) in [(14_000, 14_000, 2560), (6000, 4000, 512), (300, 200, 512)] {
            let k = factor(w, h, t);
            assert!(
                w.max(h).div_ceil(k) >= t.min(w.max(h)),
                "{w}x{h} at {t}: k={k}"
            );
            assert!(w.max(h).div_ceil(k + 1) < t || k == 1 && w.max(h) < 2 * t);
        }
    }

    #[test]
    fn a_short_file_is_an_error() {
        let mut r = Reducer::new(4, 4, false, 2);
        r.push(&[0; 12]);
        assert!(r.finish().is_err());
    }
}
