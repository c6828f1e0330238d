//! Offline reverse geocoding: GPS coordinates → the city, region and country a photo was taken in,
//! from GeoNames data embedded in the binary. No network at build or run time.
//!
//! # Data
//!
//! GeoNames' `cities1000` (every populated place with more than 1,000 people, and the seats of
//! administrative divisions down to the third level): 154,248 places in 245 countries and
//! territories, with names as GeoNames writes them (UTF-8, diacritics kept: "São Paulo", "Malmö").
//! It comes from the crates.io package [`cities-json`](https://crates.io/crates/cities-json)
//! 0.6.8, a **build-dependency** only: `build.rs` reads its cities through its API
//! (`cities_json::CITIES`: name, country code, admin1 code, coordinates), interns the strings,
//! gives each place an id, lays the records out as a k-d tree and writes `places.bin` (5.2 MB) to
//! `OUT_DIR`, which `index.rs` embeds with `include_bytes!`. The JSON parser never reaches the
//! app, and run time decodes fixed-size records instead of parsing 22 MB of JSON.
//!
//! - **Regions** are GeoNames' admin1 names (`admin1CodesASCII.txt`, its `name` column: "Lisbon",
//!   "California", "Île-de-France"). The package ships them (`upstream/admin1.json`) but offers
//!   no API for them, and a build script cannot find a dependency's files (it has no `links` key,
//!   so no `DEP_` variables), so `data/admin1.tsv` is a copy of that file (3,892 rows, 71 KB),
//!   and the dependency is pinned to exactly that version. 193 places have an admin1 code with
//!   no name there; their region is "".
//! - **Countries**: `countries.rs`, English short names the way GeoNames' countryInfo gives them
//!   ("United States", "South Korea", "Czechia"). The ISO 3166 crates carry the formal ISO names
//!   ("United States of America", "Korea, Republic of"), which no one wants on a photo; the build
//!   fails if the data has a country code the table lacks.
//! - **Why not `reverse_geocoder`**: its embedded CSV has GeoNames' `asciiname` ("Sao Paulo",
//!   "Malmoe"), ASCII admin1 names, and no ids either.
//! - **Ids** are *not* GeoNames ids: no crates.io package found carries them with UTF-8 names.
//!   [`Place::id`] is a 32-bit FNV-1a hash of the country code, admin1 code, name and the
//!   0.1° cell of the place (collisions, a few in 150,000, re-hashed at build time in a fixed
//!   order), so it stays the same across data updates unless GeoNames renames the place, changes
//!   its admin1 code or moves it into another 0.1° cell (~11 km).
//!
//! **Licence**: the data is © GeoNames (<https://www.geonames.org>), licensed under Creative
//! Commons Attribution 4.0 (<https://creativecommons.org/licenses/by/4.0/>); [`ATTRIBUTION`] is
//! the line to show. `places.bin` and `data/admin1.tsv` are reformatted, not otherwise changed.
//!
//! # The rules of [`locate`]
//!
//! - `None` for non-finite input, a latitude outside [-90, 90] or a longitude outside
//!   [-180, 180], and for exactly (0, 0), which cameras write when they have no fix (a real
//!   photo at 0°N 0°E is in the Gulf of Guinea, 580 km from the nearest town, so nothing is lost).
//! - Otherwise the nearest place by great-circle distance on a spherical Earth (radius
//!   6,371 km). Points are unit vectors, so the antimeridian is nothing special (179.9°E and
//!   179.9°W are 21 km apart at Fiji's latitude, and Taveuni's two halves find the same town),
//!   and neither are the poles.
//! - `None` when that place is farther than [`MAX_DISTANCE_KM`] (100 km). The limit is what
//!   keeps a photo from a ship in the open ocean, or at either pole, from being credited to a
//!   country: 100 km is past any coast or territorial sea (22 km) but short of crossing open
//!   water (the middle of the Ionian Sea is 290 km from the nearest town; the North Pole is
//!   1,310 km from Longyearbyen, the South Pole 3,900 km from Puerto Williams). The price: the emptiest land (the central Sahara, the
//!   Australian outback, Antarctica, parts of Siberia and Greenland) is more than 100 km from any
//!   town of 1,000 people, and photos there get no place rather than a wrong city.
//! - Ties go to the place stored first (exact ties only happen for duplicate points).
//!
//! # What nearest-point geocoding gets wrong
//!
//! - **Borders.** The nearest town can be across a border: a photo within a kilometre or two of
//!   one may be credited to the neighbouring country's town. Well inside a town it is right, for
//!   Konstanz/Kreuzlingen (whose points are 1.1 km apart), El Paso/Ciudad Juárez and Tijuana/San
//!   Diego alike (`tests/locate.rs`). Country polygons (e.g. the `country-boundaries` crate,
//!   OpenStreetMap data under the ODbL) could restrict the candidates to the point's country;
//!   that is not done.
//! - **Neighbourhoods.** `cities1000` includes sections of cities (GeoNames' PPLX: "Baixa" and
//!   "Principe Real" in Lisbon, "Mitte" in Berlin, "Times Square"), so in a big city the answer is
//!   often a neighbourhood; the region and country stay right. The packaged data has neither
//!   feature codes nor populations, so they cannot be told apart from towns here.
//!
//! # Cost
//!
//! The first call decodes the embedded data into the index (a `OnceLock`; later calls share it).
//! Measured with `cargo run --release -p shoebox-places --example bench` on the 2-core dev
//! machine while another build ran: the index builds in 47–61 ms and holds 16.8 MB of heap
//! (154,248 [`Place`]s of 88 bytes, their vectors as `f32`, ids sorted for [`by_id`]; resident
//! memory grows by 22.5 MB with the pages of `places.bin` read). A lookup takes 0.8–1.0 µs on
//! average over 100,000 points uniform on the sphere (p99 3.1 µs) and 1.1–1.4 µs over 100,000
//! points near places (p99 3.5 µs). The binary grows by the 5.2 MB of `places.bin`.
#![forbid(unsafe_code)]

mod countries;
#[allow(dead_code)] // the writing half is build.rs's
mod format;
mod geo;
mod index;
mod tree;

/// One populated place of the embedded GeoNames-derived data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    /// Stable id of this place in the embedded data (see the crate doc: not a GeoNames id).
    pub id: u32,
    /// The place's name as GeoNames has it, diacritics kept ("São Paulo").
    pub city: &'static str,
    /// The admin1 (state, province, region) name; "" when GeoNames has none for the place.
    pub region: &'static str,
    /// English short name ("Portugal", "United States").
    pub country: &'static str,
    /// ISO 3166-1 alpha-2 ("PT").
    pub country_code: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// A photo farther than this from every place is credited to none (see the crate doc).
pub const MAX_DISTANCE_KM: f64 = 100.0;

/// The credit the GeoNames licence (CC BY 4.0) asks for, to show where place names appear.
pub const ATTRIBUTION: &str = "Place names: GeoNames (https://www.geonames.org), CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)";

/// The place a photo taken at (`lat`, `lon`) was taken in: the nearest place by great-circle
/// distance. `None` for "no fix" (exactly (0, 0)), non-finite or out-of-range coordinates
/// (latitude outside [-90, 90], longitude outside [-180, 180]) and where the nearest place is
/// farther than [`MAX_DISTANCE_KM`].
pub fn locate(lat: f64, lon: f64) -> Option<&'static Place> {
    locate_with_distance(lat, lon).map(|(place, _)| place)
}

/// [`locate`], with the great-circle distance to the place in kilometres.
pub fn locate_with_distance(lat: f64, lon: f64) -> Option<(&'static Place, f64)> {
    let usable = lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && !(lat == 0.0 && lon == 0.0);
    if !usable {
        return None;
    }
    let index = index::get();
    let query = geo::unit_vector(lat, lon).map(|c| c as f32);
    // a hair over the limit: f32 rounding must not drop a place right at it; the exact
    // great-circle check below decides
    let limit = geo::chord_for_km(MAX_DISTANCE_KM) * (1.0 + 1e-4);
    let i = tree::nearest(&index.points, &index.axes, query, (limit * limit) as f32)?;
    let place = &index.places[i];
    let km = geo::great_circle_km(lat, lon, place.lat, place.lon);
    (km <= MAX_DISTANCE_KM).then_some((place, km))
}

/// The place with this id (as [`Place::id`] gave it), if the embedded data has it.
pub fn by_id(id: u32) -> Option<&'static Place> {
    let index = index::get();
    let at = index.ids.binary_search_by_key(&id, |&(id, _)| id).ok()?;
    Some(&index.places[index.ids[at].1 as usize])
}

/// How many places the embedded data holds (decodes it on first use).
pub fn len() -> usize {
    index::get().places.len()
}

/// The heap bytes the decoded index holds once built (the embedded data is in the binary).
pub fn index_heap_bytes() -> usize {
    index::get().heap_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree answers what a scan of every place answers, near places (jittered by up to ~60 km)
    /// and anywhere on the sphere.
    #[test]
    fn the_tree_agrees_with_a_scan() {
        let places = &index::get().places;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut unit = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for round in 0..120 {
            let (lat, lon) = if round % 2 == 0 {
                let p = &places[(unit() * places.len() as f64) as usize];
                let lat = (p.lat + (unit() - 0.5) * 1.1).clamp(-90.0, 90.0);
                let lon = p.lon + (unit() - 0.5) * 1.1;
                (
                    lat,
                    if lon > 180.0 {
                        lon - 360.0
                    } else if lon < -180.0 {
                        lon + 360.0
                    } else {
                        lon
                    },
                )
            } else {
                (
                    (2.0 * unit() - 1.0).asin().to_degrees(),
                    unit() * 360.0 - 180.0,
                )
            };
            let scan = places
                .iter()
                .map(|p| (p, geo::great_circle_km(lat, lon, p.lat, p.lon)))
                .filter(|&(_, km)| km <= MAX_DISTANCE_KM)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let found = locate_with_distance(lat, lon);
            match (found, scan) {
                (None, None) => {}
                (Some((_, a)), Some((_, b))) => {
                    // equal up to f32 rounding of the vectors (well under a metre)
                    assert!(
                        (a - b).abs() < 1e-3,
                        "({lat}, {lon}): tree {a} km, scan {b} km"
                    );
                }
                (a, b) => panic!("({lat}, {lon}): tree {a:?}, scan {b:?}"),
            }
        }
    }
}
