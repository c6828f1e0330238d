//! Clean up's SQL: perceptual fingerprints by content hash, the photos grouping reads, the pairs
//! kept apart ("not duplicates"), and the trash records (what was moved, where from, and what the
//! photo had, to re-attach on put back).

use std::collections::HashSet;
use std::path::PathBuf;

use rusqlite::{params, Connection, OptionalExtension};

use crate::cleanup::group::Candidate;
use crate::cleanup::keeper::Facts;
use crate::cleanup::phash::{Colour, Fingerprint};
use crate::error::Result;
use crate::model::PhotoId;
use crate::paths;

/// Stores the fingerprint of content `hash` (replacing an older one).
pub(crate) fn save_print(conn: &Connection, hash: &[u8; 32], print: &Fingerprint) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO perceptual(content_hash, phash, mirror, centre, aspect, colour) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT(content_hash) DO UPDATE SET phash = excluded.phash, mirror = excluded.mirror, \
         centre = excluded.centre, aspect = excluded.aspect, colour = excluded.colour",
    )?
    .execute(params![
        &hash[..],
        print.phash as i64,
        print.mirror as i64,
        print.centre as i64,
        f64::from(print.aspect),
        &print.colour.0[..]
    ])?;
    Ok(())
}

/// Whether content `hash` has a whole fingerprint (one made before centre hashes does not count).
pub(crate) fn has_print(conn: &Connection, hash: &[u8; 32]) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM perceptual WHERE content_hash = ?1 AND centre IS NOT NULL")?
        .query_row([&hash[..]], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Active photos whose content has no whole fingerprint yet: one photo id per content hash, after
/// photo id `after`, at most `limit`.
pub(crate) fn unprinted(conn: &Connection, after: PhotoId, limit: i64) -> Result<Vec<PhotoId>> {
    let rows = conn
        .prepare_cached(
            "SELECT min(p.id) FROM photos p WHERE p.state = 0 AND p.content_hash IS NOT NULL \
             AND p.id > ?1 AND NOT EXISTS (SELECT 1 FROM perceptual q \
             WHERE q.content_hash = p.content_hash AND q.centre IS NOT NULL) \
             GROUP BY p.content_hash ORDER BY 1 LIMIT ?2",
        )?
        .query_map(params![after, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many active photos have no fingerprint for their content (or no content hash yet).
pub(crate) fn unprinted_count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM photos p WHERE p.state = 0 AND NOT EXISTS \
         (SELECT 1 FROM perceptual q WHERE q.content_hash = p.content_hash AND q.centre IS NOT NULL)",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Every active photo as grouping sees it, with what the keeper rules look at, by id.
pub(crate) fn candidates(conn: &Connection) -> Result<Vec<(Candidate, Facts)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.content_hash, q.phash, q.mirror, q.aspect, q.colour, p.dated, p.taken_at, \
         p.make, p.model, p.folder_id, p.width, p.height, p.format, p.taken_at_source, p.mtime_ns, p.path, \
         coalesce(q.centre, q.phash) \
         FROM photos p LEFT JOIN perceptual q ON q.content_hash = p.content_hash \
         WHERE p.state = 0 ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let content: Option<Vec<u8>> = r.get(1)?;
            let phash: Option<i64> = r.get(2)?;
            let print = match phash {
                Some(phash) => {
                    let colour: Vec<u8> = r.get(5)?;
                    let mut c = [0u8; 8];
                    let n = colour.len().min(8);
                    c[..n].copy_from_slice(&colour[..n]);
                    Some(Fingerprint {
                        phash: phash as u64,
                        mirror: r.get::<_, i64>(3)? as u64,
                        centre: r.get::<_, i64>(17)? as u64,
                        aspect: r.get::<_, f64>(4)? as f32,
                        colour: Colour(c),
                    })
                }
                None => None,
            };
            let make: Option<String> = r.get(8)?;
            let model: Option<String> = r.get(9)?;
            let camera = match (make, model) {
                (None, None) => None,
                (make, model) => Some(format!(
                    "{} {}",
                    make.unwrap_or_default(),
                    model.unwrap_or_default()
                )),
            };
            let path: Vec<u8> = r.get(16)?;
            let candidate = Candidate {
                id: r.get(0)?,
                content: content.and_then(|c| c.try_into().ok()),
                print,
                taken_at: (r.get::<_, i64>(6)? == 1).then(|| r.get(7)).transpose()?,
                camera,
                folder_id: r.get(10)?,
            };
            let facts = Facts {
                width: r.get::<_, i64>(11)?.clamp(0, i64::from(u32::MAX)) as u32,
                height: r.get::<_, i64>(12)?.clamp(0, i64::from(u32::MAX)) as u32,
                format: r.get(13)?,
                exif_date: r.get::<_, String>(14)? == "exif",
                mtime_ns: r.get(15)?,
                path: paths::from_bytes(&path),
            };
            Ok((candidate, facts))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The pairs kept apart, `(smaller id, larger id)`.
pub(crate) fn apart(conn: &Connection) -> Result<HashSet<(PhotoId, PhotoId)>> {
    let rows = conn
        .prepare_cached("SELECT a, b FROM not_duplicates")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Keeps every pair of `ids` apart from now on; the pairs added.
pub(crate) fn keep_apart(conn: &Connection, ids: &[PhotoId]) -> Result<u64> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO not_duplicates(a, b) SELECT ?1, ?2 \
         WHERE EXISTS (SELECT 1 FROM photos WHERE id = ?1) AND EXISTS (SELECT 1 FROM photos WHERE id = ?2)",
    )?;
    let mut added = 0;
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            if a != b {
                added += insert.execute(params![a.min(b), a.max(b)])? as u64;
            }
        }
    }
    Ok(added)
}

/// A trash record's state.
pub(crate) const MOVING: i64 = 0;
pub(crate) const IN_TRASH: i64 = 1;
pub(crate) const PUT_BACK: i64 = 2;
pub(crate) const FAILED: i64 = 3;

/// One trash record as stored.
#[derive(Debug, Clone)]
pub(crate) struct TrashRow {
    pub id: i64,
    pub photo_id: PhotoId,
    pub path: PathBuf,
    pub trashed_at: Option<i64>,
    pub marks: String,
    pub albums: String,
    pub tags: String,
    /// `(seq, original, trash ref)` of each file, the photo first.
    pub files: Vec<(i64, PathBuf, Option<Vec<u8>>)>,
}

/// Opens a record (state moving) with its files, before anything moves.
pub(crate) fn begin_trash(
    conn: &Connection,
    photo: PhotoId,
    files: &[PathBuf],
    marks: &str,
    albums: &str,
    tags: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO trash(photo_id, path, state, marks, albums, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        photo,
        paths::to_bytes(&files[0]),
        MOVING,
        marks,
        albums,
        tags
    ])?;
    let id = conn.last_insert_rowid();
    let mut insert = conn
        .prepare_cached("INSERT INTO trash_files(trash_id, seq, original) VALUES (?1, ?2, ?3)")?;
    for (seq, file) in files.iter().enumerate() {
        insert.execute(params![id, seq as i64, paths::to_bytes(file)])?;
    }
    Ok(id)
}

/// Where the system trash keeps file `seq` of record `id` (its own reference to it).
pub(crate) fn set_trash_ref(conn: &Connection, id: i64, seq: i64, trash_ref: &[u8]) -> Result<()> {
    conn.prepare_cached("UPDATE trash_files SET trash_ref = ?3 WHERE trash_id = ?1 AND seq = ?2")?
        .execute(params![id, seq, trash_ref])?;
    Ok(())
}

/// Record `id` is in the trash: its photo leaves the library's views (state removed).
pub(crate) fn trashed(conn: &Connection, id: i64, reason: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE trash SET state = ?2, trashed_at = unixepoch(), reason = ?3 WHERE id = ?1",
    )?
    .execute(params![id, IN_TRASH, reason])?;
    conn.prepare_cached(
        "UPDATE photos SET state = 1 WHERE id = (SELECT photo_id FROM trash WHERE id = ?1)",
    )?
    .execute([id])?;
    Ok(())
}

/// Record `id` did not reach the trash; the file stayed where it was.
pub(crate) fn failed(conn: &Connection, id: i64, reason: &str) -> Result<()> {
    conn.prepare_cached("UPDATE trash SET state = ?2, reason = ?3 WHERE id = ?1")?
        .execute(params![id, FAILED, reason])?;
    Ok(())
}

/// Record `id` came back out of the trash to `path`.
pub(crate) fn put_back(conn: &Connection, id: i64, path: &std::path::Path) -> Result<()> {
    conn.prepare_cached(
        "UPDATE trash SET state = ?2, restored_at = unixepoch(), restored_path = ?3 WHERE id = ?1",
    )?
    .execute(params![id, PUT_BACK, paths::to_bytes(path)])?;
    Ok(())
}

/// A photo row follows its file to `path` (put back beside a taken path).
pub(crate) fn move_path(conn: &Connection, photo: PhotoId, path: &std::path::Path) -> Result<()> {
    conn.prepare_cached("UPDATE photos SET path = ?2 WHERE id = ?1")?
        .execute(params![photo, paths::to_bytes(path)])?;
    Ok(())
}

/// Whether a photo row (any state) has `path`.
pub(crate) fn path_known(conn: &Connection, path: &std::path::Path) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM photos WHERE path = ?1")?
        .query_row([paths::to_bytes(path)], |_| Ok(()))
        .optional()?
        .is_some())
}

const TRASH_COLUMNS: &str = "id, photo_id, path, trashed_at, marks, albums, tags";

fn trash_rows(conn: &Connection, condition: &str, arg: i64) -> Result<Vec<TrashRow>> {
    let sql = format!("SELECT {TRASH_COLUMNS} FROM trash WHERE {condition} ORDER BY id");
    let mut rows: Vec<TrashRow> = conn
        .prepare_cached(&sql)?
        .query_map([arg], |r| {
            let path: Vec<u8> = r.get(2)?;
            Ok(TrashRow {
                id: r.get(0)?,
                photo_id: r.get(1)?,
                path: paths::from_bytes(&path),
                trashed_at: r.get(3)?,
                marks: r.get(4)?,
                albums: r.get(5)?,
                tags: r.get(6)?,
                files: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut files = conn.prepare_cached(
        "SELECT seq, original, trash_ref FROM trash_files WHERE trash_id = ?1 ORDER BY seq",
    )?;
    for row in &mut rows {
        row.files = files
            .query_map([row.id], |r| {
                let original: Vec<u8> = r.get(1)?;
                Ok((r.get(0)?, paths::from_bytes(&original), r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(rows)
}

/// Records in state `state`, oldest first.
pub(crate) fn in_state(conn: &Connection, state: i64) -> Result<Vec<TrashRow>> {
    trash_rows(conn, "state = ?1", state)
}

/// The newest record of photo `photo` that is in the trash.
pub(crate) fn in_trash_of(conn: &Connection, photo: PhotoId) -> Result<Option<TrashRow>> {
    Ok(trash_rows(
        conn,
        &format!("photo_id = ?1 AND state = {IN_TRASH}"),
        photo,
    )?
    .pop())
}

/// Paths of the other active photos in photo `id`'s folder (for sidecars two photos share).
pub(crate) fn folder_neighbours(conn: &Connection, id: PhotoId) -> Result<Vec<PathBuf>> {
    let rows: Vec<Vec<u8>> = conn
        .prepare_cached(
            "SELECT p.path FROM photos p JOIN photos me ON me.id = ?1 \
             WHERE p.folder_id = me.folder_id AND p.state = 0 AND p.id <> me.id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.iter().map(|p| paths::from_bytes(p)).collect())
}
