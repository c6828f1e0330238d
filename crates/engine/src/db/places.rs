//! Places' SQL: the photos whose coordinates have not been looked up yet, in batches, each
//! credited to a place (rows of `places` written as they are first met), and lookups by id.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::find::fold;

/// A place as the reverse geocoder names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlaceRow {
    pub id: i64,
    pub city: String,
    pub region: String,
    pub country: String,
    pub country_code: String,
}

/// Photos looked up per transaction.
const BATCH: i64 = 5_000;

/// Looks up the place of every photo with coordinates not looked up yet (a new library, a new
/// fix, a library from before places): batches of [`BATCH`], each one transaction, so an
/// interrupted run resumes where it stopped. Returns how many photos were looked up.
pub(crate) fn locate_pending(
    conn: &mut Connection,
    locate: &dyn Fn(f64, f64) -> Option<PlaceRow>,
) -> Result<u64> {
    let mut done = 0;
    loop {
        let tx = conn.transaction()?;
        let pending: Vec<(i64, f64, Option<f64>)> = tx
            .prepare_cached(
                "SELECT id, gps_lat, gps_lon FROM photos INDEXED BY photos_place_pending \
                 WHERE place_done = 0 AND gps_lat IS NOT NULL LIMIT ?1",
            )?
            .query_map([BATCH], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if pending.is_empty() {
            return Ok(done);
        }
        {
            let mut place = tx.prepare_cached(
                "INSERT OR IGNORE INTO places(id, city, region, country, country_code, city_key, \
                 region_key, country_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut photo =
                tx.prepare_cached("UPDATE photos SET place_id = ?2, place_done = 1 WHERE id = ?1")?;
            for (id, lat, lon) in &pending {
                let found = lon.and_then(|lon| locate(*lat, lon));
                if let Some(p) = &found {
                    place.execute(params![
                        p.id,
                        p.city,
                        p.region,
                        p.country,
                        p.country_code,
                        fold(&p.city),
                        fold(&p.region),
                        fold(&p.country)
                    ])?;
                }
                photo.execute(params![id, found.map(|p| p.id)])?;
            }
        }
        tx.commit()?;
        done += pending.len() as u64;
    }
}
