//! Library-wide counts for `shoebox stats` and the diagnostics panel.

use rusqlite::Connection;

use crate::error::Result;
use crate::model::Stats;

pub fn stats(conn: &Connection) -> Result<Stats> {
    let count = |sql: &str| -> Result<u64> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([], |r| r.get::<_, i64>(0))? as u64)
    };
    Ok(Stats {
        photos: count("SELECT count(*) FROM photos WHERE state = 0")?,
        removed: count("SELECT count(*) FROM photos WHERE state = 1")?,
        roots: count("SELECT count(*) FROM roots")?,
        folders: count("SELECT count(*) FROM folders")?,
        failed: count("SELECT count(*) FROM scan_errors")?,
        hashed: count("SELECT count(*) FROM photos WHERE state = 0 AND content_hash IS NOT NULL")?,
        photo_bytes: count("SELECT coalesce(sum(size), 0) FROM photos WHERE state = 0")?,
        library_bytes: 0,
        schema_version: super::migrate::schema_version(conn)?,
    })
}
