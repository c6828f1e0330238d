//! The embedded `places.bin` decoded once, on first use: the places (their strings borrowed from
//! the embedded bytes, nothing copied), their unit vectors and split axes for the tree, and the
//! ids sorted for `by_id`.

use std::sync::OnceLock;

use crate::format::{self, Record};
use crate::{countries, geo, Place};

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.bin"));

/// Everything a lookup needs, built by [`get`] the first time it is called.
pub struct Index {
    /// In tree order.
    pub places: Vec<Place>,
    /// `places[i]` as a unit vector.
    pub points: Vec<[f32; 3]>,
    /// The split axis of the tree node at `i`.
    pub axes: Vec<u8>,
    /// `(id, index into places)`, sorted by id.
    pub ids: Vec<(u32, u32)>,
}

static INDEX: OnceLock<Index> = OnceLock::new();

/// The index, decoding the embedded data on the first call (thread-safe, once).
pub fn get() -> &'static Index {
    INDEX.get_or_init(|| decode(BLOB))
}

impl Index {
    /// The heap bytes the index holds (the embedded data itself is in the binary, not counted).
    pub fn heap_bytes(&self) -> usize {
        self.places.capacity() * std::mem::size_of::<Place>()
            + self.points.capacity() * std::mem::size_of::<[f32; 3]>()
            + self.axes.capacity()
            + self.ids.capacity() * std::mem::size_of::<(u32, u32)>()
    }
}

fn decode(blob: &'static [u8]) -> Index {
    assert!(
        blob.len() >= format::HEADER && &blob[..8] == format::MAGIC,
        "places.bin is not what build.rs writes"
    );
    let places_n = format::u32_at(blob, 8) as usize;
    let regions_n = format::u32_at(blob, 12) as usize;
    let strings_len = format::u32_at(blob, 16) as usize;
    let regions_at = format::HEADER;
    let records_at = regions_at + regions_n * format::REGION;
    let strings_at = records_at + places_n * format::RECORD;
    assert_eq!(
        blob.len(),
        strings_at + strings_len,
        "places.bin is truncated"
    );
    let strings = std::str::from_utf8(&blob[strings_at..]).expect("build.rs writes UTF-8");
    let text = |offset: u32, len: u16| -> &'static str {
        let start = offset as usize;
        strings.get(start..start + usize::from(len)).unwrap_or("")
    };
    let regions: Vec<&'static str> = (0..regions_n)
        .map(|i| {
            let at = regions_at + i * format::REGION;
            text(format::u32_at(blob, at), format::u16_at(blob, at + 4))
        })
        .collect();

    let mut places = Vec::with_capacity(places_n);
    let mut points = Vec::with_capacity(places_n);
    let mut axes = Vec::with_capacity(places_n);
    let mut ids = Vec::with_capacity(places_n);
    for (i, bytes) in blob[records_at..strings_at]
        .chunks_exact(format::RECORD)
        .enumerate()
    {
        let r = Record::decode(bytes);
        let code = std::str::from_utf8(&r.country).unwrap_or("");
        let (country_code, country) = countries::find(code).unwrap_or(("", ""));
        let (lat, lon) = (r.lat(), r.lon());
        places.push(Place {
            id: r.id,
            city: text(r.city_offset, r.city_len),
            region: regions.get(usize::from(r.region)).copied().unwrap_or(""),
            country,
            country_code,
            lat,
            lon,
        });
        points.push(geo::unit_vector(lat, lon).map(|c| c as f32));
        axes.push(r.axis);
        ids.push((r.id, i as u32));
    }
    ids.sort_unstable();
    Index {
        places,
        points,
        axes,
        ids,
    }
}
