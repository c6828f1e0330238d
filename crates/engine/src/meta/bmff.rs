//! HEIC/HEIF/AVIF (ISO-BMFF) without decoding: the primary item's displayed size (`ispe`, then
//! `clap` crop and `irot` rotation) and the payloads of its `Exif` and XMP items, found via `iinf`
//! and `iloc` (versions 0–2, file or `idat` construction, any field widths).

use std::io::{Read, Seek, SeekFrom};

use super::Container;

/// The `meta` box is small (item tables and properties); anything bigger is not a photo's.
const MAX_META: u64 = 4 << 20;
/// An EXIF or XMP item larger than this is not read.
const MAX_ITEM: u64 = 4 << 20;
const MAX_TOP_BOXES: usize = 64;

pub fn read<R: Read + Seek>(r: &mut R) -> Container {
    let Some(meta) = meta_box(r) else {
        return Container::default();
    };
    let Some(items) = parse_meta(&meta) else {
        return Container::default();
    };
    let mut out = Container {
        size: items.display_size(),
        ..Container::default()
    };
    let read_item = |r: &mut R, id: u32| -> Option<Vec<u8>> {
        let loc = items.locations.iter().find(|l| l.id == id)?;
        read_location(r, loc, items.idat.as_deref())
    };
    if let Some(id) = items.exif_item {
        out.exif = read_item(r, id).and_then(|payload| {
            // The payload opens with the offset of the TIFF header after these 4 bytes; some
            // writers get it wrong (the parser also looks for the TIFF magic nearby).
            let skip = u32::from_be_bytes(payload.get(..4)?.try_into().ok()?) as usize;
            let start = if payload.len() > 4 + skip {
                4 + skip
            } else {
                4
            };
            let tiff = &payload[start..];
            if super::exif::tiff_start(tiff).is_some() {
                Some(tiff.to_vec())
            } else {
                Some(payload[4..].to_vec())
            }
        });
    }
    if let Some(id) = items.xmp_item {
        out.xmp = read_item(r, id);
    }
    out
}

/// The body of the file-level `meta` box (after its version and flags).
fn meta_box<R: Read + Seek>(r: &mut R) -> Option<Vec<u8>> {
    let found = find_box(r, 0, u64::MAX, b"meta")?;
    read_body(r, found)?.get(4..).map(<[u8]>::to_vec)
}

/// The first box of type `kind` among the boxes from `start` to `end`, found by seeking from
/// box header to box header: where its body starts and where the box ends.
fn find_box<R: Read + Seek>(r: &mut R, start: u64, end: u64, kind: &[u8; 4]) -> Option<(u64, u64)> {
    let mut pos = start;
    for _ in 0..MAX_TOP_BOXES {
        if pos >= end {
            return None;
        }
        r.seek(SeekFrom::Start(pos)).ok()?;
        let mut head = [0u8; 8];
        r.read_exact(&mut head).ok()?;
        let mut size = u64::from(u32::from_be_bytes(head[..4].try_into().ok()?));
        let mut header = 8;
        if size == 1 {
            let mut large = [0u8; 8];
            r.read_exact(&mut large).ok()?;
            size = u64::from_be_bytes(large);
            header = 16;
        }
        let box_end = if size == 0 {
            pos.saturating_add(header + MAX_META)
        } else if size < header {
            return None;
        } else {
            pos.checked_add(size)?
        };
        if &head[4..8] == kind {
            return Some((pos + header, box_end));
        }
        pos = box_end;
    }
    None
}

/// A box body found by [`find_box`], if it is at most `MAX_META` bytes.
fn read_body<R: Read + Seek>(r: &mut R, (start, end): (u64, u64)) -> Option<Vec<u8>> {
    let len = end.checked_sub(start)?;
    if !(4..=MAX_META).contains(&len) {
        return None;
    }
    r.seek(SeekFrom::Start(start)).ok()?;
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// Canon's metadata box inside a CR3's `moov`.
const CANON_UUID: [u8; 16] = [
    0x85, 0xC0, 0xB6, 0x87, 0x82, 0x0F, 0x11, 0xE0, 0x81, 0x11, 0xF4, 0xCE, 0x46, 0x2B, 0x6A, 0x48,
];

/// A Canon CR3: `moov` → Canon's `uuid` box → `CMT1` (IFD0), `CMT2` (the EXIF IFD) and `CMT4`
/// (the GPS IFD), each a small TIFF of its own, joined into one for the EXIF parser.
pub fn read_cr3<R: Read + Seek>(r: &mut R) -> Container {
    let exif = (|| {
        let (mut pos, moov_end) = find_box(r, 0, u64::MAX, b"moov")?;
        loop {
            let found = find_box(r, pos, moov_end, b"uuid")?;
            pos = found.1;
            let uuid = read_body(r, found)?;
            if uuid.get(..16) != Some(&CANON_UUID[..]) {
                continue;
            }
            let mut parts = [None, None, None];
            for (kind, body) in boxes(&uuid[16..]) {
                match kind {
                    b"CMT1" => parts[0] = Some(body),
                    b"CMT2" => parts[1] = Some(body),
                    b"CMT4" => parts[2] = Some(body),
                    _ => {}
                }
            }
            return super::tiff::join(parts[0]?, parts[1], parts[2]);
        }
    })();
    Container {
        exif,
        ..Container::default()
    }
}

struct Location {
    id: u32,
    construction: u8,
    base: u64,
    extents: Vec<(u64, u64)>,
}

#[derive(Default)]
struct Items {
    primary: Option<u32>,
    exif_item: Option<u32>,
    xmp_item: Option<u32>,
    locations: Vec<Location>,
    idat: Option<Vec<u8>>,
    /// Properties of `ipco`, in order (index 1 is the first).
    properties: Vec<Property>,
    /// Item id → its property indices, in association order.
    associations: Vec<(u32, Vec<u16>)>,
}

#[derive(Clone, Copy)]
enum Property {
    Size(u32, u32),
    /// Quarter turns anticlockwise.
    Rotation(u8),
    /// Clean aperture width and height as fractions.
    Crop((u32, u32), (u32, u32)),
    Other,
}

impl Items {
    fn display_size(&self) -> Option<(u32, u32)> {
        let primary = self.primary?;
        let (_, props) = self.associations.iter().find(|(id, _)| *id == primary)?;
        let mut size = None;
        let mut rotated = false;
        let mut crop = None;
        for index in props {
            match self.properties.get(usize::from(*index).checked_sub(1)?) {
                Some(Property::Size(w, h)) => size = Some((*w, *h)),
                Some(Property::Rotation(q)) => rotated = q % 2 == 1,
                Some(Property::Crop(w, h)) => crop = Some((*w, *h)),
                _ => {}
            }
        }
        let (mut w, mut h) = size?;
        if let Some((cw, ch)) = crop {
            let round = |(n, d): (u32, u32), full: u32| {
                if d == 0 || n == 0 {
                    return full;
                }
                let v = ((u64::from(n) * 2 + u64::from(d)) / (u64::from(d) * 2)) as u32;
                v.clamp(1, full)
            };
            w = round(cw, w);
            h = round(ch, h);
        }
        Some(if rotated { (h, w) } else { (w, h) })
    }
}

/// Iterates the boxes of `data`: (type, body, full-box version and flags read by the caller).
fn boxes(data: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let head = data.get(pos..pos + 8)?;
        let size = u32::from_be_bytes(head[..4].try_into().ok()?) as usize;
        let (size, header) = match size {
            0 => (data.len() - pos, 8),
            1 => (
                usize::try_from(u64::from_be_bytes(
                    data.get(pos + 8..pos + 16)?.try_into().ok()?,
                ))
                .ok()?,
                16,
            ),
            n => (n, 8),
        };
        if size < header || pos + size > data.len() {
            return None;
        }
        let kind = &data[pos + 4..pos + 8];
        let body = &data[pos + header..pos + size];
        pos += size;
        Some((kind, body))
    })
}

/// A big-endian cursor over a box body.
struct Be<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Be<'a> {
    fn new(data: &'a [u8]) -> Self {
        Be { data, pos: 0 }
    }
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(out)
    }
    fn uint(&mut self, n: usize) -> Option<u64> {
        Some(
            self.bytes(n)?
                .iter()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
        )
    }
    fn u8(&mut self) -> Option<u8> {
        self.uint(1).map(|v| v as u8)
    }
    fn u16(&mut self) -> Option<u16> {
        self.uint(2).map(|v| v as u16)
    }
    fn u32(&mut self) -> Option<u32> {
        self.uint(4).map(|v| v as u32)
    }
    /// Version and flags of a full box.
    fn full(&mut self) -> Option<(u8, u32)> {
        let v = self.u32()?;
        Some(((v >> 24) as u8, v & 0x00FF_FFFF))
    }
    fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }
    fn cstr(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest();
        let end = rest.iter().position(|b| *b == 0)?;
        self.pos += end + 1;
        Some(&rest[..end])
    }
}

fn parse_meta(meta: &[u8]) -> Option<Items> {
    let mut items = Items::default();
    for (kind, body) in boxes(meta) {
        match kind {
            b"pitm" => {
                let mut c = Be::new(body);
                let (version, _) = c.full()?;
                items.primary = if version == 0 {
                    c.u16().map(u32::from)
                } else {
                    c.u32()
                };
            }
            b"iinf" => parse_iinf(body, &mut items),
            b"iloc" => items.locations = parse_iloc(body).unwrap_or_default(),
            b"idat" => items.idat = Some(body.to_vec()),
            b"iprp" => {
                for (kind, body) in boxes(body) {
                    match kind {
                        b"ipco" => items.properties = boxes(body).map(property).collect(),
                        b"ipma" => parse_ipma(body, &mut items.associations),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Some(items)
}

fn parse_iinf(body: &[u8], items: &mut Items) {
    let mut c = Be::new(body);
    let Some((version, _)) = c.full() else {
        return;
    };
    let skip = if version == 0 { 2 } else { 4 };
    if c.bytes(skip).is_none() {
        return;
    }
    for (kind, body) in boxes(c.rest()) {
        if kind != b"infe" {
            continue;
        }
        let mut e = Be::new(body);
        let Some((version, _)) = e.full() else {
            continue;
        };
        if version < 2 {
            continue;
        }
        let id = if version == 2 {
            e.u16().map(u32::from)
        } else {
            e.u32()
        };
        let (Some(id), Some(_protection), Some(item_type)) = (id, e.u16(), e.bytes(4)) else {
            continue;
        };
        match item_type {
            b"Exif" => {
                items.exif_item.get_or_insert(id);
            }
            b"mime" => {
                let _name = e.cstr();
                let content_type = e.cstr().unwrap_or(&[]);
                if content_type == b"application/rdf+xml" {
                    items.xmp_item.get_or_insert(id);
                }
            }
            _ => {}
        }
    }
}

fn parse_iloc(body: &[u8]) -> Option<Vec<Location>> {
    let mut c = Be::new(body);
    let (version, _) = c.full()?;
    let sizes = c.u16()?;
    let offset_size = usize::from(sizes >> 12);
    let length_size = usize::from((sizes >> 8) & 0xF);
    let base_size = usize::from((sizes >> 4) & 0xF);
    let index_size = if version >= 1 {
        usize::from(sizes & 0xF)
    } else {
        0
    };
    let count = if version < 2 {
        u32::from(c.u16()?)
    } else {
        c.u32()?
    };
    let mut out = Vec::new();
    for _ in 0..count.min(4096) {
        let id = if version < 2 {
            u32::from(c.u16()?)
        } else {
            c.u32()?
        };
        let construction = if version >= 1 {
            (c.u16()? & 0xF) as u8
        } else {
            0
        };
        let _data_reference = c.u16()?;
        let base = c.uint(base_size)?;
        let extents = c.u16()?;
        let mut list = Vec::new();
        for _ in 0..extents {
            c.uint(index_size)?;
            let offset = c.uint(offset_size)?;
            let length = c.uint(length_size)?;
            list.push((offset, length));
        }
        out.push(Location {
            id,
            construction,
            base,
            extents: list,
        });
    }
    Some(out)
}

fn parse_ipma(body: &[u8], out: &mut Vec<(u32, Vec<u16>)>) {
    let mut c = Be::new(body);
    let Some((version, flags)) = c.full() else {
        return;
    };
    let Some(count) = c.u32() else {
        return;
    };
    for _ in 0..count.min(4096) {
        let id = if version < 1 {
            c.u16().map(u32::from)
        } else {
            c.u32()
        };
        let (Some(id), Some(n)) = (id, c.u8()) else {
            return;
        };
        let mut props = Vec::new();
        for _ in 0..n {
            let index = if flags & 1 == 1 {
                c.u16().map(|v| v & 0x7FFF)
            } else {
                c.u8().map(|v| u16::from(v & 0x7F))
            };
            let Some(index) = index else {
                return;
            };
            props.push(index);
        }
        out.push((id, props));
    }
}

fn property((kind, body): (&[u8], &[u8])) -> Property {
    let mut c = Be::new(body);
    let parsed = match kind {
        b"ispe" => c
            .full()
            .and_then(|_| Some(Property::Size(c.u32()?, c.u32()?))),
        b"irot" => c.u8().map(|a| Property::Rotation(a & 3)),
        b"clap" => (|| {
            let w = (c.u32()?, c.u32()?);
            let h = (c.u32()?, c.u32()?);
            Some(Property::Crop(w, h))
        })(),
        _ => None,
    };
    parsed.unwrap_or(Property::Other)
}

fn read_location<R: Read + Seek>(
    r: &mut R,
    loc: &Location,
    idat: Option<&[u8]>,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for (offset, length) in &loc.extents {
        if out.len() as u64 + length > MAX_ITEM {
            return None;
        }
        let start = loc.base.checked_add(*offset)?;
        match loc.construction {
            0 => {
                r.seek(SeekFrom::Start(start)).ok()?;
                if *length == 0 {
                    r.take(MAX_ITEM).read_to_end(&mut out).ok()?;
                } else {
                    let before = out.len();
                    r.take(*length).read_to_end(&mut out).ok()?;
                    if (out.len() - before) as u64 != *length {
                        return None;
                    }
                }
            }
            1 => {
                let idat = idat?;
                let start = usize::try_from(start).ok()?;
                let end = if *length == 0 {
                    idat.len()
                } else {
                    start.checked_add(usize::try_from(*length).ok()?)?
                };
                out.extend_from_slice(idat.get(start..end)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// libheif 1.15 (Debian 12's) refuses a whole file when one `auxl` reference (an auxiliary image:
/// alpha, depth, an HDR gain map) names other than exactly one image ("Too many auxiliary image
/// references"), as recent iPhones and Samsung phones write. Renames each such reference in the
/// file-level `meta` box's `iref`, in place, to a type no reader knows (`xaux`), so the primary
/// image decodes without that auxiliary image; sizes and offsets are unchanged. Whether anything
/// was renamed.
#[cfg_attr(not(feature = "heif"), allow(dead_code))]
pub(crate) fn hide_unusual_aux_references(file: &mut [u8]) -> bool {
    let base = file.as_ptr() as usize;
    let mut renames = Vec::new();
    {
        let data: &[u8] = file;
        let Some((_, meta)) = boxes(data).find(|(kind, _)| *kind == b"meta") else {
            return false;
        };
        let Some((_, iref)) = meta
            .get(4..)
            .and_then(|m| boxes(m).find(|(k, _)| *k == b"iref"))
        else {
            return false;
        };
        let id_len = if iref.first() == Some(&0) { 2 } else { 4 };
        for (kind, body) in boxes(iref.get(4..).unwrap_or_default()) {
            let count = body
                .get(id_len..id_len + 2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]));
            if kind == b"auxl" && count != Some(1) {
                renames.push(kind.as_ptr() as usize - base);
            }
        }
    }
    for at in &renames {
        file[*at..*at + 4].copy_from_slice(b"xaux");
    }
    !renames.is_empty()
}
