//! The undo history's SQL: a step is opened before an organize action writes and finished (or
//! dropped, when the action changed nothing) in the same transaction; each action records what it
//! replaced (`history_marks`, `history_captions`, `history_members`,
//! `history_objects`), so undo and redo are set-based
//! statements over those rows. Also the selection (`temp.sel`, the ids an action applies to, in
//! order) and the revision every organize write bumps.

use rusqlite::{params, Connection, OptionalExtension};

use super::{captions, marks};
use crate::error::{Error, Result};
use crate::model::PhotoId;
use crate::organize::HistoryState;

/// Steps kept; older ones are dropped as new ones are made.
const KEEP_STEPS: i64 = 1_000;

/// `history_members.kind` / `history_objects.kind`.
pub(crate) const ALBUM: i64 = 0;
pub(crate) const TAG: i64 = 1;

/// Opens a step; the caller finishes it with [`finish`] when it changed something.
pub(crate) fn begin(conn: &Connection) -> Result<i64> {
    conn.execute(
        "INSERT INTO history(label, at, undone) VALUES ('', unixepoch(), 2)",
        [],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Names the step, makes it the newest undoable one (the redo side is dropped), trims old steps
/// and bumps the revision. A step that changed nothing is deleted instead.
pub(crate) fn finish(conn: &Connection, step: i64, label: &str, changed: bool) -> Result<()> {
    if !changed {
        conn.execute("DELETE FROM history WHERE id = ?1", [step])?;
        return Ok(());
    }
    conn.execute("DELETE FROM history WHERE undone = 1", [])?;
    conn.execute(
        "UPDATE history SET label = ?2, undone = 0 WHERE id = ?1",
        params![step, label],
    )?;
    conn.execute(
        "DELETE FROM history WHERE id <= (SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?1)",
        [KEEP_STEPS],
    )?;
    bump_rev(conn)
}

pub(crate) fn bump_rev(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE organize_rev SET rev = rev + 1 WHERE id = 1", [])?;
    Ok(())
}

pub(crate) fn state(conn: &Connection) -> Result<HistoryState> {
    let rev: i64 = conn
        .prepare_cached("SELECT rev FROM organize_rev WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let label = |sql: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([], |r| r.get(0))
            .optional()?)
    };
    Ok(HistoryState {
        rev,
        undo: label("SELECT label FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1")?,
        redo: label("SELECT label FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1")?,
    })
}

/// Which side of a step to restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Undo,
    Redo,
}

/// Undoes the newest step (or redoes the oldest undone one): `(label, rows changed)`, `None` when
/// there is none. Objects come back parents first, then memberships and marks, then objects that
/// must go are deleted children first; foreign keys are checked at commit.
pub(crate) fn apply(conn: &Connection, direction: Direction) -> Result<Option<(String, u64)>> {
    let sql = match direction {
        Direction::Undo => {
            "SELECT id, label FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
        }
        Direction::Redo => "SELECT id, label FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1",
    };
    let Some((step, label)): Option<(i64, String)> = conn
        .prepare_cached(sql)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
    else {
        return Ok(None);
    };
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    let side = match direction {
        Direction::Undo => 'b',
        Direction::Redo => 'a',
    };
    let mut changed = restore_objects(conn, step, direction)?;
    // A tag renamed or moved back (or forth) changes the paths its photos' sidecars carry.
    mark_tag_photos_pending(conn, step)?;
    changed += apply_members(conn, step, direction)?;
    changed += marks::apply(conn, step, direction)?;
    changed += captions::apply(conn, step, direction)?;
    changed += delete_objects(conn, step, side)?;
    conn.execute(
        "UPDATE history SET undone = ?2 WHERE id = ?1",
        params![step, i64::from(direction == Direction::Undo)],
    )?;
    bump_rev(conn)?;
    Ok(Some((label, changed)))
}

/// Objects whose target side exists: inserted again or updated. An object changed twice in a step
/// ends at the right side because undo walks the changes backwards and redo forwards (foreign keys
/// are deferred, so a child may come back before its parent).
fn restore_objects(conn: &Connection, step: i64, direction: Direction) -> Result<u64> {
    let (side, order) = match direction {
        Direction::Undo => ('b', "seq DESC"),
        Direction::Redo => ('a', "seq"),
    };
    let mut changed = 0;
    for (table, kind) in [("albums", ALBUM), ("tags", TAG)] {
        let columns = match kind {
            ALBUM => "id, parent_id, name, kind, sort, cover_id, query, created_at",
            _ => "id, parent_id, name",
        };
        let values = match kind {
            ALBUM => format!(
                "object_id, {side}_parent, {side}_name, {side}_kind, {side}_sort, \
                 (SELECT id FROM photos WHERE id = {side}_cover), {side}_query, unixepoch()"
            ),
            _ => format!("object_id, {side}_parent, {side}_name"),
        };
        let update = match kind {
            ALBUM => {
                "parent_id = excluded.parent_id, name = excluded.name, kind = excluded.kind, \
                 sort = excluded.sort, cover_id = excluded.cover_id, query = excluded.query"
            }
            _ => "parent_id = excluded.parent_id, name = excluded.name",
        };
        changed += conn.execute(
            &format!(
                "INSERT INTO {table}({columns}) SELECT {values} FROM history_objects \
                 WHERE step = ?1 AND kind = ?2 AND {side}_exists = 1 ORDER BY {order} \
                 ON CONFLICT(id) DO UPDATE SET {update}"
            ),
            params![step, kind],
        )? as u64;
    }
    Ok(changed)
}

/// A step's recorded per-photo fields back to their old values (undo) or on to their new ones
/// (redo): `history` holds `(step, photo_id, field, old, new)` rows, `target` is the table they
/// change, keyed by `key`; `fields` are `(code in history.field, column)`. Rows changed.
pub(crate) fn put_fields(
    conn: &Connection,
    step: i64,
    direction: Direction,
    (history, target, key): (&str, &str, &str),
    fields: impl IntoIterator<Item = (i64, &'static str)>,
) -> Result<u64> {
    let value = match direction {
        Direction::Undo => "old",
        Direction::Redo => "new",
    };
    let mut changed = 0;
    for (code, column) in fields {
        changed += conn.execute(
            &format!(
                "UPDATE {target} SET {column} = h.{value} FROM {history} h \
                 WHERE h.step = ?1 AND h.field = ?2 AND {target}.{key} = h.photo_id"
            ),
            params![step, code],
        )? as u64;
    }
    Ok(changed)
}

/// The photos under every tag the step touched are due a sidecar write (tags that come or go
/// take their memberships with them, which marks those photos by trigger).
fn mark_tag_photos_pending(conn: &Connection, step: i64) -> Result<()> {
    let tags: Vec<i64> = conn
        .prepare_cached(
            "SELECT DISTINCT object_id FROM history_objects WHERE step = ?1 AND kind = ?2",
        )?
        .query_map(params![step, TAG], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for tag in tags {
        super::tags::mark_subtree_pending(conn, tag)?;
    }
    Ok(())
}

/// Objects whose target side does not exist: deleted, children first (cascades take memberships).
fn delete_objects(conn: &Connection, step: i64, side: char) -> Result<u64> {
    let mut changed = 0;
    for (table, kind) in [("albums", ALBUM), ("tags", TAG)] {
        let ids: Vec<i64> = conn
            .prepare(&format!(
                "SELECT object_id FROM history_objects WHERE step = ?1 AND kind = ?2 \
                 AND {side}_exists = 0 ORDER BY seq DESC"
            ))?
            .query_map(params![step, kind], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut delete = conn.prepare(&format!("DELETE FROM {table} WHERE id = ?1"))?;
        for id in ids {
            changed += delete.execute([id])? as u64;
        }
    }
    Ok(changed)
}

/// Memberships back to the target side: removed where it has none, else inserted or moved.
fn apply_members(conn: &Connection, step: i64, direction: Direction) -> Result<u64> {
    let target = match direction {
        Direction::Undo => "before",
        Direction::Redo => "after",
    };
    let mut changed = 0;
    for (table, kind, set_column) in [
        ("album_photos", ALBUM, "album_id"),
        ("photo_tags", TAG, "tag_id"),
    ] {
        changed += conn.execute(
            &format!(
                "DELETE FROM {table} WHERE ({set_column}, photo_id) IN \
                 (SELECT set_id, photo_id FROM history_members \
                  WHERE step = ?1 AND kind = ?2 AND {target} IS NULL)"
            ),
            params![step, kind],
        )? as u64;
        let (position, set_table, conflict) = match kind {
            ALBUM => (
                format!(", h.{target}"),
                "albums",
                "DO UPDATE SET position = excluded.position",
            ),
            _ => (String::new(), "tags", "DO NOTHING"),
        };
        let columns = match kind {
            ALBUM => "album_id, photo_id, position, dated, taken_at, active",
            _ => "tag_id, photo_id, dated, taken_at, active",
        };
        changed += conn.execute(
            &format!(
                "INSERT INTO {table}({columns}) \
                 SELECT h.set_id, h.photo_id{position}, p.dated, p.taken_at, p.state = 0 \
                 FROM history_members h JOIN photos p ON p.id = h.photo_id \
                 WHERE h.step = ?1 AND h.kind = ?2 AND h.{target} IS NOT NULL \
                 AND EXISTS (SELECT 1 FROM {set_table} s WHERE s.id = h.set_id) \
                 ON CONFLICT({set_column}, photo_id) {conflict}"
            ),
            params![step, kind],
        )? as u64;
    }
    Ok(changed)
}

/// Fills `temp.sel` with `ids` (first occurrence kept, in order) and refuses ids that are no photo.
pub(crate) fn select(conn: &Connection, ids: &[PhotoId]) -> Result<u64> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS sel(id INTEGER PRIMARY KEY, seq INTEGER NOT NULL); \
         DELETE FROM temp.sel;",
    )?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO temp.sel(id, seq) VALUES (?1, ?2)")?;
    for (seq, id) in ids.iter().enumerate() {
        insert.execute(params![id, seq as i64])?;
    }
    let unknown: Vec<i64> = conn
        .prepare_cached(
            "SELECT s.id FROM temp.sel s WHERE NOT EXISTS (SELECT 1 FROM photos p WHERE p.id = s.id) \
             ORDER BY s.seq LIMIT 6",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !unknown.is_empty() {
        let mut list: Vec<String> = unknown.iter().take(5).map(i64::to_string).collect();
        if unknown.len() > 5 {
            list.push("…".into());
        }
        return Err(Error::PhotoNotFound(list.join(", ")));
    }
    Ok(conn.query_row("SELECT count(*) FROM temp.sel", [], |r| r.get::<_, i64>(0))? as u64)
}

/// Album or tag `id` and every row below it in `table` (`albums` or `tags`), parents first: the
/// order a delete is recorded in, so undo brings parents back before their children.
pub(crate) fn subtree_parents_first(conn: &Connection, table: &str, id: i64) -> Result<Vec<i64>> {
    let sql = format!(
        "WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL \
         SELECT t.id, down.depth + 1 FROM {table} t JOIN down ON t.parent_id = down.id) \
         SELECT id FROM down ORDER BY depth, id"
    );
    let ids = conn
        .prepare_cached(&sql)?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Records a membership change of one photo.
pub(crate) fn record_member(
    conn: &Connection,
    step: i64,
    kind: i64,
    set_id: i64,
    photo: PhotoId,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history_members(step, kind, set_id, photo_id, before, after) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT(step, kind, set_id, photo_id) DO UPDATE SET after = excluded.after",
    )?
    .execute(params![step, kind, set_id, photo, before, after])?;
    Ok(())
}

/// An album's or tag's row as one side of a change (`exists = false`: no such row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub exists: bool,
    pub parent: Option<i64>,
    pub name: Option<String>,
    pub kind: Option<i64>,
    pub sort: Option<i64>,
    pub cover: Option<i64>,
    /// A smart album's query.
    pub query: Option<String>,
}

/// Records an object change; `seq` orders a step's changes (parents before children).
pub(crate) fn record_object(
    conn: &Connection,
    step: i64,
    kind: i64,
    id: i64,
    before: &Snapshot,
    after: &Snapshot,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history_objects(step, seq, kind, object_id, \
           b_exists, b_parent, b_name, b_kind, b_sort, b_cover, b_query, \
           a_exists, a_parent, a_name, a_kind, a_sort, a_cover, a_query) \
         VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM history_objects WHERE step = ?1), ?2, ?3, \
           ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        step,
        kind,
        id,
        before.exists,
        before.parent,
        before.name,
        before.kind,
        before.sort,
        before.cover,
        before.query,
        after.exists,
        after.parent,
        after.name,
        after.kind,
        after.sort,
        after.cover,
        after.query,
    ])?;
    Ok(())
}
