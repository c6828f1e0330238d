//! Marks' SQL (`photo_marks`, one narrow row per marked photo): set a field on the selection
//! (`temp.sel`), recording each photo's old value in the step, and put a step's values back (undo)
//! or forward (redo) in one statement per field.

use rusqlite::{params, Connection};

use super::history::{self, Direction};
use crate::error::Result;
use crate::organize::marks::MarkField;

/// Sets each `(field, value)` on the selected photos whose value differs; the photos changed.
pub(crate) fn set(conn: &Connection, step: i64, fields: &[(MarkField, i64)]) -> Result<u64> {
    for (field, value) in fields {
        let column = field.column();
        conn.execute(
            &format!(
                "INSERT INTO history_marks(step, photo_id, field, old, new) \
                 SELECT ?1, s.id, ?2, coalesce(k.{column}, 0), ?3 FROM temp.sel s \
                 LEFT JOIN photo_marks k ON k.photo_id = s.id WHERE coalesce(k.{column}, 0) <> ?3"
            ),
            params![step, *field as i64, value],
        )?;
        conn.execute(
            &format!(
                "INSERT INTO photo_marks(photo_id, {column}, dated, taken_at, active) \
                 SELECT p.id, ?3, p.dated, p.taken_at, p.state = 0 FROM history_marks h \
                 JOIN photos p ON p.id = h.photo_id WHERE h.step = ?1 AND h.field = ?2 \
                 ON CONFLICT(photo_id) DO UPDATE SET {column} = excluded.{column}"
            ),
            params![step, *field as i64, value],
        )?;
    }
    Ok(conn
        .prepare_cached("SELECT count(DISTINCT photo_id) FROM history_marks WHERE step = ?1")?
        .query_row([step], |r| r.get::<_, i64>(0))? as u64)
}

/// A step's marks back to their old values (undo) or on to their new ones (redo).
pub(crate) fn apply(conn: &Connection, step: i64, direction: Direction) -> Result<u64> {
    let fields = MarkField::ALL.map(|f| (f as i64, f.column()));
    history::put_fields(
        conn,
        step,
        direction,
        ("history_marks", "photo_marks", "photo_id"),
        fields,
    )
}
