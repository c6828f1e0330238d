//! XMP's SQL: a photo's description as the library holds it (marks, tag paths, title,
//! description) and its writing back without an undo step; the merge state (`xmp_state`), the
//! pending sidecar writes (`xmp_pending`) and the settled conflicts (`xmp_conflicts`); and
//! [`settle`], which merges what a photo's files say now into the library.

use rusqlite::{params, Connection, OptionalExtension};

use super::tags;
use crate::error::Result;
use crate::model::PhotoId;
use crate::organize::{names, Flag, Label};
use crate::xmp::merge::{merge, Conflict};
use crate::xmp::settings::ConflictPolicy;
use crate::xmp::{ConflictRecord, Described};

/// What the library remembers of a photo's files.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub base: Described,
    pub sidecar_hash: Option<Vec<u8>>,
    pub embedded: u8,
}

/// A sidecar as it was seen: path (index bytes), size, mtime and BLAKE3.
#[derive(Debug, Clone)]
pub(crate) struct SidecarSeen {
    pub path: Vec<u8>,
    pub size: i64,
    pub mtime_ns: i64,
    pub hash: [u8; 32],
}

pub(crate) fn state(conn: &Connection, id: PhotoId) -> Result<Option<State>> {
    Ok(conn
        .prepare_cached("SELECT base, sidecar_hash, embedded FROM xmp_state WHERE photo_id = ?1")?
        .query_row([id], |r| {
            Ok(State {
                base: Described::from_json(&r.get::<_, String>(0)?),
                sidecar_hash: r.get(1)?,
                embedded: r.get::<_, i64>(2)? as u8,
            })
        })
        .optional()?)
}

pub(crate) fn save_state(
    conn: &Connection,
    id: PhotoId,
    base: &Described,
    sidecar: Option<&SidecarSeen>,
    embedded: u8,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO xmp_state(photo_id, base, sidecar, sidecar_size, sidecar_mtime_ns, sidecar_hash, embedded) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT(photo_id) DO UPDATE SET base = excluded.base, sidecar = excluded.sidecar, \
             sidecar_size = excluded.sidecar_size, sidecar_mtime_ns = excluded.sidecar_mtime_ns, \
             sidecar_hash = excluded.sidecar_hash, embedded = excluded.embedded",
    )?
    .execute(params![
        id,
        base.to_json(),
        sidecar.map(|s| s.path.as_slice()),
        sidecar.map(|s| s.size),
        sidecar.map(|s| s.mtime_ns),
        sidecar.map(|s| s.hash.as_slice()),
        i64::from(embedded),
    ])?;
    Ok(())
}

/// The photo as the library describes it now.
pub(crate) fn library_values(conn: &Connection, id: PhotoId) -> Result<Described> {
    let (rating, flag, label, title, description) = conn
        .prepare_cached(
            "SELECT coalesce(k.rating, 0), coalesce(k.flag, 0), coalesce(k.label, 0), p.title, p.description \
             FROM photos p LEFT JOIN photo_marks k ON k.photo_id = p.id WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
    Ok(Described {
        rating: rating.clamp(0, 5) as u8,
        flag: Flag::from_code(flag),
        label: Label::from_code(label),
        tags: tags::paths_of_photo(conn, id)?.into_iter().collect(),
        title,
        description,
    })
}

/// What settling a transaction's photos leaves to its end ([`SettleBatch::finish`], before the
/// commit): tag lookups and every membership added, and the marks of photos seen for the first
/// time — a few set statements a batch instead of several statements a photo.
#[derive(Debug, Default)]
pub(crate) struct SettleBatch {
    pub(crate) tags: tags::TagBatch,
    /// `[photo, rating, flag, label]` of new photos.
    fresh_marks: Vec<[i64; 4]>,
    /// Inside a scan batch (its triggers stand aside): every membership waits for the batch.
    /// Elsewhere only a new photo's do, and the others go in at once, through the triggers.
    in_scan: bool,
}

impl SettleBatch {
    /// The batch of a scan's writer, inside [`crate::db::scan_batch::begin`].
    pub(crate) fn for_scan() -> SettleBatch {
        SettleBatch {
            in_scan: true,
            ..SettleBatch::default()
        }
    }

    /// Writes what the batch deferred.
    pub(crate) fn finish(&mut self, conn: &Connection) -> Result<()> {
        if !self.fresh_marks.is_empty() {
            let rows: Vec<String> = self
                .fresh_marks
                .drain(..)
                .map(|[id, rating, flag, label]| format!("[{id},{rating},{flag},{label}]"))
                .collect();
            conn.prepare_cached(
                "INSERT INTO photo_marks(photo_id, rating, flag, label, dated, taken_at, active) \
                 SELECT p.id, j.value ->> 1, j.value ->> 2, j.value ->> 3, p.dated, p.taken_at, p.state = 0 \
                 FROM json_each(?1) j JOIN photos p ON p.id = j.value ->> 0 WHERE true \
                 ON CONFLICT(photo_id) DO UPDATE SET rating = excluded.rating, flag = excluded.flag, \
                     label = excluded.label",
            )?
            .execute([format!("[{}]", rows.join(","))])?;
        }
        self.tags.attach_all(conn)
    }
}

/// Writes `to` over `from` (the library's values) for photo `id`: marks, tags (created as
/// needed), title and description. A `fresh` photo's marks and memberships go in with the batch's,
/// and in a scan every membership does. Not an undo step: this is what the files said.
pub(crate) fn apply(
    conn: &Connection,
    id: PhotoId,
    from: &Described,
    to: &Described,
    fresh: bool,
    batch: &mut SettleBatch,
) -> Result<()> {
    if (from.rating, from.flag, from.label) != (to.rating, to.flag, to.label) {
        let marks = [id, i64::from(to.rating), to.flag.code(), to.label.code()];
        if fresh {
            batch.fresh_marks.push(marks);
        } else {
            conn.prepare_cached(
                "INSERT INTO photo_marks(photo_id, rating, flag, label, dated, taken_at, active) \
                 SELECT id, ?2, ?3, ?4, dated, taken_at, state = 0 FROM photos WHERE id = ?1 \
                 ON CONFLICT(photo_id) DO UPDATE SET rating = excluded.rating, flag = excluded.flag, \
                     label = excluded.label",
            )?
            .execute(marks)?;
        }
    }
    for gone in from.tags.difference(&to.tags) {
        let parts: Vec<String> = gone.split('/').map(str::to_string).collect();
        if let Some(tag) = tags::find(conn, &parts)? {
            tags::detach(conn, tag, id)?;
        }
    }
    for new in to.tags.difference(&from.tags) {
        let Ok(parts) = names::tag_path(new) else {
            continue; // read paths are checked already; a stored base may be older
        };
        let tag = batch.tags.find_or_create(conn, new, &parts)?;
        if fresh || batch.in_scan {
            batch.tags.attach_later(tag, id);
        } else {
            tags::attach(conn, tag, id)?;
        }
    }
    if (&from.title, &from.description) != (&to.title, &to.description) {
        conn.prepare_cached("UPDATE photos SET title = ?2, description = ?3 WHERE id = ?1")?
            .execute(params![id, to.title, to.description])?;
    }
    Ok(())
}

/// When the library first changed after the last agreement, if it has changes not in the files.
pub(crate) fn pending_since(conn: &Connection, id: PhotoId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT since FROM xmp_pending WHERE photo_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn clear_pending(conn: &Connection, id: PhotoId) -> Result<()> {
    conn.prepare_cached("DELETE FROM xmp_pending WHERE photo_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Keeps photo `id` pending (since `since`, or now), without an error.
pub(crate) fn keep_pending(conn: &Connection, id: PhotoId, since: Option<i64>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO xmp_pending(photo_id, since) VALUES (?1, coalesce(?2, unixepoch())) \
         ON CONFLICT(photo_id) DO UPDATE SET since = coalesce(?2, since), error = NULL",
    )?
    .execute(params![id, since])?;
    Ok(())
}

/// A write of photo `id`'s sidecar failed: it stays pending, with the reason.
pub(crate) fn fail_pending(conn: &Connection, id: PhotoId, error: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO xmp_pending(photo_id, since, attempts, error) VALUES (?1, unixepoch(), 1, ?2) \
         ON CONFLICT(photo_id) DO UPDATE SET attempts = attempts + 1, error = ?2",
    )?
    .execute(params![id, error])?;
    Ok(())
}

/// Pending photo ids above `after`, in id order, at most `limit`.
pub(crate) fn pending_ids(conn: &Connection, after: PhotoId, limit: u32) -> Result<Vec<PhotoId>> {
    Ok(conn
        .prepare_cached(
            "SELECT x.photo_id FROM xmp_pending x JOIN photos p ON p.id = x.photo_id \
             WHERE x.photo_id > ?1 AND p.state = 0 ORDER BY x.photo_id LIMIT ?2",
        )?
        .query_map(params![after, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every active photo with something a sidecar would carry, or a sidecar already, above `after`.
pub(crate) fn described_ids(conn: &Connection, after: PhotoId, limit: u32) -> Result<Vec<PhotoId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM photos p WHERE id > ?1 AND state = 0 AND ( \
                 title IS NOT NULL OR description IS NOT NULL \
                 OR EXISTS (SELECT 1 FROM photo_marks k WHERE k.photo_id = p.id \
                            AND (k.rating <> 0 OR k.flag <> 0 OR k.label <> 0)) \
                 OR EXISTS (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id) \
                 OR EXISTS (SELECT 1 FROM xmp_state s WHERE s.photo_id = p.id AND s.sidecar IS NOT NULL)) \
             ORDER BY id LIMIT ?2",
        )?
        .query_map(params![after, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// How many photos are pending, and the failed ones grouped by reason (most first).
pub(crate) fn pending_summary(conn: &Connection) -> Result<(u64, Vec<(String, u64)>)> {
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM xmp_pending x JOIN photos p ON p.id = x.photo_id WHERE p.state = 0",
        [],
        |r| r.get(0),
    )?;
    let failed = conn
        .prepare_cached(
            "SELECT error, count(*) FROM xmp_pending WHERE error IS NOT NULL \
             GROUP BY error ORDER BY count(*) DESC, error",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((total as u64, failed))
}

pub(crate) fn conflict_count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM xmp_conflicts", [], |r| r.get(0))?;
    Ok(n as u64)
}

/// The path of photo `id` while it is active.
pub(crate) fn active_path(conn: &Connection, id: PhotoId) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT path FROM photos WHERE id = ?1 AND state = 0")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn record_conflicts(
    conn: &Connection,
    id: PhotoId,
    conflicts: &[Conflict],
    policy: ConflictPolicy,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO xmp_conflicts(photo_id, field, library, sidecar, kept, policy, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, unixepoch())",
    )?;
    for c in conflicts {
        insert.execute(params![
            id,
            c.field,
            c.library,
            c.sidecar,
            c.kept,
            policy.name()
        ])?;
    }
    Ok(())
}

pub(crate) fn conflicts(conn: &Connection, limit: u32) -> Result<Vec<ConflictRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.photo_id, p.path, c.field, c.library, c.sidecar, c.kept, c.policy, c.at \
             FROM xmp_conflicts c JOIN photos p ON p.id = c.photo_id ORDER BY c.id DESC LIMIT ?1",
        )?
        .query_map([limit], |r| {
            Ok(ConflictRecord {
                photo_id: r.get(0)?,
                path: crate::paths::from_bytes(&r.get::<_, Vec<u8>>(1)?),
                field: r.get(2)?,
                library: r.get(3)?,
                sidecar: r.get(4)?,
                kept: r.get(5)?,
                policy: r.get(6)?,
                at: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// What a photo's files say now, as [`settle`] takes it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outside {
    pub values: Described,
    /// The fields the original's own metadata speaks for.
    pub embedded: u8,
    pub sidecar: Option<SidecarSeen>,
    /// The sidecar's modification time, Unix seconds (the `newest` policy's other side).
    pub sidecar_mtime: Option<i64>,
    /// The sidecar is unreadable or gone: what the library had stands (it is written again when
    /// writing is on), nothing is taken from the files.
    pub keep_base: bool,
}

impl Outside {
    /// The title and description a photo seen for the first time is inserted with (what
    /// [`settle`] would set; nothing when the files' values are not taken).
    pub(crate) fn fresh_captions(&self) -> (Option<&str>, Option<&str>) {
        if self.keep_base {
            return (None, None);
        }
        (
            self.values.title.as_deref(),
            self.values.description.as_deref(),
        )
    }
}

/// Merges what photo `id`'s files say into the library (see [`crate::xmp::merge`]): one-sided
/// changes are taken, conflicts settled by `policy` and recorded; the state remembers what the
/// files say; the photo stays pending when its sidecar lacks library changes. `fresh`: the photo
/// was just inserted with [`Outside::fresh_captions`] and has nothing else yet. Memberships and a
/// fresh photo's marks go in with `batch`: the caller runs [`SettleBatch::finish`] before it
/// commits. The caller bumps the organize revision when [`Settled::changed`] (once for a batch).
pub(crate) fn settle(
    conn: &Connection,
    id: PhotoId,
    outside: &Outside,
    policy: ConflictPolicy,
    fresh: bool,
    batch: &mut SettleBatch,
) -> Result<Settled> {
    let known = if fresh { None } else { state(conn, id)? };
    if known.is_none() && outside.values.is_empty() && outside.sidecar.is_none() {
        return Ok(Settled::default()); // nothing said, nothing remembered: nothing to do
    }
    let mut values = outside.values.clone();
    if !values.tags.is_empty() {
        values.tags = values
            .tags
            .iter()
            .map(|p| batch.tags.spelled(conn, p))
            .collect::<Result<_>>()?;
    }
    let base = known.map(|s| s.base).unwrap_or_default();
    if outside.keep_base {
        values = base.clone();
    }
    let (library, since) = if fresh {
        let (title, description) = outside.fresh_captions();
        let inserted = Described {
            title: title.map(str::to_string),
            description: description.map(str::to_string),
            ..Described::default()
        };
        (inserted, None)
    } else {
        (library_values(conn, id)?, pending_since(conn, id)?)
    };
    let outside_newer = match (since, outside.sidecar_mtime) {
        (Some(since), Some(mtime)) => mtime >= since,
        (Some(_), None) => false,
        (None, _) => true,
    };
    let merged = merge(&base, &library, &values, policy, outside_newer);
    let changed = merged.result != library;
    if changed {
        apply(conn, id, &library, &merged.result, fresh, batch)?;
    }
    if !merged.conflicts.is_empty() {
        record_conflicts(conn, id, &merged.conflicts, policy)?;
    }
    save_state(
        conn,
        id,
        &values,
        outside.sidecar.as_ref(),
        outside.embedded,
    )?;
    if merged.needs_write {
        keep_pending(conn, id, since)?;
    } else if !fresh {
        clear_pending(conn, id)?; // (a photo just inserted has nothing pending)
    }
    Ok(Settled {
        conflicts: merged.conflicts,
        changed,
    })
}

/// What [`settle`] did.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    pub conflicts: Vec<Conflict>,
    /// The library's values changed: front ends that show marks and tags follow the organize
    /// revision, so the caller bumps it.
    pub changed: bool,
}
