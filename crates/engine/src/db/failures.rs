//! Every recorded failure in one place: files the scanner could not index (`scan_errors`) and
//! photos the thumbnailer could not decode (`thumb_failures`), plus the per-photo lookups a tile or
//! the viewer uses to say why a photo has no thumbnail.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::facade::{Failure, FailureStage};
use crate::model::PhotoId;
use crate::paths;

/// Scan failures, by path. The photo id is there when an active photo has that path (a file indexed
/// earlier that became unreadable keeps its row until the scan marks it removed).
const SCAN_FAILURES: &str = "SELECT s.path, s.error, s.at, p.id FROM scan_errors s \
     LEFT JOIN photos p ON p.path = s.path AND p.state = 0 ORDER BY s.path";

/// Decode failures that still hold: the photo is active and unchanged since (same `rev`).
const DECODE_FAILURES: &str = "SELECT p.path, f.error, f.at, p.id FROM thumb_failures f \
     JOIN photos p ON p.id = f.photo_id WHERE p.state = 0 AND f.rev = p.rev ORDER BY p.id";

/// The decode failure of one photo, if it still holds.
const FAILURE_OF: &str = "SELECT f.error FROM thumb_failures f JOIN photos p ON p.id = f.photo_id \
     WHERE f.photo_id = ?1 AND p.state = 0 AND f.rev = p.rev";

/// The decode failures among a list of ids (a JSON array, so one cached statement serves any count).
const FAILED_AMONG: &str = "SELECT f.photo_id, f.error FROM json_each(?1) j \
     JOIN thumb_failures f ON f.photo_id = j.value JOIN photos p ON p.id = f.photo_id \
     WHERE p.state = 0 AND f.rev = p.rev";

fn failure(stage: FailureStage) -> impl Fn(&Row<'_>) -> rusqlite::Result<Failure> {
    move |r| {
        let path: Vec<u8> = r.get(0)?;
        Ok(Failure {
            stage,
            path: paths::from_bytes(&path),
            reason: r.get(1)?,
            at: r.get(2)?,
            photo_id: r.get(3)?,
        })
    }
}

/// Every known failure: scan failures by path, then decode failures by photo id.
pub fn all(conn: &Connection) -> Result<Vec<Failure>> {
    let mut out: Vec<Failure> = conn
        .prepare_cached(SCAN_FAILURES)?
        .query_map([], failure(FailureStage::Scan))?
        .collect::<rusqlite::Result<_>>()?;
    let decode: Vec<Failure> = conn
        .prepare_cached(DECODE_FAILURES)?
        .query_map([], failure(FailureStage::Decode))?
        .collect::<rusqlite::Result<_>>()?;
    out.extend(decode);
    Ok(out)
}

/// Why photo `id` has no thumbnail, if it has a failure that still holds (one primary-key lookup).
pub fn reason(conn: &Connection, id: PhotoId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(FAILURE_OF)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The photos among `ids` whose thumbnails failed, with the reason (one lookup per id by primary key).
pub fn failed_ids(conn: &Connection, ids: &[PhotoId]) -> Result<HashMap<PhotoId, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows = conn
        .prepare_cached(FAILED_AMONG)?
        .query_map([format!("[{list}]")], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The per-photo lookups, by name, for query-plan checks (each must search, never scan, failures).
#[cfg(test)]
fn lookup_queries() -> Vec<(&'static str, &'static str)> {
    vec![
        ("failure of photo", FAILURE_OF),
        ("failed among", FAILED_AMONG),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_photo_lookups_search_by_primary_key_and_never_scan() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::connection::open_writer(&dir.path().join("library.db")).unwrap();
        for (name, sql) in lookup_queries() {
            let plan = super::super::photos::query_plan(&conn, sql)
                .unwrap()
                .join(" | ");
            assert!(
                plan.contains("SEARCH f USING INTEGER PRIMARY KEY"),
                "{name}: {plan}"
            );
            assert!(
                plan.contains("SEARCH p USING INTEGER PRIMARY KEY"),
                "{name}: {plan}"
            );
            assert!(
                !plan.contains("SCAN f") && !plan.contains("SCAN p"),
                "{name}: {plan}"
            );
        }
    }
}
