//! Opening the library file: pragmas (WAL, synchronous=NORMAL, foreign keys, busy timeout) and
//! migrations. A connection says what it may do: [`open_writer`] migrates and writes, [`open_reader`]
//! is read-only (SQLite refuses its writes), [`open_side_writer`] is a second writer for a component
//! that keeps its own rows (the thumbnailer's results, the sync ledger).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::migrate;
use crate::error::{Error, Result};

/// Opens (creating if needed) the library at `path` for writing and brings its schema up to date.
pub fn open_writer(path: &Path) -> Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Check the version before any pragma that writes (journal_mode=WAL rewrites the header).
    migrate::refuse_newer(&conn, path)?;
    apply_pragmas(&conn)?;
    migrate::migrate_to(&mut conn, migrate::LATEST)?;
    Ok(conn)
}

/// Opens a read-only connection to an already-migrated library (opened by [`open_writer`] first), for
/// reads alongside the writer: any statement that would write fails.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_read_pragmas(&conn)?;
    Ok(conn)
}

/// Opens another read-write connection to an already-migrated library, for a component that writes
/// rows of its own while the main writer may be busy with a scan (WAL serialises the commits).
pub fn open_side_writer(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_pragmas(&conn)?;
    Ok(conn)
}

fn apply_pragmas(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    apply_read_pragmas(conn)
}

/// The pragmas that change nothing in the file: every connection sets them.
fn apply_read_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -65_536)?; // 64 MiB page cache
    conn.pragma_update(None, "mmap_size", 268_435_456)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}
