//! Captions' SQL (`photos.title`, `photos.description`): set a field on the selection
//! (`temp.sel`), recording each photo's old value in the step, and put a step's values back (undo)
//! or forward (redo) in one statement per field. The XMP and text-index triggers follow the
//! column changes.

use rusqlite::{params, Connection, OptionalExtension};

use super::history::{self, Direction};
use crate::error::{Error, Result};
use crate::model::PhotoId;
use crate::organize::captions::{Caption, CaptionField};

/// Photo `id`'s title and description.
pub(crate) fn of(conn: &Connection, id: PhotoId) -> Result<Caption> {
    conn.prepare_cached("SELECT title, description FROM photos WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Caption {
                title: r.get(0)?,
                description: r.get(1)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::PhotoNotFound(id.to_string()))
}

/// Sets each `(field, value)` on the selected photos whose value differs; the photos changed.
pub(crate) fn set(
    conn: &Connection,
    step: i64,
    fields: &[(CaptionField, Option<String>)],
) -> Result<u64> {
    for (field, value) in fields {
        let column = field.column();
        conn.execute(
            &format!(
                "INSERT INTO history_captions(step, photo_id, field, old, new) \
                 SELECT ?1, p.id, ?2, p.{column}, ?3 FROM temp.sel s \
                 JOIN photos p ON p.id = s.id WHERE p.{column} IS NOT ?3"
            ),
            params![step, *field as i64, value],
        )?;
        conn.execute(
            &format!(
                "UPDATE photos SET {column} = h.new FROM history_captions h \
                 WHERE h.step = ?1 AND h.field = ?2 AND photos.id = h.photo_id"
            ),
            params![step, *field as i64],
        )?;
    }
    Ok(conn
        .prepare_cached("SELECT count(DISTINCT photo_id) FROM history_captions WHERE step = ?1")?
        .query_row([step], |r| r.get::<_, i64>(0))? as u64)
}

/// A step's captions back to their old values (undo) or on to their new ones (redo).
pub(crate) fn apply(conn: &Connection, step: i64, direction: Direction) -> Result<u64> {
    let fields = CaptionField::ALL.map(|f| (f as i64, f.column()));
    history::put_fields(
        conn,
        step,
        direction,
        ("history_captions", "photos", "id"),
        fields,
    )
}
