//! Where a photo stands in a view's timeline: how many photos come before it and how many there
//! are, in the timeline's own order, so the app can open the viewer or scroll the grid to it.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::PhotoId;

/// The timeline's order key, newest first: the ORDER BY of `db/photos.rs`'s timeline. Keep in step.
const KEY: &str = "dated, taken_at, id";

const SUBTREE: &str = "WITH RECURSIVE subtree(id) AS \
     (SELECT ?4 UNION ALL SELECT f.id FROM folders f JOIN subtree ON f.parent_id = subtree.id) ";

/// One pass over the view's timeline index: the photos, those before `(?1, ?2, ?3)` (dated photos
/// first, then undated ones), and whether the photo `?3` itself is in the view.
fn position_sql(folder: bool) -> String {
    let (with, scope) = if folder {
        (SUBTREE, "AND folder_id IN subtree ")
    } else {
        ("", "")
    };
    format!(
        "{with}SELECT count(*), coalesce(sum(({KEY}) > (?1, ?2, ?3)), 0), coalesce(sum(id = ?3), 0) \
         FROM photos WHERE state = 0 {scope}"
    )
}

/// `(index, total)` of active photo `id` in the timeline of `folder` (its whole subtree) or of the
/// library: `index` photos come before it. `None` when the photo is not in that view.
pub fn position(conn: &Connection, id: PhotoId, folder: Option<i64>) -> Result<Option<(u64, u64)>> {
    let key: Option<(i64, i64)> = conn
        .prepare_cached("SELECT dated, taken_at FROM photos WHERE id = ?1 AND state = 0")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((dated, taken_at)) = key else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(&position_sql(folder.is_some()))?;
    let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, i64, i64)> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    };
    let (total, before, found) = match folder {
        None => stmt.query_row(params![dated, taken_at, id], map)?,
        Some(folder) => stmt.query_row(params![dated, taken_at, id, folder], map)?,
    };
    Ok((found > 0).then_some((before as u64, total as u64)))
}

/// The position queries, named for the query-plan checks (a "subtree" query may sort).
pub fn queries() -> Vec<(&'static str, String)> {
    vec![
        ("position", position_sql(false)),
        ("subtree position", position_sql(true)),
    ]
}
