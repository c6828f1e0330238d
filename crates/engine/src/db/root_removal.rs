//! Removing a root from the library: its photos, folders and scan failures are deleted in one
//! transaction (their files are never touched). Rows are deleted rather than marked removed, so
//! adding the folder again indexes it afresh, with new photo ids (never reused: the highest deleted id
//! is kept as a floor): an explicit removal is not a vanished file that may come back.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// What the removal deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    /// Active photos (those the timeline showed).
    pub photos: u64,
    pub folders: u64,
}

/// Deletes root `root_id` and what belongs to it; `None` when there is no such root. Folder rows of
/// this root that other roots' photos still use (nested roots) are handed to those roots, so the
/// other roots keep their folder tree.
pub fn remove_root(conn: &mut Connection, root_id: i64) -> Result<Option<Removed>> {
    let tx = conn.transaction()?;
    let exists = tx
        .prepare_cached("SELECT 1 FROM roots WHERE id = ?1")?
        .query_row([root_id], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        return Ok(None);
    }
    let photos: i64 = tx
        .prepare_cached("SELECT count(*) FROM photos WHERE root_id = ?1 AND state = 0")?
        .query_row([root_id], |r| r.get(0))?;
    // New photos get ids above every deleted one (see `scan_index::upsert_photo`): a photo id is never
    // reused, so nothing cached under an id (the webview's `thumb://` responses) can show another photo.
    tx.prepare_cached(
        "INSERT INTO settings(key, value) SELECT 'photos.id_floor', max(id) FROM photos WHERE root_id = ?1 \
             HAVING max(id) IS NOT NULL \
         ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
    )?
    .execute([root_id])?;
    // Thumbnail failures go with their photos (ON DELETE CASCADE).
    tx.prepare_cached("DELETE FROM photos WHERE root_id = ?1")?
        .execute([root_id])?;
    tx.prepare_cached("DELETE FROM scan_errors WHERE root_id = ?1")?
        .execute([root_id])?;
    // Bottom-up: a folder that holds another root's photo, or leads to another root's folder,
    // becomes that root's, until no more change hands.
    let mut handover = tx.prepare_cached(
        "UPDATE folders SET root_id = coalesce( \
             (SELECT p.root_id FROM photos p WHERE p.folder_id = folders.id LIMIT 1), \
             (SELECT c.root_id FROM folders c WHERE c.parent_id = folders.id AND c.root_id <> ?1 LIMIT 1)) \
         WHERE root_id = ?1 AND (EXISTS (SELECT 1 FROM photos p WHERE p.folder_id = folders.id) \
             OR EXISTS (SELECT 1 FROM folders c WHERE c.parent_id = folders.id AND c.root_id <> ?1))",
    )?;
    while handover.execute([root_id])? > 0 {}
    drop(handover);
    let folders = tx
        .prepare_cached("DELETE FROM folders WHERE root_id = ?1")?
        .execute([root_id])?;
    tx.prepare_cached("DELETE FROM roots WHERE id = ?1")?
        .execute([root_id])?;
    tx.commit()?;
    Ok(Some(Removed {
        photos: photos as u64,
        folders: folders as u64,
    }))
}
