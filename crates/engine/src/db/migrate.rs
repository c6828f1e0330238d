//! The migration runner: `migrations/NNNN_name.sql`, embedded at compile time, applied in order.
//!
//! The schema version is SQLite's `user_version`. A library whose version is newer than this build
//! knows is refused before anything is written to it.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Every migration, in order. Released entries are never edited: add a new file instead.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial",
        include_str!("../../../../migrations/0001_initial.sql"),
    ),
    (
        "0002_gallery_indexes",
        include_str!("../../../../migrations/0002_gallery_indexes.sql"),
    ),
    (
        "0003_thumb_failures",
        include_str!("../../../../migrations/0003_thumb_failures.sql"),
    ),
    (
        "0004_sync",
        include_str!("../../../../migrations/0004_sync.sql"),
    ),
    (
        "0005_undated",
        include_str!("../../../../migrations/0005_undated.sql"),
    ),
    (
        "0006_reread_metadata",
        include_str!("../../../../migrations/0006_reread_metadata.sql"),
    ),
    (
        "0007_organize",
        include_str!("../../../../migrations/0007_organize.sql"),
    ),
    (
        "0009_find",
        include_str!("../../../../migrations/0009_find.sql"),
    ),
    (
        "0010_text_index",
        include_str!("../../../../migrations/0010_text_index.sql"),
    ),
    (
        "0011_duplicates",
        include_str!("../../../../migrations/0011_duplicates.sql"),
    ),
    (
        "0012_xmp",
        include_str!("../../../../migrations/0012_xmp.sql"),
    ),
    (
        "0013_captions",
        include_str!("../../../../migrations/0013_captions.sql"),
    ),
    (
        "0014_scan_batch",
        include_str!("../../../../migrations/0014_scan_batch.sql"),
    ),
    (
        "0015_centre_hash",
        include_str!("../../../../migrations/0015_centre_hash.sql"),
    ),
    (
        "0016_scan_tag_counts",
        include_str!("../../../../migrations/0016_scan_tag_counts.sql"),
    ),
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Fails with [`Error::NewerSchema`] when the file was written by a newer build. Reads only.
pub fn refuse_newer(conn: &Connection, path: &Path) -> Result<()> {
    let found = schema_version(conn)?;
    if found > LATEST {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: LATEST,
        });
    }
    Ok(())
}

/// Applies every migration after the current version up to `target`, each in its own transaction.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = schema_version(conn)?;
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= current || version > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
