//! Facet counts: for every facet of the filter bar, its values under the current filter without
//! that facet's own terms (so siblings stay choosable), each with the query token that selects it.
//! The rows come from `db/facets.rs`; the buckets, tokens and counting are here.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;

use super::query::{CameraField, Cond, Expr, NumField, NumRange, Orientation, Query, Span};
use crate::model::Photo;
use crate::organize::{Flag, Label};

/// A page of search results: photos in timeline order, the cursor of the next page, and how many
/// photos match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub photos: Vec<Photo>,
    pub next: Option<String>,
    pub total: u64,
}

/// Every facet's counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub facets: Vec<Facet>,
}

impl Facets {
    /// The facet named `name`.
    pub fn get(&self, name: &str) -> Option<&Facet> {
        self.facets.iter().find(|f| f.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub name: &'static str,
    pub values: Vec<FacetValue>,
}

/// One choice of a facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// The value itself (`2019`, `X-T3`, `16–35`).
    pub value: String,
    /// How to show it.
    pub label: String,
    /// The query token that selects it (`date:2019`, `model:=X-T3`); empty for "other".
    pub query: String,
    pub count: u64,
    /// Whether the current filter has this token as one of its terms.
    pub selected: bool,
}

/// Photos per place, for the sidebar's Places (country → region → city).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCount {
    pub country: String,
    pub country_code: String,
    pub region: String,
    pub city: String,
    pub place_id: i64,
    pub count: u64,
}

/// What the facets read of one photo.
#[derive(Debug, Clone, Default)]
pub(crate) struct FacetRow {
    pub dated: bool,
    pub taken_at: i64,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens: Option<String>,
    pub focal: Option<f64>,
    pub aperture: Option<f64>,
    pub iso: Option<f64>,
    pub exposure: Option<f64>,
    pub format: String,
    pub width: u32,
    pub height: u32,
    pub size: f64,
    pub gps: bool,
    pub country: Option<(String, String)>,
    pub favourite: bool,
    pub rating: u8,
    pub flag: Flag,
    pub label: Label,
}

/// The facets, in the order a filter bar shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Year,
    Month,
    Camera,
    Make,
    Lens,
    Focal,
    Aperture,
    Iso,
    Exposure,
    Format,
    Rating,
    Favourite,
    Flag,
    Label,
    Tag,
    Album,
    Gps,
    Country,
    Orientation,
    Megapixels,
    Size,
}

impl Kind {
    pub const ALL: [Kind; 21] = [
        Kind::Year,
        Kind::Month,
        Kind::Camera,
        Kind::Make,
        Kind::Lens,
        Kind::Focal,
        Kind::Aperture,
        Kind::Iso,
        Kind::Exposure,
        Kind::Format,
        Kind::Rating,
        Kind::Favourite,
        Kind::Flag,
        Kind::Label,
        Kind::Tag,
        Kind::Album,
        Kind::Gps,
        Kind::Country,
        Kind::Orientation,
        Kind::Megapixels,
        Kind::Size,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Year => "year",
            Kind::Month => "month",
            Kind::Camera => "camera",
            Kind::Make => "make",
            Kind::Lens => "lens",
            Kind::Focal => "focal",
            Kind::Aperture => "aperture",
            Kind::Iso => "iso",
            Kind::Exposure => "exposure",
            Kind::Format => "format",
            Kind::Rating => "rating",
            Kind::Favourite => "favourite",
            Kind::Flag => "flag",
            Kind::Label => "label",
            Kind::Tag => "tag",
            Kind::Album => "album",
            Kind::Gps => "gps",
            Kind::Country => "country",
            Kind::Orientation => "orientation",
            Kind::Megapixels => "mp",
            Kind::Size => "size",
        }
    }

    /// Whether `cond` is this facet's own kind of condition.
    fn owns(self, cond: &Cond) -> bool {
        match (self, cond) {
            (Kind::Year | Kind::Month, Cond::Date(_) | Cond::MonthOfYear(_)) => true,
            (Kind::Camera, Cond::Camera(CameraField::Camera | CameraField::Model, ..)) => true,
            (Kind::Make, Cond::Camera(CameraField::Make, ..)) => true,
            (Kind::Lens, Cond::Camera(CameraField::Lens, ..)) => true,
            (Kind::Format, Cond::Format(_) | Cond::Raw) => true,
            (Kind::Favourite, Cond::Favourite) => true,
            (Kind::Flag, Cond::Flag(_)) => true,
            (Kind::Label, Cond::Label(_)) => true,
            (Kind::Tag, Cond::Tag(_)) => true,
            (Kind::Album, Cond::Album(_)) => true,
            (Kind::Gps, Cond::HasGps) => true,
            (Kind::Country, Cond::Place(..)) => true,
            (Kind::Orientation, Cond::Orientation(_)) => true,
            (kind, Cond::Num(field, _)) => kind.num_field() == Some(*field),
            _ => false,
        }
    }

    fn num_field(self) -> Option<NumField> {
        Some(match self {
            Kind::Focal => NumField::Focal,
            Kind::Aperture => NumField::Aperture,
            Kind::Iso => NumField::Iso,
            Kind::Exposure => NumField::Exposure,
            Kind::Rating => NumField::Rating,
            Kind::Megapixels => NumField::Megapixels,
            Kind::Size => NumField::Size,
            _ => return None,
        })
    }

    /// Whether every condition in `e` is this facet's (a term of its own, to leave out).
    fn owns_term(self, e: &Expr) -> bool {
        match e {
            Expr::Cond(c) => self.owns(c),
            Expr::Not(inner) => self.owns_term(inner),
            Expr::Or(terms) | Expr::And(terms) => {
                !terms.is_empty() && terms.iter().all(|t| self.owns_term(t))
            }
            Expr::Text { .. } => false,
        }
    }

    /// Counted from memberships rather than photo rows.
    pub fn is_membership(self) -> bool {
        matches!(self, Kind::Tag | Kind::Album)
    }
}

/// `query` without the top-level terms facet `kind` owns.
pub(crate) fn without_own(query: &Query, kind: Kind) -> Query {
    let terms: Vec<Expr> = query
        .terms()
        .iter()
        .filter(|t| !kind.owns_term(t))
        .cloned()
        .collect();
    Query {
        root: Expr::and(terms),
    }
}

/// The canonical texts of the query's top-level terms (a facet value is selected when its token
/// is one of them).
pub(crate) fn selected_tokens(query: &Query) -> HashSet<String> {
    query
        .terms()
        .iter()
        .map(|t| Query { root: t.clone() }.to_string())
        .collect()
}

/// Cameras and lenses show this many values, then "other".
const TOP: usize = 12;

fn range(lo: Bound<f64>, hi: Bound<f64>) -> NumRange {
    NumRange { lo, hi }
}

/// The buckets of a numeric facet: label and range (a photo counts in every bucket whose token
/// would select it).
fn buckets(field: NumField) -> Vec<(&'static str, NumRange)> {
    use Bound::{Excluded as X, Included as I, Unbounded as U};
    match field {
        NumField::Focal => vec![
            ("< 16 mm", range(U, X(16.0))),
            ("16–35 mm", range(I(16.0), I(35.9))),
            ("36–70 mm", range(I(36.0), I(70.9))),
            ("71–135 mm", range(I(71.0), I(135.9))),
            ("136–300 mm", range(I(136.0), I(300.9))),
            ("> 300 mm", range(I(301.0), U)),
        ],
        NumField::Aperture => vec![
            ("< f/2", range(U, X(2.0))),
            ("f/2–f/3.5", range(I(2.0), I(3.9))),
            ("f/4–f/7.1", range(I(4.0), I(7.9))),
            ("f/8–f/11", range(I(8.0), I(11.9))),
            ("f/12 +", range(I(12.0), U)),
        ],
        NumField::Iso => vec![
            ("≤ 200", range(U, I(200.0))),
            ("201–800", range(I(201.0), I(800.0))),
            ("801–3200", range(I(801.0), I(3200.0))),
            ("3201–12800", range(I(3201.0), I(12800.0))),
            ("> 12800", range(X(12800.0), U)),
        ],
        NumField::Exposure => vec![
            ("≤ 1/1000 s", range(U, I(1.0 / 1000.0))),
            ("1/800–1/250 s", range(I(1.0 / 800.0), I(1.0 / 250.0))),
            ("1/200–1/60 s", range(I(1.0 / 200.0), I(1.0 / 60.0))),
            ("1/50–1/2 s", range(I(1.0 / 50.0), I(0.5))),
            ("> 1/2 s", range(X(0.5), U)),
        ],
        NumField::Megapixels => vec![
            ("< 2 MP", range(U, X(2.0))),
            ("2–8 MP", range(I(2.0), I(7.9))),
            ("8–16 MP", range(I(8.0), I(15.9))),
            ("16–30 MP", range(I(16.0), I(29.9))),
            ("≥ 30 MP", range(I(30.0), U)),
        ],
        NumField::Size => vec![
            ("< 1 MB", range(U, X(1e6))),
            ("1–5 MB", range(I(1e6), I(5e6))),
            ("5–10 MB", range(I(5e6), I(1e7))),
            ("10–25 MB", range(I(1e7), I(2.5e7))),
            ("> 25 MB", range(X(2.5e7), U)),
        ],
        _ => Vec::new(),
    }
}

/// Half-open and mixed ranges print as the closest form the language has; a bucket's token is
/// the condition itself, which the parser reads back.
fn num_token(field: NumField, r: NumRange) -> String {
    Cond::Num(field, r).to_string()
}

fn year_span(year: i32) -> Option<Span> {
    let start = chrono::NaiveDate::from_ymd_opt(year, 1, 1)?;
    let end = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?;
    Some(Span {
        start: Some(start.and_hms_opt(0, 0, 0)?.and_utc().timestamp()),
        end: Some(end.and_hms_opt(0, 0, 0)?.and_utc().timestamp()),
    })
}

fn month_span(year: i32, month: u32) -> Option<Span> {
    let start = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let end = super::values::month_after(start)?;
    Some(Span {
        start: Some(start.and_hms_opt(0, 0, 0)?.and_utc().timestamp()),
        end: Some(end.and_hms_opt(0, 0, 0)?.and_utc().timestamp()),
    })
}

/// Counts of one facet's values, by value key, with their label and token.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    counts: HashMap<String, (String, String, u64)>,
}

impl Tally {
    fn add(&mut self, value: &str, label: impl FnOnce() -> String, token: impl FnOnce() -> String) {
        match self.counts.get_mut(value) {
            Some(entry) => entry.2 += 1,
            None => {
                self.counts.insert(value.to_string(), (label(), token(), 1));
            }
        }
    }
    pub fn add_n(&mut self, value: &str, label: String, token: String, n: u64) {
        self.counts
            .entry(value.to_string())
            .or_insert((label, token, 0))
            .2 += n;
    }
}

/// Adds one photo to facet `kind`'s tally.
pub(crate) fn count_row(kind: Kind, row: &FacetRow, tally: &mut Tally) {
    use chrono::Datelike;
    match kind {
        Kind::Year | Kind::Month if !row.dated => {}
        Kind::Year => {
            let y = wall_clock(row.taken_at).year();
            let key = format!("{y:04}");
            tally.add(
                &key,
                || key.clone(),
                || {
                    year_span(y)
                        .map(|s| Cond::Date(s).to_string())
                        .unwrap_or_default()
                },
            );
        }
        Kind::Month => {
            let d = wall_clock(row.taken_at);
            let (y, m) = (d.year(), d.month());
            let key = format!("{y:04}-{m:02}");
            tally.add(
                &key,
                || key.clone(),
                || {
                    month_span(y, m)
                        .map(|s| Cond::Date(s).to_string())
                        .unwrap_or_default()
                },
            );
        }
        Kind::Camera => {
            if let Some(model) = &row.model {
                let key = model.to_ascii_lowercase();
                tally.add(
                    &key,
                    || match &row.make {
                        Some(make)
                            if !model
                                .to_lowercase()
                                .starts_with(&first_word(make).to_lowercase()) =>
                        {
                            format!("{} {model}", first_word(make))
                        }
                        _ => model.clone(),
                    },
                    || Cond::Camera(CameraField::Model, model.clone(), true).to_string(),
                );
            }
        }
        Kind::Make => {
            if let Some(make) = &row.make {
                let key = make.to_ascii_lowercase();
                tally.add(
                    &key,
                    || make.clone(),
                    || Cond::Camera(CameraField::Make, make.clone(), true).to_string(),
                );
            }
        }
        Kind::Lens => {
            if let Some(lens) = &row.lens {
                let key = lens.to_ascii_lowercase();
                tally.add(
                    &key,
                    || lens.clone(),
                    || Cond::Camera(CameraField::Lens, lens.clone(), true).to_string(),
                );
            }
        }
        Kind::Focal
        | Kind::Aperture
        | Kind::Iso
        | Kind::Exposure
        | Kind::Megapixels
        | Kind::Size => {
            let field = kind.num_field().unwrap_or(NumField::Iso);
            let value = match kind {
                Kind::Focal => row.focal,
                Kind::Aperture => row.aperture,
                Kind::Iso => row.iso,
                Kind::Exposure => row.exposure,
                Kind::Megapixels => {
                    Some(f64::from(row.width) * f64::from(row.height) / 1_000_000.0)
                }
                _ => Some(row.size),
            };
            let Some(v) = value else { return };
            for (label, r) in buckets(field) {
                if r.contains(field, v) {
                    tally.add(label, || label.to_string(), || num_token(field, r));
                }
            }
        }
        Kind::Format => {
            let key = row.format.clone();
            tally.add(
                &key,
                || key.to_uppercase(),
                || Cond::Format(key.clone()).to_string(),
            );
            if crate::meta::RAW_EXTENSIONS.contains(&row.format.as_str()) {
                tally.add("raw", || "RAW".to_string(), || Cond::Raw.to_string());
            }
        }
        Kind::Rating => {
            let key = row.rating.to_string();
            tally.add(
                &key,
                || match row.rating {
                    0 => "Unrated".to_string(),
                    n => "★".repeat(n as usize),
                },
                || Cond::Num(NumField::Rating, NumRange::eq(f64::from(row.rating))).to_string(),
            );
        }
        Kind::Favourite => {
            if row.favourite {
                tally.add(
                    "favourite",
                    || "Favourites".to_string(),
                    || Cond::Favourite.to_string(),
                );
            }
        }
        Kind::Flag => {
            let f = row.flag;
            tally.add(
                f.name(),
                || f.name().to_string(),
                || Cond::Flag(f).to_string(),
            );
        }
        Kind::Label => {
            let l = row.label;
            tally.add(
                l.name(),
                || l.name().to_string(),
                || Cond::Label(l).to_string(),
            );
        }
        Kind::Gps => {
            if row.gps {
                tally.add(
                    "gps",
                    || "With location".to_string(),
                    || Cond::HasGps.to_string(),
                );
            } else {
                tally.add(
                    "none",
                    || "No location".to_string(),
                    || {
                        Query {
                            root: Expr::Not(Box::new(Expr::Cond(Cond::HasGps))),
                        }
                        .to_string()
                    },
                );
            }
        }
        Kind::Country => {
            if let Some((country, code)) = &row.country {
                tally.add(
                    code,
                    || country.clone(),
                    || Cond::Place(super::PlaceField::Country, country.clone()).to_string(),
                );
            }
        }
        Kind::Orientation => {
            let o = Orientation::of(row.width, row.height);
            tally.add(
                o.name(),
                || o.name().to_string(),
                || Cond::Orientation(o).to_string(),
            );
        }
        Kind::Tag | Kind::Album => {}
    }
}

fn wall_clock(secs: i64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .naive_utc()
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or(text)
}

/// The facet's values in display order, "other" folded in for long lists of names.
pub(crate) fn finish(kind: Kind, tally: Tally, selected: &HashSet<String>) -> Facet {
    let mut values: Vec<FacetValue> = tally
        .counts
        .into_iter()
        .map(|(value, (label, query, count))| FacetValue {
            selected: selected.contains(&query),
            value,
            label,
            query,
            count,
        })
        .collect();
    let order: BTreeMap<&str, usize> = match kind {
        Kind::Focal
        | Kind::Aperture
        | Kind::Iso
        | Kind::Exposure
        | Kind::Megapixels
        | Kind::Size => buckets(kind.num_field().unwrap_or(NumField::Iso))
            .iter()
            .enumerate()
            .map(|(i, (label, _))| (*label, i))
            .collect(),
        _ => BTreeMap::new(),
    };
    match kind {
        Kind::Year | Kind::Month | Kind::Rating => {
            values.sort_by(|a, b| b.value.cmp(&a.value));
        }
        Kind::Focal
        | Kind::Aperture
        | Kind::Iso
        | Kind::Exposure
        | Kind::Megapixels
        | Kind::Size => {
            values.sort_by_key(|v| order.get(v.value.as_str()).copied().unwrap_or(usize::MAX));
        }
        Kind::Flag => values.sort_by_key(|v| {
            Flag::ALL
                .iter()
                .position(|f| f.name() == v.value)
                .unwrap_or(9)
        }),
        Kind::Label => values.sort_by_key(|v| {
            Label::ALL
                .iter()
                .position(|l| l.name() == v.value)
                .unwrap_or(9)
        }),
        Kind::Orientation => values.sort_by_key(|v| {
            Orientation::ALL
                .iter()
                .position(|o| o.name() == v.value)
                .unwrap_or(9)
        }),
        _ => values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))),
    }
    if matches!(kind, Kind::Camera | Kind::Make | Kind::Lens) && values.len() > TOP {
        let rest: Vec<FacetValue> = values.split_off(TOP);
        values.extend(rest.iter().filter(|v| v.selected).cloned());
        let other: u64 = rest.iter().filter(|v| !v.selected).map(|v| v.count).sum();
        values.push(FacetValue {
            value: "other".to_string(),
            label: "Other".to_string(),
            query: String::new(),
            count: other,
            selected: false,
        });
    }
    Facet {
        name: kind.name(),
        values,
    }
}

/// Every facet's counts for `filter`: one pass over the photos for each distinct "filter without
/// a facet's own terms", memberships for tags and albums.
pub(crate) fn compute(
    conn: &rusqlite::Connection,
    filter: &crate::model::PhotoFilter,
) -> crate::error::Result<Facets> {
    use crate::db::{facets as sql, view::ViewSql};
    let query = filter.query.as_deref().cloned().unwrap_or_else(Query::all);
    let selected = selected_tokens(&query);
    let view_of = |q: Query| -> crate::error::Result<ViewSql> {
        let f = crate::model::PhotoFilter {
            query: (!q.is_empty()).then(|| std::sync::Arc::new(q)),
            ..filter.clone()
        };
        ViewSql::of(conn, &f)
    };
    // Facets grouped by the query they are counted under.
    let mut groups: Vec<(String, Query, Vec<Kind>)> = Vec::new();
    for kind in Kind::ALL {
        let base = without_own(&query, kind);
        let key = base.to_string();
        match groups.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, _, kinds)) => kinds.push(kind),
            None => groups.push((key, base, vec![kind])),
        }
    }
    let mut facets: HashMap<Kind, Facet> = HashMap::new();
    for (_, base, kinds) in groups {
        let view = view_of(base)?;
        let row_kinds: Vec<Kind> = kinds
            .iter()
            .copied()
            .filter(|k| !k.is_membership())
            .collect();
        if !row_kinds.is_empty() {
            let mut tallies: Vec<Tally> = row_kinds.iter().map(|_| Tally::default()).collect();
            for row in sql::rows(conn, &view)? {
                for (kind, tally) in row_kinds.iter().zip(tallies.iter_mut()) {
                    count_row(*kind, &row, tally);
                }
            }
            for (kind, tally) in row_kinds.iter().zip(tallies) {
                facets.insert(*kind, finish(*kind, tally, &selected));
            }
        }
        if kinds.contains(&Kind::Tag) {
            let mut tally = Tally::default();
            let tags = crate::db::tags::list(conn)?;
            let by_id: HashMap<i64, &crate::organize::Tag> =
                tags.iter().map(|t| (t.id, t)).collect();
            let mut per_photo: HashMap<i64, HashSet<i64>> = HashMap::new();
            for (photo, tag) in sql::tag_pairs(conn, &view)? {
                let mut at = Some(tag);
                let set = per_photo.entry(photo).or_default();
                while let Some(id) = at {
                    if !set.insert(id) {
                        break;
                    }
                    at = by_id.get(&id).and_then(|t| t.parent_id);
                }
            }
            let mut counts: HashMap<i64, u64> = HashMap::new();
            for set in per_photo.values() {
                for id in set {
                    *counts.entry(*id).or_default() += 1;
                }
            }
            for (id, n) in counts {
                if let Some(tag) = by_id.get(&id) {
                    let token = Cond::Tag(Some(tag.path.clone())).to_string();
                    tally.add_n(&tag.path, tag.path.clone(), token, n);
                }
            }
            let untagged = sql::count(conn, &view)?.saturating_sub(per_photo.len() as u64);
            if untagged > 0 {
                tally.add_n(
                    "none",
                    "Untagged".into(),
                    Cond::Tag(None).to_string(),
                    untagged,
                );
            }
            facets.insert(Kind::Tag, finish(Kind::Tag, tally, &selected));
        }
        if kinds.contains(&Kind::Album) {
            let mut tally = Tally::default();
            let (albums, none) = sql::album_counts(conn, &view)?;
            for (id, name, n) in albums {
                let token = Cond::Album(Some(name.clone())).to_string();
                tally.add_n(&id.to_string(), name, token, n);
            }
            if none > 0 {
                tally.add_n(
                    "none",
                    "In no album".into(),
                    Cond::Album(None).to_string(),
                    none,
                );
            }
            facets.insert(Kind::Album, finish(Kind::Album, tally, &selected));
        }
    }
    Ok(Facets {
        facets: Kind::ALL.iter().filter_map(|k| facets.remove(k)).collect(),
    })
}
