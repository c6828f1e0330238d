//! The text index's SQL: a text term as a condition on the photo `p` — its own words through the
//! FTS5 tables of migration 0010 (`photo_grams` for substrings, `photo_words` for word prefixes),
//! or a folder, tag, album or place whose name matches (those small tables are read once per
//! compiled query and compared in Rust, [`Needle`]'s rule).

use rusqlite::Connection;

use crate::error::Result;
use crate::find::{fold, fts_phrase, Needle};

/// The names a text term is compared with besides a photo's own words, each folded.
#[derive(Debug, Default)]
pub(crate) struct SharedNames {
    /// `(folder id, its path from its root's own name down)`: `Pictures/2019/Summer`, not the
    /// home directory every photo shares.
    folders: Vec<(i64, String)>,
    /// `(tag id, its whole path)`: a photo tagged `Family/Kids` matches `family`.
    tags: Vec<(i64, String)>,
    /// `(album id, kind, name)`.
    albums: Vec<(i64, i64, String)>,
    /// `(place id, "city region country")`.
    places: Vec<(i64, String)>,
}

/// What a text term matched among the shared names.
#[derive(Debug, Default)]
pub(crate) struct SharedMatches {
    pub folders: Vec<i64>,
    pub tags: Vec<i64>,
    /// Plain albums, album folders and smart albums, with their kinds.
    pub albums: Vec<(i64, i64)>,
    pub places: Vec<i64>,
}

impl SharedNames {
    pub(crate) fn load(conn: &Connection) -> Result<SharedNames> {
        let roots: Vec<(i64, Vec<u8>)> = conn
            .prepare_cached("SELECT id, path FROM roots")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // A root's parent directory is cut off its folders' paths.
        let cut: std::collections::HashMap<i64, usize> = roots
            .iter()
            .map(|(id, path)| {
                let parent = path.iter().rposition(|b| *b == b'/').unwrap_or(0);
                (*id, parent + 1)
            })
            .collect();
        let mut folders = Vec::new();
        let mut stmt = conn.prepare_cached("SELECT id, root_id, path FROM folders")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, root, path): (i64, i64, Vec<u8>) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let from = cut.get(&root).copied().unwrap_or(0).min(path.len());
            folders.push((id, fold(&String::from_utf8_lossy(&path[from..]))));
        }
        let tags = conn
            .prepare_cached(
                "WITH RECURSIVE t(id, path) AS (\
                   SELECT id, name FROM tags WHERE parent_id IS NULL \
                   UNION ALL SELECT c.id, t.path || '/' || c.name FROM tags c JOIN t ON c.parent_id = t.id) \
                 SELECT id, path FROM t",
            )?
            .query_map([], |r| Ok((r.get(0)?, fold(&r.get::<_, String>(1)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let albums = conn
            .prepare_cached("SELECT id, kind, name FROM albums")?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, fold(&r.get::<_, String>(2)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let places = conn
            .prepare_cached(
                "SELECT id, city_key || ' ' || region_key || ' ' || country_key FROM places",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SharedNames {
            folders,
            tags,
            albums,
            places,
        })
    }

    pub(crate) fn matching(&self, needle: &Needle) -> SharedMatches {
        let ids = |names: &[(i64, String)]| -> Vec<i64> {
            names
                .iter()
                .filter(|(_, name)| needle.matches_folded(name))
                .map(|(id, _)| *id)
                .collect()
        };
        SharedMatches {
            folders: ids(&self.folders),
            tags: ids(&self.tags),
            albums: self
                .albums
                .iter()
                .filter(|(_, _, name)| needle.matches_folded(name))
                .map(|(id, kind, _)| (*id, *kind))
                .collect(),
            places: ids(&self.places),
        }
    }
}

/// The rowids of the photos whose own words match `needle`, as a `SELECT`; `None` when the needle
/// cannot be looked up in them.
fn own_word_ids(needle: &Needle) -> Option<String> {
    if !needle.searches_own_words() {
        return None;
    }
    let table = if needle.is_substring() {
        "photo_grams"
    } else {
        "photo_words"
    };
    let query = needle.fts_query().replace('\'', "''");
    Some(format!(
        "SELECT rowid FROM {table} WHERE {table} MATCH '{query}'"
    ))
}

/// Photos whose own words match `needle`, as a condition on `p.id` (`+p.id` when `blocked`, so
/// no index is driven by it).
pub(crate) fn own_words(needle: &Needle, blocked: bool) -> Option<String> {
    let plus = if blocked { "+" } else { "" };
    own_word_ids(needle).map(|ids| format!("{plus}p.id IN ({ids})"))
}

/// Photos whose file name may contain `text` (a superset, read from the trigram index, which
/// holds the name with `_` and `-` as spaces, one for one), as a condition on `p.id`; `None` when
/// `text` is too short for trigrams. `+p.id` when `blocked`.
pub(crate) fn name_candidates(text: &str, blocked: bool) -> Option<String> {
    let spaced: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    if spaced.chars().count() < crate::find::SUBSTRING_FROM {
        return None;
    }
    let query = fts_phrase(&spaced).replace('\'', "''");
    let plus = if blocked { "+" } else { "" };
    Some(format!(
        "{plus}p.id IN (SELECT rowid FROM photo_grams WHERE photo_grams MATCH '{query}')"
    ))
}

/// Rebuilds both text indexes from `photos` (the bench measures a from-scratch build with it).
#[cfg(feature = "bench")]
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO photo_words(photo_words) VALUES ('delete-all');
         INSERT INTO photo_grams(photo_grams) VALUES ('delete-all');
         INSERT INTO photo_words(rowid, body) SELECT id, body FROM photo_text;
         INSERT INTO photo_grams(rowid, body) SELECT id, body FROM photo_text;",
    )?;
    Ok(())
}
