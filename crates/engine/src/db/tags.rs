//! Tags' SQL: the tree (names unique among siblings, case-insensitively), tagging the selection,
//! renames that move or merge, deletes, and each change recorded in the open undo step. A photo
//! never carries a tag together with one of its ancestors: tagging `Places/France/Paris` drops an
//! explicit `Places/France`, which it implies.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::history::{self, Snapshot, TAG};
use crate::error::{Error, Result};
use crate::model::PhotoId;
use crate::organize::Tag;

/// `sub(id)`: tag `?1` and every tag below it.
const SUBTREE: &str = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL \
     SELECT t.id FROM tags t JOIN sub ON t.parent_id = sub.id) ";

/// Every tag with its path and its subtree's count, parents before children, siblings by name.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Tag>> {
    let rows: Vec<(i64, Option<i64>, String, i64)> = conn
        .prepare_cached(
            "SELECT id, parent_id, name, count FROM tags ORDER BY coalesce(parent_id, 0), name COLLATE NOCASE",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut children: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        children.entry(row.1).or_default().push(i);
    }
    // Depth-first from the top, so a parent precedes its children and its path is known first.
    let mut out: Vec<Tag> = Vec::with_capacity(rows.len());
    let mut stack: Vec<(usize, String)> = children
        .get(&None)
        .into_iter()
        .flatten()
        .rev()
        .map(|&i| (i, rows[i].2.clone()))
        .collect();
    while let Some((i, path)) = stack.pop() {
        let (id, parent, name, count) = &rows[i];
        out.push(Tag {
            id: *id,
            parent_id: *parent,
            name: name.clone(),
            path: path.clone(),
            count: (*count).max(0) as u64,
        });
        for &c in children.get(&Some(*id)).into_iter().flatten().rev() {
            stack.push((c, format!("{path}/{}", rows[c].2)));
        }
    }
    // Totals: a photo never carries a tag and its ancestor, so a subtree's count is a sum.
    let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    for i in (0..out.len()).rev() {
        if let Some(parent) = out[i].parent_id.and_then(|p| index.get(&p)) {
            out[*parent].count += out[i].count;
        }
    }
    Ok(out)
}

/// The child of `parent` named `name` (without case): its id and its name as stored.
fn child_named(
    conn: &Connection,
    parent: Option<i64>,
    name: &str,
) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name FROM tags WHERE coalesce(parent_id, 0) = coalesce(?1, 0) AND name = ?2 COLLATE NOCASE",
        )?
        .query_row(params![parent, name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn child(conn: &Connection, parent: Option<i64>, name: &str) -> Result<Option<i64>> {
    Ok(child_named(conn, parent, name)?.map(|(id, _)| id))
}

/// The tag at `path` (checked components), if it exists.
pub(crate) fn find(conn: &Connection, path: &[String]) -> Result<Option<i64>> {
    let mut parent = None;
    for name in path {
        match child(conn, parent, name)? {
            Some(id) => parent = Some(id),
            None => return Ok(None),
        }
    }
    Ok(parent)
}

/// The tag at `path`, created (with its missing ancestors) when absent; the creation is part of
/// undo step `step`, or of none (a scan reading keywords from the files).
pub(crate) fn find_or_create(conn: &Connection, step: Option<i64>, path: &[String]) -> Result<i64> {
    let mut parent = None;
    for name in path {
        parent = Some(match child(conn, parent, name)? {
            Some(id) => id,
            None => {
                conn.execute(
                    "INSERT INTO tags(parent_id, name) VALUES (?1, ?2)",
                    params![parent, name],
                )?;
                let id = conn.last_insert_rowid();
                if let Some(step) = step {
                    let after = Snapshot {
                        exists: true,
                        parent,
                        name: Some(name.clone()),
                        ..Snapshot::default()
                    };
                    history::record_object(conn, step, TAG, id, &Snapshot::default(), &after)?;
                }
                id
            }
        });
    }
    parent.ok_or_else(|| Error::InvalidInput("the tag name is empty".into()))
}

fn snapshot(conn: &Connection, id: i64) -> Result<Snapshot> {
    conn.prepare_cached("SELECT parent_id, name FROM tags WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Snapshot {
                exists: true,
                parent: r.get(0)?,
                name: r.get(1)?,
                ..Snapshot::default()
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no tag {id}")))
}

fn ancestors(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut out = Vec::new();
    let mut at = snapshot(conn, id)?.parent;
    while let Some(parent) = at {
        out.push(parent);
        at = snapshot(conn, parent)?.parent;
    }
    Ok(out)
}

/// Removes `(tag, photo)` rows chosen by `where_sql` (over `photo_tags pt`, with `sub` the subtree
/// of tag `id`), recording them.
fn remove_where(conn: &Connection, step: i64, where_sql: &str, id: i64) -> Result<u64> {
    let rows: Vec<(i64, i64)> = conn
        .prepare(&format!(
            "{SUBTREE}SELECT pt.tag_id, pt.photo_id FROM photo_tags pt WHERE {where_sql}"
        ))?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    remove_pairs(conn, step, &rows)
}

fn remove_pairs(conn: &Connection, step: i64, rows: &[(i64, PhotoId)]) -> Result<u64> {
    for (tag, photo) in rows {
        detach(conn, *tag, *photo)?;
        history::record_member(conn, step, TAG, *tag, *photo, Some(""), None)?;
    }
    Ok(rows.len() as u64)
}

fn insert(conn: &Connection, step: i64, tag: i64, photo: PhotoId) -> Result<()> {
    attach(conn, tag, photo)?;
    history::record_member(conn, step, TAG, tag, photo, None, Some(""))
}

/// Tag `tag` on photo `photo` (nothing when it is there already), with no undo record: the
/// callers record it, or it is what the files said.
pub(crate) fn attach(conn: &Connection, tag: i64, photo: PhotoId) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO photo_tags(tag_id, photo_id, dated, taken_at, active) \
         SELECT ?1, id, dated, taken_at, state = 0 FROM photos WHERE id = ?2",
    )?
    .execute(params![tag, photo])?;
    Ok(())
}

/// Takes tag `tag` off photo `photo`, with no undo record.
pub(crate) fn detach(conn: &Connection, tag: i64, photo: PhotoId) -> Result<()> {
    conn.prepare_cached("DELETE FROM photo_tags WHERE tag_id = ?1 AND photo_id = ?2")?
        .execute(params![tag, photo])?;
    Ok(())
}

/// Tags the selected photos with `tag`: photos that already match it (it or a tag below it) are
/// skipped; an explicit ancestor on a tagged photo is dropped (now implied). Photos tagged.
pub(crate) fn tag_selection(conn: &Connection, step: i64, tag: i64) -> Result<u64> {
    for ancestor in ancestors(conn, tag)? {
        remove_where(
            conn,
            step,
            "pt.tag_id = ?1 AND pt.photo_id IN (SELECT id FROM temp.sel)",
            ancestor,
        )?;
    }
    // Set-based: the photos that do not match the tag yet get it, and the history says so.
    let new = format!(
        "{SUBTREE}SELECT s.id FROM temp.sel s WHERE NOT EXISTS \
         (SELECT 1 FROM photo_tags pt WHERE pt.photo_id = s.id AND pt.tag_id IN sub)"
    );
    conn.execute(
        &format!(
            "INSERT INTO history_members(step, kind, set_id, photo_id, before, after) \
             SELECT ?2, ?3, ?1, id, NULL, '' FROM ({new})"
        ),
        params![tag, step, TAG],
    )?;
    let added = conn.execute(
        "INSERT INTO photo_tags(tag_id, photo_id, dated, taken_at, active) \
         SELECT ?1, p.id, p.dated, p.taken_at, p.state = 0 FROM history_members h \
         JOIN photos p ON p.id = h.photo_id \
         WHERE h.step = ?2 AND h.kind = ?3 AND h.set_id = ?1 AND h.before IS NULL",
        params![tag, step, TAG],
    )?;
    Ok(added as u64)
}

/// Takes `tag` and every tag below it off the selected photos: they no longer match it.
pub(crate) fn untag_selection(conn: &Connection, step: i64, tag: i64) -> Result<u64> {
    let removed = remove_where(
        conn,
        step,
        "pt.tag_id IN sub AND pt.photo_id IN (SELECT id FROM temp.sel)",
        tag,
    )?;
    Ok(removed)
}

fn set(conn: &Connection, step: i64, id: i64, parent: Option<i64>, name: &str) -> Result<bool> {
    let before = snapshot(conn, id)?;
    let after = Snapshot {
        parent,
        name: Some(name.to_string()),
        ..before.clone()
    };
    if before == after {
        return Ok(false);
    }
    conn.execute(
        "UPDATE tags SET parent_id = ?2, name = ?3 WHERE id = ?1",
        params![id, parent, name],
    )?;
    history::record_object(conn, step, TAG, id, &before, &after)?;
    Ok(true)
}

/// Renames (and, when the parent path differs, moves) tag `id` to `path`. Onto an existing tag it
/// merges: `Ok(true)`. A tag never moves below itself.
pub(crate) fn rename(conn: &Connection, step: i64, id: i64, path: &[String]) -> Result<bool> {
    let (name, parent_path) = path
        .split_last()
        .ok_or_else(|| Error::InvalidInput("the tag name is empty".into()))?;
    if let Some(existing) = find(conn, path)?.filter(|e| *e != id) {
        if ancestors(conn, existing)?.contains(&id) {
            return Err(Error::InvalidInput(
                "a tag cannot be merged into a tag below it".into(),
            ));
        }
        merge(conn, step, id, existing)?;
        normalize(conn, step)?;
        return Ok(true);
    }
    let parent = if parent_path.is_empty() {
        None
    } else {
        if let Some(p) = find(conn, parent_path)? {
            if p == id || ancestors(conn, p)?.contains(&id) {
                return Err(Error::InvalidInput("a tag cannot move below itself".into()));
            }
        }
        Some(find_or_create(conn, Some(step), parent_path)?)
    };
    if set(conn, step, id, parent, name)? {
        mark_subtree_pending(conn, id)?;
    }
    normalize(conn, step)?;
    Ok(false)
}

/// Moves everything of `from` into `into`: children (merged again on a name clash), then photos,
/// then deletes `from`.
fn merge(conn: &Connection, step: i64, from: i64, into: i64) -> Result<()> {
    let kids: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM tags WHERE parent_id = ?1")?
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kid, name) in kids {
        match child(conn, Some(into), &name)? {
            Some(twin) => merge(conn, step, kid, twin)?,
            None => {
                set(conn, step, kid, Some(into), &name)?;
            }
        }
    }
    let photos: Vec<PhotoId> = conn
        .prepare_cached("SELECT photo_id FROM photo_tags WHERE tag_id = ?1")?
        .query_map([from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    remove_where(conn, step, "pt.tag_id = ?1", from)?;
    for photo in photos {
        let has: bool = conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM photo_tags WHERE tag_id = ?1 AND photo_id = ?2)",
            )?
            .query_row(params![into, photo], |r| r.get(0))?;
        if !has {
            insert(conn, step, into, photo)?;
        }
    }
    delete_rows(conn, step, from)
}

/// Drops every explicit tag that another tag of the same photo implies (after a move or merge).
fn normalize(conn: &Connection, step: i64) -> Result<u64> {
    let rows: Vec<(i64, PhotoId)> = conn
        .prepare_cached(
            "WITH RECURSIVE closure(anc, des) AS ( \
               SELECT parent_id, id FROM tags WHERE parent_id IS NOT NULL \
               UNION SELECT c.anc, t.id FROM closure c JOIN tags t ON t.parent_id = c.des) \
             SELECT DISTINCT pt.tag_id, pt.photo_id FROM closure c \
             JOIN photo_tags pt ON pt.tag_id = c.anc \
             JOIN photo_tags below ON below.tag_id = c.des AND below.photo_id = pt.photo_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    remove_pairs(conn, step, &rows)
}

/// Records and deletes tag `id`'s subtree (rows parents first) with its photos' tags.
fn delete_rows(conn: &Connection, step: i64, id: i64) -> Result<()> {
    let subtree = history::subtree_parents_first(conn, "tags", id)?;
    for tag in &subtree {
        let before = snapshot(conn, *tag)?;
        history::record_object(conn, step, TAG, *tag, &before, &Snapshot::default())?;
    }
    remove_where(conn, step, "pt.tag_id IN sub", id)?;
    conn.execute("DELETE FROM tags WHERE id = ?1", [id])?;
    Ok(())
}

/// Deletes tag `id` and the tags below it (never a photo); how many photos lose a tag.
pub(crate) fn delete(conn: &Connection, step: i64, id: i64) -> Result<u64> {
    let photos: i64 = conn
        .prepare_cached(&format!(
            "{SUBTREE}SELECT count(DISTINCT photo_id) FROM photo_tags WHERE tag_id IN sub"
        ))?
        .query_row([id], |r| r.get(0))?;
    delete_rows(conn, step, id)?;
    Ok(photos as u64)
}

/// The paths of the tags photo `id` carries.
pub(crate) fn of_photo(conn: &Connection, id: PhotoId) -> Result<Vec<i64>> {
    let ids = conn
        .prepare_cached("SELECT tag_id FROM photo_tags WHERE photo_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The photos carrying tag `id` or a tag below it have new tag paths (a rename or move): their
/// sidecars are due a write.
pub(crate) fn mark_subtree_pending(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        &format!(
            "{SUBTREE}INSERT INTO xmp_pending(photo_id, since) \
             SELECT DISTINCT photo_id, unixepoch() FROM photo_tags WHERE tag_id IN sub \
             ON CONFLICT DO NOTHING"
        ),
        [id],
    )?;
    Ok(())
}

/// The paths (`Places/France/Paris`) of the tags photo `id` carries, built upwards from each.
pub(crate) fn paths_of_photo(conn: &Connection, id: PhotoId) -> Result<Vec<String>> {
    let paths = conn
        .prepare_cached(
            "WITH RECURSIVE up(parent_id, path) AS ( \
                 SELECT t.parent_id, t.name FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id \
                 WHERE pt.photo_id = ?1 \
                 UNION ALL SELECT p.parent_id, p.name || '/' || up.path FROM up \
                 JOIN tags p ON p.id = up.parent_id) \
             SELECT path FROM up WHERE parent_id IS NULL",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(paths)
}

/// `path` with each level spelled as the existing tag spells it (tag names match without case),
/// as far as the tags exist.
/// What one transaction that reads tags from files keeps between photos (a scan batch, a sidecar
/// write run): tag paths already looked up — as read → as the library spells them, a spelled
/// path → its tag's id — and the memberships of new photos, inserted together by
/// [`TagBatch::attach_all`] (one statement a tag instead of one per tag and photo). Valid
/// while tags are only created, never across a rename, move or delete.
#[derive(Debug, Default)]
pub(crate) struct TagBatch {
    spelled: std::collections::HashMap<String, String>,
    ids: std::collections::HashMap<String, i64>,
    /// `(tag, photo)`.
    later: Vec<(i64, PhotoId)>,
}

impl TagBatch {
    /// [`spelled`], remembered.
    pub(crate) fn spelled(&mut self, conn: &Connection, path: &str) -> Result<String> {
        if let Some(hit) = self.spelled.get(path) {
            return Ok(hit.clone());
        }
        let out = spelled(conn, path)?;
        self.spelled.insert(path.to_string(), out.clone());
        Ok(out)
    }

    /// [`find_or_create`] (no undo step), remembered.
    pub(crate) fn find_or_create(
        &mut self,
        conn: &Connection,
        path: &str,
        parts: &[String],
    ) -> Result<i64> {
        if let Some(&id) = self.ids.get(path) {
            return Ok(id);
        }
        let id = find_or_create(conn, None, parts)?;
        self.ids.insert(path.to_string(), id);
        Ok(id)
    }

    /// Tags photo `photo` with `tag` at [`TagBatch::attach_all`].
    pub(crate) fn attach_later(&mut self, tag: i64, photo: PhotoId) {
        self.later.push((tag, photo));
    }

    /// Inserts every membership noted with [`TagBatch::attach_later`], as [`attach`] would: one
    /// statement a tag. Inside a scan batch the per-row count trigger stands aside (migration
    /// 0016: a count update a membership rewrote one tag row 40,000 times in a scan of 20,000
    /// tagged photos), and each tag's count moves once, by the active memberships inserted.
    pub(crate) fn attach_all(&mut self, conn: &Connection) -> Result<()> {
        if self.later.is_empty() {
            return Ok(());
        }
        let mut by_tag: std::collections::BTreeMap<i64, Vec<PhotoId>> = Default::default();
        for (tag, photo) in self.later.drain(..) {
            by_tag.entry(tag).or_default().push(photo);
        }
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO photo_tags(tag_id, photo_id, dated, taken_at, active) \
             SELECT ?1, p.id, p.dated, p.taken_at, p.state = 0 FROM json_each(?2) j \
             JOIN photos p ON p.id = j.value RETURNING active",
        )?;
        let mut count = conn.prepare_cached(
            "UPDATE tags SET count = count + ?2 WHERE id = ?1 AND EXISTS (SELECT 1 FROM scan_writing)",
        )?;
        for (tag, photos) in by_tag {
            let ids: Vec<String> = photos.iter().map(i64::to_string).collect();
            let ids = format!("[{}]", ids.join(","));
            let active: i64 = insert
                .query_map(params![tag, ids], |r| r.get::<_, i64>(0))?
                .sum::<rusqlite::Result<i64>>()?;
            if active > 0 {
                count.execute(params![tag, active])?;
            }
        }
        Ok(())
    }
}

pub(crate) fn spelled(conn: &Connection, path: &str) -> Result<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let mut parent = None;
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    for (level, name) in parts.iter().enumerate() {
        let Some((id, stored)) = child_named(conn, parent, name)? else {
            out.extend(parts[level..].iter().map(|p| p.to_string()));
            break;
        };
        parent = Some(id);
        out.push(stored);
    }
    Ok(out.join("/"))
}

/// The tag queries, named, for the query-plan checks.
pub(crate) fn queries() -> Vec<(String, String)> {
    vec![(
        "tag list".to_string(),
        "SELECT id, parent_id, name, count FROM tags ORDER BY coalesce(parent_id, 0), name COLLATE NOCASE"
            .to_string(),
    )]
}
