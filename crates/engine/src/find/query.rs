//! The typed query a search box, filter bar or smart album holds: a tree of AND, OR and NOT over
//! text terms and facet conditions with typed values, and its canonical text (`Display`), which
//! parses back to the same tree.

use std::fmt;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate};

use crate::organize::{Flag, Label};

/// A parsed query. The empty query matches every photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub root: Expr,
}

// Numbers in a query are finite (the parser refuses anything else), so equality is total.
impl Eq for Query {}

/// A node of the query tree. `And` / `Or` hold two or more children (the empty `And` is the
/// empty query), never a child of their own kind (the parser flattens them).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// A word or `"a phrase"`: matched by the text index.
    Text {
        text: String,
        phrase: bool,
    },
    Cond(Cond),
}

/// Which camera field a text match is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CameraField {
    /// Make or model.
    Camera,
    Make,
    Model,
    Lens,
}

/// Which place name a `place:` condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceField {
    /// Country, region or city.
    Any,
    Country,
    Region,
    City,
}

/// A numeric field compared with a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumField {
    Focal,
    Aperture,
    Iso,
    Exposure,
    Rating,
    Width,
    Height,
    Megapixels,
    Size,
}

/// Photo shape, from the displayed width and height: square within 1 %, panorama at 2:1 or
/// longer (either way); the four never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Orientation {
    Landscape,
    Portrait,
    Square,
    Panorama,
}

impl Orientation {
    pub const ALL: [Orientation; 4] = [
        Orientation::Landscape,
        Orientation::Portrait,
        Orientation::Square,
        Orientation::Panorama,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Orientation::Landscape => "landscape",
            Orientation::Portrait => "portrait",
            Orientation::Square => "square",
            Orientation::Panorama => "panorama",
        }
    }
    /// The shape of a `width` × `height` photo.
    pub fn of(width: u32, height: u32) -> Orientation {
        let (w, h) = (u64::from(width), u64::from(height));
        let (long, short) = (w.max(h), w.min(h));
        if long >= 2 * short {
            Orientation::Panorama
        } else if (long - short) * 100 <= long {
            Orientation::Square
        } else if w > h {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        }
    }
}

/// One end of a range as compared: `(value, inclusive)`.
pub type End = (f64, bool);

/// A range of numbers; both ends equal and included is an equality.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumRange {
    pub lo: Bound<f64>,
    pub hi: Bound<f64>,
}

impl NumRange {
    pub fn eq(v: f64) -> NumRange {
        NumRange {
            lo: Bound::Included(v),
            hi: Bound::Included(v),
        }
    }
    pub fn between(lo: f64, hi: f64) -> NumRange {
        NumRange {
            lo: Bound::Included(lo),
            hi: Bound::Included(hi),
        }
    }
    /// Whether `v` is in the range (floats compared with the tolerance the SQL uses).
    pub fn contains(&self, field: NumField, v: f64) -> bool {
        let (lo, hi) = self.sql_bounds(field);
        lo.is_none_or(|(l, inclusive)| if inclusive { v >= l } else { v > l })
            && hi.is_none_or(|(h, inclusive)| if inclusive { v <= h } else { v < h })
    }
    /// The bounds as compared in SQL: `(value, inclusive)`; an included end of a real-valued field
    /// is widened by a relative 0.1 % so `aperture:2.8` finds 2.79999.
    pub fn sql_bounds(&self, field: NumField) -> (Option<End>, Option<End>) {
        let slack = |v: f64| {
            if field.is_real() {
                v.abs() * 1e-3
            } else {
                0.0
            }
        };
        let lo = match self.lo {
            Bound::Included(v) => Some((v - slack(v), true)),
            Bound::Excluded(v) => Some((v, false)),
            Bound::Unbounded => None,
        };
        let hi = match self.hi {
            Bound::Included(v) => Some((v + slack(v), true)),
            Bound::Excluded(v) => Some((v, false)),
            Bound::Unbounded => None,
        };
        (lo, hi)
    }
}

impl NumField {
    pub const ALL: [NumField; 9] = [
        NumField::Focal,
        NumField::Aperture,
        NumField::Iso,
        NumField::Exposure,
        NumField::Rating,
        NumField::Width,
        NumField::Height,
        NumField::Megapixels,
        NumField::Size,
    ];
    /// The canonical key.
    pub fn key(self) -> &'static str {
        match self {
            NumField::Focal => "focal",
            NumField::Aperture => "aperture",
            NumField::Iso => "iso",
            NumField::Exposure => "exposure",
            NumField::Rating => "rating",
            NumField::Width => "width",
            NumField::Height => "height",
            NumField::Megapixels => "mp",
            NumField::Size => "size",
        }
    }
    /// Values with a fractional part (compared with a tolerance).
    pub fn is_real(self) -> bool {
        matches!(
            self,
            NumField::Focal | NumField::Aperture | NumField::Exposure | NumField::Megapixels
        )
    }
}

/// A span of wall-clock seconds (as `photos.taken_at`), `[start, end)`, day-aligned; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: Option<i64>,
    pub end: Option<i64>,
}

/// One facet condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// Dated photos taken in the span.
    Date(Span),
    /// Dated photos taken in this month of any year (1..=12).
    MonthOfYear(u32),
    /// Case-insensitive substring of the field (`camera:` matches make or model); `exact`
    /// (written `make:=Canon`): the whole field, case-insensitively.
    Camera(CameraField, String, bool),
    Num(NumField, NumRange),
    /// `format:` names as the `format` column holds them (`jpeg`, `heic`, `dng`…).
    Format(String),
    /// Any camera RAW format.
    Raw,
    /// A folder and everything below it: an absolute path, or a path's last components.
    Folder(String),
    Favourite,
    Flag(Flag),
    Label(Label),
    /// A tag path (case-insensitive) and the tags below it; `None`: photos with no tag.
    Tag(Option<String>),
    /// An album by name (case-insensitive); `None`: photos in no album.
    Album(Option<String>),
    HasGps,
    /// A place name, compared without case or diacritics (`sao paulo` finds São Paulo).
    Place(PlaceField, String),
    Orientation(Orientation),
    /// Case-insensitive substring of the file name.
    Name(String),
}

impl Query {
    /// The query that matches everything.
    pub fn all() -> Query {
        Query {
            root: Expr::And(Vec::new()),
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(&self.root, Expr::And(v) if v.is_empty())
    }
    /// The top-level terms ANDed together.
    pub fn terms(&self) -> &[Expr] {
        match &self.root {
            Expr::And(terms) => terms,
            one => std::slice::from_ref(one),
        }
    }
    /// `self AND other`, flattened.
    pub fn and(&self, other: &Query) -> Query {
        let mut terms: Vec<Expr> = self.terms().to_vec();
        terms.extend(other.terms().iter().cloned());
        Query {
            root: Expr::and(terms),
        }
    }
}

impl Expr {
    /// AND of `terms`, flattened; one term is itself.
    pub fn and(terms: Vec<Expr>) -> Expr {
        let mut flat = Vec::new();
        for t in terms {
            match t {
                Expr::And(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        if flat.len() == 1 {
            flat.pop().unwrap_or(Expr::And(Vec::new()))
        } else {
            Expr::And(flat)
        }
    }
    /// OR of `terms`, flattened; one term is itself.
    pub fn or(terms: Vec<Expr>) -> Expr {
        let mut flat = Vec::new();
        for t in terms {
            match t {
                Expr::Or(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        if flat.len() == 1 {
            flat.pop().unwrap_or(Expr::Or(Vec::new()))
        } else {
            Expr::Or(flat)
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            Expr::And(terms) => write_list(f, terms, " ", true),
            other => write!(f, "{other}"),
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Expr], sep: &str, top: bool) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        let group = match item {
            Expr::Or(_) => sep == " " || !top,
            Expr::And(_) => true,
            _ => false,
        };
        if group {
            write!(f, "({item})")?;
        } else {
            write!(f, "{item}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::And(terms) => write_list(f, terms, " ", false),
            Expr::Or(terms) => write_list(f, terms, " OR ", true),
            Expr::Not(inner) => match inner.as_ref() {
                Expr::And(_) | Expr::Or(_) | Expr::Not(_) => write!(f, "-({inner})"),
                other => write!(f, "-{other}"),
            },
            Expr::Text { text, phrase: true } => write!(f, "\"{text}\""),
            Expr::Text { text, .. } => f.write_str(text),
            Expr::Cond(c) => write!(f, "{c}"),
        }
    }
}

/// A value as written after `key:`: bare when it re-lexes as one value, else quoted.
pub(crate) fn value_text(v: &str) -> String {
    let bare = !v.is_empty()
        && !v.starts_with(['>', '<', '=', '-'])
        && !v.contains("..")
        && v.chars()
            .all(|c| !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | ','));
    if bare {
        v.to_string()
    } else {
        format!("\"{v}\"")
    }
}

/// A name that could read as the keyword `none`: quoted.
fn literal_text(v: &str) -> String {
    if v.eq_ignore_ascii_case("none") {
        format!("\"{v}\"")
    } else {
        value_text(v)
    }
}

fn date_text(secs: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .date_naive()
}

/// The shortest text of the period `[start, end)` when it is one year, month or day.
fn period_text(start: i64, end: i64) -> Option<String> {
    let (s, e) = (date_text(start), date_text(end));
    let day = s.succ_opt()?;
    if s.day() == 1 && s.month() == 1 && e == s.with_year(s.year() + 1)? {
        Some(format!("{:04}", s.year()))
    } else if s.day() == 1 && e == super::values::month_after(s)? {
        Some(format!("{:04}-{:02}", s.year(), s.month()))
    } else if e == day {
        Some(s.format("%Y-%m-%d").to_string())
    } else {
        None
    }
}

fn num_text(field: NumField, v: f64) -> String {
    match field {
        NumField::Exposure if v > 0.0 && v < 1.0 => {
            let n = (1.0 / v).round();
            if n >= 1.0 && 1.0 / n == v {
                format!("1/{n}")
            } else {
                format!("{v}")
            }
        }
        NumField::Size if v >= 1e9 && v % 1e9 == 0.0 => format!("{}GB", v / 1e9),
        NumField::Size if v >= 1e6 && v % 1e6 == 0.0 => format!("{}MB", v / 1e6),
        NumField::Size if v >= 1e3 && v % 1e3 == 0.0 => format!("{}KB", v / 1e3),
        _ => format!("{v}"),
    }
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cond::Date(Span { start, end }) => match (start, end) {
                (Some(s), Some(e)) => match period_text(*s, *e) {
                    Some(p) => write!(f, "date:{p}"),
                    None => write!(
                        f,
                        "date:{}..{}",
                        date_text(*s).format("%Y-%m-%d"),
                        date_text(*e - 86_400).format("%Y-%m-%d")
                    ),
                },
                (Some(s), None) => write!(f, "date:>={}", date_text(*s).format("%Y-%m-%d")),
                (None, Some(e)) => write!(f, "date:<{}", date_text(*e).format("%Y-%m-%d")),
                (None, None) => f.write_str("date:>=0001-01-01"),
            },
            Cond::MonthOfYear(m) => write!(f, "month:{m}"),
            Cond::Camera(field, text, exact) => {
                let key = match field {
                    CameraField::Camera => "camera",
                    CameraField::Make => "make",
                    CameraField::Model => "model",
                    CameraField::Lens => "lens",
                };
                let eq = if *exact { "=" } else { "" };
                write!(f, "{key}:{eq}{}", value_text(text))
            }
            Cond::Num(field, range) => {
                let key = field.key();
                let t = |v: f64| num_text(*field, v);
                match (range.lo, range.hi) {
                    (Bound::Included(a), Bound::Included(b)) if a == b => {
                        write!(f, "{key}:{}", t(a))
                    }
                    (Bound::Included(a), Bound::Included(b)) => {
                        write!(f, "{key}:{}..{}", t(a), t(b))
                    }
                    (Bound::Included(a), Bound::Unbounded) => write!(f, "{key}:>={}", t(a)),
                    (Bound::Excluded(a), Bound::Unbounded) => write!(f, "{key}:>{}", t(a)),
                    (Bound::Unbounded, Bound::Included(b)) => write!(f, "{key}:<={}", t(b)),
                    (Bound::Unbounded, Bound::Excluded(b)) => write!(f, "{key}:<{}", t(b)),
                    // Not produced by the parser; written as two conditions would lose the tree
                    // shape, so as the closest range.
                    (lo, hi) => {
                        let v = |b: Bound<f64>| match b {
                            Bound::Included(v) | Bound::Excluded(v) => t(v),
                            Bound::Unbounded => String::new(),
                        };
                        write!(f, "{key}:{}..{}", v(lo), v(hi))
                    }
                }
            }
            Cond::Format(name) => write!(f, "format:{}", value_text(name)),
            Cond::Raw => f.write_str("is:raw"),
            Cond::Folder(path) => write!(f, "folder:{}", value_text(path)),
            Cond::Favourite => f.write_str("is:favourite"),
            Cond::Flag(flag) => write!(f, "flag:{}", flag.name()),
            Cond::Label(label) => write!(f, "label:{}", label.name()),
            Cond::Tag(None) => f.write_str("tag:none"),
            Cond::Tag(Some(path)) => write!(f, "tag:{}", literal_text(path)),
            Cond::Album(None) => f.write_str("album:none"),
            Cond::Album(Some(name)) => write!(f, "album:{}", literal_text(name)),
            Cond::HasGps => f.write_str("has:gps"),
            Cond::Place(field, name) => {
                let key = match field {
                    PlaceField::Any => "place",
                    PlaceField::Country => "country",
                    PlaceField::Region => "region",
                    PlaceField::City => "city",
                };
                write!(f, "{key}:{}", value_text(name))
            }
            Cond::Orientation(o) => write!(f, "orientation:{}", o.name()),
            Cond::Name(text) => write!(f, "name:{}", value_text(text)),
        }
    }
}
