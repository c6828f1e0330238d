//! Roots (what the user added) and folders (every directory that holds or leads to photos).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::{Folder, Root};
use crate::paths;

/// Adds a root if it is new; returns its id either way.
pub fn add_root(conn: &Connection, path: &[u8], is_file: bool) -> Result<i64> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO roots(path, is_file, added_at) VALUES (?1, ?2, unixepoch())",
    )?
    .execute(params![path, is_file])?;
    Ok(conn
        .prepare_cached("SELECT id FROM roots WHERE path = ?1")?
        .query_row([path], |r| r.get(0))?)
}

pub fn roots(conn: &Connection) -> Result<Vec<Root>> {
    let mut stmt = conn.prepare_cached("SELECT id, path, is_file FROM roots ORDER BY id")?;
    let rows = stmt.query_map([], |row| {
        let path: Vec<u8> = row.get(1)?;
        Ok(Root {
            id: row.get(0)?,
            path: paths::from_bytes(&path),
            is_file: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn folder_id(conn: &Connection, path: &[u8]) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM folders WHERE path = ?1")?
        .query_row([path], |r| r.get(0))
        .optional()?)
}

/// Inserts the folder if needed and returns its id.
pub fn ensure_folder(
    conn: &Connection,
    root_id: i64,
    path: &[u8],
    parent_id: Option<i64>,
) -> Result<i64> {
    if let Some(id) = folder_id(conn, path)? {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO folders(root_id, parent_id, path) VALUES (?1, ?2, ?3)")?
        .execute(params![root_id, parent_id, path])?;
    Ok(conn.last_insert_rowid())
}

/// Every folder with its count of active photos, in path order.
pub fn folders(conn: &Connection) -> Result<Vec<Folder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.root_id, f.parent_id, f.path, \
                (SELECT count(*) FROM photos p WHERE p.folder_id = f.id AND p.state = 0) \
         FROM folders f ORDER BY f.path",
    )?;
    let rows = stmt.query_map([], |row| {
        let path: Vec<u8> = row.get(3)?;
        Ok(Folder {
            id: row.get(0)?,
            root_id: row.get(1)?,
            parent_id: row.get(2)?,
            path: paths::from_bytes(&path),
            count: row.get::<_, i64>(4)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes folder rows that hold no photo (in any state) and lead to no folder: what a folder move
/// leaves behind. Returns how many went.
pub fn prune_empty_folders(conn: &Connection) -> Result<u64> {
    let mut total = 0;
    loop {
        let n = conn
            .prepare_cached(
                "DELETE FROM folders WHERE id NOT IN (SELECT DISTINCT folder_id FROM photos) \
                 AND id NOT IN (SELECT parent_id FROM folders WHERE parent_id IS NOT NULL)",
            )?
            .execute([])?;
        if n == 0 {
            return Ok(total);
        }
        total += n as u64;
    }
}
