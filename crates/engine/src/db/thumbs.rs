//! The thumbnail pipeline's SQL: what a photo needs, placeholders and hashes it fills, recorded failures.

use std::collections::HashSet;
use std::path::PathBuf;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::PhotoId;
use crate::paths;

/// What the pipeline needs to know about one photo.
#[derive(Debug, Clone)]
pub struct ThumbRow {
    pub id: PhotoId,
    pub path: PathBuf,
    pub size: u64,
    pub mtime_ns: i64,
    pub orientation: u16,
    pub hash: Option<[u8; 32]>,
    pub has_placeholder: bool,
    pub rev: i64,
    pub active: bool,
    /// The recorded failure, when it is for the current `rev`.
    pub failure: Option<String>,
    /// The size the scanner read from the header (as displayed; a RAW's sensor size).
    pub width: u32,
    pub height: u32,
}

impl ThumbRow {
    /// The lower-case extension of the photo's file name ("" when it has none).
    pub fn ext(&self) -> String {
        self.path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase()
    }
}

pub fn row(conn: &Connection, id: PhotoId) -> Result<Option<ThumbRow>> {
    let sql = "SELECT p.id, p.path, p.size, p.mtime_ns, p.orientation, p.content_hash, \
               p.placeholder IS NOT NULL, p.rev, p.state, f.error, p.width, p.height \
               FROM photos p LEFT JOIN thumb_failures f ON f.photo_id = p.id AND f.rev = p.rev \
               WHERE p.id = ?1";
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            let path: Vec<u8> = r.get(1)?;
            let hash: Option<Vec<u8>> = r.get(5)?;
            Ok(ThumbRow {
                id: r.get(0)?,
                path: paths::from_bytes(&path),
                size: r.get::<_, i64>(2)? as u64,
                mtime_ns: r.get(3)?,
                orientation: r.get(4)?,
                hash: hash.and_then(|h| h.try_into().ok()),
                has_placeholder: r.get(6)?,
                rev: r.get(7)?,
                active: r.get::<_, i64>(8)? == 0,
                failure: r.get(9)?,
                width: r.get::<_, i64>(10)?.clamp(0, i64::from(u32::MAX)) as u32,
                height: r.get::<_, i64>(11)?.clamp(0, i64::from(u32::MAX)) as u32,
            })
        })
        .optional()?)
}

/// Active photos without a failure at their current rev, newest first, after keyset (taken_at, id).
pub fn pending(conn: &Connection, after: (i64, i64), limit: i64) -> Result<Vec<(PhotoId, i64)>> {
    let sql = "SELECT id, taken_at FROM photos p WHERE state = 0 AND (taken_at, id) < (?1, ?2) \
               AND NOT EXISTS (SELECT 1 FROM thumb_failures f WHERE f.photo_id = p.id AND f.rev = p.rev) \
               ORDER BY taken_at DESC, id DESC LIMIT ?3";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params![after.0, after.1, limit], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn active_count(conn: &Connection) -> Result<u64> {
    Ok(
        conn.query_row("SELECT count(*) FROM photos WHERE state = 0", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}

/// Stores the placeholder, and the content hash when the row has none and the file is unchanged.
pub fn save(
    conn: &Connection,
    row: &ThumbRow,
    hash: &[u8; 32],
    placeholder: Option<&(Vec<u8>, u32)>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE photos SET content_hash = coalesce(content_hash, ?1) \
         WHERE id = ?2 AND rev = ?3 AND size = ?4 AND mtime_ns = ?5",
    )?
    .execute(params![
        &hash[..],
        row.id,
        row.rev,
        row.size as i64,
        row.mtime_ns
    ])?;
    if let Some((thumbhash, color)) = placeholder {
        conn.prepare_cached(
            "UPDATE photos SET placeholder = ?1, color = ?2 WHERE id = ?3 AND rev = ?4",
        )?
        .execute(params![thumbhash, color, row.id, row.rev])?;
    }
    conn.prepare_cached("DELETE FROM thumb_failures WHERE photo_id = ?1")?
        .execute([row.id])?;
    Ok(())
}

/// Keeps a decode's warning (a damaged file shown as far as it goes) with the photo's metadata
/// warning, which the info panel and `shoebox show` already display; once, for this rev.
pub fn record_warning(conn: &Connection, row: &ThumbRow, warning: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE photos SET meta_warning = CASE \
         WHEN meta_warning IS NULL OR meta_warning = '' THEN ?1 \
         WHEN instr(meta_warning, ?1) > 0 THEN meta_warning \
         ELSE meta_warning || '; ' || ?1 END \
         WHERE id = ?2 AND rev = ?3",
    )?
    .execute(params![warning, row.id, row.rev])?;
    Ok(())
}

pub fn record_failure(conn: &Connection, id: PhotoId, rev: i64, error: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO thumb_failures (photo_id, rev, error, at) VALUES (?1, ?2, ?3, unixepoch()) \
         ON CONFLICT (photo_id) DO UPDATE SET rev = excluded.rev, error = excluded.error, at = excluded.at",
    )?
    .execute(params![id, rev, error])?;
    Ok(())
}

/// Active photos whose recorded failure still holds: (id, path, reason).
pub fn failures(conn: &Connection) -> Result<Vec<(PhotoId, PathBuf, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.path, f.error FROM thumb_failures f JOIN photos p ON p.id = f.photo_id \
         WHERE p.state = 0 AND f.rev = p.rev ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let path: Vec<u8> = r.get(1)?;
            Ok((r.get(0)?, paths::from_bytes(&path), r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Content hashes of every active photo: the variants gc keeps.
pub fn active_hashes(conn: &Connection) -> Result<HashSet<[u8; 32]>> {
    let mut stmt = conn.prepare_cached(
        "SELECT content_hash FROM photos WHERE state = 0 AND content_hash IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    let mut set = HashSet::new();
    for hash in rows {
        if let Ok(hash) = <[u8; 32]>::try_from(hash?) {
            set.insert(hash);
        }
    }
    Ok(set)
}

pub fn placeholder_count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM photos WHERE state = 0 AND placeholder IS NOT NULL",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}
