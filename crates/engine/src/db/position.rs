//! Where a photo stands in a view's timeline: how many photos come before it and how many there
//! are, in the timeline's own order, so the app can open the viewer or scroll the grid to it.

use rusqlite::{Connection, OptionalExtension};

use super::view::{named_views, ViewSql};
use crate::error::Result;
use crate::model::{PhotoFilter, PhotoId};

/// One pass over the view's index (the timeline's own view and order key): the photos, those
/// before `(:dated, :taken_at, :id)` (dated photos first, then undated ones), and whether the photo
/// `:id` itself is in the view.
fn position_sql(view: &ViewSql) -> String {
    let (with, from, conditions, key) =
        (&view.with, view.counting_from(), &view.conditions, view.key);
    let id = view.id_column();
    format!(
        "{with}SELECT count(*), coalesce(sum(({key}) > (:dated, :taken_at, :id)), 0), \
         coalesce(sum({id} = :id), 0) FROM {from} WHERE {conditions}"
    )
}

/// `(index, total)` of active photo `id` in the view of `filter`: `index` photos come before it.
/// `None` when the photo is not in that view.
pub fn position(
    conn: &Connection,
    id: PhotoId,
    filter: &PhotoFilter,
) -> Result<Option<(u64, u64)>> {
    let key: Option<(i64, i64)> = conn
        .prepare_cached("SELECT dated, taken_at FROM photos WHERE id = ?1 AND state = 0")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((dated, taken_at)) = key else {
        return Ok(None);
    };
    let view = ViewSql::of(conn, filter)?;
    let extra = [(":dated", dated), (":taken_at", taken_at), (":id", id)];
    let (total, before, found): (i64, i64, i64) = conn
        .prepare_cached(&position_sql(&view))?
        .query_row(view.bind(&extra).as_slice(), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok((found > 0).then_some((before as u64, total as u64)))
}

/// The position queries, named for the query-plan checks (a "subtree" query may sort).
pub fn queries() -> Vec<(String, String)> {
    named_views()
        .into_iter()
        .map(|(name, view)| (format!("{name}position"), position_sql(&view)))
        .collect()
}
