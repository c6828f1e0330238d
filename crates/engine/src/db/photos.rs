//! Reading photos: the keyset timeline, per-month counts, single photos by id or path.

use chrono::{DateTime, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row};

use super::view::{named_views, ViewSql};
use crate::error::Result;
use crate::meta::Format;
use crate::model::{
    Camera, Capture, Cursor, DateSource, Exposure, Month, MonthCount, Page, Photo, PhotoFilter,
    PhotoId, PhotoState, TimelineQuery,
};
use crate::organize::{Flag, Label, Marks};
use crate::paths;

/// Every column a [`Photo`] is read from: the photo `p` and its marks `k` (joined with [`MARKS_JOIN`]
/// unless a marked view drives the query; an unmarked photo has no `k` row).
pub(crate) const PHOTO_COLUMNS: &str = "p.id, p.root_id, p.folder_id, p.path, p.size, p.mtime_ns, p.format, \
     p.width, p.height, p.orientation, p.taken_at, p.taken_at_offset, p.taken_at_source, p.make, p.model, \
     p.lens, p.focal_length, p.aperture, p.exposure_time, p.iso, p.gps_lat, p.gps_lon, p.content_hash, \
     p.placeholder, p.color, p.rev, p.state, p.meta_warning, coalesce(k.favourite, 0), coalesce(k.rating, 0), \
     coalesce(k.flag, 0), coalesce(k.label, 0)";

/// How many columns [`PHOTO_COLUMNS`] has: a query selecting more reads them from this index on.
pub(crate) const PHOTO_COLUMN_COUNT: usize = 32;

/// A photo's marks, beside it.
pub(crate) const MARKS_JOIN: &str = "LEFT JOIN photo_marks k ON k.photo_id = p.id";

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

pub(crate) fn photo_from_row(row: &Row<'_>) -> rusqlite::Result<Photo> {
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
        marks: Marks {
            favourite: row.get::<_, i64>(28)? != 0,
            rating: row.get::<_, i64>(29)?.clamp(0, 5) as u8,
            flag: Flag::from_code(row.get(30)?),
            label: Label::from_code(row.get(31)?),
        },
    })
}

/// One page of a view's timeline, strictly after `query.after` in (dated, taken_at, id) order, all
/// descending: dated photos newest first, then the undated ones newest first.
pub fn timeline(conn: &Connection, query: &TimelineQuery) -> Result<Page> {
    let limit = i64::from(query.limit.clamp(1, 10_000));
    let Cursor {
        dated,
        taken_at,
        id,
    } = query.after;
    let view = ViewSql::of(conn, &query.filter)?;
    let mut stmt = conn.prepare_cached(&timeline_sql(&view))?;
    // One extra row tells whether another page follows, so the last page has no `next`.
    let extra = [
        (":dated", i64::from(dated)),
        (":taken_at", taken_at),
        (":id", id),
        (":limit", limit + 1),
    ];
    let mut photos: Vec<Photo> = stmt
        .query_map(view.bind(&extra).as_slice(), photo_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let next = if photos.len() as i64 > limit {
        photos.truncate(limit as usize);
        photos.last().map(Cursor::after)
    } else {
        None
    };
    Ok(Page { photos, next })
}

/// The ids at indexes `start..end` of a view's timeline (fewer when the view is shorter): what a
/// range selected in a front end names, resolved in one query however many photos were never loaded.
pub fn range_ids(
    conn: &Connection,
    filter: &PhotoFilter,
    start: u64,
    end: u64,
) -> Result<Vec<PhotoId>> {
    let view = ViewSql::of(conn, filter)?;
    let extra = [
        (":count", end.saturating_sub(start) as i64),
        (":start", start as i64),
    ];
    let ids = conn
        .prepare_cached(&range_sql(&view))?
        .query_map(view.bind(&extra).as_slice(), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// How many photos of a view have no recorded date.
pub fn undated_count(conn: &Connection, filter: &PhotoFilter) -> Result<u64> {
    let view = ViewSql::of(conn, filter)?;
    let count: i64 = conn
        .prepare_cached(&undated_sql(&view))?
        .query_row(view.bind(&[]).as_slice(), |r| r.get(0))?;
    Ok(count as u64)
}

/// A view's dated photo counts per month, newest month first (undated photos are in no month).
pub fn months(conn: &Connection, filter: &PhotoFilter) -> Result<Vec<MonthCount>> {
    let view = ViewSql::of(conn, filter)?;
    let mut stmt = conn.prepare_cached(&months_sql(&view))?;
    let counts = stmt
        .query_map(view.bind(&[]).as_slice(), |row| {
            Ok(MonthCount {
                month: Month::from_key(row.get(0)?),
                count: row.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(counts)
}

pub fn by_id(conn: &Connection, id: PhotoId) -> Result<Option<Photo>> {
    let sql = format!("SELECT {PHOTO_COLUMNS} FROM photos p {MARKS_JOIN} WHERE p.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], photo_from_row)
        .optional()?)
}

pub fn by_path(conn: &Connection, path: &[u8]) -> Result<Option<Photo>> {
    let sql = format!("SELECT {PHOTO_COLUMNS} FROM photos p {MARKS_JOIN} WHERE p.path = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([path], photo_from_row)
        .optional()?)
}

pub(crate) fn timeline_sql(view: &ViewSql) -> String {
    let (with, from, conditions, key) =
        (&view.with, view.reading_from(), &view.conditions, view.key);
    format!(
        "{with}SELECT {PHOTO_COLUMNS} FROM {from} WHERE {conditions} \
         AND ({key}) < (:dated, :taken_at, :id) ORDER BY {} LIMIT :limit",
        view.order_desc()
    )
}

fn range_sql(view: &ViewSql) -> String {
    let (with, from, conditions) = (&view.with, view.counting_from(), &view.conditions);
    format!(
        "{with}SELECT {} FROM {from} WHERE {conditions} ORDER BY {} LIMIT :count OFFSET :start",
        view.id_column(),
        view.order_desc()
    )
}

fn undated_sql(view: &ViewSql) -> String {
    let ViewSql {
        with,
        conditions,
        dated,
        ..
    } = view;
    let from = view.counting_from();
    format!("{with}SELECT count(*) FROM {from} WHERE {conditions} AND {dated} = 0")
}

fn months_sql(view: &ViewSql) -> String {
    let ViewSql {
        with,
        conditions,
        dated,
        ..
    } = view;
    let from = view.counting_from();
    format!(
        "{with}SELECT p.taken_month, count(*) FROM {from} WHERE {conditions} AND {dated} = 1 \
         GROUP BY p.taken_month ORDER BY p.taken_month DESC"
    )
}

/// The exact SQL of every gallery query, named, for query-plan checks: each view's timeline page,
/// month counts and undated count, and the lookups. A query whose name starts with "subtree" may
/// sort (bounded by the subtree), and month counts of a narrowed view ("… months" other than the
/// library's and a folder's) may group in a temp b-tree bounded by the view's photos; all others
/// must not sort.
pub fn gallery_queries() -> Vec<(String, String)> {
    let mut queries = Vec::new();
    for (name, view) in named_views() {
        queries.push((format!("{name}timeline"), timeline_sql(&view)));
        queries.push((format!("{name}months"), months_sql(&view)));
        queries.push((format!("{name}undated count"), undated_sql(&view)));
        queries.push((format!("{name}range ids"), range_sql(&view)));
    }
    queries.push((
        "by content hash".to_string(),
        "SELECT id FROM photos WHERE content_hash = ?1".to_string(),
    ));
    queries.push((
        "by path".to_string(),
        format!("SELECT {PHOTO_COLUMNS} FROM photos p {MARKS_JOIN} WHERE p.path = ?1"),
    ));
    queries
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_count_matches_the_column_list() {
        let mut depth = 0;
        let mut columns = 1;
        for c in PHOTO_COLUMNS.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => columns += 1,
                _ => {}
            }
        }
        assert_eq!(columns, PHOTO_COLUMN_COUNT);
    }
}
