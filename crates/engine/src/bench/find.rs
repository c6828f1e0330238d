//! `shoebox bench find`: finding at library scale on rows with a realistic EXIF spread (a few
//! common cameras and many rare ones, ISO, lenses, formats, shapes, places): the first page of
//! each single-facet query, a page of three facets, facet counts with and without a filter, the
//! album list with 50 smart albums, and what the find indexes add to writing rows.

use std::time::Instant;

use super::organize::{spread, timed, Spread};
use crate::error::Result;
use crate::meta::{Format, PhotoMeta};
use crate::model::{Camera, Capture, DateSource, Exposure, PhotoFilter, TimelineQuery};
use crate::Library;

#[derive(Debug, Clone)]
pub struct FindBenchOptions {
    pub photos: usize,
    /// Rows written twice (with and without the find indexes) for the write overhead.
    pub write_rows: usize,
    pub smart_albums: usize,
}

impl Default for FindBenchOptions {
    fn default() -> Self {
        FindBenchOptions {
            photos: 500_000,
            write_rows: 100_000,
            smart_albums: 50,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FindBenchReport {
    pub photos: usize,
    /// `(query, matches, first page of 200, search page with its total)`.
    pub single: Vec<(String, u64, Spread, Spread)>,
    pub combined: Vec<(String, u64, Spread, Spread)>,
    pub facets_unfiltered: Spread,
    /// `(query, all facet counts)`.
    pub facets_filtered: Vec<(String, Spread)>,
    pub smart_albums: usize,
    pub album_list: Spread,
    pub write_rows: usize,
    pub write_ms: f64,
    pub write_without_find_indexes_ms: f64,
    /// Both text indexes rebuilt from scratch over `photos` rows.
    pub text_index_build_ms: f64,
}

fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A weighted pick: `weights` sum to anything; `r` is uniform.
fn pick<T: Copy>(r: u64, choices: &[(u32, T)]) -> T {
    let total: u64 = choices.iter().map(|(w, _)| u64::from(*w)).sum();
    let mut at = r % total.max(1);
    for (w, v) in choices {
        if at < u64::from(*w) {
            return *v;
        }
        at -= u64::from(*w);
    }
    choices[choices.len() - 1].1
}

/// (make, model, lenses (name, min focal, max focal, widest aperture), width, height, kind:
/// 0 phone, 1 camera, 2 no EXIF)
type Body = (
    Option<&'static str>,
    Option<&'static str>,
    &'static [(&'static str, f64, f64, f64)],
    u32,
    u32,
    u8,
    &'static str,
);

const BODIES: &[(u32, Body)] = &[
    (
        2500,
        (
            Some("Apple"),
            Some("iPhone 13"),
            &[("iPhone 13 back dual wide camera 5.1mm f/1.6", 5.1, 5.1, 1.6)],
            4032,
            3024,
            0,
            "heic",
        ),
    ),
    (
        1200,
        (
            Some("Apple"),
            Some("iPhone 8"),
            &[("iPhone 8 back camera 3.99mm f/1.8", 3.99, 3.99, 1.8)],
            4032,
            3024,
            0,
            "jpeg",
        ),
    ),
    (
        800,
        (
            Some("samsung"),
            Some("SM-G991B"),
            &[],
            4000,
            3000,
            0,
            "jpeg",
        ),
    ),
    (
        1200,
        (
            Some("Canon"),
            Some("Canon EOS 5D Mark IV"),
            &[
                ("EF24-70mm f/2.8L II USM", 24.0, 70.0, 2.8),
                ("EF70-200mm f/2.8L IS III USM", 70.0, 200.0, 2.8),
                ("EF50mm f/1.8 STM", 50.0, 50.0, 1.8),
            ],
            6720,
            4480,
            1,
            "cr2",
        ),
    ),
    (
        600,
        (
            Some("Canon"),
            Some("Canon EOS R5"),
            &[("RF24-105mm F4 L IS USM", 24.0, 105.0, 4.0)],
            8192,
            5464,
            1,
            "cr3",
        ),
    ),
    (
        800,
        (
            Some("NIKON CORPORATION"),
            Some("NIKON D750"),
            &[
                ("AF-S NIKKOR 24-120mm f/4G ED VR", 24.0, 120.0, 4.0),
                ("AF-S NIKKOR 85mm f/1.8G", 85.0, 85.0, 1.8),
            ],
            6016,
            4016,
            1,
            "nef",
        ),
    ),
    (
        900,
        (
            Some("SONY"),
            Some("ILCE-7M3"),
            &[
                ("FE 28-70mm F3.5-5.6 OSS", 28.0, 70.0, 3.5),
                ("FE 85mm F1.8", 85.0, 85.0, 1.8),
                ("FE 16-35mm F4 ZA OSS", 16.0, 35.0, 4.0),
            ],
            6000,
            4000,
            1,
            "arw",
        ),
    ),
    (
        900,
        (
            Some("FUJIFILM"),
            Some("X-T3"),
            &[
                ("XF23mmF2 R WR", 23.0, 23.0, 2.0),
                ("XF18-55mmF2.8-4 R LM OIS", 18.0, 55.0, 2.8),
                ("XF100-400mmF4.5-5.6 R LM OIS WR", 100.0, 400.0, 4.5),
            ],
            6240,
            4160,
            1,
            "raf",
        ),
    ),
    (
        400,
        (
            Some("FUJIFILM"),
            Some("X100V"),
            &[("23mm F2", 23.0, 23.0, 2.0)],
            6240,
            4160,
            1,
            "raf",
        ),
    ),
    (
        300,
        (
            Some("OLYMPUS CORPORATION"),
            Some("E-M10MarkIII"),
            &[("M.Zuiko Digital ED 14-42mm F3.5-5.6 EZ", 14.0, 42.0, 3.5)],
            4608,
            3456,
            1,
            "orf",
        ),
    ),
    (
        200,
        (
            Some("Panasonic"),
            Some("DMC-GX85"),
            &[("LUMIX G VARIO 12-32/F3.5-5.6", 12.0, 32.0, 3.5)],
            4592,
            3448,
            1,
            "rw2",
        ),
    ),
    (
        150,
        (
            Some("GoPro"),
            Some("HERO9 Black"),
            &[],
            5184,
            3888,
            0,
            "jpeg",
        ),
    ),
    (40, (Some("DJI"), Some("FC3170"), &[], 4000, 3000, 0, "dng")),
    (
        10,
        (
            Some("LEICA CAMERA AG"),
            Some("LEICA M10"),
            &[("Summilux-M 1:1.4/35 ASPH.", 35.0, 35.0, 1.4)],
            5952,
            3968,
            1,
            "dng",
        ),
    ),
    (
        2,
        (
            Some("Hasselblad"),
            Some("X1D II 50C"),
            &[("XCD 45", 45.0, 45.0, 3.5)],
            8272,
            6200,
            1,
            "jpeg",
        ),
    ),
    (300, (None, None, &[], 1920, 1080, 2, "png")),
];

const ISO: &[(u32, u32)] = &[
    (600, 50),
    (2000, 100),
    (600, 125),
    (600, 160),
    (1500, 200),
    (500, 250),
    (500, 320),
    (900, 400),
    (300, 500),
    (300, 640),
    (600, 800),
    (200, 1000),
    (200, 1250),
    (400, 1600),
    (100, 2000),
    (100, 2500),
    (200, 3200),
    (50, 4000),
    (40, 5000),
    (60, 6400),
    (20, 8000),
    (15, 12800),
    (5, 25600),
    (1, 51200),
];

const EXPOSURE: &[(u32, f64)] = &[
    (20, 1.0 / 8000.0),
    (80, 1.0 / 4000.0),
    (200, 1.0 / 2000.0),
    (400, 1.0 / 1000.0),
    (800, 1.0 / 500.0),
    (1500, 1.0 / 250.0),
    (1500, 1.0 / 125.0),
    (1200, 1.0 / 60.0),
    (500, 1.0 / 30.0),
    (200, 1.0 / 15.0),
    (60, 1.0 / 8.0),
    (30, 0.25),
    (15, 0.5),
    (10, 1.0),
    (5, 2.0),
    (3, 4.0),
    (1, 30.0),
];

const APERTURES: [f64; 10] = [1.4, 1.8, 2.0, 2.8, 4.0, 5.6, 8.0, 11.0, 16.0, 22.0];

/// Places photos are taken at (lat, lon, weight): cities the reverse geocoder knows.
const SPOTS: &[(u32, f64, f64)] = &[
    (300, 38.7223, -9.1393),   // Lisbon
    (200, -23.5505, -46.6333), // São Paulo
    (200, 35.6762, 139.6503),  // Tokyo
    (150, 48.8566, 2.3522),    // Paris
    (150, 40.7128, -74.0060),  // New York
    (80, 47.3769, 8.5417),     // Zürich
    (2, 64.1466, -21.9426),    // Reykjavík
];

/// The metadata of synthetic photo `i`: a realistic spread of cameras, settings, formats, shapes
/// and places, the same for the same `i`.
pub(crate) fn varied_meta(i: usize, _: chrono::NaiveDateTime) -> (PhotoMeta, i64, String) {
    let r = |salt: u64| mix((i as u64) << 8 | salt);
    // Anywhere in 2005–2024 (imports are not in date order), some in bursts sharing a second.
    let start = chrono::NaiveDate::from_ymd_opt(2005, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let burst = if r(15) % 10 == 0 {
        i as u64 / 4
    } else {
        i as u64
    };
    let taken_at =
        start + chrono::Duration::seconds((mix(burst << 8 | 16) % (20 * 365 * 86_400)) as i64);
    let (make, model, lenses, w, h, kind, raw) = pick(r(1), BODIES);
    let lens = (!lenses.is_empty()).then(|| lenses[(r(2) % lenses.len() as u64) as usize]);
    let focal = lens.map(|(_, lo, hi, _)| {
        if hi > lo {
            (lo + (r(3) % 1000) as f64 / 1000.0 * (hi - lo)).round()
        } else {
            lo
        }
    });
    let widest = lens.map_or(1.8, |l| l.3);
    let choices: Vec<f64> = APERTURES.iter().copied().filter(|a| *a >= widest).collect();
    let aperture = if kind == 0 {
        widest
    } else {
        choices[(r(4) % choices.len() as u64) as usize]
    };
    let format = match (kind, r(5) % 100) {
        (2, _) => Format::Png,
        (0, n) if raw == "heic" && n < 70 => Format::Heic,
        (0, n) if raw == "dng" && n < 30 => Format::Raw("dng"),
        (1, n) if n < 25 && raw != "jpeg" => Format::Raw(raw),
        _ => Format::Jpeg,
    };
    let shape = r(6) % 1000;
    let (width, height) = match shape {
        0..=9 => (w * 3, h), // panorama
        10..=29 => (h, h),   // square crop
        30..=179 => (h, w),  // portrait
        _ => (w, h),
    };
    let per_pixel = match format {
        Format::Raw(_) => 1.2,
        Format::Heic => 0.15,
        Format::Png => 1.0,
        _ => 0.3 + (r(7) % 100) as f64 / 500.0,
    };
    let size = (f64::from(width) * f64::from(height) * per_pixel) as i64;
    let gps_share = if kind == 0 { 70 } else { 10 };
    let gps = (r(8) % 100 < gps_share).then(|| {
        let (lat, lon) = pick(
            r(9),
            &SPOTS
                .iter()
                .map(|(w, a, b)| (*w, (*a, *b)))
                .collect::<Vec<_>>(),
        );
        let jitter = |s: u64| ((r(s) % 1000) as f64 / 1000.0 - 0.5) * 0.05;
        (lat + jitter(10), lon + jitter(11))
    });
    let undated = r(12) % 100 < 3;
    let exif = kind != 2;
    let meta = PhotoMeta {
        format,
        width,
        height,
        orientation: 1,
        capture: Capture {
            taken_at,
            offset: None,
            source: if undated || !exif {
                DateSource::File
            } else {
                DateSource::Exif
            },
        },
        camera: Camera {
            make: make.map(str::to_string),
            model: model.map(str::to_string),
            lens: lens.map(|l| l.0.to_string()),
        },
        exposure: Exposure {
            focal_length: focal,
            aperture: exif.then_some(aperture),
            exposure_time: exif.then(|| pick(r(13), EXPOSURE)),
            iso: exif.then(|| pick(r(14), ISO)),
        },
        gps,
        warning: None,
        organized: Default::default(),
    };
    let ext = match format {
        Format::Raw(e) => e,
        Format::Heic => "heic",
        Format::Png => "png",
        _ => "jpg",
    };
    (meta, size, format!("IMG_{i:07}.{ext}"))
}

/// Fills a library with `count` rows of [`varied_meta`] (no files).
pub fn synthesize_varied(library: &Library, count: usize) -> Result<()> {
    super::synthesize_rows(library, count, varied_meta)
}

const SINGLE: &[&str] = &[
    "year:2019",
    "date:2019-07",
    "month:7",
    "camera:fuji",
    "model:=X-T3",
    "make:=Hasselblad",
    "lens:=\"Summilux-M 1:1.4/35 ASPH.\"",
    "focal:16..35",
    "aperture:<2",
    "iso:>=3200",
    "iso:51200",
    "exposure:<=1/4000",
    "format:heic",
    "is:raw",
    "format:png",
    "folder:00420",
    "orientation:panorama",
    "orientation:portrait",
    "has:gps",
    "place:lisbon",
    "city:\"reykjavik\"",
    "size:>25MB",
    "mp:>=40",
    "name:IMG_0012345",
    "rating:>=4",
    "is:favourite",
    "flag:pick",
    "label:red",
    "tag:Family",
    "album:Trip",
    "fuji",
    "summilux",
    "lisbon",
    "kids",
    "00420",
    "ie",
];

const COMBINED: &[&str] = &[
    "camera:fuji iso:>=3200 year:2019",
    "make:=Canon focal:71..135.9 -is:raw",
    "has:gps orientation:portrait date:2015..2018",
    "(format:heic OR format:png) rating:>=3 -tag:work",
    "canon iso:>=3200 year:2019 rating:>=4",
    "lisbon has:gps orientation:portrait -tag:work",
];

fn query_times(library: &Library, text: &str) -> Result<(String, u64, Spread, Spread)> {
    let filter = PhotoFilter::query(crate::find::Query::parse(text)?);
    let mut page = Vec::new();
    let mut search = Vec::new();
    let mut total = 0;
    for _ in 0..20 {
        let query = TimelineQuery {
            filter: filter.clone(),
            limit: 200,
            ..TimelineQuery::default()
        };
        page.push(timed(|| library.timeline(&query))?.1);
        let (found, ms) = timed(|| library.search(&filter, None, 200))?;
        total = found.total;
        search.push(ms);
    }
    Ok((text.to_string(), total, spread(page), spread(search)))
}

/// Marks, tags and albums on a spread of the rows, so those facets have something to count.
fn organize_some(library: &Library, count: usize) -> Result<()> {
    use crate::organize::{AlbumKind, Flag, Label, MarkChange};
    let org = library.organize();
    let ids = |every: usize, offset: usize| -> Vec<i64> {
        (offset..count)
            .step_by(every)
            .map(|i| i as i64 + 1)
            .collect()
    };
    let rate = MarkChange {
        rating: Some(4),
        ..MarkChange::default()
    };
    org.mark(&ids(50, 3), &rate)?;
    let fav = MarkChange {
        favourite: Some(true),
        ..MarkChange::default()
    };
    org.mark(&ids(200, 7), &fav)?;
    let pick = MarkChange {
        flag: Some(Flag::Pick),
        label: Some(Label::Red),
        ..MarkChange::default()
    };
    org.mark(&ids(500, 11), &pick)?;
    org.tag_photos("Family/Kids", &ids(100, 5))?;
    org.tag_photos("work", &ids(300, 13))?;
    let trip = org.create_album("Trip", None, AlbumKind::Album)?;
    org.add_to_album(trip.id, &ids(1000, 17))?;
    Ok(())
}

pub fn find(options: &FindBenchOptions) -> Result<FindBenchReport> {
    let temp = tempfile::tempdir().map_err(|e| crate::Error::io(std::env::temp_dir(), e))?;
    let mut report = FindBenchReport {
        photos: options.photos,
        write_rows: options.write_rows,
        smart_albums: options.smart_albums,
        ..FindBenchReport::default()
    };
    // What the find indexes add to writing rows: the same rows with and without them.
    let with = super::open_in(temp.path(), "write-with.db")?;
    let started = Instant::now();
    synthesize_varied(&with, options.write_rows)?;
    report.write_ms = started.elapsed().as_secs_f64() * 1e3;
    drop(with);
    let without = super::open_in(temp.path(), "write-without.db")?;
    crate::db::find_sql::drop_find_indexes(&crate::db::connection::open_side_writer(
        without.path(),
    )?)?;
    let started = Instant::now();
    synthesize_varied(&without, options.write_rows)?;
    report.write_without_find_indexes_ms = started.elapsed().as_secs_f64() * 1e3;
    drop(without);

    let library = super::open_in(temp.path(), "find.db")?;
    synthesize_varied(&library, options.photos)?;
    library.locate_pending()?;
    organize_some(&library, options.photos)?;
    let started = Instant::now();
    crate::db::text_index::rebuild(&crate::db::connection::open_side_writer(library.path())?)?;
    report.text_index_build_ms = started.elapsed().as_secs_f64() * 1e3;
    for text in SINGLE {
        report.single.push(query_times(&library, text)?);
    }
    for text in COMBINED {
        report.combined.push(query_times(&library, text)?);
    }
    let mut unfiltered = Vec::new();
    for _ in 0..5 {
        unfiltered.push(timed(|| library.facets(&PhotoFilter::default()))?.1);
    }
    report.facets_unfiltered = spread(unfiltered);
    for text in ["camera:fuji", "year:2019 has:gps", "iso:>=3200 rating:>=4"] {
        let filter = PhotoFilter::query(crate::find::Query::parse(text)?);
        let mut samples = Vec::new();
        for _ in 0..5 {
            samples.push(timed(|| library.facets(&filter))?.1);
        }
        report
            .facets_filtered
            .push((text.to_string(), spread(samples)));
    }
    let org = library.organize();
    for i in 0..options.smart_albums {
        let query = SINGLE[i % SINGLE.len()];
        org.create_smart_album(&format!("Smart {i}"), None, query)?;
    }
    let mut list = Vec::new();
    for _ in 0..10 {
        list.push(timed(|| org.albums())?.1);
    }
    report.album_list = spread(list);
    Ok(report)
}
