//! The text index kept once a batch (migration 0014): a writer of many photos opens deferral in
//! its transaction, the triggers only note the photos whose text changed, and [`flush`] indexes
//! them in a few set statements before the commit (FTS5 writes an index segment at every statement
//! savepoint, so a row at a time was a segment a photo). Photos are never deleted while deferred.

use rusqlite::Connection;

use crate::error::Result;

/// From here until [`flush`], in this transaction, photos' text is noted instead of indexed.
pub(crate) fn defer(conn: &Connection) -> Result<()> {
    conn.prepare_cached("INSERT INTO text_deferring(id) VALUES (1) ON CONFLICT(id) DO NOTHING")?
        .execute([])?;
    Ok(())
}

/// Indexes every noted photo (its old text out first when it had some) and ends deferral.
pub(crate) fn flush(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM photo_words WHERE rowid IN (SELECT id FROM text_pending WHERE indexed = 1);
         DELETE FROM photo_grams WHERE rowid IN (SELECT id FROM text_pending WHERE indexed = 1);
         INSERT INTO photo_words(rowid, body)
             SELECT t.id, t.body FROM text_pending q JOIN photo_text t ON t.id = q.id;
         INSERT INTO photo_grams(rowid, body)
             SELECT t.id, t.body FROM text_pending q JOIN photo_text t ON t.id = q.id;
         DELETE FROM text_pending;
         DELETE FROM text_deferring;",
    )?;
    Ok(())
}
