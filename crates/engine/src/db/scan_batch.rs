//! What a scan batch defers to its end (migration 0014): the writer [`begin`]s in its transaction
//! (the row of `scan_writing`), the text triggers only note the photos whose text changed and the
//! XMP triggers leave `xmp_pending` to the writer's own settling; [`finish`] indexes the noted
//! photos in a few set statements before the commit (FTS5 writes an index segment at every
//! statement savepoint, so a row at a time was a segment a photo). Photos are never deleted in a
//! batch.

use rusqlite::Connection;

use crate::error::Result;

/// From here until [`finish`], in this transaction, the scan's batch upkeep is deferred.
pub(crate) fn begin(conn: &Connection) -> Result<()> {
    conn.prepare_cached("INSERT INTO scan_writing(id) VALUES (1) ON CONFLICT(id) DO NOTHING")?
        .execute([])?;
    Ok(())
}

/// Indexes every noted photo (its old text out first when it had some) and ends the batch.
pub(crate) fn finish(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM photo_words WHERE rowid IN (SELECT id FROM text_pending WHERE indexed = 1);
         DELETE FROM photo_grams WHERE rowid IN (SELECT id FROM text_pending WHERE indexed = 1);
         INSERT INTO photo_words(rowid, body)
             SELECT t.id, t.body FROM text_pending q JOIN photo_text t ON t.id = q.id;
         INSERT INTO photo_grams(rowid, body)
             SELECT t.id, t.body FROM text_pending q JOIN photo_text t ON t.id = q.id;
         DELETE FROM text_pending;
         DELETE FROM scan_writing;",
    )?;
    Ok(())
}
