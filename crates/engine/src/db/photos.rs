//! Reading photos: the keyset timeline, per-month counts, single photos by id or path.

use chrono::{DateTime, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::meta::Format;
use crate::model::{
    Camera, Capture, Cursor, DateSource, Exposure, Month, MonthCount, Page, Photo, PhotoId,
    PhotoState, TimelineQuery,
};
use crate::paths;

const PHOTO_COLUMNS: &str = "id, root_id, folder_id, path, size, mtime_ns, format, width, height, orientation, \
     taken_at, taken_at_offset, taken_at_source, make, model, lens, focal_length, aperture, exposure_time, iso, \
     gps_lat, gps_lon, content_hash, placeholder, color, rev, state, meta_warning";

/// Seconds since 1970-01-01T00:00:00 of a wall-clock time (no zone), as stored in `taken_at`.
pub(crate) fn naive_to_secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

pub(crate) fn secs_to_naive(secs: i64) -> NaiveDateTime {
    DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .naive_utc()
}

pub(crate) fn month_key(t: NaiveDateTime) -> i64 {
    use chrono::Datelike;
    i64::from(t.year()) * 100 + i64::from(t.month())
}

/// A TEXT column holding one of an enum's names; anything else is a conversion error.
fn parsed<T>(row: &Row<'_>, index: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unknown value {text:?}").into(),
        )
    })
}

fn photo_from_row(row: &Row<'_>) -> rusqlite::Result<Photo> {
    let path: Vec<u8> = row.get(3)?;
    let hash: Option<Vec<u8>> = row.get(22)?;
    Ok(Photo {
        id: row.get(0)?,
        root_id: row.get(1)?,
        folder_id: row.get(2)?,
        path: paths::from_bytes(&path),
        size: row.get::<_, i64>(4)? as u64,
        mtime_ns: row.get(5)?,
        format: parsed(row, 6, Format::parse)?,
        width: row.get(7)?,
        height: row.get(8)?,
        orientation: row.get(9)?,
        capture: Capture {
            taken_at: secs_to_naive(row.get(10)?),
            offset: row.get(11)?,
            source: parsed(row, 12, DateSource::parse)?,
        },
        camera: Camera {
            make: row.get(13)?,
            model: row.get(14)?,
            lens: row.get(15)?,
        },
        exposure: Exposure {
            focal_length: row.get(16)?,
            aperture: row.get(17)?,
            exposure_time: row.get(18)?,
            iso: row.get(19)?,
        },
        gps_lat: row.get(20)?,
        gps_lon: row.get(21)?,
        content_hash: hash.map(|h| h.iter().map(|b| format!("{b:02x}")).collect()),
        placeholder: row.get(23)?,
        color: row.get(24)?,
        rev: row.get(25)?,
        state: if row.get::<_, i64>(26)? == 0 {
            PhotoState::Active
        } else {
            PhotoState::Removed
        },
        meta_warning: row.get(27)?,
    })
}

/// One page of the timeline, strictly after `query.after` in (dated, taken_at, id) order, all
/// descending: dated photos newest first, then the undated ones newest first.
pub fn timeline(conn: &Connection, query: &TimelineQuery) -> Result<Page> {
    let limit = i64::from(query.limit.clamp(1, 10_000));
    // One extra row tells whether another page follows, so the last page has no `next`.
    let Cursor {
        dated,
        taken_at,
        id,
    } = query.after;
    let scope = FolderScope::of(conn, query.folder)?;
    let mut stmt = conn.prepare_cached(&timeline_sql(scope))?;
    let photos: Vec<Photo> = match query.folder {
        None => stmt
            .query_map(params![dated, taken_at, id, limit + 1], photo_from_row)?
            .collect::<rusqlite::Result<_>>()?,
        Some(folder) => stmt
            .query_map(
                params![dated, taken_at, id, limit + 1, folder],
                photo_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?,
    };
    let mut photos = photos;
    let next = if photos.len() as i64 > limit {
        photos.truncate(limit as usize);
        photos.last().map(Cursor::after)
    } else {
        None
    };
    Ok(Page { photos, next })
}

/// How many active photos (in `folder`'s subtree, when given) have no recorded date.
pub fn undated_count(conn: &Connection, folder: Option<i64>) -> Result<u64> {
    let mut stmt = conn.prepare_cached(undated_sql(FolderScope::of(conn, folder)?))?;
    let count: i64 = match folder {
        None => stmt.query_row([], |r| r.get(0))?,
        Some(folder) => stmt.query_row([folder], |r| r.get(0))?,
    };
    Ok(count as u64)
}

/// Active dated photo counts per month, newest month first (undated photos are in no month).
pub fn months(conn: &Connection, folder: Option<i64>) -> Result<Vec<MonthCount>> {
    let map = |row: &Row<'_>| -> rusqlite::Result<MonthCount> {
        Ok(MonthCount {
            month: Month::from_key(row.get(0)?),
            count: row.get::<_, i64>(1)? as u64,
        })
    };
    let mut stmt = conn.prepare_cached(months_sql(FolderScope::of(conn, folder)?))?;
    let counts = match folder {
        None => stmt.query_map([], map)?.collect::<rusqlite::Result<_>>()?,
        Some(folder) => stmt
            .query_map([folder], map)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(counts)
}

pub fn by_id(conn: &Connection, id: PhotoId) -> Result<Option<Photo>> {
    let sql = format!("SELECT {PHOTO_COLUMNS} FROM photos WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], photo_from_row)
        .optional()?)
}

pub fn by_path(conn: &Connection, path: &[u8]) -> Result<Option<Photo>> {
    let sql = format!("SELECT {PHOTO_COLUMNS} FROM photos WHERE path = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([path], photo_from_row)
        .optional()?)
}

/// How a folder filter is answered. A folder means its whole subtree, as people expect of a folder;
/// a leaf folder (the common case) is served straight from the folder index, a folder with
/// sub-folders by collecting its subtree first (that sort is bounded by the subtree's size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FolderScope {
    All,
    Leaf,
    Subtree,
}

impl FolderScope {
    pub(super) fn of(conn: &Connection, folder: Option<i64>) -> Result<FolderScope> {
        let Some(folder) = folder else {
            return Ok(FolderScope::All);
        };
        let has_children: bool = conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM folders WHERE parent_id = ?1)")?
            .query_row([folder], |r| r.get(0))?;
        Ok(if has_children {
            FolderScope::Subtree
        } else {
            FolderScope::Leaf
        })
    }
}

/// The timeline's order key, newest first (dated photos, then undated ones).
pub(super) const ORDER_KEY: &str = "dated, taken_at, id";

/// `subtree(id)`: folder `?param` and every folder below it.
pub(super) fn subtree_cte(param: u8) -> String {
    format!(
        "WITH RECURSIVE subtree(id) AS \
         (SELECT ?{param} UNION ALL SELECT f.id FROM folders f JOIN subtree ON f.parent_id = subtree.id) "
    )
}

fn timeline_sql(scope: FolderScope) -> String {
    let (with, folder) = match scope {
        FolderScope::All => (String::new(), ""),
        FolderScope::Leaf => (String::new(), "AND folder_id = ?5 "),
        FolderScope::Subtree => (subtree_cte(5), "AND folder_id IN subtree "),
    };
    format!(
        "{with}SELECT {PHOTO_COLUMNS} FROM photos WHERE state = 0 {folder}\
         AND ({ORDER_KEY}) < (?1, ?2, ?3) ORDER BY dated DESC, taken_at DESC, id DESC LIMIT ?4"
    )
}

fn undated_sql(scope: FolderScope) -> &'static str {
    match scope {
        FolderScope::All => "SELECT count(*) FROM photos WHERE state = 0 AND dated = 0",
        FolderScope::Leaf => {
            "SELECT count(*) FROM photos WHERE state = 0 AND folder_id = ?1 AND dated = 0"
        }
        FolderScope::Subtree => {
            "WITH RECURSIVE subtree(id) AS \
             (SELECT ?1 UNION ALL SELECT f.id FROM folders f JOIN subtree ON f.parent_id = subtree.id) \
             SELECT count(*) FROM photos WHERE state = 0 AND folder_id IN subtree AND dated = 0"
        }
    }
}

fn months_sql(scope: FolderScope) -> &'static str {
    match scope {
        FolderScope::All => {
            "SELECT taken_month, count(*) FROM photos WHERE state = 0 AND dated = 1 \
             GROUP BY taken_month ORDER BY taken_month DESC"
        }
        FolderScope::Leaf => {
            "SELECT taken_month, count(*) FROM photos WHERE state = 0 AND dated = 1 AND folder_id = ?1 \
             GROUP BY taken_month ORDER BY taken_month DESC"
        }
        FolderScope::Subtree => {
            "WITH RECURSIVE subtree(id) AS \
             (SELECT ?1 UNION ALL SELECT f.id FROM folders f JOIN subtree ON f.parent_id = subtree.id) \
             SELECT taken_month, count(*) FROM photos WHERE state = 0 AND dated = 1 AND folder_id IN subtree \
             GROUP BY taken_month ORDER BY taken_month DESC"
        }
    }
}

/// The exact SQL of every gallery query, named, for query-plan checks. Queries whose name starts
/// with "subtree" may sort (bounded by the subtree); all others must not.
pub fn gallery_queries() -> Vec<(&'static str, String)> {
    vec![
        ("timeline", timeline_sql(FolderScope::All)),
        ("folder timeline", timeline_sql(FolderScope::Leaf)),
        ("subtree timeline", timeline_sql(FolderScope::Subtree)),
        ("months", months_sql(FolderScope::All).to_string()),
        ("folder months", months_sql(FolderScope::Leaf).to_string()),
        (
            "subtree months",
            months_sql(FolderScope::Subtree).to_string(),
        ),
        ("undated count", undated_sql(FolderScope::All).to_string()),
        (
            "folder undated count",
            undated_sql(FolderScope::Leaf).to_string(),
        ),
        (
            "subtree undated count",
            undated_sql(FolderScope::Subtree).to_string(),
        ),
        (
            "by content hash",
            "SELECT id FROM photos WHERE content_hash = ?1".to_string(),
        ),
        (
            "by path",
            format!("SELECT {PHOTO_COLUMNS} FROM photos WHERE path = ?1"),
        ),
    ]
}

/// `EXPLAIN QUERY PLAN` of `sql`, one detail line per step.
pub fn query_plan(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let mut rows = stmt.raw_query(); // parameters stay unbound (NULL): the plan does not depend on them
    let mut plan = Vec::new();
    while let Some(row) = rows.next()? {
        plan.push(row.get::<_, String>(3)?);
    }
    Ok(plan)
}
