//! The facets' SQL: what each photo of a view contributes to the counts (one pass over the view),
//! its tag and album memberships, the places of its photos, and the view's size.

use rusqlite::Connection;

use super::view::ViewSql;
use crate::error::Result;
use crate::find::facets::FacetRow;
use crate::find::PlaceCount;
use crate::organize::{Flag, Label};

const ROW_COLUMNS: &str = "p.dated, p.taken_at, p.make, p.model, p.lens, p.focal_length, \
     p.aperture, p.iso, p.exposure_time, p.format, p.width, p.height, p.size, p.gps_lat IS NOT NULL, \
     pl.country, pl.country_code, coalesce(k.favourite, 0), coalesce(k.rating, 0), \
     coalesce(k.flag, 0), coalesce(k.label, 0)";

fn rows_sql(view: &ViewSql) -> String {
    format!(
        "{}SELECT {ROW_COLUMNS} FROM {} LEFT JOIN places pl ON pl.id = p.place_id WHERE {}",
        view.with,
        view.reading_from(),
        view.conditions
    )
}

/// Every photo of the view, as the facets read it.
pub(crate) fn rows(conn: &Connection, view: &ViewSql) -> Result<Vec<FacetRow>> {
    let mut stmt = conn.prepare_cached(&rows_sql(view))?;
    let rows = stmt
        .query_map(view.bind(&[]).as_slice(), |r| {
            let country: Option<String> = r.get(14)?;
            let code: Option<String> = r.get(15)?;
            Ok(FacetRow {
                dated: r.get::<_, i64>(0)? != 0,
                taken_at: r.get(1)?,
                make: r.get(2)?,
                model: r.get(3)?,
                lens: r.get(4)?,
                focal: r.get(5)?,
                aperture: r.get(6)?,
                iso: r.get::<_, Option<i64>>(7)?.map(|v| v as f64),
                exposure: r.get(8)?,
                format: r.get(9)?,
                width: r.get(10)?,
                height: r.get(11)?,
                size: r.get::<_, i64>(12)? as f64,
                gps: r.get::<_, i64>(13)? != 0,
                country: country.zip(code),
                favourite: r.get::<_, i64>(16)? != 0,
                rating: r.get::<_, i64>(17)?.clamp(0, 5) as u8,
                flag: Flag::from_code(r.get(18)?),
                label: Label::from_code(r.get(19)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many photos the view holds.
pub(crate) fn count(conn: &Connection, view: &ViewSql) -> Result<u64> {
    let sql = format!(
        "{}SELECT count(*) FROM {} WHERE {}",
        view.with,
        view.counting_from(),
        view.conditions
    );
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(view.bind(&[]).as_slice(), |r| r.get(0))?;
    Ok(n as u64)
}

/// `(photo, tag)` for every tag a photo of the view carries.
pub(crate) fn tag_pairs(conn: &Connection, view: &ViewSql) -> Result<Vec<(i64, i64)>> {
    let sql = format!(
        "{}SELECT t.photo_id, t.tag_id FROM photo_tags t WHERE t.active = 1 AND t.photo_id IN \
         (SELECT p.id FROM {} WHERE {})",
        view.with,
        view.counting_from(),
        view.conditions
    );
    let pairs = conn
        .prepare_cached(&sql)?
        .query_map(view.bind(&[]).as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pairs)
}

/// `(album, name, photos of the view in it)`.
pub(crate) type AlbumCount = (i64, String, u64);

/// Every album holding photos of the view, and how many photos of the view are in no album.
pub(crate) fn album_counts(conn: &Connection, view: &ViewSql) -> Result<(Vec<AlbumCount>, u64)> {
    let members = format!(
        "(SELECT p.id FROM {} WHERE {})",
        view.counting_from(),
        view.conditions
    );
    let sql = format!(
        "{}SELECT a.id, a.name, count(*) FROM album_photos m JOIN albums a ON a.id = m.album_id \
         WHERE a.kind = 0 AND m.active = 1 AND m.photo_id IN {members} GROUP BY a.id",
        view.with
    );
    let albums = conn
        .prepare_cached(&sql)?
        .query_map(view.bind(&[]).as_slice(), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let sql = format!(
        "{}SELECT count(*) FROM {} WHERE {} AND NOT EXISTS (SELECT 1 FROM album_photos x \
         JOIN albums b ON b.id = x.album_id WHERE x.photo_id = p.id AND b.kind = 0)",
        view.with,
        view.counting_from(),
        view.conditions
    );
    let none: i64 = conn
        .prepare_cached(&sql)?
        .query_row(view.bind(&[]).as_slice(), |r| r.get(0))?;
    Ok((albums, none as u64))
}

/// Photos of the view per place, most first.
pub(crate) fn places(conn: &Connection, view: &ViewSql) -> Result<Vec<PlaceCount>> {
    let sql = format!(
        "{}SELECT pl.id, pl.country, pl.country_code, pl.region, pl.city, n FROM \
         (SELECT p.place_id AS place, count(*) AS n FROM {} WHERE {} AND p.place_id IS NOT NULL \
          GROUP BY p.place_id) JOIN places pl ON pl.id = place \
         ORDER BY pl.country, pl.region, pl.city",
        view.with,
        view.counting_from(),
        view.conditions
    );
    let places = conn
        .prepare_cached(&sql)?
        .query_map(view.bind(&[]).as_slice(), |r| {
            Ok(PlaceCount {
                place_id: r.get(0)?,
                country: r.get(1)?,
                country_code: r.get(2)?,
                region: r.get(3)?,
                city: r.get(4)?,
                count: r.get::<_, i64>(5)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(places)
}
