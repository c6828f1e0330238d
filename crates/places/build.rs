//! Turns the GeoNames cities of the `cities-json` package (and the admin1 names in
//! `data/admin1.tsv`) into `places.bin` in `OUT_DIR`: ids, exact coordinates, interned strings,
//! records in the order of a balanced k-d tree, so the crate only decodes it at run time.
//! The `println!`s are Cargo's build-script protocol (`cargo:` lines), not output.

use std::collections::{HashMap, HashSet};
use std::path::Path;

#[allow(dead_code)]
#[path = "src/countries.rs"]
mod countries;
#[allow(dead_code)]
#[path = "src/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/geo.rs"]
mod geo;

use format::Record;

fn main() {
    for input in [
        "build.rs",
        "data/admin1.tsv",
        "src/countries.rs",
        "src/format.rs",
        "src/geo.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let admin1 = read_admin1(Path::new("data/admin1.tsv"));
    let places = collect(&admin1);
    let blob = encode(places);
    let out =
        Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("places.bin");
    std::fs::write(&out, blob).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

/// `CC.code` → admin1 name.
fn read_admin1(path: &Path) -> HashMap<String, String> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (code, name) = l
                .split_once('\t')
                .unwrap_or_else(|| panic!("bad admin1 line {l:?}"));
            (code.to_owned(), name.to_owned())
        })
        .collect()
}

/// One place before layout.
struct Place {
    key: String,
    name: String,
    region: Option<String>,
    country: [u8; 2],
    lat_e5: i32,
    lon_e5: i32,
}

/// The cities with valid coordinates and a known country, exact duplicates dropped, sorted by
/// what identifies them (so ids and the layout do not depend on the package's row order).
fn collect(admin1: &HashMap<String, String>) -> Vec<Place> {
    let mut unknown_countries = HashSet::new();
    let mut seen = HashSet::new();
    let mut places = Vec::new();
    for city in cities_json::CITIES.iter() {
        let name = city.name.trim();
        let ok = !name.is_empty()
            && city.lat.is_finite()
            && city.lng.is_finite()
            && (-90.0..=90.0).contains(&city.lat)
            && (-180.0..=180.0).contains(&city.lng);
        if !ok {
            continue;
        }
        let Some((code, _)) = countries::find(&city.country) else {
            unknown_countries.insert(city.country.clone());
            continue;
        };
        let country: [u8; 2] = code.as_bytes().try_into().expect("two-letter codes");
        let lat_e5 = (city.lat * format::COORD_SCALE).round() as i32;
        let lon_e5 = (city.lng * format::COORD_SCALE).round() as i32;
        let region = admin1.get(&format!("{code}.{}", city.admin1)).cloned();
        // What the id hashes: the place's country, admin1 code and name, and where it is to ~11 km
        // (0.1°), so a re-surveyed coordinate rarely changes it but two same-named villages differ.
        let key = format!(
            "{code}\t{}\t{name}\t{}\t{}",
            city.admin1,
            (city.lat * 10.0).round() as i32,
            (city.lng * 10.0).round() as i32
        );
        if !seen.insert((key.clone(), lat_e5, lon_e5)) {
            continue;
        }
        places.push(Place {
            key,
            name: name.to_owned(),
            region,
            country,
            lat_e5,
            lon_e5,
        });
    }
    assert!(
        unknown_countries.is_empty(),
        "src/countries.rs has no name for {unknown_countries:?}: add them"
    );
    assert!(
        places.len() > 100_000,
        "only {} places: wrong data?",
        places.len()
    );
    places.sort_by(|a, b| (&a.key, a.lat_e5, a.lon_e5).cmp(&(&b.key, b.lat_e5, b.lon_e5)));
    places
}

/// 32-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Stable ids: the hash of the key; a collision (a few in 150,000) re-hashes the later key
/// (in key order) with a counter until it is free.
fn ids(places: &[Place]) -> Vec<u32> {
    let mut used = HashSet::new();
    places
        .iter()
        .map(|p| {
            let mut id = fnv1a(p.key.as_bytes());
            let mut salt = 0u32;
            while !used.insert(id) {
                salt += 1;
                id = fnv1a(format!("{}\t#{salt}", p.key).as_bytes());
            }
            id
        })
        .collect()
}

/// Orders `order` (indexes into `points`) as an implicit balanced k-d tree: the median along the
/// widest axis sits in the middle, the smaller half before it, the larger after, recursively.
/// `axes[i]` is the split axis of the node at `order[i]`.
fn layout(order: &mut [u32], points: &[[f64; 3]], axes: &mut [u8]) {
    if order.is_empty() {
        return;
    }
    let axis = (0..3)
        .max_by(|&a, &b| spread(order, points, a).total_cmp(&spread(order, points, b)))
        .expect("three axes");
    let mid = order.len() / 2;
    order.select_nth_unstable_by(mid, |&a, &b| {
        points[a as usize][axis]
            .total_cmp(&points[b as usize][axis])
            .then(a.cmp(&b))
    });
    axes[mid] = axis as u8;
    let (left, rest) = order.split_at_mut(mid);
    let (left_axes, rest_axes) = axes.split_at_mut(mid);
    layout(left, points, left_axes);
    layout(&mut rest[1..], points, &mut rest_axes[1..]);
}

fn spread(order: &[u32], points: &[[f64; 3]], axis: usize) -> f64 {
    let (lo, hi) = order.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &i| {
        let v = points[i as usize][axis];
        (lo.min(v), hi.max(v))
    });
    hi - lo
}

/// Interns strings into one table: `(offset, length)`.
#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
    at: HashMap<String, (u32, u16)>,
}

impl Strings {
    fn add(&mut self, s: &str) -> (u32, u16) {
        if let Some(&span) = self.at.get(s) {
            return span;
        }
        let span = (
            u32::try_from(self.bytes.len()).expect("strings under 4 GiB"),
            u16::try_from(s.len()).expect("a name under 64 KiB"),
        );
        self.bytes.extend_from_slice(s.as_bytes());
        self.at.insert(s.to_owned(), span);
        span
    }
}

fn encode(places: Vec<Place>) -> Vec<u8> {
    let ids = ids(&places);
    let points: Vec<[f64; 3]> = places
        .iter()
        .map(|p| {
            geo::unit_vector(
                f64::from(p.lat_e5) / format::COORD_SCALE,
                f64::from(p.lon_e5) / format::COORD_SCALE,
            )
        })
        .collect();
    let mut order: Vec<u32> = (0..places.len() as u32).collect();
    let mut axes = vec![0u8; places.len()];
    layout(&mut order, &points, &mut axes);

    let mut strings = Strings::default();
    let mut regions: Vec<(u32, u16)> = Vec::new();
    let mut region_index: HashMap<String, u16> = HashMap::new();
    let mut records = Vec::with_capacity(places.len() * format::RECORD);
    for (&i, &axis) in order.iter().zip(&axes) {
        let p = &places[i as usize];
        let (city_offset, city_len) = strings.add(&p.name);
        let region = match &p.region {
            None => format::NO_REGION,
            Some(name) => *region_index.entry(name.clone()).or_insert_with(|| {
                regions.push(strings.add(name));
                u16::try_from(regions.len() - 1).expect("under 65,535 regions")
            }),
        };
        Record {
            id: ids[i as usize],
            lat_e5: p.lat_e5,
            lon_e5: p.lon_e5,
            city_offset,
            city_len,
            region,
            country: p.country,
            axis,
        }
        .encode(&mut records);
    }

    let mut blob = Vec::with_capacity(format::HEADER + records.len() + strings.bytes.len());
    blob.extend_from_slice(format::MAGIC);
    blob.extend_from_slice(&(places.len() as u32).to_le_bytes());
    blob.extend_from_slice(&(regions.len() as u32).to_le_bytes());
    blob.extend_from_slice(&(strings.bytes.len() as u32).to_le_bytes());
    for (offset, len) in regions {
        blob.extend_from_slice(&offset.to_le_bytes());
        blob.extend_from_slice(&len.to_le_bytes());
    }
    blob.extend_from_slice(&records);
    blob.extend_from_slice(&strings.bytes);
    blob
}
