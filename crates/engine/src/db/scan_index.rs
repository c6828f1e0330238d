//! The scanner's view of the index: what is already known under a root, and the batched writes.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::photos::{month_key, naive_to_secs};
use crate::error::Result;
use crate::meta::PhotoMeta;

/// What the index holds for one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedFile {
    pub id: i64,
    pub size: i64,
    pub mtime_ns: i64,
    pub active: bool,
    /// BLAKE3 of the file, once the hash phase has seen it.
    pub hash: Option<[u8; 32]>,
    /// Its metadata should be read again even if the file is unchanged (set by a migration).
    pub reread: bool,
    /// Its sidecar's `(size, mtime_ns)` when last read or written.
    pub sidecar: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownError {
    pub size: i64,
    pub mtime_ns: i64,
    pub error: String,
}

/// Paths in `[lo, hi)` (byte order), i.e. everything under one root or folder; served by the unique
/// path index. `shallow` keeps only direct children of the folder `lo` names (`lo` ends in `/`).
pub fn load_photos(
    conn: &Connection,
    lo: &[u8],
    hi: &[u8],
    shallow: bool,
) -> Result<HashMap<Vec<u8>, IndexedFile>> {
    let mut stmt = conn.prepare_cached(
        "SELECT path, id, size, mtime_ns, state, content_hash, reread, x.sidecar_size, x.sidecar_mtime_ns \
         FROM photos LEFT JOIN xmp_state x ON x.photo_id = photos.id AND x.sidecar IS NOT NULL \
         WHERE path >= ?1 AND path < ?2 AND (?3 = 0 OR instr(substr(path, length(?1) + 1), '/') = 0)",
    )?;
    let rows = stmt.query_map(params![lo, hi, shallow], |row| {
        let hash: Option<Vec<u8>> = row.get(5)?;
        let file = IndexedFile {
            id: row.get(1)?,
            size: row.get(2)?,
            mtime_ns: row.get(3)?,
            active: row.get::<_, i64>(4)? == 0,
            hash: hash.and_then(|h| h.try_into().ok()),
            reread: row.get::<_, i64>(6)? != 0,
            sidecar: match (row.get::<_, Option<i64>>(7)?, row.get::<_, Option<i64>>(8)?) {
                (Some(size), Some(mtime)) => Some((size, mtime)),
                _ => None,
            },
        };
        Ok((row.get::<_, Vec<u8>>(0)?, file))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn load_errors(
    conn: &Connection,
    lo: &[u8],
    hi: &[u8],
) -> Result<HashMap<Vec<u8>, KnownError>> {
    let mut stmt = conn.prepare_cached(
        "SELECT path, size, mtime_ns, error FROM scan_errors WHERE path >= ?1 AND path < ?2",
    )?;
    let rows = stmt.query_map([lo, hi], |row| {
        Ok((
            row.get::<_, Vec<u8>>(0)?,
            KnownError {
                size: row.get(1)?,
                mtime_ns: row.get(2)?,
                error: row.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The location and file identity of a photo being written.
pub struct FileRow<'a> {
    pub root_id: i64,
    pub folder_id: i64,
    pub path: &'a [u8],
    pub size: i64,
    pub mtime_ns: i64,
}

/// Inserts a new photo, or refreshes the row at that path (same id). When the file changed (size or
/// mtime) `rev` bumps and the hash and placeholder reset; a re-read of an unchanged file keeps them,
/// and keeps the decode's damage note (its thumbnails, made from the damaged file, are kept too).
/// Returns the photo id.
pub fn upsert_photo(
    conn: &Connection,
    file: &FileRow<'_>,
    meta: &PhotoMeta,
    (title, description): (Option<&str>, Option<&str>),
) -> Result<i64> {
    // A new row's id is above every id the library ever handed out (PHOTO_ID_FLOOR remembers the
    // highest one a root removal deleted), so a cached `thumb://<id>/…` never names another photo.
    let mut stmt = conn.prepare_cached(
        "INSERT INTO photos(id, root_id, folder_id, path, size, mtime_ns, format, width, height, orientation, \
             taken_at, taken_month, taken_at_offset, taken_at_source, make, model, lens, focal_length, aperture, \
             exposure_time, iso, gps_lat, gps_lon, meta_warning, dated, state, indexed_at, title, description) \
         VALUES (max(coalesce((SELECT max(id) FROM photos), 0), \
                     coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'photos.id_floor'), 0)) + 1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, 0, unixepoch(), ?26, ?27) \
         ON CONFLICT(path) DO UPDATE SET root_id = excluded.root_id, folder_id = excluded.folder_id, size = excluded.size, \
             mtime_ns = excluded.mtime_ns, format = excluded.format, width = excluded.width, height = excluded.height, \
             orientation = excluded.orientation, taken_at = excluded.taken_at, taken_month = excluded.taken_month, \
             taken_at_offset = excluded.taken_at_offset, taken_at_source = excluded.taken_at_source, make = excluded.make, \
             model = excluded.model, lens = excluded.lens, focal_length = excluded.focal_length, aperture = excluded.aperture, \
             exposure_time = excluded.exposure_time, iso = excluded.iso, gps_lat = excluded.gps_lat, gps_lon = excluded.gps_lon, \
             meta_warning = iif(size = excluded.size AND mtime_ns = excluded.mtime_ns AND instr(coalesce(meta_warning, ''), ?25) > 0 \
                 AND instr(coalesce(excluded.meta_warning, ''), ?25) = 0, \
                 coalesce(excluded.meta_warning || '; ', '') || ?25, excluded.meta_warning), dated = excluded.dated, reread = 0, state = 0, indexed_at = excluded.indexed_at, \
             content_hash = iif(size = excluded.size AND mtime_ns = excluded.mtime_ns, content_hash, NULL), \
             placeholder = iif(size = excluded.size AND mtime_ns = excluded.mtime_ns, placeholder, NULL), \
             color = iif(size = excluded.size AND mtime_ns = excluded.mtime_ns, color, NULL), \
             rev = iif(size = excluded.size AND mtime_ns = excluded.mtime_ns, rev, rev + 1) \
         RETURNING id",
    )?;
    let (lat, lon) = meta.gps.unzip();
    let id = stmt.query_row(
        params![
            file.root_id,
            file.folder_id,
            file.path,
            file.size,
            file.mtime_ns,
            meta.format.as_str(),
            meta.width,
            meta.height,
            meta.orientation,
            naive_to_secs(meta.capture.taken_at),
            month_key(meta.capture.taken_at),
            meta.capture.offset,
            meta.capture.source.as_str(),
            meta.camera.make,
            meta.camera.model,
            meta.camera.lens,
            meta.exposure.focal_length,
            meta.exposure.aperture,
            meta.exposure.exposure_time,
            meta.exposure.iso,
            lat,
            lon,
            meta.warning,
            meta.capture.is_dated(),
            crate::thumbs::TRUNCATED,
            title,
            description,
        ],
        |row| row.get(0),
    )?;
    Ok(id)
}

/// A removed photo whose file is back unchanged becomes active again, keeping its id.
pub fn reactivate(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE photos SET state = 0 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// A photo whose file moved (same bytes, new path): the row follows it, keeping its id, metadata
/// and `rev` (variants are content-addressed, so they stay valid).
pub fn move_photo(
    conn: &Connection,
    id: i64,
    file: &FileRow<'_>,
    hash: Option<&[u8; 32]>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE photos SET root_id = ?2, folder_id = ?3, path = ?4, size = ?5, mtime_ns = ?6, state = 0, \
             content_hash = coalesce(?7, content_hash) WHERE id = ?1",
    )?
    .execute(params![
        id,
        file.root_id,
        file.folder_id,
        file.path,
        file.size,
        file.mtime_ns,
        hash.map(|h| &h[..])
    ])?;
    Ok(())
}

/// Stores the hash the scanner computed while looking for a moved file.
pub fn set_hash_by_path(conn: &Connection, path: &[u8], hash: &[u8; 32]) -> Result<()> {
    conn.prepare_cached("UPDATE photos SET content_hash = ?1 WHERE path = ?2")?
        .execute(params![&hash[..], path])?;
    Ok(())
}

pub fn mark_removed(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE photos SET state = 1 WHERE id = ?1 AND state = 0")?
        .execute([id])?;
    Ok(())
}

/// Records why a file is not usable. A photo that was at that path leaves the timeline.
pub fn record_error(conn: &Connection, file: &FileRow<'_>, error: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO scan_errors(path, root_id, size, mtime_ns, error, at) VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
    )?
    .execute(params![file.path, file.root_id, file.size, file.mtime_ns, error])?;
    conn.prepare_cached("UPDATE photos SET state = 1 WHERE path = ?1 AND state = 0")?
        .execute([file.path])?;
    Ok(())
}

pub fn delete_error(conn: &Connection, path: &[u8]) -> Result<()> {
    conn.prepare_cached("DELETE FROM scan_errors WHERE path = ?1")?
        .execute([path])?;
    Ok(())
}

/// A photo still waiting for its content hash.
pub struct Unhashed {
    pub id: i64,
    pub path: Vec<u8>,
    pub size: i64,
    pub mtime_ns: i64,
}

/// How many active photos have no content hash yet.
pub fn unhashed_count(conn: &Connection) -> Result<u64> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM photos WHERE content_hash IS NULL AND state = 0",
        [],
        |r| r.get(0),
    )?;
    Ok(count as u64)
}

pub fn unhashed(conn: &Connection, after_id: i64, limit: i64) -> Result<Vec<Unhashed>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, path, size, mtime_ns FROM photos WHERE content_hash IS NULL AND state = 0 AND id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map([after_id, limit], |row| {
        Ok(Unhashed {
            id: row.get(0)?,
            path: row.get(1)?,
            size: row.get(2)?,
            mtime_ns: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores a hash only if the row still describes the file that was hashed.
pub fn set_hash(conn: &Connection, file: &Unhashed, hash: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "UPDATE photos SET content_hash = ?1 WHERE id = ?2 AND size = ?3 AND mtime_ns = ?4",
    )?
    .execute(params![hash, file.id, file.size, file.mtime_ns])?;
    Ok(())
}
