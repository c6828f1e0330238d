//! SQL of the library snapshot that travels with a backup: a page-for-page copy of the library made
//! with SQLite's online backup from a read-only connection (a consistent view, WAL included, never
//! the live file's bytes), then blanked of what belongs to this machine only.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// The rows a snapshot leaves out: the backup ledger (what *this* machine sent where), the undo
/// history (steps over this library's photo ids) and the record of the last backup. Credentials are
/// never in the library at all.
const BLANK: &str = "
    DELETE FROM sync_parts;
    DELETE FROM sync_uploads;
    DELETE FROM sync_objects;
    DELETE FROM sync_remotes;
    DELETE FROM history_marks;
    DELETE FROM history_captions;
    DELETE FROM history_members;
    DELETE FROM history_objects;
    DELETE FROM history;
    DELETE FROM settings WHERE key = 'backup.last';
";

/// Copies the library at `library` into the new file `dest` and blanks the machine-local rows with
/// `secure_delete`, so their pages are zeros (which compress to nothing and are the same every
/// time). Pages keep their numbers, so a small change to the library changes few pages of the copy.
pub fn copy_blanked(library: &Path, dest: &Path) -> Result<()> {
    let source = Connection::open_with_flags(
        library,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(Duration::from_secs(10))?;
    let mut copy = Connection::open(dest)?;
    // A file of our own, thrown away if anything fails: no fsync (at 500,000 photos, syncing the
    // copy's ~450 MB was most of a sync's client time) and, below, no rollback journal.
    copy.pragma_update(None, "synchronous", "OFF")?;
    {
        // All pages in one step: one read transaction, so the copy is one consistent state.
        let backup = rusqlite::backup::Backup::new(&source, &mut copy)?;
        loop {
            use rusqlite::backup::StepResult;
            match backup.step(-1)? {
                StepResult::Done => break,
                // Another connection holds a lock for a moment: wait, then go on.
                StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {}
            }
        }
    }
    // Out of WAL (the copy's header says what its source's said), then without a journal at all.
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    copy.pragma_update(None, "journal_mode", "OFF")?;
    copy.pragma_update(None, "secure_delete", "ON")?;
    // Every row of those tables goes, parents and children alike: with foreign keys on, SQLite
    // deleted the 500,000-row ledger a row at a time (1.5 s) instead of clearing its pages (0.08 s).
    copy.pragma_update(None, "foreign_keys", "OFF")?;
    let tx = copy.transaction()?;
    tx.execute_batch(BLANK)?;
    tx.commit()?;
    copy.close().map_err(|(_, e)| Error::Sqlite(e))?;
    Ok(())
}

/// What a snapshot says about itself: its schema version and how many active photos it holds.
pub fn describe(snapshot: &Path) -> Result<(i64, u64)> {
    let conn = Connection::open_with_flags(
        snapshot,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let photos: i64 = conn.query_row("SELECT count(*) FROM photos WHERE state = 0", [], |r| {
        r.get(0)
    })?;
    Ok((version, photos as u64))
}

/// Fills in content hashes for synthetic rows that have none (benchmarks only: random, unique).
#[cfg(feature = "bench")]
pub fn synthetic_hashes(conn: &Connection) -> Result<u64> {
    Ok(conn.execute(
        "UPDATE photos SET content_hash = randomblob(32) WHERE content_hash IS NULL",
        [],
    )? as u64)
}
