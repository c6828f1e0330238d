//! Find: the query language (every bad input, canonical text round trips), every facet against a
//! brute-force filter in Rust on a generated library, keyset paging, facet counts against
//! brute-force counts, smart albums staying live, and places from coordinates.

mod common;

use std::collections::{HashMap, HashSet};

use shoebox_engine::bench;
use shoebox_engine::find::{
    CameraField, Cond, Expr, NumField, NumRange, Orientation, PlaceField, Query, Span,
};
use shoebox_engine::{AlbumKind, Error, Flag, Label, Library, MarkChange, Photo, PhotoFilter};

fn parse_err(text: &str) -> (String, usize, usize) {
    match Query::parse(text) {
        Err(Error::Query {
            message,
            start,
            end,
        }) => (message, start, end),
        other => panic!("{text:?} should not parse: {other:?}"),
    }
}

#[test]
fn bad_queries_say_what_is_wrong_and_where() {
    let cases: &[(&str, &str, usize)] = &[
        ("camera:fuji \"beach", "unbalanced quote", 12),
        ("(iso:100 OR iso:200", "never closed", 0),
        ("iso:100)", ") without (", 7),
        ("fooo:bar", "unknown key 'fooo'", 0),
        ("isp:100", "did you mean iso:", 0),
        ("raitng:4", "did you mean rating:", 0),
        ("iso:>=abc", "iso wants a number like 3200, got 'abc'", 4),
        ("date:2019-13-45", "2019-13-45 is not a date", 5),
        ("date:2019-02-30", "is not a date", 5),
        ("iso:", "iso: needs a value", 0),
        ("camera:\"\"", "camera: needs a value", 0),
        ("OR", "OR needs a term on each side", 0),
        ("beach OR", "OR needs a term on each side", 6),
        ("a OR OR b", "OR needs a term on each side", 2),
        ("()", "empty parentheses", 0),
        ("- beach", "'-' excludes", 0),
        ("*", "no letters or digits", 0),
        ("rating:7", "rating goes from 0 to 5", 7),
        ("iso:800..100", "ends before it starts", 4),
        ("format:bmpx", "unknown format", 7),
        ("is:blue", "is: knows", 3),
        ("camera:>fuji", "compares names", 7),
    ];
    for (text, want, start) in cases {
        let (message, s, e) = parse_err(text);
        assert!(
            message.contains(want),
            "{text:?}: {message:?} lacks {want:?}"
        );
        assert_eq!(s, *start, "{text:?}: span start of {message:?}");
        assert!(
            e > s && e <= text.chars().count(),
            "{text:?}: span {s}..{e}"
        );
    }
    let long = "beach ".repeat(2_000);
    let (message, ..) = parse_err(&long);
    assert!(message.contains("limit is"), "{message}");
    // Never a panic on garbage.
    let mut seed = 7u64;
    let alphabet: Vec<char> = "ab:-\"()., OR<>=/*2019-13 é東".chars().collect();
    for _ in 0..5_000 {
        let len = (next(&mut seed) % 24) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(next(&mut seed) % alphabet.len() as u64) as usize])
            .collect();
        if let Ok(q) = Query::parse(&text) {
            assert_eq!(Query::parse(&q.to_string()).unwrap(), q, "{text:?}");
        }
    }
}

#[test]
fn the_syntax_means_what_the_readme_says() {
    let q = Query::parse(
        "camera:fuji iso:>=3200 rating:>=4 year:2019 tag:\"Family/Kids\" -tag:work place:lisbon",
    )
    .unwrap();
    assert_eq!(q.terms().len(), 7);
    assert_eq!(
        q.terms()[1],
        Expr::Cond(Cond::Num(
            NumField::Iso,
            NumRange {
                lo: std::ops::Bound::Included(3200.0),
                hi: std::ops::Bound::Unbounded
            }
        ))
    );
    assert!(
        matches!(&q.terms()[5], Expr::Not(inner) if **inner == Expr::Cond(Cond::Tag(Some("work".into()))))
    );
    let or = Query::parse("format:heic,png").unwrap();
    assert_eq!(
        or.root,
        Expr::Or(vec![
            Expr::Cond(Cond::Format("heic".into())),
            Expr::Cond(Cond::Format("png".into()))
        ])
    );
    assert_eq!(
        Query::parse("exposure:1/250").unwrap().to_string(),
        "exposure:1/250"
    );
    assert_eq!(
        Query::parse("size:>10MB").unwrap().to_string(),
        "size:>10MB"
    );
    assert_eq!(Query::parse("year:2019").unwrap().to_string(), "date:2019");
    assert_eq!(
        Query::parse("after:2019").unwrap().to_string(),
        "date:>=2020-01-01"
    );
    assert_eq!(
        Query::parse("date:2018..2019-06").unwrap().to_string(),
        "date:2018-01-01..2019-06-30"
    );
    assert_eq!(Query::parse("a AND b").unwrap().to_string(), "a b");
    assert_eq!(
        Query::parse("(a OR b) -(c OR d)").unwrap().to_string(),
        "(a OR b) -(c OR d)"
    );
    assert_eq!(
        Query::parse("tag:\"none\"").unwrap().terms()[0],
        Expr::Cond(Cond::Tag(Some("none".into())))
    );
    assert_eq!(
        Query::parse("tag:none").unwrap().terms()[0],
        Expr::Cond(Cond::Tag(None))
    );
    assert!(Query::parse("").unwrap().is_empty());
}

fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// A random query tree in the parser's normal form.
fn random_expr(seed: &mut u64, depth: u32) -> Expr {
    let words = ["beach", "Lisbon", "x-t3", "12:30", "東京", "café"];
    let names = ["fuji", "Canon EOS R5", "X-T3", "a,b", "none", "(x)", "=eq"];
    let pick = |seed: &mut u64, n: usize| (next(seed) % n as u64) as usize;
    let kind = if depth == 0 {
        pick(seed, 6)
    } else {
        pick(seed, 9)
    };
    match kind {
        0 => Expr::Text {
            text: words[pick(seed, words.len())].to_string(),
            phrase: pick(seed, 2) == 0,
        },
        1 => {
            let field = [
                CameraField::Camera,
                CameraField::Make,
                CameraField::Model,
                CameraField::Lens,
            ][pick(seed, 4)];
            Expr::Cond(Cond::Camera(
                field,
                names[pick(seed, names.len())].to_string(),
                pick(seed, 2) == 0,
            ))
        }
        2 => {
            let field = NumField::ALL[pick(seed, NumField::ALL.len())];
            let v = |seed: &mut u64| -> f64 {
                let base = (next(seed) % 5000) as f64;
                match field {
                    NumField::Rating => (base as u64 % 6) as f64,
                    NumField::Exposure => 1.0 / (1.0 + (base as u64 % 4000) as f64),
                    f if f.is_real() => base / 10.0,
                    NumField::Size => base * 1e6,
                    _ => base,
                }
            };
            use std::ops::Bound::*;
            let (a, b) = (v(seed), v(seed));
            let (lo, hi) = (a.min(b), a.max(b));
            let range = match pick(seed, 6) {
                0 => NumRange::eq(lo),
                1 => NumRange::between(lo, hi),
                2 => NumRange {
                    lo: Included(lo),
                    hi: Unbounded,
                },
                3 => NumRange {
                    lo: Excluded(lo),
                    hi: Unbounded,
                },
                4 => NumRange {
                    lo: Unbounded,
                    hi: Included(lo),
                },
                _ => NumRange {
                    lo: Unbounded,
                    hi: Excluded(lo),
                },
            };
            Expr::Cond(Cond::Num(field, range))
        }
        3 => {
            let day = 86_400i64;
            let s = (next(seed) % 20_000) as i64 * day;
            let e = s + (1 + (next(seed) % 900) as i64) * day;
            let span = match pick(seed, 3) {
                0 => Span {
                    start: Some(s),
                    end: Some(e),
                },
                1 => Span {
                    start: Some(s),
                    end: None,
                },
                _ => Span {
                    start: None,
                    end: Some(e),
                },
            };
            Expr::Cond(Cond::Date(span))
        }
        4 => Expr::Cond(match pick(seed, 12) {
            0 => Cond::Raw,
            1 => Cond::Favourite,
            2 => Cond::Flag(Flag::ALL[pick(seed, 3)]),
            3 => Cond::Label(Label::ALL[pick(seed, 6)]),
            4 => Cond::Tag(Some("Family/Kids".into())),
            5 => Cond::Tag(None),
            6 => Cond::Album(Some(names[pick(seed, names.len())].into())),
            7 => Cond::HasGps,
            8 => Cond::Place(PlaceField::City, "São Paulo".into()),
            9 => Cond::Orientation(Orientation::ALL[pick(seed, 4)]),
            10 => Cond::MonthOfYear(1 + pick(seed, 12) as u32),
            _ => Cond::Format("heic".into()),
        }),
        5 => Expr::Cond(Cond::Folder("2019/Summer trip".into())),
        6 => Expr::Not(Box::new(random_expr(seed, depth - 1))),
        7 => Expr::and(
            (0..2 + pick(seed, 3))
                .map(|_| random_expr(seed, depth - 1))
                .collect(),
        ),
        _ => Expr::or(
            (0..2 + pick(seed, 3))
                .map(|_| random_expr(seed, depth - 1))
                .collect(),
        ),
    }
}

#[test]
fn canonical_text_parses_back_to_the_same_tree() {
    let mut seed = 0x5eed_u64;
    for _ in 0..3_000 {
        let root = random_expr(&mut seed, 3);
        let query = Query { root };
        let text = query.to_string();
        let back = Query::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(back, query, "{text}");
    }
}

/// What the brute force knows of a photo beyond [`Photo`].
struct Known {
    photo: Photo,
    tags: Vec<String>,
    albums: Vec<String>,
    place: Option<&'static shoebox_places::Place>,
}

fn fold(s: &str) -> String {
    shoebox_engine::find::fold(s)
}

fn holds(e: &Expr, k: &Known) -> bool {
    match e {
        Expr::And(t) => t.iter().all(|t| holds(t, k)),
        Expr::Or(t) => t.iter().any(|t| holds(t, k)),
        Expr::Not(t) => !holds(t, k),
        Expr::Text { .. } => unreachable!("no text terms here"),
        Expr::Cond(c) => cond_holds(c, k),
    }
}

fn cond_holds(c: &Cond, k: &Known) -> bool {
    let p = &k.photo;
    let secs = p.capture.taken_at.and_utc().timestamp();
    let dated = p.capture.is_dated();
    let has = |field: &Option<String>, v: &str, exact: bool| {
        field.as_deref().is_some_and(|f| {
            let f = f.to_ascii_lowercase();
            let v = v.to_ascii_lowercase();
            if exact {
                f == v
            } else {
                f.contains(&v)
            }
        })
    };
    match c {
        Cond::Date(s) => {
            dated && s.start.is_none_or(|a| secs >= a) && s.end.is_none_or(|b| secs < b)
        }
        Cond::MonthOfYear(m) => dated && chrono::Datelike::month(&p.capture.taken_at) == *m,
        Cond::Camera(CameraField::Camera, v, exact) => {
            let both = Some(format!(
                "{} {}",
                p.camera.make.clone().unwrap_or_default(),
                p.camera.model.clone().unwrap_or_default()
            ));
            has(&both, v, *exact)
                || (*exact && (has(&p.camera.make, v, true) || has(&p.camera.model, v, true)))
        }
        Cond::Camera(CameraField::Make, v, exact) => has(&p.camera.make, v, *exact),
        Cond::Camera(CameraField::Model, v, exact) => has(&p.camera.model, v, *exact),
        Cond::Camera(CameraField::Lens, v, exact) => has(&p.camera.lens, v, *exact),
        Cond::Num(field, range) => {
            let v = match field {
                NumField::Focal => p.exposure.focal_length,
                NumField::Aperture => p.exposure.aperture,
                NumField::Iso => p.exposure.iso.map(f64::from),
                NumField::Exposure => p.exposure.exposure_time,
                NumField::Rating => Some(f64::from(p.marks.rating)),
                NumField::Width => Some(f64::from(p.width)),
                NumField::Height => Some(f64::from(p.height)),
                NumField::Megapixels => Some(f64::from(p.width) * f64::from(p.height) / 1e6),
                NumField::Size => Some(p.size as f64),
            };
            v.is_some_and(|v| range.contains(*field, v))
        }
        Cond::Format(f) => p.format.as_str() == f,
        Cond::Raw => matches!(p.format, shoebox_engine::meta::Format::Raw(_)),
        Cond::Folder(f) => {
            let dir = p.path.parent().unwrap().to_string_lossy().to_lowercase();
            if f.starts_with('/') {
                let d = p.path.parent().unwrap().to_string_lossy().to_string();
                d == *f || d.starts_with(&format!("{f}/"))
            } else {
                let f = f.to_lowercase();
                dir.ends_with(&format!("/{f}")) || dir.contains(&format!("/{f}/"))
            }
        }
        Cond::Favourite => p.marks.favourite,
        Cond::Flag(f) => p.marks.flag == *f,
        Cond::Label(l) => p.marks.label == *l,
        Cond::Tag(None) => k.tags.is_empty(),
        Cond::Tag(Some(t)) => {
            let t = t.to_lowercase();
            k.tags.iter().any(|have| {
                let have = have.to_lowercase();
                have == t || have.starts_with(&format!("{t}/"))
            })
        }
        Cond::Album(None) => k.albums.is_empty(),
        Cond::Album(Some(a)) => k.albums.iter().any(|have| have.eq_ignore_ascii_case(a)),
        Cond::HasGps => p.gps_lat.is_some(),
        Cond::Place(field, name) => k.place.is_some_and(|pl| {
            let v = fold(name);
            let (city, region, country) = (fold(pl.city), fold(pl.region), fold(pl.country));
            let code = pl.country_code.to_lowercase();
            match field {
                PlaceField::Any => city == v || region == v || country == v || code == v,
                PlaceField::Country => country == v || code == v,
                PlaceField::Region => region == v,
                PlaceField::City => city == v,
            }
        }),
        Cond::Orientation(o) => Orientation::of(p.width, p.height) == *o,
        Cond::Name(n) => p
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_ascii_lowercase()
            .contains(&n.to_ascii_lowercase()),
    }
}

/// A generated library with a realistic spread, marks, tags and albums, and what the brute force
/// knows of every photo, in timeline order.
fn library(count: usize) -> (tempfile::TempDir, Library, Vec<Known>) {
    let (dir, library) = common::temp_library();
    bench::synthesize_varied(&library, count).unwrap();
    library.locate_pending().unwrap();
    let org = library.organize();
    let every = |n: usize, from: usize| -> Vec<i64> {
        (from..count).step_by(n).map(|i| i as i64 + 1).collect()
    };
    org.mark(
        &every(7, 1),
        &MarkChange {
            rating: Some(4),
            ..Default::default()
        },
    )
    .unwrap();
    org.mark(
        &every(11, 2),
        &MarkChange {
            rating: Some(2),
            flag: Some(Flag::Reject),
            ..Default::default()
        },
    )
    .unwrap();
    org.mark(
        &every(13, 3),
        &MarkChange {
            favourite: Some(true),
            label: Some(Label::Red),
            ..Default::default()
        },
    )
    .unwrap();
    org.mark(
        &every(17, 4),
        &MarkChange {
            flag: Some(Flag::Pick),
            label: Some(Label::Blue),
            ..Default::default()
        },
    )
    .unwrap();
    org.tag_photos("Family/Kids", &every(5, 0)).unwrap();
    org.tag_photos("Family/Ann", &every(10, 1)).unwrap();
    org.tag_photos("work", &every(9, 2)).unwrap();
    let trip = org.create_album("Trip", None, AlbumKind::Album).unwrap();
    org.add_to_album(trip.id, &every(6, 0)).unwrap();
    let mut all = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = library
            .search(&PhotoFilter::default(), after.as_deref(), 1000)
            .unwrap();
        all.extend(page.photos);
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(all.len(), count);
    let known = all
        .into_iter()
        .map(|photo| Known {
            tags: org.photo_tags(photo.id).unwrap(),
            albums: org
                .photo_albums(photo.id)
                .unwrap()
                .into_iter()
                .map(|(_, n)| n)
                .collect(),
            place: photo
                .gps_lat
                .zip(photo.gps_lon)
                .and_then(|(a, b)| shoebox_places::locate(a, b)),
            photo,
        })
        .collect();
    (dir, library, known)
}

/// Every photo of `query` by paging `limit` at a time, and the total the first page reported.
fn paged(library: &Library, query: &Query, limit: usize) -> (Vec<i64>, u64) {
    let filter = PhotoFilter::query(query.clone());
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    let mut total = None;
    loop {
        let page = library.search(&filter, after.as_deref(), limit).unwrap();
        total.get_or_insert(page.total);
        ids.extend(page.photos.iter().map(|p| p.id));
        match page.next {
            Some(n) => after = Some(n),
            None => return (ids, total.unwrap()),
        }
    }
}

const FACET_QUERIES: &[&str] = &[
    "year:2019",
    "date:2019-03",
    "date:2010-02..2011-06-10",
    "before:2008-03",
    "after:2021-04",
    "month:2",
    "date:2015",
    "camera:fuji",
    "camera:\"canon eos\"",
    "make:=Canon",
    "model:=X-T3",
    "make:sony,nikon",
    "lens:=\"EF50mm f/1.8 STM\"",
    "lens:xf",
    "focal:16..35",
    "focal:>100",
    "aperture:<2",
    "f:2.8",
    "iso:>=3200",
    "iso:100",
    "iso:200..800",
    "exposure:1/250",
    "exposure:<=1/1000",
    "shutter:>=1s",
    "format:heic",
    "format:jpeg,png",
    "is:raw",
    "format:raf",
    "folder:00002",
    "folder:/synthetic/00001",
    "rating:>=4",
    "rating:2",
    "stars:0",
    "is:favourite",
    "flag:pick",
    "is:reject",
    "flag:none",
    "label:red",
    "label:none",
    "tag:Family",
    "tag:family/kids",
    "tag:none",
    "-tag:work",
    "album:trip",
    "album:none",
    "has:gps",
    "-has:gps",
    "place:lisbon",
    "place:\"sao paulo\"",
    "country:japan",
    "country:PT",
    "city:\"São Paulo\"",
    "region:tokyo",
    "orientation:portrait",
    "orientation:panorama",
    "is:square",
    "orientation:landscape",
    "width:>=8000",
    "height:<3000",
    "mp:>=40",
    "size:>25MB",
    "size:<3MB",
    "name:IMG_00001",
    "-iso:>=3200",
    "camera:fuji iso:>=800 -is:raw",
    "(format:heic OR is:raw) has:gps",
    "make:=Apple OR make:=samsung",
    "-(tag:family OR album:trip) rating:>=2",
];

#[test]
fn every_facet_matches_a_brute_force_filter_and_pages_in_timeline_order() {
    let (_dir, library, known) = library(2_500);
    for text in FACET_QUERIES {
        let query = Query::parse(text).unwrap();
        let expected: Vec<i64> = known
            .iter()
            .filter(|k| holds(&query.root, k))
            .map(|k| k.photo.id)
            .collect();
        let (got, total) = paged(&library, &query, 37);
        assert_eq!(got, expected, "{text}: pages differ from the brute force");
        assert_eq!(total, expected.len() as u64, "{text}: total");
        assert!(
            !expected.is_empty() || text.starts_with("name:"),
            "{text}: the generated library should have some"
        );
        // Months and the undated count follow the query too.
        let filter = PhotoFilter::query(query.clone());
        let months: u64 = library
            .months(&filter)
            .unwrap()
            .iter()
            .map(|m| m.count)
            .sum();
        let undated = library.undated_count(&filter).unwrap();
        assert_eq!(
            months + undated,
            expected.len() as u64,
            "{text}: months + undated"
        );
    }
    // Some sanity on the spread itself: common and rare values both exist.
    let count = |t: &str| paged(&library, &Query::parse(t).unwrap(), 500).1;
    assert!(count("make:=Apple") > 500 && count("iso:51200") < 10);
    assert!(count("place:lisbon") > 0 && count("place:\"sao paulo\"") > 0);
}

#[test]
fn facet_counts_match_brute_force_counts_without_the_facets_own_terms() {
    let (_dir, library, known) = library(1_500);
    for text in [
        "",
        "camera:fuji",
        "year:2019 has:gps",
        "iso:>=800 rating:>=2 -tag:work",
        "format:heic,png tag:family",
    ] {
        let query = Query::parse(text).unwrap();
        let facets = library.facets(&PhotoFilter::query(query.clone())).unwrap();
        assert!(facets.facets.len() >= 15, "{text}");
        let selected: HashSet<String> = query
            .terms()
            .iter()
            .map(|t| Query { root: t.clone() }.to_string())
            .collect();
        for facet in &facets.facets {
            for value in facet.values.iter().filter(|v| !v.query.is_empty()) {
                let token =
                    Query::parse(&value.query).unwrap_or_else(|e| panic!("{}: {e}", value.query));
                // The facet's count is under the query without the facet's own terms.
                let base: Vec<Expr> = query
                    .terms()
                    .iter()
                    .filter(|t| !term_owned(facet.name, t))
                    .cloned()
                    .collect();
                let under = Query {
                    root: Expr::and(base),
                }
                .and(&token);
                let expected = known.iter().filter(|k| holds(&under.root, k)).count() as u64;
                assert_eq!(
                    value.count, expected,
                    "{text:?}: {} {} ({})",
                    facet.name, value.label, value.query
                );
                assert_eq!(
                    value.selected,
                    selected.contains(&value.query),
                    "{text:?}: {}",
                    value.query
                );
            }
        }
    }
}

/// Whether every condition of `e` is facet `name`'s own kind (the spec, written out again).
fn term_owned(name: &str, e: &Expr) -> bool {
    match e {
        Expr::Not(inner) => term_owned(name, inner),
        Expr::And(t) | Expr::Or(t) => t.iter().all(|t| term_owned(name, t)),
        Expr::Text { .. } => false,
        Expr::Cond(c) => matches!(
            (name, c),
            ("year" | "month", Cond::Date(_) | Cond::MonthOfYear(_))
                | (
                    "camera",
                    Cond::Camera(CameraField::Camera | CameraField::Model, ..)
                )
                | ("make", Cond::Camera(CameraField::Make, ..))
                | ("lens", Cond::Camera(CameraField::Lens, ..))
                | ("format", Cond::Format(_) | Cond::Raw)
                | ("favourite", Cond::Favourite)
                | ("flag", Cond::Flag(_))
                | ("label", Cond::Label(_))
                | ("tag", Cond::Tag(_))
                | ("album", Cond::Album(_))
                | ("gps", Cond::HasGps)
                | ("country", Cond::Place(..))
                | ("orientation", Cond::Orientation(_))
                | ("focal", Cond::Num(NumField::Focal, _))
                | ("aperture", Cond::Num(NumField::Aperture, _))
                | ("iso", Cond::Num(NumField::Iso, _))
                | ("exposure", Cond::Num(NumField::Exposure, _))
                | ("rating", Cond::Num(NumField::Rating, _))
                | ("mp", Cond::Num(NumField::Megapixels, _))
                | ("size", Cond::Num(NumField::Size, _))
        ),
    }
}

#[test]
fn a_smart_album_is_live_refuses_photos_and_undoes() {
    let photos = tempfile::tempdir().unwrap();
    let (_dir, library) = common::temp_library();
    common::write(photos.path(), "a.jpg", &common::jpeg(64, 48, 1));
    common::scan(&library, &[photos.path().to_path_buf()]);
    let org = library.organize();
    let bad = org.create_smart_album("Bad", None, "iso:>=abc");
    assert!(matches!(bad, Err(Error::Query { .. })), "{bad:?}");
    let smart = org
        .create_smart_album("Wide", None, "orientation:landscape width:>=60")
        .unwrap();
    assert_eq!(smart.kind, AlbumKind::Smart);
    assert_eq!(smart.count, 1);
    let listed = org.albums().unwrap();
    assert!(listed.iter().any(
        |a| a.id == smart.id && a.query.as_deref() == Some("orientation:landscape width:>=60")
    ));
    // A new matching photo appears with no write to the album.
    common::write(photos.path(), "b.jpg", &common::jpeg(90, 60, 2));
    common::write(photos.path(), "tall.jpg", &common::jpeg(40, 70, 3));
    common::scan(&library, &[]);
    assert_eq!(org.album(smart.id).unwrap().count, 2);
    let view = PhotoFilter {
        album: Some(smart.id),
        ..Default::default()
    };
    let page = library.search(&view, None, 10).unwrap();
    assert_eq!(page.total, 2);
    assert!(page.photos.iter().all(|p| p.width > p.height));
    let id = page.photos[0].id;
    assert!(matches!(
        org.add_to_album(smart.id, &[id]),
        Err(Error::InvalidInput(_))
    ));
    // Editing the query is one undo step.
    org.set_album_query(smart.id, "orientation:portrait")
        .unwrap();
    assert_eq!(org.album(smart.id).unwrap().count, 1);
    org.undo().unwrap();
    assert_eq!(
        org.album(smart.id).unwrap().query.as_deref(),
        Some("orientation:landscape width:>=60")
    );
    assert_eq!(org.album(smart.id).unwrap().count, 2);
    // album: terms reach smart albums; a cycle is refused, not looped.
    let via = org.create_smart_album("Via", None, "album:wide").unwrap();
    assert_eq!(via.count, 2);
    assert!(org.set_album_query(smart.id, "album:via").is_err());
    org.undo().unwrap();
    org.undo().unwrap();
    assert!(
        org.album(via.id).is_err(),
        "undo removes the smart album it created"
    );
}

#[test]
fn places_come_from_coordinates_without_diacritics() {
    let (_dir, library, known) = library(800);
    let places = library.places(&PhotoFilter::default()).unwrap();
    let countries: HashSet<&str> = places.iter().map(|p| p.country.as_str()).collect();
    assert!(
        countries.contains("Portugal")
            && countries.contains("Japan")
            && countries.contains("Brazil"),
        "{countries:?}"
    );
    let with_place = known.iter().filter(|k| k.place.is_some()).count() as u64;
    assert_eq!(places.iter().map(|p| p.count).sum::<u64>(), with_place);
    let by_city: HashMap<&str, u64> = places.iter().fold(HashMap::new(), |mut m, p| {
        *m.entry(p.region.as_str()).or_default() += p.count;
        m
    });
    assert!(
        by_city.keys().any(|r| fold(r) == "sao paulo"),
        "{by_city:?}"
    );
    let sp = paged(&library, &Query::parse("place:\"sao paulo\"").unwrap(), 100).1;
    let sp_accents = paged(&library, &Query::parse("place:\"SÃO PAULO\"").unwrap(), 100).1;
    assert!(sp > 0 && sp == sp_accents);
    // Known coordinates: Lisbon's centre, and "no fix" at 0,0.
    let lisbon = shoebox_places::locate(38.7223, -9.1393).unwrap();
    assert_eq!(lisbon.country_code, "PT");
    assert!(shoebox_places::locate(0.0, 0.0).is_none());
}

#[test]
fn find_query_shapes_run_on_indexes() {
    let (_dir, library) = common::temp_library();
    bench::synthesize_varied(&library, 300).unwrap();
    let plans = library.query_plans().unwrap();
    let find: Vec<_> = plans
        .iter()
        .filter(|(n, _)| n.starts_with("find ") && !n.starts_with("find text:"))
        .collect();
    assert!(find.len() >= 10, "{}", find.len());
    for (name, plan) in find {
        let text = plan.join(" | ");
        assert!(
            text.contains("USING INDEX") || text.contains("USING COVERING INDEX"),
            "{name}: {text}"
        );
        assert!(
            !text.starts_with("SCAN p |") && text != "SCAN p",
            "{name} scans the table: {text}"
        );
    }
}
