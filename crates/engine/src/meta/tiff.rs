//! TIFF and TIFF-based RAW (DNG, NEF, CR2, ARW, RW2, ORF, ...) without decoding: IFD0, the EXIF
//! and GPS sub-IFDs are read by seeking to their offsets wherever they are in the file (scanners
//! and RAW writers often put them after megabytes of pixels) and copied into one compact TIFF for
//! the EXIF parser; the largest `SubIFDs` image gives a RAW's pixel size; tag 700 is the XMP.

use std::io::{Cursor, Read, Seek, SeekFrom};

use super::Container;

const EXIF_IFD: u16 = 0x8769;
const GPS_IFD: u16 = 0x8825;
const INTEROP_IFD: u16 = 0xA005;
const SUB_IFDS: u16 = 0x014A;
const MAKER_NOTE: u16 = 0x927C;
const XMP: u16 = 700;
const MAX_ENTRIES: u16 = 1024;
/// A value larger than this (strip tables, maker notes, previews) is not copied.
const MAX_VALUE: u64 = 64 << 10;
const MAX_XMP: u64 = 4 << 20;

struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    /// The value, in the file's byte order (inline values padded to 4 bytes); for an out-of-line
    /// value that was not read (`Reader::values` off), its offset field as stored.
    value: Vec<u8>,
    /// Where the entry's value (or value offset) field is in the file.
    field_at: u64,
    /// Whether the value is elsewhere in the file (its field holds the offset).
    out_of_line: bool,
}

impl Entry {
    /// An entry made here, to be written into a compact TIFF (its place is decided then).
    fn written(tag: u16, kind: u16, count: u32, value: Vec<u8>) -> Entry {
        Entry {
            tag,
            kind,
            count,
            value,
            field_at: 0,
            out_of_line: false,
        }
    }
}

struct Reader<'r, R> {
    r: &'r mut R,
    little: bool,
    /// BigTIFF: 8-byte counts and offsets, 20-byte entries.
    big: bool,
    /// Whether out-of-line values are read (else only where they are is kept).
    values: bool,
    /// A Panasonic RW2 (magic 0x55).
    rw2: bool,
    /// Bytes of out-of-line values still allowed (a hostile file cannot make us hold more).
    budget: u64,
}

/// All out-of-line values read from one file, at most.
const VALUE_BUDGET: u64 = 2 << 20;

impl<'r, R: Read + Seek> Reader<'r, R> {
    /// A reader of the classic TIFF or BigTIFF whose header starts `r`, and where its IFD0 is.
    fn open(r: &'r mut R, values: bool) -> Option<(Reader<'r, R>, u64)> {
        let mut head = [0u8; 16];
        r.seek(SeekFrom::Start(0)).ok()?;
        r.read_exact(&mut head[..8]).ok()?;
        let little = match &head[..2] {
            b"II" => true,
            b"MM" => false,
            _ => return None,
        };
        let mut reader = Reader {
            r,
            little,
            big: false,
            values,
            rw2: head[2..4] == [0x55, 0],
            budget: VALUE_BUDGET + MAX_XMP,
        };
        let ifd0_at = if reader.u16([head[2], head[3]]) == 43 {
            // BigTIFF: offset size 8, then the first IFD's 8-byte offset.
            reader.r.read_exact(&mut head[8..16]).ok()?;
            if reader.u16([head[4], head[5]]) != 8 {
                return None;
            }
            reader.big = true;
            reader.u64(&head[8..16])
        } else {
            u64::from(reader.u32([head[4], head[5], head[6], head[7]]))
        };
        Some((reader, ifd0_at))
    }

    /// Where an out-of-line value is in the file, from its entry's offset field.
    fn offset_of(&self, e: &Entry) -> Option<u64> {
        if !e.out_of_line || self.values {
            return None;
        }
        if self.big {
            Some(self.u64(e.value.get(..8)?))
        } else {
            Some(u64::from(self.u32(e.value.get(..4)?.try_into().ok()?)))
        }
    }

    fn u16(&self, b: [u8; 2]) -> u16 {
        if self.little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        }
    }
    fn u32(&self, b: [u8; 4]) -> u32 {
        if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    }
    fn u64(&self, b: &[u8]) -> u64 {
        let b: [u8; 8] = b.try_into().unwrap_or([0; 8]);
        if self.little {
            u64::from_le_bytes(b)
        } else {
            u64::from_be_bytes(b)
        }
    }

    /// The entries of the IFD at `offset`; values bigger than `MAX_VALUE` are left out, except
    /// the XMP packet (up to `MAX_XMP`).
    fn ifd(&mut self, offset: u64) -> Option<Vec<Entry>> {
        self.r.seek(SeekFrom::Start(offset)).ok()?;
        let (count_len, entry_len, field) = if self.big { (8, 20, 8) } else { (2, 12, 4) };
        let mut n = [0u8; 8];
        self.r.read_exact(&mut n[..count_len]).ok()?;
        let n = if self.big {
            self.u64(&n).min(u64::from(MAX_ENTRIES)) as u16
        } else {
            self.u16([n[0], n[1]]).min(MAX_ENTRIES)
        };
        let mut table = vec![0u8; usize::from(n) * entry_len];
        self.r.read_exact(&mut table).ok()?;
        let mut entries = Vec::with_capacity(usize::from(n));
        let table_at = offset + count_len as u64;
        for (i, raw) in table.chunks_exact(entry_len).enumerate() {
            let tag = self.u16([raw[0], raw[1]]);
            let kind = self.u16([raw[2], raw[3]]);
            let count = if self.big {
                u32::try_from(self.u64(&raw[4..12])).unwrap_or(u32::MAX)
            } else {
                self.u32([raw[4], raw[5], raw[6], raw[7]])
            };
            let field_at = table_at + (i * entry_len + entry_len - field) as u64;
            let value_field = &raw[entry_len - field..];
            let Some(unit) = type_size(kind) else {
                continue;
            };
            let len = u64::from(count) * unit;
            let out_of_line = len > field as u64;
            let limit = if tag == XMP { MAX_XMP } else { MAX_VALUE };
            if self.values && (len > limit || tag == MAKER_NOTE) {
                continue;
            }
            let value = if len <= 4 {
                value_field[..4].to_vec()
            } else if !out_of_line || !self.values {
                value_field[..(len as usize).min(field)].to_vec()
            } else {
                if len > self.budget {
                    continue;
                }
                self.budget -= len;
                let at = if self.big {
                    self.u64(value_field)
                } else {
                    u64::from(self.u32([raw[8], raw[9], raw[10], raw[11]]))
                };
                let mut value = Vec::new();
                if self.r.seek(SeekFrom::Start(at)).is_err()
                    || self.r.by_ref().take(len).read_to_end(&mut value).is_err()
                    || value.len() as u64 != len
                {
                    continue;
                }
                value
            };
            entries.push(Entry {
                tag,
                kind,
                count,
                value,
                field_at,
                out_of_line,
            });
        }
        Some(entries)
    }

    fn first_uint(&self, entries: &[Entry], tag: u16) -> Option<u64> {
        let e = entries.iter().find(|e| e.tag == tag)?;
        self.uint_at(e, 0)
    }

    fn uint_at(&self, e: &Entry, i: usize) -> Option<u64> {
        match e.kind {
            3 => e
                .value
                .get(i * 2..i * 2 + 2)
                .map(|b| u64::from(self.u16([b[0], b[1]]))),
            4 | 13 => e
                .value
                .get(i * 4..i * 4 + 4)
                .map(|b| u64::from(self.u32([b[0], b[1], b[2], b[3]]))),
            // BigTIFF's LONG8 and IFD8.
            16 | 18 => e.value.get(i * 8..i * 8 + 8).map(|b| self.u64(b)),
            _ => None,
        }
    }

    /// A size entry as a pixel count.
    fn first_size(&self, entries: &[Entry], tag: u16) -> Option<u32> {
        self.first_uint(entries, tag)
            .and_then(|v| u32::try_from(v).ok())
    }
}

fn type_size(kind: u16) -> Option<u64> {
    match kind {
        1 | 2 | 6 | 7 => Some(1),
        3 | 8 => Some(2),
        4 | 9 | 11 | 13 => Some(4),
        5 | 10 | 12 | 16 | 17 | 18 => Some(8),
        _ => None,
    }
}

/// Reads the metadata IFDs of a classic TIFF (byte order from the first two bytes; the magic
/// number is not checked, so RW2 and ORF work), or of a BigTIFF.
pub fn read<R: Read + Seek>(r: &mut R) -> Container {
    let mut out = Container::default();
    let Some((mut reader, ifd0_at)) = Reader::open(r, true) else {
        return out;
    };
    let Some(mut ifd0) = reader.ifd(ifd0_at) else {
        return out;
    };
    let sub = |reader: &mut Reader<'_, R>, ifd: &[Entry], tag| {
        reader
            .first_uint(ifd, tag)
            .filter(|at| *at != 0 && *at != ifd0_at)
            .and_then(|at| reader.ifd(at))
    };
    let exif = sub(&mut reader, &ifd0, EXIF_IFD);
    let gps = sub(&mut reader, &ifd0, GPS_IFD);

    // A RAW's pixels are in the largest full-resolution SubIFD (IFD0 is often a thumbnail).
    let mut largest: Option<(u32, u32)> = None;
    let mut consider = |w: Option<u32>, h: Option<u32>| {
        if let (Some(w), Some(h)) = (w, h) {
            if largest
                .is_none_or(|(lw, lh)| u64::from(w) * u64::from(h) > u64::from(lw) * u64::from(lh))
            {
                largest = Some((w, h));
            }
        }
    };
    consider(
        reader.first_size(&ifd0, 0x100),
        reader.first_size(&ifd0, 0x101),
    );
    if reader.rw2 {
        // Panasonic RW2: the image is the sensor inside its borders (top, left, bottom, right).
        let border = |tag| reader.first_size(&ifd0, tag);
        if let (Some(top), Some(left), Some(bottom), Some(right)) =
            (border(4), border(5), border(6), border(7))
        {
            consider(right.checked_sub(left), bottom.checked_sub(top));
        }
    }
    if let Some(e) = ifd0.iter().find(|e| e.tag == SUB_IFDS) {
        let offsets: Vec<u64> = (0..(e.count as usize).min(8))
            .filter_map(|i| reader.uint_at(e, i))
            .collect();
        for at in offsets {
            if let Some(ifd) = reader.ifd(at) {
                consider(
                    reader.first_size(&ifd, 0x100),
                    reader.first_size(&ifd, 0x101),
                );
            }
        }
    }
    out.size = largest;
    if let Some(pos) = ifd0.iter().position(|e| e.tag == XMP) {
        out.xmp = Some(ifd0.remove(pos).value);
    }
    out.exif = Some(compact(reader.little, ifd0, exif, gps));
    out
}

/// Encoders of 16- and 32-bit values in the file's byte order.
fn byte_order(little: bool) -> (impl Fn(u16) -> [u8; 2], impl Fn(u32) -> [u8; 4]) {
    let u16b = move |v: u16| {
        if little {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        }
    };
    let u32b = move |v: u32| {
        if little {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        }
    };
    (u16b, u32b)
}

/// Joins the first IFDs of separate TIFFs (a CR3's `CMT1`, `CMT2`, `CMT4`) into one TIFF with
/// IFD0 and its EXIF and GPS sub-IFDs. Parts in another byte order than IFD0's are left out.
pub fn join(ifd0: &[u8], exif: Option<&[u8]>, gps: Option<&[u8]>) -> Option<Vec<u8>> {
    let first = |tiff: &[u8]| -> Option<(bool, Vec<Entry>)> {
        let little = match tiff.get(..2)? {
            b"II" => true,
            b"MM" => false,
            _ => return None,
        };
        let mut cursor = Cursor::new(tiff);
        let mut reader = Reader {
            r: &mut cursor,
            little,
            big: false,
            values: true,
            rw2: false,
            budget: VALUE_BUDGET,
        };
        let at = u64::from(reader.u32(tiff.get(4..8)?.try_into().ok()?));
        Some((little, reader.ifd(at)?))
    };
    let (little, ifd0) = first(ifd0)?;
    let same = |part: Option<&[u8]>| {
        part.and_then(first)
            .filter(|(l, _)| *l == little)
            .map(|(_, entries)| entries)
    };
    Some(compact(little, ifd0, same(exif), same(gps)))
}

/// One TIFF holding IFD0 and its EXIF and GPS sub-IFDs, offsets rewritten.
fn compact(
    little: bool,
    ifd0: Vec<Entry>,
    exif: Option<Vec<Entry>>,
    gps: Option<Vec<Entry>>,
) -> Vec<u8> {
    let (u16b, u32b) = byte_order(little);
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(if little { b"II" } else { b"MM" });
    out.extend_from_slice(&u16b(42));
    out.extend_from_slice(&u32b(8));
    // (BigTIFF's 8-byte integers have no place in a classic TIFF.)
    let keep = |e: &Entry| {
        !matches!(e.tag, SUB_IFDS | INTEROP_IFD | EXIF_IFD | GPS_IFD) && !matches!(e.kind, 16..=18)
    };
    let mut ifd0: Vec<Entry> = ifd0.into_iter().filter(keep).collect();
    let exif: Option<Vec<Entry>> = exif.map(|v| v.into_iter().filter(keep).collect());
    let gps: Option<Vec<Entry>> = gps.map(|v| v.into_iter().filter(keep).collect());
    // Pointers are placeholders, patched once the sub-IFDs are placed.
    for (tag, present) in [(EXIF_IFD, exif.is_some()), (GPS_IFD, gps.is_some())] {
        if present {
            ifd0.push(Entry::written(tag, 4, 1, vec![0; 4]));
        }
    }
    ifd0.sort_by_key(|e| e.tag);
    let pointers = write_ifd(&mut out, &ifd0, little);
    for (tag, ifd) in [(EXIF_IFD, exif), (GPS_IFD, gps)] {
        let Some(mut ifd) = ifd else {
            continue;
        };
        ifd.sort_by_key(|e| e.tag);
        let at = out.len() as u32;
        if let Some((_, slot)) = pointers.iter().find(|(t, _)| *t == tag) {
            out[*slot..*slot + 4].copy_from_slice(&u32b(at));
        }
        write_ifd(&mut out, &ifd, little);
    }
    out
}

/// Appends an IFD and its out-of-line values; returns where each 4-byte inline value sits.
fn write_ifd(out: &mut Vec<u8>, entries: &[Entry], little: bool) -> Vec<(u16, usize)> {
    let (u16b, u32b) = byte_order(little);
    if out.len() % 2 == 1 {
        out.push(0);
    }
    let start = out.len();
    let mut data_at = start + 2 + entries.len() * 12 + 4;
    let mut data = Vec::new();
    let mut slots = Vec::new();
    out.extend_from_slice(&u16b(entries.len() as u16));
    for e in entries {
        out.extend_from_slice(&u16b(e.tag));
        out.extend_from_slice(&u16b(e.kind));
        out.extend_from_slice(&u32b(e.count));
        slots.push((e.tag, out.len()));
        if e.value.len() <= 4 {
            let mut inline = e.value.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&u32b(data_at as u32));
            data.extend_from_slice(&e.value);
            if data.len() % 2 == 1 {
                data.push(0);
            }
            data_at = start + 2 + entries.len() * 12 + 4 + data.len();
        }
    }
    out.extend_from_slice(&u32b(0));
    out.extend_from_slice(&data);
    slots
}

/// A little-endian TIFF made from values another container keeps in its own records (a CRW's
/// CIFF heap), so they reach the same EXIF parser as every other file's.
#[derive(Default)]
pub(super) struct Synthesized {
    ifd0: Vec<Entry>,
    exif: Vec<Entry>,
}

/// Which IFD a synthesized value belongs in.
#[derive(Clone, Copy)]
pub(super) enum Ifd {
    Primary,
    Exif,
}

impl Synthesized {
    fn push(&mut self, ifd: Ifd, tag: u16, kind: u16, count: u32, value: Vec<u8>) {
        let entry = Entry::written(tag, kind, count, value);
        match ifd {
            Ifd::Primary => self.ifd0.push(entry),
            Ifd::Exif => self.exif.push(entry),
        }
    }

    pub fn ascii(&mut self, ifd: Ifd, tag: u16, text: &str) {
        let mut value = text.as_bytes().to_vec();
        value.push(0);
        self.push(ifd, tag, 2, value.len() as u32, value);
    }

    pub fn short(&mut self, ifd: Ifd, tag: u16, v: u16) {
        self.push(ifd, tag, 3, 1, v.to_le_bytes().to_vec());
    }

    pub fn rational(&mut self, ifd: Ifd, tag: u16, num: u32, den: u32) {
        let value = [num.to_le_bytes(), den.to_le_bytes()].concat();
        self.push(ifd, tag, 5, 1, value);
    }

    pub fn srational(&mut self, ifd: Ifd, tag: u16, num: i32, den: i32) {
        let value = [num.to_le_bytes(), den.to_le_bytes()].concat();
        self.push(ifd, tag, 10, 1, value);
    }

    /// The TIFF, or `None` when nothing was set.
    pub fn finish(self) -> Option<Vec<u8>> {
        if self.ifd0.is_empty() && self.exif.is_empty() {
            return None;
        }
        let exif = (!self.exif.is_empty()).then_some(self.exif);
        Some(compact(true, self.ifd0, exif, None))
    }
}

/// Where IFD0's PhotometricInterpretation (a SHORT) sits in the file, and its value: a decoder
/// that refuses CIE L*a*b* (8) reads such a file through a reader that changes it.
pub(crate) fn photometric<R: Read + Seek>(r: &mut R) -> Option<(u64, u16, bool)> {
    let (mut reader, ifd0_at) = Reader::open(r, false)?;
    let ifd0 = reader.ifd(ifd0_at)?;
    let e = ifd0.iter().find(|e| e.tag == 262)?;
    let value = u16::try_from(reader.uint_at(e, 0)?).ok()?;
    Some((e.field_at, value, reader.little))
}

/// The JPEG stream of an old-style JPEG-in-TIFF (Compression 6): JPEGInterchangeFormat and its
/// length, as (offset, length). `None` for any other file, and for one without that stream.
pub(crate) fn old_jpeg_stream<R: Read + Seek>(r: &mut R) -> Option<(u64, u64)> {
    let (mut reader, ifd0_at) = Reader::open(r, false)?;
    let ifd0 = reader.ifd(ifd0_at)?;
    if reader.first_uint(&ifd0, 259)? != 6 {
        return None;
    }
    let (offset, len) = (
        reader.first_uint(&ifd0, 513)?,
        reader.first_uint(&ifd0, 514)?,
    );
    (offset > 0 && len > 0).then_some((offset, len))
}

/// The SHORT arrays `tags` of the maker note of an EXIF block (`tiff`, from its TIFF header),
/// for maker notes that are an IFD whose offsets count from the TIFF header (Canon's). A note in
/// the other byte order than the file's is read in its own; a note an editor moved without its
/// offsets is read where its values are: right after its IFD, where its makers write them
/// (exiftool's "base" fix).
pub(super) fn maker_note_shorts<const N: usize>(
    tiff: &[u8],
    tags: [u16; N],
) -> [Option<Vec<u16>>; N] {
    let found = (|| {
        let mut cursor = Cursor::new(tiff);
        let (mut reader, ifd0_at) = Reader::open(&mut cursor, false)?;
        let ifd0 = reader.ifd(ifd0_at)?;
        let exif = reader.ifd(reader.first_uint(&ifd0, EXIF_IFD)?)?;
        let note_entry = exif.iter().find(|e| e.tag == MAKER_NOTE)?;
        let note = reader.offset_of(note_entry)?;
        let count_at = |little: bool| {
            let b = tiff.get(note as usize..note as usize + 2)?;
            Some(if little {
                u16::from_le_bytes([b[0], b[1]])
            } else {
                u16::from_be_bytes([b[0], b[1]])
            })
        };
        if count_at(reader.little)? > 256 && count_at(!reader.little)? <= 256 {
            reader.little = !reader.little;
        }
        let entries = reader.ifd(note)?;
        let values_start = note + 2 + entries.len() as u64 * 12 + 4;
        let shift = entries
            .iter()
            .filter_map(|e| reader.offset_of(e))
            .min()
            .map_or(0, |first| values_start as i64 - first as i64);
        Some(tags.map(|tag| {
            let e = entries.iter().find(|e| e.tag == tag && e.kind == 3)?;
            let bytes = match reader.offset_of(e) {
                Some(at) => {
                    let start = usize::try_from(at as i64 + shift).ok()?;
                    tiff.get(start..start.checked_add(e.count as usize * 2)?)?
                }
                None => e.value.get(..e.count as usize * 2)?,
            };
            Some(
                bytes
                    .chunks_exact(2)
                    .map(|b| reader.u16([b[0], b[1]]))
                    .collect(),
            )
        }))
    })();
    found.unwrap_or_else(|| [(); N].map(|_| None))
}
