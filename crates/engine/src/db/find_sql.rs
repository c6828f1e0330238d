//! A [`Query`] as SQL: one condition on the photo `p` and its marks `k` (every view's `FROM` has
//! both), with named parameters. Tags, albums and smart albums are looked up here, once per query;
//! a negated condition counts a missing value as "no match", so `-iso:>=3200` keeps photos
//! without an ISO.

use std::ops::Bound;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::history;
use super::text_index::{self, SharedNames};
use crate::error::{Error, Result};
use crate::find::{
    fold, CameraField, Cond, Expr, Needle, NumField, Orientation, PlaceField, Query,
};

/// Smart albums may name smart albums; this deep and no deeper (a cycle is refused).
const MAX_ALBUM_DEPTH: usize = 8;

/// A compiled condition and its parameters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    pub sql: String,
    pub params: Vec<(String, Value)>,
}

pub(crate) struct Compiler<'c> {
    conn: &'c Connection,
    params: Vec<(String, Value)>,
    /// Parameter names start with this, so two compiled queries never clash.
    prefix: &'static str,
    albums: Vec<i64>,
    /// Folder, tag, album and place names, read at the first text term.
    names: Option<SharedNames>,
}

/// `query` as one SQL condition (`1` for the empty query).
pub(crate) fn compile(conn: &Connection, query: &Query, prefix: &'static str) -> Result<Compiled> {
    let mut c = Compiler {
        conn,
        params: Vec::new(),
        prefix,
        albums: Vec::new(),
        names: None,
    };
    let sql = c.expr(&query.root)?;
    Ok(Compiled {
        sql,
        params: c.params,
    })
}

/// Smart album `id`'s query as one SQL condition.
pub(crate) fn compile_smart(conn: &Connection, id: i64, prefix: &'static str) -> Result<Compiled> {
    let mut c = Compiler {
        conn,
        params: Vec::new(),
        prefix,
        albums: Vec::new(),
        names: None,
    };
    let sql = c.smart(id)?;
    Ok(Compiled {
        sql,
        params: c.params,
    })
}

/// The stored query of smart album `id`, `None` when it is not a smart album.
pub(crate) fn smart_album_query(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT query FROM albums WHERE id = ?1 AND kind = 2")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Matches at or above this many photos make a value common: its first page comes from walking
/// the timeline rather than from sorting its matches.
const COMMON: i64 = 5_000;

/// `text` as an SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "NULL".to_string();
    }
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The SQL expression a numeric field is compared on.
pub(crate) fn num_column(field: NumField) -> &'static str {
    match field {
        NumField::Focal => "p.focal_length",
        NumField::Aperture => "p.aperture",
        NumField::Iso => "p.iso",
        NumField::Exposure => "p.exposure_time",
        NumField::Rating => "coalesce(k.rating, 0)",
        NumField::Width => "p.width",
        NumField::Height => "p.height",
        NumField::Megapixels => "(p.width * p.height / 1000000.0)",
        NumField::Size => "p.size",
    }
}

/// The condition that a photo has orientation `o` (the same rule as [`Orientation::of`]).
pub(crate) fn orientation_sql(o: Orientation) -> &'static str {
    match o {
        Orientation::Panorama => "(max(p.width, p.height) >= 2 * min(p.width, p.height))",
        Orientation::Square => {
            "(max(p.width, p.height) < 2 * min(p.width, p.height) \
             AND (max(p.width, p.height) - min(p.width, p.height)) * 100 <= max(p.width, p.height))"
        }
        Orientation::Landscape => {
            "(max(p.width, p.height) < 2 * min(p.width, p.height) \
             AND (max(p.width, p.height) - min(p.width, p.height)) * 100 > max(p.width, p.height) \
             AND p.width > p.height)"
        }
        Orientation::Portrait => {
            "(max(p.width, p.height) < 2 * min(p.width, p.height) \
             AND (max(p.width, p.height) - min(p.width, p.height)) * 100 > max(p.width, p.height) \
             AND p.width <= p.height)"
        }
    }
}

/// The file name of `p.path` (everything after the last `/`), as text.
const FILE_NAME: &str = "substr(CAST(p.path AS TEXT), \
     length(rtrim(CAST(p.path AS TEXT), replace(CAST(p.path AS TEXT), '/', ''))) + 1)";

impl Compiler<'_> {
    fn param(&mut self, value: Value) -> String {
        let name = format!(":{}{}", self.prefix, self.params.len());
        self.params.push((name.clone(), value));
        name
    }

    fn expr(&mut self, e: &Expr) -> Result<String> {
        Ok(match e {
            Expr::And(terms) if terms.is_empty() => "1".to_string(),
            Expr::And(terms) => {
                let parts: Vec<String> =
                    terms.iter().map(|t| self.expr(t)).collect::<Result<_>>()?;
                format!("({})", parts.join(" AND "))
            }
            Expr::Or(terms) => {
                let parts: Vec<String> =
                    terms.iter().map(|t| self.expr(t)).collect::<Result<_>>()?;
                format!("({})", parts.join(" OR "))
            }
            Expr::Not(inner) => format!("NOT coalesce({}, 0)", self.expr(inner)?),
            Expr::Text { text, .. } => self.text(text)?,
            Expr::Cond(c) => self.cond(c)?,
        })
    }

    fn cond(&mut self, c: &Cond) -> Result<String> {
        Ok(match c {
            Cond::Date(span) => {
                let mut parts = vec!["p.dated = 1".to_string()];
                if let Some(s) = span.start {
                    parts.push(format!("p.taken_at >= {}", self.param(Value::Integer(s))));
                }
                if let Some(e) = span.end {
                    parts.push(format!("p.taken_at < {}", self.param(Value::Integer(e))));
                }
                format!("({})", parts.join(" AND "))
            }
            Cond::MonthOfYear(m) => format!("(p.dated = 1 AND p.taken_month % 100 = {m})"),
            Cond::Camera(field, text, exact) => {
                let v = self.param(Value::Text(text.to_ascii_lowercase()));
                let column = match field {
                    CameraField::Camera => "coalesce(p.make, '') || ' ' || coalesce(p.model, '')",
                    CameraField::Make => "p.make",
                    CameraField::Model => "p.model",
                    CameraField::Lens => "p.lens",
                };
                match (field, exact) {
                    // `lower(p.model) = ?` is the photos_find_model index's own expression.
                    (CameraField::Camera, true) => format!(
                        "(lower(p.make) = {v} OR lower(p.model) = {v} OR lower({column}) = {v})"
                    ),
                    // `IS NOT NULL` matches the partial index's own condition.
                    (_, true) => format!("({column} IS NOT NULL AND lower({column}) = {v})"),
                    (CameraField::Camera, false) => format!("instr(lower({column}), {v}) > 0"),
                    // The few distinct values containing the text, read off the field's index:
                    // a rare one is then served by that index, a common one by the timeline.
                    (_, false) => {
                        // The text goes in as literals of the values it matched.
                        self.params.retain(|(name, _)| *name != v);
                        let values = self.values_containing(column, text)?;
                        if values.is_empty() {
                            return Ok("0".to_string());
                        }
                        let list = values.iter().map(|v| literal(v)).collect::<Vec<_>>();
                        let list = list.join(", ");
                        self.steer(
                            format!("({column} IS NOT NULL AND lower({column}) IN ({list}))"),
                            format!("({column} IS NOT NULL AND lower(+{column}) IN ({list}))"),
                        )?
                    }
                }
            }
            Cond::Num(field, range) => {
                let column = num_column(*field);
                if let (Bound::Included(a), Bound::Included(b)) = (range.lo, range.hi) {
                    if a == b && !field.is_real() {
                        // An equality: `(iso, dated, taken_at, id)` serves it in timeline order.
                        return Ok(format!(
                            "{column} = {}",
                            self.param(Value::Integer(a as i64))
                        ));
                    }
                }
                let (lo, hi) = range.sql_bounds(*field);
                if *field == NumField::Iso {
                    // A range of the indexed field, steered by how common it is.
                    let test = |column: &str| {
                        let mut parts = vec![format!("{column} IS NOT NULL")];
                        if let Some((v, inclusive)) = lo {
                            let op = if inclusive { ">=" } else { ">" };
                            parts.push(format!("{column} {op} {}", v.ceil() as i64));
                        }
                        if let Some((v, inclusive)) = hi {
                            let op = if inclusive { "<=" } else { "<" };
                            parts.push(format!("{column} {op} {}", v.floor() as i64));
                        }
                        format!("({})", parts.join(" AND "))
                    };
                    return self.steer(test("p.iso"), test("+p.iso"));
                }
                let mut parts = Vec::new();
                let value = |v: f64| {
                    if field.is_real() {
                        Value::Real(v)
                    } else {
                        Value::Integer(v as i64)
                    }
                };
                if let Some((v, inclusive)) = lo {
                    let op = if inclusive { ">=" } else { ">" };
                    parts.push(format!("{column} {op} {}", self.param(value(v))));
                }
                if let Some((v, inclusive)) = hi {
                    let op = if inclusive { "<=" } else { "<" };
                    parts.push(format!("{column} {op} {}", self.param(value(v))));
                }
                if parts.is_empty() {
                    format!("{column} IS NOT NULL")
                } else {
                    format!("({})", parts.join(" AND "))
                }
            }
            Cond::Format(name) => format!("p.format = {}", self.param(Value::Text(name.clone()))),
            Cond::Raw => {
                let list: Vec<String> = crate::meta::RAW_EXTENSIONS
                    .iter()
                    .map(|r| format!("'{r}'"))
                    .collect();
                format!("p.format IN ({})", list.join(", "))
            }
            Cond::Folder(path) => {
                let ids = self.folders(path)?;
                format!("p.folder_id IN ({})", id_list(&ids))
            }
            Cond::Favourite => "coalesce(k.favourite, 0) = 1".to_string(),
            Cond::Flag(flag) => format!("coalesce(k.flag, 0) = {}", flag.code()),
            Cond::Label(label) => format!("coalesce(k.label, 0) = {}", label.code()),
            Cond::Tag(None) => "NOT EXISTS (SELECT 1 FROM photo_tags t \
                 WHERE t.photo_id = p.id AND t.active = 1)"
                .to_string(),
            Cond::Tag(Some(path)) => {
                let ids = self.tags(path)?;
                format!(
                    "p.id IN (SELECT photo_id FROM photo_tags WHERE active = 1 AND tag_id IN ({}))",
                    id_list(&ids)
                )
            }
            Cond::Album(None) => "NOT EXISTS (SELECT 1 FROM album_photos a \
                 JOIN albums b ON b.id = a.album_id WHERE a.photo_id = p.id AND b.kind = 0)"
                .to_string(),
            Cond::Album(Some(name)) => self.album(name)?,
            Cond::HasGps => "p.gps_lat IS NOT NULL".to_string(),
            Cond::Place(field, name) => {
                let v = self.param(Value::Text(fold(name)));
                let test = match field {
                    PlaceField::Any => format!(
                        "city_key = {v} OR region_key = {v} OR country_key = {v} \
                         OR lower(country_code) = {v}"
                    ),
                    PlaceField::Country => {
                        format!("country_key = {v} OR lower(country_code) = {v}")
                    }
                    PlaceField::Region => format!("region_key = {v}"),
                    PlaceField::City => format!("city_key = {v}"),
                };
                format!(
                    "(p.place_id IS NOT NULL AND p.place_id IN (SELECT id FROM places WHERE {test}))"
                )
            }
            Cond::Orientation(o) => orientation_sql(*o).to_string(),
            Cond::Name(text) => {
                let test = format!(
                    "instr(lower({FILE_NAME}), {}) > 0",
                    literal(&text.to_ascii_lowercase())
                );
                // The trigram index narrows the photos to test when the text is long enough.
                match (
                    text_index::name_candidates(text, false),
                    text_index::name_candidates(text, true),
                ) {
                    (Some(indexed), Some(blocked)) => self.steer(
                        format!("({indexed} AND {test})"),
                        format!("({blocked} AND {test})"),
                    )?,
                    _ => test,
                }
            }
        })
    }

    /// `indexed` when few photos match it (their facet index reads them, then they are sorted),
    /// else `blocked` (the same test, which no index serves: the timeline is walked and filtered,
    /// and a common value fills a page within a few thousand rows).
    fn steer(&self, indexed: String, blocked: String) -> Result<String> {
        let probe = format!(
            "SELECT count(*) FROM (SELECT 1 FROM photos p WHERE p.state = 0 AND {indexed} LIMIT {COMMON})"
        );
        let n: i64 = self
            .conn
            .prepare_cached(&probe)?
            .query_row([], |r| r.get(0))?;
        Ok(if n >= COMMON { blocked } else { indexed })
    }

    /// The distinct lower-cased values of `column` (`p.make`, `p.model`, `p.lens`) that contain
    /// `text`, found by skipping through the field's index (one seek per distinct value).
    fn values_containing(&self, column: &str, text: &str) -> Result<Vec<String>> {
        let c = column.trim_start_matches("p.");
        let sql = format!(
            "WITH RECURSIVE v(x) AS (\
               SELECT (SELECT min(lower({c})) FROM photos WHERE state = 0 AND {c} IS NOT NULL) \
               UNION ALL \
               SELECT (SELECT min(lower({c})) FROM photos WHERE state = 0 AND {c} IS NOT NULL \
                       AND lower({c}) > v.x) FROM v WHERE v.x IS NOT NULL) \
             SELECT x FROM v WHERE x IS NOT NULL"
        );
        let needle = text.to_ascii_lowercase();
        let values: Vec<String> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(values.into_iter().filter(|v| v.contains(&needle)).collect())
    }

    /// Folders at `path` or below it: an absolute path, else folders whose path ends in it.
    fn folders(&self, path: &str) -> Result<Vec<i64>> {
        let (sql, value) = if path.starts_with('/') {
            (
                "SELECT id FROM folders WHERE path = CAST(?1 AS BLOB) \
                 OR (path >= CAST(?1 || '/' AS BLOB) AND path < CAST(?1 || '0' AS BLOB))",
                path.to_string(),
            )
        } else {
            (
                "SELECT id FROM folders WHERE path LIKE '%/' || ?1 ESCAPE '\\' \
                 OR path LIKE '%/' || ?1 || '/%' ESCAPE '\\'",
                like_escape(path),
            )
        };
        let ids = self
            .conn
            .prepare_cached(sql)?
            .query_map(params![value], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Tag `path` (case-insensitive) and every tag below it; none when there is no such tag.
    fn tags(&self, path: &str) -> Result<Vec<i64>> {
        let parts: Vec<String> = path
            .split('/')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        match super::tags::find(self.conn, &parts)? {
            Some(id) => history::subtree_parents_first(self.conn, "tags", id),
            None => Ok(Vec::new()),
        }
    }

    /// Albums named `name` (case-insensitive): their photos; an album folder's albums below it; a
    /// smart album's query.
    fn album(&mut self, name: &str) -> Result<String> {
        let found: Vec<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT id, kind FROM albums WHERE name = ?1 COLLATE NOCASE")?
            .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let (plain, smart) = self.albums_below(&found)?;
        let mut parts = vec![format!(
            "p.id IN (SELECT photo_id FROM album_photos WHERE album_id IN ({}))",
            id_list(&plain)
        )];
        parts.extend(smart);
        Ok(format!("({})", parts.join(" OR ")))
    }

    /// The plain albums `found` (`(id, kind)`) stand for — themselves, or an album folder's
    /// albums below it — and the conditions of the smart albums among them.
    fn albums_below(&mut self, found: &[(i64, i64)]) -> Result<(Vec<i64>, Vec<String>)> {
        let mut plain = Vec::new();
        let mut smart = Vec::new();
        for &(id, kind) in found {
            match kind {
                1 => {
                    for below in history::subtree_parents_first(self.conn, "albums", id)? {
                        let kind: i64 = self.conn.query_row(
                            "SELECT kind FROM albums WHERE id = ?1",
                            [below],
                            |r| r.get(0),
                        )?;
                        match kind {
                            0 => plain.push(below),
                            2 => smart.push(below),
                            _ => {}
                        }
                    }
                }
                2 => smart.push(id),
                _ => plain.push(id),
            }
        }
        plain.sort_unstable();
        plain.dedup();
        smart.sort_unstable();
        smart.dedup();
        let smart = smart
            .into_iter()
            .map(|id| self.smart(id))
            .collect::<Result<_>>()?;
        Ok((plain, smart))
    }

    /// A word or phrase: photos whose own words match it (file name, camera, lens) or whose
    /// folder, tags, albums or place do. Steered like a facet: a rare term is read from what
    /// matched, a common one by walking the timeline.
    fn text(&mut self, text: &str) -> Result<String> {
        let Some(needle) = Needle::new(text) else {
            return Ok("1".to_string());
        };
        if self.names.is_none() {
            self.names = Some(SharedNames::load(self.conn)?);
        }
        let found = self
            .names
            .as_ref()
            .map(|names| names.matching(&needle))
            .unwrap_or_default();
        let (albums, smart) = self.albums_below(&found.albums)?;
        let form = |plus: &str| -> Vec<String> {
            let mut parts: Vec<String> = text_index::own_words(&needle, !plus.is_empty())
                .into_iter()
                .collect();
            if !found.folders.is_empty() {
                parts.push(format!(
                    "{plus}p.folder_id IN ({})",
                    id_list(&found.folders)
                ));
            }
            if !found.tags.is_empty() {
                parts.push(format!(
                    "{plus}p.id IN (SELECT photo_id FROM photo_tags WHERE active = 1 AND tag_id IN ({}))",
                    id_list(&found.tags)
                ));
            }
            if !albums.is_empty() {
                parts.push(format!(
                    "{plus}p.id IN (SELECT photo_id FROM album_photos WHERE album_id IN ({}))",
                    id_list(&albums)
                ));
            }
            if !found.places.is_empty() {
                parts.push(format!(
                    "(p.place_id IS NOT NULL AND {plus}p.place_id IN ({}))",
                    id_list(&found.places)
                ));
            }
            parts
        };
        let (indexed, blocked) = (form(""), form("+"));
        if indexed.is_empty() && smart.is_empty() {
            return Ok("0".to_string());
        }
        let or = |parts: Vec<String>| format!("({})", parts.join(" OR "));
        if !smart.is_empty() {
            // A smart album's condition may read the marks: no probe of photos alone can count it.
            return Ok(or(blocked.into_iter().chain(smart).collect()));
        }
        self.steer(or(indexed), or(blocked))
    }

    /// Smart album `id`'s query as a condition (refusing cycles and deep chains).
    pub(crate) fn smart(&mut self, id: i64) -> Result<String> {
        if self.albums.contains(&id) || self.albums.len() >= MAX_ALBUM_DEPTH {
            return Err(Error::InvalidInput(format!(
                "smart album {id} refers to itself through album: terms"
            )));
        }
        let text = smart_album_query(self.conn, id)?.unwrap_or_default();
        let query = Query::parse(&text)?;
        self.albums.push(id);
        let sql = self.expr(&query.root);
        self.albums.pop();
        sql
    }
}

/// The find indexes of migration 0009, by name (the bench writes rows without them to measure
/// what they cost).
pub(crate) const FIND_INDEXES: &[&str] = &[
    "photos_find_place",
    "photos_find_iso",
    "photos_find_make",
    "photos_find_model",
    "photos_find_lens",
    "photos_find_format",
];

/// Drops the find indexes and the text index's triggers (bench only: a library without them is
/// measured against one with).
#[cfg(feature = "bench")]
pub(crate) fn drop_find_indexes(conn: &Connection) -> Result<()> {
    for index in FIND_INDEXES {
        conn.execute_batch(&format!("DROP INDEX IF EXISTS {index}"))?;
    }
    for trigger in [
        "photos_text_added",
        "photos_text_changed",
        "photos_text_removed",
    ] {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {trigger}"))?;
    }
    Ok(())
}

/// One query of each shape a facet makes, as the search's first page runs it, named "find …" for
/// the query-plan checks.
pub(crate) fn queries(conn: &Connection) -> Result<Vec<(String, String)>> {
    const SHAPES: &[&str] = &[
        "date:2019",
        "month:7",
        "camera:fuji",
        "make:=Canon",
        "model:=X-T3",
        "lens:=\"XF23mmF2 R WR\"",
        "focal:16..35",
        "aperture:<2",
        "iso:>=3200",
        "iso:51200",
        "exposure:<=1/1000",
        "format:heic",
        "is:raw",
        "folder:2019",
        "rating:>=4",
        "is:favourite",
        "flag:pick",
        "label:red",
        "tag:Family",
        "tag:none",
        "album:Trip",
        "album:none",
        "has:gps",
        "place:lisbon",
        "orientation:panorama",
        "mp:>=40",
        "size:>25MB",
        "text: name:IMG_1234",
        "camera:fuji iso:>=3200 year:2019",
        "(format:heic OR is:raw) -tag:work",
        "text: fuji",
        "text: ie",
        "text: \"x t3\" iso:>=3200",
        "text: img_00001 -tag:work",
    ];
    let mut out = Vec::new();
    for shape in SHAPES {
        let text = shape.trim_start_matches("text: ");
        let query = Query::parse(text)?;
        let view = super::view::ViewSql::of(conn, &crate::model::PhotoFilter::query(query))?;
        out.push((
            format!("find {shape} timeline"),
            super::photos::timeline_sql(&view),
        ));
    }
    Ok(out)
}
