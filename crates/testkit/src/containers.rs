//! EXIF in containers other than JPEG, built in memory: WebP (`VP8X` + `EXIF` chunk), PNG
//! (`eXIf`, or a "Raw profile type exif" text chunk), HEIC (an `Exif` item found through `iloc`,
//! with `ispe`/`irot`/`clap`), and TIFF/DNG whose IFDs sit after the pixels.

use std::io::Cursor;

use image::{ImageFormat, RgbImage};

use crate::{write_ifd, ExifValue};

fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            90,
        ])
    })
}

fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    picture(width, height)
        .write_to(&mut out, format)
        .expect("encoding to memory cannot fail");
    out.into_inner()
}

fn riff_chunk(out: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]) {
    out.extend(kind);
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
}

/// How the EXIF payload of a WebP chunk or HEIC item starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExifPrefix {
    /// The TIFF header itself (WebP as specified; HEIC with a correct offset field).
    None,
    /// `Exif\0\0` before the TIFF header (WebP from some writers; iPhone HEIC, offset field 6).
    ExifHeader,
    /// A whole JPEG APP1 header (`FF E1 len Exif\0\0`) with the offset field left at 0 (Samsung).
    App1WithZeroOffset,
}

/// A lossless WebP `width` x `height` with a `VP8X` header and an `EXIF` chunk holding `tiff`.
pub fn webp_with_exif(width: u32, height: u32, tiff: &[u8], prefix: ExifPrefix) -> Vec<u8> {
    let simple = encoded(width, height, ImageFormat::WebP);
    // The encoder writes RIFF....WEBP then one VP8L chunk.
    let frame = &simple[12..];
    let mut body = b"WEBP".to_vec();
    let mut vp8x = vec![0x08, 0, 0, 0]; // EXIF flag
    vp8x.extend(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend(&(height - 1).to_le_bytes()[..3]);
    riff_chunk(&mut body, b"VP8X", &vp8x);
    body.extend(frame);
    let mut exif = Vec::new();
    if prefix != ExifPrefix::None {
        exif.extend(b"Exif\0\0");
    }
    exif.extend(tiff);
    riff_chunk(&mut body, b"EXIF", &exif);
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// Where a PNG keeps its EXIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PngExif {
    /// The `eXIf` chunk (PNG 1.5 extension), right after `IHDR`.
    Chunk,
    /// A `tEXt` "Raw profile type exif" chunk: hex of `Exif\0\0` + TIFF (ImageMagick's form).
    RawProfile,
}

/// An RGB PNG `width` x `height` carrying `tiff` as EXIF.
pub fn png_with_exif(width: u32, height: u32, tiff: &[u8], how: PngExif) -> Vec<u8> {
    let png = encoded(width, height, ImageFormat::Png);
    let ihdr_end = 8 + 8 + 13 + 4;
    let mut out = png[..ihdr_end].to_vec();
    match how {
        PngExif::Chunk => png_chunk(&mut out, b"eXIf", tiff),
        PngExif::RawProfile => {
            let mut payload = b"Exif\0\0".to_vec();
            payload.extend(tiff);
            let mut text = b"Raw profile type exif\0".to_vec();
            text.extend(format!("\nexif\n{:8}\n", payload.len()).bytes());
            for line in payload.chunks(36) {
                for b in line {
                    text.extend(format!("{b:02x}").bytes());
                }
                text.push(b'\n');
            }
            png_chunk(&mut out, b"tEXt", &text);
        }
    }
    out.extend(&png[ihdr_end..]);
    out
}

/// Appends one PNG chunk (length, type, body, CRC) to `out`.
pub fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]) {
    out.extend((body.len() as u32).to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend(body);
    out.extend(&crc_input);
    out.extend(crc32(&crc_input).to_be_bytes());
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn bmff_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(body);
    out
}

fn full_box(kind: &[u8; 4], version: u8, flags: u32, body: &[u8]) -> Vec<u8> {
    let mut inner = (u32::from(version) << 24 | flags).to_be_bytes().to_vec();
    inner.extend(body);
    bmff_box(kind, &inner)
}

/// The shape of a HEIC built by [`heic_with_exif`].
#[derive(Debug, Clone, Copy)]
pub struct HeicShape {
    /// `ispe` of the primary item.
    pub width: u32,
    pub height: u32,
    /// `irot` quarter turns anticlockwise, if any.
    pub rotation: Option<u8>,
    /// `clap` clean aperture (width, height) as whole numbers over 2 (e.g. 2×wanted − 1 for a
    /// half-pixel), if any.
    pub clap_halves: Option<(u32, u32)>,
    pub prefix: ExifPrefix,
}

/// A HEIC with a (fake, never decoded) `hvc1` primary item and an `Exif` item holding `tiff`,
/// located by an `iloc` version 1 entry with a base offset into `mdat`. Metadata only.
pub fn heic_with_exif(shape: HeicShape, tiff: &[u8]) -> Vec<u8> {
    let mut payload = Vec::new();
    match shape.prefix {
        ExifPrefix::None => payload.extend(0u32.to_be_bytes()),
        ExifPrefix::ExifHeader => {
            payload.extend(6u32.to_be_bytes());
            payload.extend(b"Exif\0\0");
        }
        ExifPrefix::App1WithZeroOffset => {
            payload.extend(0u32.to_be_bytes());
            payload.extend([0xFF, 0xE1]);
            payload.extend(((tiff.len() + 8) as u16).to_be_bytes());
            payload.extend(b"Exif\0\0");
        }
    }
    payload.extend(tiff);
    let picture = vec![0u8; 64]; // stands for the coded image; nothing decodes it

    let ftyp = bmff_box(b"ftyp", b"heic\0\0\0\0mif1heic");
    let hdlr = full_box(b"hdlr", 0, 0, b"\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0");
    let pitm = full_box(b"pitm", 0, 0, &1u16.to_be_bytes());
    let infe = |id: u16, kind: &[u8; 4]| {
        let mut b = id.to_be_bytes().to_vec();
        b.extend(0u16.to_be_bytes());
        b.extend(kind);
        b.push(0);
        full_box(b"infe", 2, 0, &b)
    };
    let mut iinf_body = 2u16.to_be_bytes().to_vec();
    iinf_body.extend(infe(1, b"hvc1"));
    iinf_body.extend(infe(2, b"Exif"));
    let iinf = full_box(b"iinf", 0, 0, &iinf_body);

    let mut props = bmff_box(b"hvcC", &[1, 0, 0, 0]);
    let mut ispe = 0u32.to_be_bytes().to_vec();
    ispe.extend(shape.width.to_be_bytes());
    ispe.extend(shape.height.to_be_bytes());
    props.extend(full_box(b"ispe", 0, 0, &ispe[4..]));
    let mut assoc: Vec<u8> = vec![0x81, 2];
    let mut next = 3u8;
    if let Some((w2, h2)) = shape.clap_halves {
        let mut clap = Vec::new();
        for v in [w2, 2, h2, 2, 0, 1, 0, 1] {
            clap.extend(v.to_be_bytes());
        }
        props.extend(bmff_box(b"clap", &clap));
        assoc.push(0x80 | next);
        next += 1;
    }
    if let Some(r) = shape.rotation {
        props.extend(bmff_box(b"irot", &[r]));
        assoc.push(0x80 | next);
    }
    let ipco = bmff_box(b"ipco", &props);
    let mut ipma_body = 1u32.to_be_bytes().to_vec();
    ipma_body.extend(1u16.to_be_bytes());
    ipma_body.push(assoc.len() as u8);
    ipma_body.extend(&assoc);
    let ipma = full_box(b"ipma", 0, 0, &ipma_body);
    let mut iprp_body = ipco;
    iprp_body.extend(ipma);
    let iprp = bmff_box(b"iprp", &iprp_body);

    // iloc v1: offset 4, length 4, base offset 4, index 0; patched with the mdat position.
    let iloc_len = 12 + 2 + 2 + 2 * (2 + 2 + 2 + 4 + 2 + 8);
    let build = |mdat_data: u32| {
        let mut b = vec![0x44, 0x40];
        b.extend(2u16.to_be_bytes());
        for (id, offset, len) in [
            (1u16, 0u32, picture.len() as u32),
            (2, picture.len() as u32, payload.len() as u32),
        ] {
            b.extend(id.to_be_bytes());
            b.extend(0u16.to_be_bytes()); // construction method 0: file offsets
            b.extend(0u16.to_be_bytes());
            b.extend(mdat_data.to_be_bytes());
            b.extend(1u16.to_be_bytes());
            b.extend(offset.to_be_bytes());
            b.extend(len.to_be_bytes());
        }
        full_box(b"iloc", 1, 0, &b)
    };
    let meta_len = 12 + hdlr.len() + pitm.len() + iinf.len() + iprp.len() + iloc_len;
    let mdat_data = (ftyp.len() + meta_len + 8) as u32;
    let iloc = build(mdat_data);
    assert_eq!(iloc.len(), iloc_len);
    let mut meta_body = hdlr;
    meta_body.extend(pitm);
    meta_body.extend(iinf);
    meta_body.extend(iloc);
    meta_body.extend(iprp);
    let meta = full_box(b"meta", 0, 0, &meta_body);
    let mut mdat_body = picture.clone();
    mdat_body.extend(&payload);
    let mut out = ftyp;
    out.extend(meta);
    assert_eq!(out.len() + 8, mdat_data as usize);
    out.extend(bmff_box(b"mdat", &mdat_body));
    out
}

/// IFD0's entries for one strip of `width` x `height` pixels, 3 samples of 8 bits, at `strip_at`.
fn strip_entries(
    (width, height): (u32, u32),
    (strip_at, strip_len): (u32, u32),
    compression: u16,
    photometric: u16,
) -> Vec<(u16, ExifValue)> {
    vec![
        (0x0100, ExifValue::Long(width)),
        (0x0101, ExifValue::Long(height)),
        (0x0102, ExifValue::Short(8)),
        (0x0103, ExifValue::Short(compression)),
        (0x0106, ExifValue::Short(photometric)),
        (0x0111, ExifValue::Long(strip_at)),
        (0x0115, ExifValue::Short(3)),
        (0x0116, ExifValue::Long(height)),
        (0x0117, ExifValue::Long(strip_len)),
    ]
}

/// An uncompressed RGB TIFF whose IFDs come after its `width` x `height` pixels (as scanners and
/// many RAW writers lay them out). `sub_image`, when given, is a `SubIFDs` entry with that size
/// (as a DNG's full-resolution raw image); `extra0` are more IFD0 entries (make, orientation,
/// `DNGVersion` ...).
pub fn tiff_with_ifds_after_pixels(
    width: u32,
    height: u32,
    extra0: &[(u16, ExifValue)],
    exif_ifd: &[(u16, ExifValue)],
    gps_ifd: &[(u16, ExifValue)],
    sub_image: Option<(u32, u32)>,
) -> Vec<u8> {
    let pixels = (width * height * 3) as usize;
    let mut out = b"II*\0".to_vec();
    out.extend(0u32.to_le_bytes()); // IFD0 offset, patched
    let raw = picture(width, height).into_raw();
    out.extend(&raw[..pixels]);
    if out.len() % 2 == 1 {
        out.push(0);
    }
    // Sub-IFDs first so IFD0 can point at them.
    let sub_at = |out: &mut Vec<u8>, entries: &[(u16, ExifValue)]| -> Option<u32> {
        if entries.is_empty() {
            return None;
        }
        let at = out.len() as u32;
        let mut sorted = entries.to_vec();
        sorted.sort_by_key(|(t, _)| *t);
        write_ifd(out, &sorted, 0);
        if out.len() % 2 == 1 {
            out.push(0);
        }
        Some(at)
    };
    let exif_at = sub_at(&mut out, exif_ifd);
    let gps_at = sub_at(&mut out, gps_ifd);
    let raw_at = sub_image.and_then(|(w, h)| {
        sub_at(
            &mut out,
            &[
                (0x00FE, ExifValue::Long(0)),
                (0x0100, ExifValue::Long(w)),
                (0x0101, ExifValue::Long(h)),
            ],
        )
    });
    let mut ifd0 = strip_entries((width, height), (8, pixels as u32), 1, 2);
    ifd0.push((
        0x00FE,
        ExifValue::Long(if sub_image.is_some() { 1 } else { 0 }),
    ));
    ifd0.extend(extra0.iter().cloned());
    if let Some(at) = exif_at {
        ifd0.push((crate::tag::EXIF_IFD, ExifValue::Long(at)));
    }
    if let Some(at) = gps_at {
        ifd0.push((crate::tag::GPS_IFD, ExifValue::Long(at)));
    }
    if let Some(at) = raw_at {
        ifd0.push((0x014A, ExifValue::Long(at)));
    }
    ifd0.sort_by_key(|(t, _)| *t);
    let ifd0_at = out.len() as u32;
    write_ifd(&mut out, &ifd0, 0);
    out[4..8].copy_from_slice(&ifd0_at.to_le_bytes());
    out
}

/// A Canon CR3 skeleton: `ftyp crx `, then `moov` holding Canon's `uuid` box with `CMT1` (IFD0),
/// `CMT2` (EXIF tags) and `CMT4` (GPS tags), each its own little-endian TIFF. Metadata only.
pub fn cr3_with_exif(
    ifd0: &[(u16, ExifValue)],
    exif_ifd: &[(u16, ExifValue)],
    gps_ifd: &[(u16, ExifValue)],
) -> Vec<u8> {
    const CANON_UUID: [u8; 16] = [
        0x85, 0xC0, 0xB6, 0x87, 0x82, 0x0F, 0x11, 0xE0, 0x81, 0x11, 0xF4, 0xCE, 0x46, 0x2B, 0x6A,
        0x48,
    ];
    let mut uuid = CANON_UUID.to_vec();
    for (kind, entries) in [(b"CMT1", ifd0), (b"CMT2", exif_ifd), (b"CMT4", gps_ifd)] {
        if !entries.is_empty() {
            uuid.extend(bmff_box(kind, &crate::exif_block(entries, &[])));
        }
    }
    let mut moov = bmff_box(b"mvhd", &[0; 100]);
    moov.extend(bmff_box(b"uuid", &uuid));
    let mut out = bmff_box(b"ftyp", b"crx \0\0\0\x01crx isom");
    out.extend(bmff_box(b"moov", &moov));
    out.extend(bmff_box(b"mdat", &[0; 64]));
    out
}

/// One record of a CRW's CIFF heap: its tag (type bits included, e.g. `0x180e`) and value. A
/// value of at most 8 bytes with `inline` set is kept in the record itself (tag bit `0x4000`).
pub enum CiffRecord {
    Value {
        tag: u16,
        bytes: Vec<u8>,
        inline: bool,
    },
    /// A heap inside the heap (tag types `0x28`/`0x30`, e.g. `0x300a` ImageProps).
    Heap { tag: u16, records: Vec<CiffRecord> },
}

fn ciff_heap(records: &[CiffRecord]) -> Vec<u8> {
    let mut data = Vec::new();
    let mut table = Vec::new();
    for record in records {
        let (tag, size, offset) = match record {
            CiffRecord::Value {
                tag,
                bytes,
                inline: true,
            } => {
                assert!(
                    bytes.len() <= 8,
                    "an inline CIFF value holds at most 8 bytes"
                );
                let mut slot = bytes.clone();
                slot.resize(8, 0);
                table.extend((tag | 0x4000).to_le_bytes());
                table.extend(&slot);
                continue;
            }
            CiffRecord::Value { tag, bytes, .. } => {
                let at = data.len();
                data.extend(bytes);
                (*tag, bytes.len(), at)
            }
            CiffRecord::Heap { tag, records } => {
                let at = data.len();
                let heap = ciff_heap(records);
                data.extend(&heap);
                (*tag, heap.len(), at)
            }
        };
        table.extend(tag.to_le_bytes());
        table.extend((size as u32).to_le_bytes());
        table.extend((offset as u32).to_le_bytes());
        if data.len() % 2 == 1 {
            data.push(0);
        }
    }
    let table_at = data.len() as u32;
    data.extend(((table.len() / 10) as u16).to_le_bytes());
    data.extend(&table);
    data.extend(table_at.to_le_bytes());
    data
}

/// A Canon CRW file (CIFF, little-endian): the 26-byte header, then the root heap of `records`.
pub fn crw(records: &[CiffRecord]) -> Vec<u8> {
    let mut out = b"II".to_vec();
    out.extend(26u32.to_le_bytes());
    out.extend(b"HEAPCCDR");
    out.extend(0x0001_0002u32.to_le_bytes());
    out.extend([0u8; 8]);
    out.extend(ciff_heap(records));
    out
}

/// A lossless JPEG (process 14, `SOF3`, predictor 1) of `components` (1 or 3) samples of `bits`
/// (2-16) each: a left-to-right ramp from black to the brightest value, encoded by the `ljpeg`
/// crate (independent of the decoder Shoebox uses).
pub fn lossless_jpeg(width: u16, height: u16, bits: u8, components: u8) -> Vec<u8> {
    let max = (1u32 << bits) - 1;
    let per = usize::from(components);
    let mut samples = vec![0u16; usize::from(width) * usize::from(height) * per];
    for (i, pixel) in samples.chunks_exact_mut(per).enumerate() {
        let x = (i % usize::from(width)) as u32;
        let v = (x * max / u32::from(width.max(2) - 1)) as u16;
        pixel.fill(v);
    }
    let components = match components {
        1 => ljpeg::Components::C1,
        3 => ljpeg::Components::C3,
        other => panic!("lossless_jpeg: {other} components"),
    };
    let depth = ljpeg::Bitdepth::try_from(bits).expect("2-16 bits");
    ljpeg::Encoder::new(width, height, components, depth, ljpeg::Predictor::P1, 0, 0)
        .encode(&samples)
        .expect("the buffer holds every sample")
}

/// The top-level (or child) boxes of `data`: (type, start of the box, end of the box).
fn box_spans(data: &[u8]) -> Vec<([u8; 4], usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 8 <= data.len() {
        let size = u32::from_be_bytes(data[pos..pos + 4].try_into().unwrap()) as usize;
        let size = match size {
            0 => data.len() - pos,
            1 => u64::from_be_bytes(data[pos + 8..pos + 16].try_into().unwrap()) as usize,
            n => n,
        };
        let kind = data[pos + 4..pos + 8].try_into().unwrap();
        out.push((kind, pos, pos + size));
        pos += size;
    }
    out
}

/// `heic` (one image, e.g. from ImageMagick) with an auxiliary-image reference (`auxl`, with the
/// `auxC` property that makes an item auxiliary) that names two images, the shape libheif 1.15
/// refuses with "Too many auxiliary image references". The `meta` box is rewritten at the end of
/// the file and the original one turned into a `free` box, so every offset into `mdat` stays
/// valid.
pub fn heic_with_aux_naming_two_images(heic: &[u8]) -> Vec<u8> {
    let (_, meta_start, meta_end) = *box_spans(heic)
        .iter()
        .find(|(kind, ..)| kind == b"meta")
        .expect("a HEIF file has a meta box");
    let body = &heic[meta_start + 12..meta_end]; // after the box header and version/flags
    let child = |name: &[u8; 4]| {
        box_spans(body)
            .into_iter()
            .find(|(kind, ..)| kind == name)
            .map(|(_, start, end)| &body[start + 8..end])
    };
    let pitm = child(b"pitm").expect("a primary item");
    let primary = u16::from_be_bytes([pitm[4], pitm[5]]);
    let mut children = Vec::new();
    for (kind, start, end) in box_spans(body) {
        match &kind {
            b"iref" => {} // replaced below
            b"iprp" => {
                let iprp = &body[start + 8..end];
                let mut new_iprp = Vec::new();
                let mut aux_index = 0u8;
                for (kind, start, end) in box_spans(iprp) {
                    let part = &iprp[start + 8..end];
                    if &kind == b"ipco" {
                        aux_index = box_spans(part).len() as u8 + 1;
                        let aux_c = [&[0u8; 4][..], b"urn:mpeg:hevc:2015:auxid:1\0"].concat();
                        let ipco = [part, &bmff_box(b"auxC", &aux_c)].concat();
                        new_iprp.extend(bmff_box(b"ipco", &ipco));
                    } else if &kind == b"ipma" {
                        new_iprp.extend(bmff_box(b"ipma", &associate(part, primary, aux_index)));
                    } else {
                        new_iprp.extend_from_slice(&iprp[start..end]);
                    }
                }
                children.extend(bmff_box(b"iprp", &new_iprp));
            }
            _ => children.extend_from_slice(&body[start..end]),
        }
    }
    let mut reference = primary.to_be_bytes().to_vec();
    reference.extend(2u16.to_be_bytes());
    reference.extend(primary.to_be_bytes());
    reference.extend(primary.to_be_bytes());
    let iref = [&[0u8; 4][..], &bmff_box(b"auxl", &reference)].concat();
    children.extend(bmff_box(b"iref", &iref));
    let mut out = heic.to_vec();
    out[meta_start + 4..meta_start + 8].copy_from_slice(b"free");
    out.extend(bmff_box(
        b"meta",
        &[&heic[meta_start + 8..meta_start + 12], &children[..]].concat(),
    ));
    out
}

/// An `ipma` body (version 0, 1-byte associations) with property `index` added to `item`.
fn associate(ipma: &[u8], item: u16, index: u8) -> Vec<u8> {
    assert!(
        ipma[0] == 0 && ipma[3] & 1 == 0,
        "ipma version 0 with 1-byte indices"
    );
    let entries = u32::from_be_bytes(ipma[4..8].try_into().unwrap());
    let mut out = ipma[..8].to_vec();
    let mut at = 8;
    for _ in 0..entries {
        let id = u16::from_be_bytes([ipma[at], ipma[at + 1]]);
        let count = ipma[at + 2];
        let associations = &ipma[at + 3..at + 3 + usize::from(count)];
        out.extend(id.to_be_bytes());
        if id == item {
            out.push(count + 1);
            out.extend(associations);
            out.push(index);
        } else {
            out.push(count);
            out.extend(associations);
        }
        at += 3 + usize::from(count);
    }
    out
}

/// Where [`tiff_single_strip`] puts its strip.
pub const STRIP_AT: u32 = 8;

/// A little-endian TIFF of one strip holding `strip` as stored (at byte [`STRIP_AT`]), 3 samples
/// of 8 bits a pixel, with `compression` and `photometric`; `extra0` are more IFD0 entries. For
/// the layouts the `tiff` crate refuses: CIE L*a*b* (Photometric 8) and old-style JPEG
/// (Compression 6, whose JPEGInterchangeFormat entry points at the strip).
pub fn tiff_single_strip(
    width: u32,
    height: u32,
    compression: u16,
    photometric: u16,
    strip: &[u8],
    extra0: &[(u16, ExifValue)],
) -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend(0u32.to_le_bytes()); // IFD0 offset, patched
    out.extend(strip);
    if out.len() % 2 == 1 {
        out.push(0);
    }
    let mut ifd0 = strip_entries(
        (width, height),
        (STRIP_AT, strip.len() as u32),
        compression,
        photometric,
    );
    ifd0.extend(extra0.iter().cloned());
    ifd0.sort_by_key(|(t, _)| *t);
    let ifd0_at = out.len() as u32;
    write_ifd(&mut out, &ifd0, 0);
    out[4..8].copy_from_slice(&ifd0_at.to_le_bytes());
    out
}

/// Appends a BigTIFF IFD (8-byte counts and value fields, 20-byte entries) of `entries`, plus an
/// IFD8 pointer entry `pointer` when given; returns where the pointer's value field is.
fn bigtiff_ifd(
    out: &mut Vec<u8>,
    entries: &[(u16, ExifValue)],
    pointer: Option<u16>,
) -> Option<usize> {
    let mut all: Vec<(u16, u16, u64, Vec<u8>)> = entries
        .iter()
        .map(|(tag, v)| {
            let (kind, count, bytes) = crate::encoded(v);
            (*tag, kind, u64::from(count), bytes)
        })
        .collect();
    if let Some(tag) = pointer {
        all.push((tag, 18, 1, vec![0; 8])); // IFD8, patched by the caller
    }
    all.sort_by_key(|e| e.0);
    let start = out.len();
    let data_start = start + 8 + all.len() * 20 + 8;
    let mut data = Vec::new();
    let mut slot = None;
    out.extend((all.len() as u64).to_le_bytes());
    for (tag, kind, count, bytes) in &all {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(count.to_le_bytes());
        if Some(*tag) == pointer {
            slot = Some(out.len());
        }
        if bytes.len() <= 8 {
            let mut inline = bytes.clone();
            inline.resize(8, 0);
            out.extend(inline);
        } else {
            out.extend(((data_start + data.len()) as u64).to_le_bytes());
            data.extend(bytes);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    out.extend(0u64.to_le_bytes()); // no next IFD
    out.extend(data);
    slot
}

/// A little-endian BigTIFF: one uncompressed RGB strip of `width` x `height`, IFD0 with `extra0`
/// and an EXIF IFD of `exif_ifd` (IFD8 pointer; 8-byte values such as rationals inline).
pub fn bigtiff_with_exif(
    width: u32,
    height: u32,
    extra0: &[(u16, ExifValue)],
    exif_ifd: &[(u16, ExifValue)],
) -> Vec<u8> {
    let mut out = b"II+\0".to_vec();
    out.extend(8u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u64.to_le_bytes()); // IFD0 offset, patched
    let strip_at = out.len() as u32;
    let pixels = picture(width, height).into_raw();
    out.extend(&pixels);
    if out.len() % 2 == 1 {
        out.push(0);
    }
    let mut ifd0 = strip_entries((width, height), (strip_at, pixels.len() as u32), 1, 2);
    ifd0.extend(extra0.iter().cloned());
    let ifd0_at = out.len() as u64;
    let slot = bigtiff_ifd(&mut out, &ifd0, Some(crate::tag::EXIF_IFD)).unwrap();
    let exif_at = out.len() as u64;
    bigtiff_ifd(&mut out, exif_ifd, None);
    out[slot..slot + 8].copy_from_slice(&exif_at.to_le_bytes());
    out[8..16].copy_from_slice(&ifd0_at.to_le_bytes());
    out
}
