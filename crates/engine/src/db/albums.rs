//! Albums' SQL: the album list (one query over the counts and spans the triggers keep), album
//! folders, memberships in manual order (fractional keys), covers, and each change recorded in
//! the open undo step.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::history::{self, Snapshot, ALBUM};
use super::photos::{photo_from_row, secs_to_naive, PHOTO_COLUMNS, PHOTO_COLUMN_COUNT};
use super::view::ViewSql;
use crate::error::{Error, Result};
use crate::model::PhotoId;
use crate::organize::{order_key, Album, AlbumCursor, AlbumKind, AlbumPage, AlbumSort, Place};

/// The album list: every album and folder with its count, span and cover (the chosen one while it
/// is still in the album, else the first photo in the album's own order), siblings by name.
const LIST_SQL: &str = "SELECT a.id, a.name, a.kind, a.parent_id, a.count, \
     coalesce( \
       (SELECT m.photo_id FROM album_photos m \
        WHERE m.album_id = a.id AND m.photo_id = a.cover_id AND m.active = 1), \
       CASE a.sort WHEN 0 THEN \
         (SELECT m.photo_id FROM album_photos m WHERE m.album_id = a.id AND m.active = 1 \
          ORDER BY m.position, m.photo_id LIMIT 1) \
       ELSE \
         (SELECT m.photo_id FROM album_photos m WHERE m.album_id = a.id AND m.active = 1 \
          ORDER BY m.dated DESC, m.taken_at DESC, m.photo_id DESC LIMIT 1) \
       END), \
     a.first_taken_at, a.last_taken_at, a.sort, a.query \
     FROM albums a";

const PAGE_SQL: &str = "FROM album_photos m JOIN photos p ON p.id = m.photo_id \
     LEFT JOIN photo_marks k ON k.photo_id = p.id \
     WHERE m.album_id = ?1 AND m.active = 1 AND m.position >= ?2 AND (m.position, m.photo_id) > (?2, ?3) \
     ORDER BY m.position, m.photo_id LIMIT ?4";

const RANGE_SQL: &str = "SELECT photo_id FROM album_photos WHERE album_id = ?1 AND active = 1 \
     ORDER BY position, photo_id LIMIT ?2 OFFSET ?3";

const POSITION_SQL: &str = "SELECT count(*) FROM album_photos \
     WHERE album_id = ?1 AND active = 1 AND position <= ?2 AND (position, photo_id) < (?2, ?3)";

fn album_from_row(row: &Row<'_>) -> rusqlite::Result<Album> {
    Ok(Album {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: AlbumKind::from_code(row.get(2)?),
        parent_id: row.get(3)?,
        count: row.get::<_, i64>(4)?.max(0) as u64,
        cover_id: row.get(5)?,
        first_taken_at: row.get::<_, Option<i64>>(6)?.map(secs_to_naive),
        last_taken_at: row.get::<_, Option<i64>>(7)?.map(secs_to_naive),
        sort: AlbumSort::from_code(row.get(8)?),
        query: row.get(9)?,
    })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Album>> {
    let sql = format!("{LIST_SQL} ORDER BY a.name COLLATE NOCASE, a.id");
    let mut albums: Vec<Album> = conn
        .prepare_cached(&sql)?
        .query_map([], album_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for album in albums.iter_mut().filter(|a| a.kind == AlbumKind::Smart) {
        live(conn, album)?;
    }
    Ok(albums)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Album> {
    let sql = format!("{LIST_SQL} WHERE a.id = ?1");
    let mut album = conn
        .prepare_cached(&sql)?
        .query_row([id], album_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no album {id}")))?;
    if album.kind == AlbumKind::Smart {
        live(conn, &mut album)?;
    }
    Ok(album)
}

/// A smart album's count, cover (its newest photo) and span, from its query now. A query that no
/// longer compiles (an album: term naming itself) counts nothing rather than failing the list.
fn live(conn: &Connection, album: &mut Album) -> Result<()> {
    let filter = crate::model::PhotoFilter {
        album: Some(album.id),
        ..Default::default()
    };
    let view = match ViewSql::of(conn, &filter) {
        Ok(view) => view,
        Err(Error::Sqlite(e)) => return Err(Error::Sqlite(e)),
        Err(_) => return Ok(()),
    };
    let sql = format!(
        "{}SELECT count(*), min(CASE WHEN {dated} = 1 THEN p.taken_at END), \
         max(CASE WHEN {dated} = 1 THEN p.taken_at END) FROM {} WHERE {}",
        view.with,
        view.counting_from(),
        view.conditions,
        dated = view.dated
    );
    let (count, first, last): (i64, Option<i64>, Option<i64>) = conn
        .prepare_cached(&sql)?
        .query_row(view.bind(&[]).as_slice(), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let cover = format!(
        "{}SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT 1",
        view.with,
        view.id_column(),
        view.counting_from(),
        view.conditions,
        view.order_desc()
    );
    album.cover_id = conn
        .prepare_cached(&cover)?
        .query_row(view.bind(&[]).as_slice(), |r| r.get(0))
        .optional()?;
    album.count = count.max(0) as u64;
    album.first_taken_at = first.map(secs_to_naive);
    album.last_taken_at = last.map(secs_to_naive);
    Ok(())
}

/// The albums (not folders) photo `id` is in, by name.
pub(crate) fn of_photo(conn: &Connection, id: PhotoId) -> Result<Vec<(i64, String)>> {
    let rows = conn
        .prepare_cached(
            "SELECT a.id, a.name FROM album_photos m JOIN albums a ON a.id = m.album_id \
             WHERE m.photo_id = ?1 ORDER BY a.name COLLATE NOCASE, a.id",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn snapshot(conn: &Connection, id: i64) -> Result<Option<Snapshot>> {
    Ok(conn
        .prepare_cached(
            "SELECT parent_id, name, kind, sort, cover_id, query FROM albums WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Snapshot {
                exists: true,
                parent: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                sort: r.get(3)?,
                cover: r.get(4)?,
                query: r.get(5)?,
            })
        })
        .optional()?)
}

/// The album's row, refused when missing or (with `kind`) of the other kind.
fn require(conn: &Connection, id: i64, kind: Option<AlbumKind>) -> Result<Snapshot> {
    let found = snapshot(conn, id)?.ok_or_else(|| Error::NotFound(format!("no album {id}")))?;
    match kind {
        Some(AlbumKind::Album) if found.kind == Some(AlbumKind::Folder.code()) => {
            Err(Error::InvalidInput(format!(
                "album {id} is an album folder: photos go into albums"
            )))
        }
        Some(AlbumKind::Album) if found.kind == Some(AlbumKind::Smart.code()) => {
            Err(Error::InvalidInput(format!(
                "album {id} is a smart album: it holds the photos its query finds (edit the query instead)"
            )))
        }
        Some(AlbumKind::Smart) if found.kind != Some(AlbumKind::Smart.code()) => Err(
            Error::InvalidInput(format!("album {id} is not a smart album")),
        ),
        Some(AlbumKind::Folder) if found.kind != Some(AlbumKind::Folder.code()) => Err(
            Error::InvalidInput(format!("album {id} is an album, not an album folder")),
        ),
        _ => Ok(found),
    }
}

fn change(
    conn: &Connection,
    step: i64,
    id: i64,
    before: &Snapshot,
    after: Snapshot,
) -> Result<bool> {
    if *before == after {
        return Ok(false);
    }
    conn.execute(
        "UPDATE albums SET parent_id = ?2, name = ?3, sort = ?4, cover_id = ?5, query = ?6 WHERE id = ?1",
        params![id, after.parent, after.name, after.sort, after.cover, after.query],
    )?;
    history::record_object(conn, step, ALBUM, id, before, &after)?;
    Ok(true)
}

pub(crate) fn create(
    conn: &Connection,
    step: i64,
    name: &str,
    parent: Option<i64>,
    kind: AlbumKind,
    query: Option<&str>,
) -> Result<i64> {
    if let Some(parent) = parent {
        require(conn, parent, Some(AlbumKind::Folder))?;
    }
    // A smart album lists by date: it has no manual order.
    let sort = i64::from(kind == AlbumKind::Smart);
    conn.execute(
        "INSERT INTO albums(parent_id, kind, name, sort, query, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())",
        params![parent, kind.code(), name, sort, query],
    )?;
    let id = conn.last_insert_rowid();
    let after = snapshot(conn, id)?.unwrap_or_default();
    history::record_object(conn, step, ALBUM, id, &Snapshot::default(), &after)?;
    Ok(id)
}

pub(crate) fn rename(conn: &Connection, step: i64, id: i64, name: &str) -> Result<bool> {
    let before = require(conn, id, None)?;
    let after = Snapshot {
        name: Some(name.to_string()),
        ..before.clone()
    };
    change(conn, step, id, &before, after)
}

/// Moves an album or folder into folder `parent` (or to the top); never into itself or below it.
pub(crate) fn move_to(conn: &Connection, step: i64, id: i64, parent: Option<i64>) -> Result<bool> {
    let before = require(conn, id, None)?;
    if let Some(parent) = parent {
        require(conn, parent, Some(AlbumKind::Folder))?;
        let inside: bool = conn
            .prepare_cached(
                "WITH RECURSIVE up(id) AS (SELECT ?1 UNION ALL \
                 SELECT a.parent_id FROM albums a JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL) \
                 SELECT EXISTS(SELECT 1 FROM up WHERE id = ?2)",
            )?
            .query_row(params![parent, id], |r| r.get(0))?;
        if inside {
            return Err(Error::InvalidInput(format!(
                "album folder {id} cannot move into {parent}: that is itself or inside it"
            )));
        }
    }
    let after = Snapshot {
        parent,
        ..before.clone()
    };
    change(conn, step, id, &before, after)
}

/// A smart album's query (already checked).
pub(crate) fn set_query(conn: &Connection, step: i64, id: i64, query: &str) -> Result<bool> {
    let before = require(conn, id, Some(AlbumKind::Smart))?;
    let after = Snapshot {
        query: Some(query.to_string()),
        ..before.clone()
    };
    change(conn, step, id, &before, after)
}

pub(crate) fn set_sort(conn: &Connection, step: i64, id: i64, sort: AlbumSort) -> Result<bool> {
    let before = require(conn, id, Some(AlbumKind::Album))?;
    let after = Snapshot {
        sort: Some(sort.code()),
        ..before.clone()
    };
    change(conn, step, id, &before, after)
}

/// The cover: a photo in the album, or `None` for "the first photo".
pub(crate) fn set_cover(
    conn: &Connection,
    step: i64,
    id: i64,
    photo: Option<PhotoId>,
) -> Result<bool> {
    let before = require(conn, id, Some(AlbumKind::Album))?;
    if let Some(photo) = photo {
        if position_of(conn, id, photo)?.is_none() {
            return Err(Error::InvalidInput(format!(
                "photo {photo} is not in album {id}: a cover is one of the album's photos"
            )));
        }
    }
    let after = Snapshot {
        cover: photo,
        ..before.clone()
    };
    change(conn, step, id, &before, after)
}

/// Deletes an album or a folder with everything in it (never a photo); the number of albums and
/// folders deleted. Every row and membership is recorded, so undo brings them all back.
pub(crate) fn delete(conn: &Connection, step: i64, id: i64) -> Result<u64> {
    require(conn, id, None)?;
    let subtree = history::subtree_parents_first(conn, "albums", id)?;
    for album in &subtree {
        let before = snapshot(conn, *album)?.unwrap_or_default();
        history::record_object(conn, step, ALBUM, *album, &before, &Snapshot::default())?;
        conn.execute(
            "INSERT INTO history_members(step, kind, set_id, photo_id, before, after) \
             SELECT ?1, ?2, album_id, photo_id, position, NULL FROM album_photos WHERE album_id = ?3",
            params![step, ALBUM, album],
        )?;
    }
    conn.execute("DELETE FROM albums WHERE id = ?1", [id])?;
    Ok(subtree.len() as u64)
}

fn position_of(conn: &Connection, album: i64, photo: PhotoId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT position FROM album_photos WHERE album_id = ?1 AND photo_id = ?2")?
        .query_row(params![album, photo], |r| r.get(0))
        .optional()?)
}

/// Adds the selected photos not yet in the album at its end, in selection order.
pub(crate) fn add(conn: &Connection, step: i64, album: i64) -> Result<u64> {
    require(conn, album, Some(AlbumKind::Album))?;
    let new: Vec<PhotoId> = conn
        .prepare_cached(
            "SELECT s.id FROM temp.sel s WHERE NOT EXISTS \
             (SELECT 1 FROM album_photos m WHERE m.album_id = ?1 AND m.photo_id = s.id) ORDER BY s.seq",
        )?
        .query_map([album], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let last: Option<String> = conn
        .prepare_cached("SELECT max(position) FROM album_photos WHERE album_id = ?1")?
        .query_row([album], |r| r.get(0))?;
    let keys = order_key::n_between(last.as_deref(), None, new.len());
    // Set-based: the keys go to a temp table, then one insert each for the rows and the history.
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS keys(photo_id INTEGER PRIMARY KEY, position TEXT NOT NULL); \
         DELETE FROM temp.keys;",
    )?;
    let mut key =
        conn.prepare_cached("INSERT INTO temp.keys(photo_id, position) VALUES (?1, ?2)")?;
    for (photo, position) in new.iter().zip(&keys) {
        key.execute(params![photo, position])?;
    }
    conn.execute(
        "INSERT INTO album_photos(album_id, photo_id, position, dated, taken_at, active) \
         SELECT ?1, p.id, k.position, p.dated, p.taken_at, p.state = 0 \
         FROM temp.keys k JOIN photos p ON p.id = k.photo_id",
        [album],
    )?;
    conn.execute(
        "INSERT INTO history_members(step, kind, set_id, photo_id, before, after) \
         SELECT ?1, ?2, ?3, photo_id, NULL, position FROM temp.keys",
        params![step, ALBUM, album],
    )?;
    Ok(new.len() as u64)
}

/// Takes the selected photos out of the album (the photos themselves are untouched).
pub(crate) fn remove(conn: &Connection, step: i64, album: i64) -> Result<u64> {
    require(conn, album, Some(AlbumKind::Album))?;
    conn.execute(
        "INSERT INTO history_members(step, kind, set_id, photo_id, before, after) \
         SELECT ?1, ?2, album_id, photo_id, position, NULL FROM album_photos \
         WHERE album_id = ?3 AND photo_id IN (SELECT id FROM temp.sel)",
        params![step, ALBUM, album],
    )?;
    Ok(conn.execute(
        "DELETE FROM album_photos WHERE album_id = ?1 AND photo_id IN (SELECT id FROM temp.sel)",
        [album],
    )? as u64)
}

/// The neighbour key beside `(position, photo)` among photos not being moved: the one before it
/// (`before = true`) or after it.
fn neighbour(
    conn: &Connection,
    album: i64,
    anchor: Option<(&str, PhotoId)>,
    before: bool,
) -> Result<Option<String>> {
    let sql = match (anchor.is_some(), before) {
        (true, true) => {
            "SELECT position FROM album_photos WHERE album_id = ?1 AND position <= ?2 \
             AND (position, photo_id) < (?2, ?3) AND photo_id NOT IN (SELECT id FROM temp.sel) ORDER BY position DESC, photo_id DESC LIMIT 1"
        }
        (true, false) => {
            "SELECT position FROM album_photos WHERE album_id = ?1 AND position >= ?2 \
             AND (position, photo_id) > (?2, ?3) AND photo_id NOT IN (SELECT id FROM temp.sel) ORDER BY position, photo_id LIMIT 1"
        }
        (false, true) => {
            "SELECT position FROM album_photos WHERE album_id = ?1 \
             AND photo_id NOT IN (SELECT id FROM temp.sel) ORDER BY position DESC, photo_id DESC LIMIT 1"
        }
        (false, false) => {
            "SELECT position FROM album_photos WHERE album_id = ?1 \
             AND photo_id NOT IN (SELECT id FROM temp.sel) ORDER BY position, photo_id LIMIT 1"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(match anchor {
        Some((position, photo)) => stmt
            .query_row(params![album, position, photo], |r| r.get(0))
            .optional()?,
        None => stmt.query_row([album], |r| r.get(0)).optional()?,
    })
}

/// Moves the selected photos (all in the album), in selection order, to `place`: one key each,
/// no other photo's key changes.
pub(crate) fn reorder(conn: &Connection, step: i64, album: i64, place: Place) -> Result<u64> {
    require(conn, album, Some(AlbumKind::Album))?;
    let outside: Vec<i64> = conn
        .prepare_cached(
            "SELECT s.id FROM temp.sel s WHERE NOT EXISTS \
             (SELECT 1 FROM album_photos m WHERE m.album_id = ?1 AND m.photo_id = s.id) ORDER BY s.seq LIMIT 5",
        )?
        .query_map([album], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !outside.is_empty() {
        let list: Vec<String> = outside.iter().map(i64::to_string).collect();
        return Err(Error::InvalidInput(format!(
            "photo {} is not in album {album}",
            list.join(", ")
        )));
    }
    let anchor_of = |photo: PhotoId| -> Result<String> {
        let moving: bool = conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM temp.sel WHERE id = ?1)")?
            .query_row([photo], |r| r.get(0))?;
        if moving {
            return Err(Error::InvalidInput(format!(
                "photo {photo} is one of the photos being moved: place them before or after another"
            )));
        }
        position_of(conn, album, photo)?
            .ok_or_else(|| Error::InvalidInput(format!("photo {photo} is not in album {album}")))
    };
    let (low, high) = match place {
        Place::First => (None, neighbour(conn, album, None, false)?),
        Place::Last => (neighbour(conn, album, None, true)?, None),
        Place::Before(photo) => {
            let at = anchor_of(photo)?;
            (neighbour(conn, album, Some((&at, photo)), true)?, Some(at))
        }
        Place::After(photo) => {
            let at = anchor_of(photo)?;
            let next = neighbour(conn, album, Some((&at, photo)), false)?;
            (Some(at), next)
        }
    };
    let moving: Vec<(PhotoId, String)> = conn
        .prepare_cached(
            // CROSS JOIN keeps the selection outside: one key lookup per moved photo, never a walk
            // of the album.
            "SELECT s.id, m.position FROM temp.sel s CROSS JOIN album_photos m \
             ON m.album_id = ?1 AND m.photo_id = s.id ORDER BY s.seq",
        )?
        .query_map([album], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let keys = order_key::n_between(low.as_deref(), high.as_deref(), moving.len());
    let mut update = conn.prepare_cached(
        "UPDATE album_photos SET position = ?3 WHERE album_id = ?1 AND photo_id = ?2",
    )?;
    let mut changed = 0;
    for ((photo, old), key) in moving.iter().zip(&keys) {
        if *old == *key {
            continue;
        }
        update.execute(params![album, photo, key])?;
        history::record_member(conn, step, ALBUM, album, *photo, Some(old), Some(key))?;
        changed += 1;
    }
    Ok(changed)
}

/// A page of an album in manual order, after `cursor` (`<position>_<photo id>`).
pub(crate) fn page(
    conn: &Connection,
    album: i64,
    after: Option<&AlbumCursor>,
    limit: u32,
) -> Result<AlbumPage> {
    require(conn, album, Some(AlbumKind::Album))?;
    let (position, id) = match after {
        None => (String::new(), 0),
        Some(cursor) => parse_cursor(cursor)?,
    };
    let limit = i64::from(limit.clamp(1, 10_000));
    let sql = format!("SELECT {PHOTO_COLUMNS}, m.position {PAGE_SQL}");
    let mut rows: Vec<(crate::model::Photo, String)> = conn
        .prepare_cached(&sql)?
        .query_map(params![album, position, id, limit + 1], |r| {
            Ok((photo_from_row(r)?, r.get(PHOTO_COLUMN_COUNT)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last()
            .map(|(p, position)| AlbumCursor(format!("{position}_{}", p.id)))
    } else {
        None
    };
    Ok(AlbumPage {
        photos: rows.into_iter().map(|(p, _)| p).collect(),
        next,
    })
}

fn parse_cursor(cursor: &AlbumCursor) -> Result<(String, i64)> {
    let bad = || Error::BadCursor(cursor.0.clone());
    let (position, id) = cursor.0.rsplit_once('_').ok_or_else(bad)?;
    Ok((position.to_string(), id.parse().map_err(|_| bad())?))
}

/// The ids at indexes `start..end` of the album's manual order (fewer when it is shorter).
pub(crate) fn range_ids(
    conn: &Connection,
    album: i64,
    start: u64,
    end: u64,
) -> Result<Vec<PhotoId>> {
    require(conn, album, Some(AlbumKind::Album))?;
    let ids = conn
        .prepare_cached(RANGE_SQL)?
        .query_map(
            params![album, end.saturating_sub(start) as i64, start as i64],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// `(index, total)` of photo `photo` in the album's manual order.
pub(crate) fn position(conn: &Connection, album: i64, photo: PhotoId) -> Result<(u64, u64)> {
    let total = get(conn, album)?.count;
    let at = position_of(conn, album, photo)?
        .ok_or_else(|| Error::PhotoNotFound(format!("{photo} in album {album}")))?;
    let before: i64 = conn
        .prepare_cached(POSITION_SQL)?
        .query_row(params![album, at, photo], |r| r.get(0))?;
    Ok((before as u64, total))
}

/// The album queries, named, for the query-plan checks.
pub(crate) fn queries() -> Vec<(String, String)> {
    vec![
        (
            "album list".to_string(),
            format!("{LIST_SQL} ORDER BY a.name COLLATE NOCASE, a.id"),
        ),
        (
            "album manual page".to_string(),
            format!("SELECT {PHOTO_COLUMNS}, m.position {PAGE_SQL}"),
        ),
        (
            "album manual position".to_string(),
            POSITION_SQL.to_string(),
        ),
    ]
}
