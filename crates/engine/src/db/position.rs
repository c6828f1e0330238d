//! Where a photo stands in a view's timeline: how many photos come before it and how many there
//! are, in the timeline's own order, so the app can open the viewer or scroll the grid to it.

use rusqlite::{params, Connection, OptionalExtension};

use super::photos::{subtree_cte, FolderScope, ORDER_KEY};
use crate::error::Result;
use crate::model::PhotoId;

/// One pass over the view's timeline index (the timeline's own folder scope and order key): the
/// photos, those before `(?1, ?2, ?3)` (dated photos first, then undated ones), and whether the photo
/// `?3` itself is in the view.
fn position_sql(scope: FolderScope) -> String {
    let (with, folder) = match scope {
        FolderScope::All => (String::new(), ""),
        FolderScope::Leaf => (String::new(), "AND folder_id = ?4 "),
        FolderScope::Subtree => (subtree_cte(4), "AND folder_id IN subtree "),
    };
    format!(
        "{with}SELECT count(*), coalesce(sum(({ORDER_KEY}) > (?1, ?2, ?3)), 0), coalesce(sum(id = ?3), 0) \
         FROM photos WHERE state = 0 {folder}"
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
    let mut stmt = conn.prepare_cached(&position_sql(FolderScope::of(conn, folder)?))?;
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
        ("position", position_sql(FolderScope::All)),
        ("folder position", position_sql(FolderScope::Leaf)),
        ("subtree position", position_sql(FolderScope::Subtree)),
    ]
}
