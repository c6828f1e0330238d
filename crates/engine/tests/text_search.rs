//! Text search: words and phrases against a brute-force match in Rust on a generated library
//! (file name, camera, lens, folder, tags, albums, places), real files found by name without case
//! or diacritics and by CJK substrings, the index kept current by rescans, renames, tags and
//! removals, FTS5 operators typed as text, and the query plans.

mod common;

use std::collections::HashSet;

use shoebox_engine::bench;
use shoebox_engine::find::{fold, Needle, Query};
use shoebox_engine::{AlbumKind, Library, Photo, PhotoFilter};

/// Every photo of `text` by paging, and the total the first page reported.
fn found(library: &Library, text: &str) -> (HashSet<i64>, u64) {
    let filter = PhotoFilter::query(Query::parse(text).unwrap());
    let mut ids = HashSet::new();
    let mut after: Option<String> = None;
    let mut total = None;
    loop {
        let page = library.search(&filter, after.as_deref(), 97).unwrap();
        total.get_or_insert(page.total);
        ids.extend(page.photos.iter().map(|p| p.id));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    (ids, total.unwrap_or(0))
}

fn all(library: &Library) -> Vec<Photo> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = library
            .search(&PhotoFilter::default(), after.as_deref(), 1000)
            .unwrap();
        out.extend(page.photos);
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    out
}

/// What a photo's text is, as the README says: its own words and the names it shares.
struct Texts {
    own: String,
    shared: Vec<String>,
}

fn texts(library: &Library, photo: &Photo) -> Texts {
    let org = library.organize();
    let name = photo
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let c = &photo.camera;
    let own = [Some(name), c.make.clone(), c.model.clone(), c.lens.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    // The folder from its root's own name down: `synthetic/00001`.
    let folder = photo.path.parent().unwrap().to_string_lossy();
    let mut shared = vec![folder.trim_start_matches('/').to_string()];
    shared.extend(org.photo_tags(photo.id).unwrap());
    shared.extend(
        org.photo_albums(photo.id)
            .unwrap()
            .into_iter()
            .map(|(_, n)| n),
    );
    if let Some(p) = photo
        .gps_lat
        .zip(photo.gps_lon)
        .and_then(|(a, b)| shoebox_places::locate(a, b))
    {
        shared.push(format!("{} {} {}", p.city, p.region, p.country));
    }
    Texts { own, shared }
}

fn brute(needle: &Needle, t: &Texts) -> bool {
    needle.matches(&t.own) || t.shared.iter().any(|s| needle.matches(s))
}

#[test]
fn words_and_phrases_match_a_brute_force_search() {
    let (_dir, library) = common::temp_library();
    bench::synthesize_varied(&library, 700).unwrap();
    library.locate_pending().unwrap();
    let org = library.organize();
    let every = |n: usize, from: usize| -> Vec<i64> {
        (from..700).step_by(n).map(|i| i as i64 + 1).collect()
    };
    org.tag_photos("Family/Kids", &every(5, 0)).unwrap();
    org.tag_photos("Vacances/Été", &every(7, 3)).unwrap();
    let trip = org
        .create_album("Lisbon trip", None, AlbumKind::Album)
        .unwrap();
    org.add_to_album(trip.id, &every(6, 1)).unwrap();
    let photos = all(&library);
    assert_eq!(photos.len(), 700);
    let known: Vec<(i64, Texts)> = photos.iter().map(|p| (p.id, texts(&library, p))).collect();
    let cases = [
        "fuji",
        "FUJIFILM",
        "canon eos",
        "\"x t3\"",
        "img_000012",
        "000012",
        "kids",
        "family",
        "ete",
        "été",
        "lisbon",
        "sao paulo",
        "trip",
        "syn",
        "00001",
        "ie",
        "x",
        "summilux",
        "nothing-like-this",
    ];
    let mut nonempty = 0;
    for text in cases {
        let inner = text.trim_matches('"');
        let needle = Needle::new(inner).unwrap();
        let want: HashSet<i64> = known
            .iter()
            .filter(|(_, t)| brute(&needle, t))
            .map(|(id, _)| *id)
            .collect();
        let (got, total) = found(&library, text);
        assert_eq!(total as usize, got.len(), "{text}: total");
        let missing: Vec<_> = want.difference(&got).take(5).collect();
        let extra: Vec<_> = got.difference(&want).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{text}: {} wanted, {} found; missing {missing:?}, extra {extra:?}",
            want.len(),
            got.len()
        );
        nonempty += usize::from(!want.is_empty());
    }
    assert!(nonempty >= 14, "{nonempty} of the cases found something");

    // Words AND together, OR and - work on text as on facets.
    let (both, _) = found(&library, "kids lisbon");
    let (kids, _) = found(&library, "kids");
    let (lisbon, _) = found(&library, "lisbon");
    assert_eq!(
        both,
        kids.intersection(&lisbon).copied().collect::<HashSet<_>>()
    );
    let (not_kids, _) = found(&library, "lisbon -kids");
    assert_eq!(
        not_kids,
        lisbon.difference(&kids).copied().collect::<HashSet<_>>()
    );
}

#[test]
fn real_files_are_found_by_name_without_case_or_diacritics_and_the_index_follows_changes() {
    let (dir, library) = common::temp_library();
    let root = dir.path().join("Fotos");
    let summer = root.join("Verão 2019");
    std::fs::create_dir_all(&summer).unwrap();
    common::write(&summer, "São Paulo praia.jpg", &common::jpeg(64, 48, 1));
    common::write(&summer, "東京タワー夜景.jpg", &common::jpeg(64, 48, 2));
    common::write(&root, "IMG_0042.jpg", &common::jpeg(64, 48, 3));
    common::scan(&library, std::slice::from_ref(&root));
    let names = |text: &str| -> Vec<String> {
        let filter = PhotoFilter::query(Query::parse(text).unwrap());
        let mut names: Vec<String> = library
            .search(&filter, None, 50)
            .unwrap()
            .photos
            .iter()
            .map(|p| p.path.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("sao paulo"), ["São Paulo praia.jpg"]);
    assert_eq!(names("PRAIA"), ["São Paulo praia.jpg"]);
    assert_eq!(names("\"paulo praia\""), ["São Paulo praia.jpg"]);
    // CJK: a substring from three characters, the start of a run below that.
    assert_eq!(names("タワー"), ["東京タワー夜景.jpg"]);
    assert_eq!(names("東京"), ["東京タワー夜景.jpg"]);
    // The folder's name matches its photos, without accents.
    assert_eq!(names("verao").len(), 2);
    assert_eq!(names("img_00"), ["IMG_0042.jpg"]);
    assert_eq!(names("0042"), ["IMG_0042.jpg"]);
    // Every photo shares the root's own name; nothing above it.
    assert_eq!(names("fotos").len(), 3);
    let above = fold(&dir.path().file_name().unwrap().to_string_lossy());
    assert!(names(&format!("\"{above}\"")).is_empty(), "{above}");

    // A rename is a new name in the index; the old one is gone.
    std::fs::rename(root.join("IMG_0042.jpg"), root.join("Lighthouse.jpg")).unwrap();
    common::scan(&library, std::slice::from_ref(&root));
    assert_eq!(names("lighthouse"), ["Lighthouse.jpg"]);
    assert!(names("img_0042").is_empty());
    // A tag is found at once, by any part of its path.
    let id = library
        .search(
            &PhotoFilter::query(Query::parse("lighthouse").unwrap()),
            None,
            1,
        )
        .unwrap()
        .photos[0]
        .id;
    library
        .organize()
        .tag_photos("Portugal/Nazaré", &[id])
        .unwrap();
    assert_eq!(names("nazare"), ["Lighthouse.jpg"]);
    // A photo whose file vanished is not found.
    std::fs::remove_file(summer.join("São Paulo praia.jpg")).unwrap();
    common::scan(&library, std::slice::from_ref(&root));
    assert!(names("praia").is_empty());
}

#[test]
fn fts_syntax_typed_as_text_is_only_text() {
    let (dir, library) = common::temp_library();
    let root = dir.path().join("r");
    std::fs::create_dir_all(&root).unwrap();
    common::write(&root, "NEAR the sea (1).jpg", &common::jpeg(32, 32, 1));
    common::write(&root, "other.jpg", &common::jpeg(32, 32, 2));
    common::scan(&library, &[root]);
    for text in [
        "NEAR",
        "\"(1)\"",
        "\"*\"",
        "\"AND\"",
        "sea*",
        "\"the sea (1\"",
        "\"^\"",
        "\"\"\"",
    ] {
        let Ok(query) = Query::parse(text) else {
            continue;
        };
        let page = library
            .search(&PhotoFilter::query(query), None, 10)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(page.photos.len() <= 1, "{text}: {}", page.photos.len());
    }
    let near = library
        .search(&PhotoFilter::query(Query::parse("near").unwrap()), None, 10)
        .unwrap();
    assert_eq!(near.photos.len(), 1);
    let paren = library
        .search(
            &PhotoFilter::query(Query::parse("\"(1)\"").unwrap()),
            None,
            10,
        )
        .unwrap();
    assert_eq!(paren.photos.len(), 1);
}

#[test]
fn text_queries_run_on_the_text_index() {
    let (_dir, library) = common::temp_library();
    bench::synthesize_varied(&library, 300).unwrap();
    let plans = library.query_plans().unwrap();
    let text: Vec<_> = plans
        .iter()
        .filter(|(n, _)| n.starts_with("find text"))
        .collect();
    assert!(text.len() >= 3, "{}", text.len());
    for (name, plan) in text {
        let joined = plan.join(" | ");
        assert!(
            joined.contains("VIRTUAL TABLE INDEX"),
            "{name} does not use the FTS index: {joined}"
        );
        assert!(
            !joined.starts_with("SCAN p |") && joined != "SCAN p",
            "{name} scans the table: {joined}"
        );
    }
}

#[test]
fn a_scan_indexes_its_batches_together_and_leaves_a_sound_index() {
    let (dir, library) = common::temp_library();
    let root = dir.path().join("photos");
    // Three writer batches and a bit: every photo is indexed, none twice, and nothing is left noted.
    bench::generate(&root, 1_100, 300, 16).unwrap();
    common::scan(&library, std::slice::from_ref(&root));
    assert_eq!(found(&library, "img").1, 1_100);
    for n in [0, 511, 512, 1_099] {
        let (ids, total) = found(&library, &format!("\"IMG_{n:06}\""));
        assert_eq!((ids.len(), total), (1, 1), "IMG_{n:06}");
    }
    // Renamed between scans (a move inside a batch): the old text leaves the index first.
    std::fs::rename(
        root.join("0000").join("IMG_000007.jpg"),
        root.join("0000").join("Harbour.jpg"),
    )
    .unwrap();
    common::scan(&library, std::slice::from_ref(&root));
    assert_eq!(found(&library, "harbour").1, 1);
    assert_eq!(found(&library, "\"IMG_000007\"").1, 0);
    assert_eq!(found(&library, "img").1, 1_099);

    let conn = rusqlite::Connection::open(dir.path().join("library.db")).unwrap();
    for table in ["photo_words", "photo_grams"] {
        conn.execute(
            &format!("INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
    let noted: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM text_pending) + (SELECT count(*) FROM scan_writing)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(noted, 0, "the batch ends with its transaction");
}
