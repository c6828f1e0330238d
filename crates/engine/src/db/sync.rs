//! SQL of the backup ledger: remotes, verified objects, unfinished multipart uploads and their parts.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// What a remote is known to hold: key → (size, etag).
pub type Ledger = HashMap<String, (u64, String)>;

/// A multipart upload that was begun and not completed.
#[derive(Debug, Clone)]
pub struct OpenUpload {
    pub id: i64,
    pub key: String,
    pub upload_id: String,
    pub size: u64,
    pub part_size: u64,
}

/// One original the library could send: its hash, an active path holding those bytes, its size.
#[derive(Debug, Clone)]
pub struct Original {
    pub hash: [u8; 32],
    pub path: Vec<u8>,
    pub format: String,
    pub size: u64,
}

/// One manifest entry: an active photo and the hash of its bytes.
#[derive(Debug, Clone)]
pub struct ManifestRow {
    pub id: i64,
    pub path: Vec<u8>,
    pub size: u64,
    pub taken_at: i64,
    pub hash: [u8; 32],
}

pub fn remote_id(conn: &Connection, url: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO sync_remotes (url) VALUES (?1) ON CONFLICT(url) DO NOTHING",
        [url],
    )?;
    Ok(
        conn.query_row("SELECT id FROM sync_remotes WHERE url = ?1", [url], |r| {
            r.get(0)
        })?,
    )
}

/// The remote's id when a sync to it ever ran (reads only).
pub fn find_remote_id(conn: &Connection, url: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM sync_remotes WHERE url = ?1", [url], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn ledger(conn: &Connection, remote: i64) -> Result<Ledger> {
    let mut stmt = conn.prepare("SELECT key, size, etag FROM sync_objects WHERE remote_id = ?1")?;
    let rows = stmt.query_map([remote], ledger_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One ledger row (`key, size, etag`) as its map entry.
fn ledger_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, (u64, String))> {
    Ok((
        r.get::<_, String>(0)?,
        (r.get::<_, i64>(1)? as u64, r.get(2)?),
    ))
}

/// The part of the ledger of `remote` whose keys start with `prefix` (a primary-key range).
pub fn ledger_under(conn: &Connection, remote: i64, prefix: &str) -> Result<Ledger> {
    let mut stmt = conn.prepare_cached(LEDGER_RANGE)?;
    let rows = stmt.query_map(params![remote, prefix, prefix_end(prefix)], ledger_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_object(
    conn: &Connection,
    remote: i64,
    key: &str,
    size: u64,
    etag: &str,
    verified: &str,
    now: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_objects (remote_id, key, size, etag, verified, uploaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(remote_id, key) DO UPDATE SET size = ?3, etag = ?4, verified = ?5, uploaded_at = ?6",
        params![remote, key, size as i64, etag, verified, now],
    )?;
    Ok(())
}

pub fn forget_object(conn: &Connection, remote: i64, key: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_objects WHERE remote_id = ?1 AND key = ?2",
        params![remote, key],
    )?;
    Ok(())
}

pub fn open_uploads(conn: &Connection, remote: i64) -> Result<Vec<OpenUpload>> {
    let mut stmt = conn.prepare(
        "SELECT id, key, upload_id, size, part_size FROM sync_uploads WHERE remote_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([remote], |r| {
        Ok(OpenUpload {
            id: r.get(0)?,
            key: r.get(1)?,
            upload_id: r.get(2)?,
            size: r.get::<_, i64>(3)? as u64,
            part_size: r.get::<_, i64>(4)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn begin_upload(
    conn: &Connection,
    remote: i64,
    key: &str,
    upload_id: &str,
    size: u64,
    part_size: u64,
    now: i64,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO sync_uploads (remote_id, key, upload_id, size, part_size, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![remote, key, upload_id, size as i64, part_size as i64, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes an upload row and its parts (after completion or abort).
pub fn end_upload(conn: &Connection, upload: i64) -> Result<()> {
    conn.execute("DELETE FROM sync_parts WHERE upload_id = ?1", [upload])?;
    conn.execute("DELETE FROM sync_uploads WHERE id = ?1", [upload])?;
    Ok(())
}

/// Acknowledged parts of an upload: part number → (etag, size).
pub fn parts(conn: &Connection, upload: i64) -> Result<HashMap<u32, (String, u64)>> {
    let mut stmt =
        conn.prepare("SELECT part_number, etag, size FROM sync_parts WHERE upload_id = ?1")?;
    let rows = stmt.query_map([upload], |r| {
        Ok((r.get::<_, u32>(0)?, (r.get(1)?, r.get::<_, i64>(2)? as u64)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_part(
    conn: &Connection,
    upload: i64,
    part_number: u32,
    etag: &str,
    size: u64,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO sync_parts (upload_id, part_number, etag, size) VALUES (?1, ?2, ?3, ?4)",
        params![upload, part_number, etag, size as i64],
    )?;
    Ok(())
}

/// The active library's distinct contents against what one remote holds: see [`against_ledger`].
#[derive(Debug, Default)]
pub struct AgainstLedger {
    /// The contents the remote does not hold, each with its first photo's path, in id order.
    pub unsent: Vec<Original>,
    /// How many contents the remote holds.
    pub held: u64,
    /// Every distinct content, in the order of its first photo.
    pub hashes: Vec<[u8; 32]>,
}

/// The active photos in id order (the table's own order: no sort, and `+` keeps SQLite off the
/// hash index, whose order would cost a table lookup a photo).
const ACTIVE_CONTENTS: &str = "
    SELECT p.id, p.content_hash, p.format, p.size FROM photos p
    WHERE p.state = 0 AND +p.content_hash IS NOT NULL
    ORDER BY p.id";

/// The ledger's objects whose keys lie in a range (a primary-key range scan).
const LEDGER_RANGE: &str =
    "SELECT key, size, etag FROM sync_objects WHERE remote_id = ?1 AND key >= ?2 AND key < ?3";

/// Measures every distinct content of the active library (its photo with the smallest id names
/// it) against the ledger of `remote` (`None`: a remote with no ledger yet): a content is held when
/// the ledger lists `originals_prefix` + its hex hash + `.` + `extension(format of its first
/// photo)` at its size. Two sequential scans (the photos in id order, the ledger's originals in key
/// order) and a hash join; only unsent contents have their path read. At 500,000 photos a probe of
/// the ledger per photo took 1–3 s (random pages), and loading both whole with every path and key
/// as strings took 8 s.
pub fn against_ledger(
    conn: &Connection,
    remote: Option<i64>,
    originals_prefix: &str,
    extension: impl Fn(&str) -> String,
) -> Result<AgainstLedger> {
    let sql = rusqlite::Error::from;
    // The few extensions there are, each stored once: (hash, its index here) -> size held.
    let mut exts: Vec<String> = Vec::new();
    let mut held: HashMap<([u8; 32], usize), u64> = HashMap::new();
    if let Some(remote) = remote {
        let mut stmt = conn.prepare_cached(LEDGER_RANGE)?;
        let end = prefix_end(originals_prefix);
        let mut rows = stmt.query(params![remote, originals_prefix, end])?;
        while let Some(row) = rows.next()? {
            let name = &row.get_ref(0)?.as_str().map_err(sql)?[originals_prefix.len()..];
            let hash = name.get(..64).and_then(crate::cache::parse_hex32);
            let ext = name.get(64..).and_then(|rest| rest.strip_prefix('.'));
            if let (Some(hash), Some(ext)) = (hash, ext) {
                let index = match exts.iter().position(|e| e == ext) {
                    Some(index) => index,
                    None => {
                        exts.push(ext.to_string());
                        exts.len() - 1
                    }
                };
                held.insert((hash, index), row.get::<_, i64>(1)? as u64);
            }
        }
    }
    // Each format met, with the index of its extension among the ledger's (None: none holds it).
    let mut formats: Vec<(String, Option<usize>)> = Vec::new();
    let mut seen: HashSet<[u8; 32]> = HashSet::with_capacity(held.len());
    let mut out = AgainstLedger::default();
    let mut unsent_ids = Vec::new();
    let mut stmt = conn.prepare_cached(ACTIVE_CONTENTS)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let Ok(hash) = <[u8; 32]>::try_from(row.get_ref(1)?.as_blob().map_err(sql)?) else {
            continue;
        };
        if !seen.insert(hash) {
            continue; // a duplicate of a content whose first photo was measured already
        }
        out.hashes.push(hash);
        let format = row.get_ref(2)?.as_str().map_err(sql)?;
        let size = row.get::<_, i64>(3)? as u64;
        let ext = match formats.iter().find(|(f, _)| f == format) {
            Some((_, ext)) => *ext,
            None => {
                let wanted = extension(format);
                let ext = exts.iter().position(|e| *e == wanted);
                formats.push((format.to_string(), ext));
                ext
            }
        };
        if ext.is_some_and(|ext| held.get(&(hash, ext)) == Some(&size)) {
            out.held += 1;
        } else {
            unsent_ids.push(row.get::<_, i64>(0)?);
            out.unsent.push(Original {
                hash,
                path: Vec::new(),
                format: format.to_string(),
                size,
            });
        }
    }
    let mut path_of = conn.prepare_cached("SELECT path FROM photos WHERE id = ?1")?;
    for (original, id) in out.unsent.iter_mut().zip(unsent_ids) {
        original.path = path_of.query_row([id], |r| r.get(0))?;
    }
    Ok(out)
}

/// The first string after every string that starts with `prefix` (which ends in '/' here).
fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.to_string();
    match end.pop() {
        Some(last) => end.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX)),
        None => end.push(char::MAX),
    }
    end
}

/// Every distinct content of the active library, one readable path each, smallest id first.
pub fn originals(conn: &Connection) -> Result<Vec<Original>> {
    let mut stmt = conn.prepare(
        // With min(), SQLite takes the bare columns from the row holding the minimum.
        "SELECT content_hash, path, format, size, min(id) AS first FROM photos
         WHERE state = 0 AND content_hash IS NOT NULL
         GROUP BY content_hash ORDER BY first",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get::<_, i64>(3)? as u64,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (hash, path, format, size) = row?;
        if let Ok(hash) = <[u8; 32]>::try_from(hash.as_slice()) {
            out.push(Original {
                hash,
                path,
                format,
                size,
            });
        }
    }
    Ok(out)
}

/// Every active, hashed photo, by path: what the manifest lists.
pub fn manifest_rows(conn: &Connection) -> Result<Vec<ManifestRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, path, size, taken_at, content_hash FROM photos
         WHERE state = 0 AND content_hash IS NOT NULL ORDER BY path",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, i64>(2)? as u64,
            r.get::<_, i64>(3)?,
            r.get::<_, Vec<u8>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, path, size, taken_at, hash) = row?;
        if let Ok(hash) = <[u8; 32]>::try_from(hash.as_slice()) {
            out.push(ManifestRow {
                id,
                path,
                size,
                taken_at,
                hash,
            });
        }
    }
    Ok(out)
}

/// Records every hashed photo's original as held by the remote (benchmarks over synthetic rows,
/// whose files do not exist: the sync then plans nothing and measures the library's data alone).
#[cfg(feature = "bench")]
pub fn pretend_uploaded(conn: &Connection, remote: i64, key_prefix: &str) -> Result<u64> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO sync_objects (remote_id, key, size, etag, verified, uploaded_at)
         SELECT ?1, ?2 || 'originals/' || lower(hex(content_hash)) || '.jpg', size, 'bench', 'listed', 0
         FROM photos WHERE state = 0 AND content_hash IS NOT NULL",
        params![remote, key_prefix],
    )? as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_scans_are_sequential() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::connection::open_writer(&dir.path().join("library.db")).unwrap();
        let plan = |sql: &str| {
            crate::db::photos::query_plan(&conn, sql)
                .unwrap()
                .join(" | ")
        };
        assert_eq!(plan(ACTIVE_CONTENTS), "SCAN p");
        assert_eq!(
            plan(LEDGER_RANGE),
            "SEARCH sync_objects USING PRIMARY KEY (remote_id=? AND key>? AND key<?)"
        );
        assert_eq!(prefix_end("p/originals/"), "p/originals0");
    }
}
