//! Writing the restored library in one transaction: the snapshot's roots and folders at their new
//! places, a photo row for every photo the library did not hold (pointing at where its file is or
//! goes; text-indexed once at the end, as a scan batch is), then albums, tags and marks merged by
//! name and content hash. Rerunning it adds nothing twice.

use std::collections::HashMap;
use std::path::PathBuf;

use rusqlite::Connection;

use super::plan::Placed;
use super::MergeReport;
use crate::db::{restore as sql, roots as roots_db, scan_batch};
use crate::error::Result;
use crate::paths;

/// The snapshot's layout, mapped.
pub struct Layout<'a> {
    pub roots: &'a [sql::SnapRoot],
    pub root_places: &'a HashMap<i64, PathBuf>,
    pub folders: &'a [sql::SnapFolder],
    pub folder_places: &'a HashMap<i64, PathBuf>,
}

/// Merges the attached snapshot (`snap`) into the library behind `conn`.
pub fn attach(
    conn: &mut Connection,
    layout: &Layout<'_>,
    placed: &[Placed],
) -> Result<MergeReport> {
    let mut report = MergeReport::default();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut root_ids = HashMap::new();
    for root in layout.roots {
        if let Some(place) = layout.root_places.get(&root.id) {
            let id = roots_db::add_root(&tx, &paths::to_bytes(place), root.is_file)?;
            root_ids.insert(root.id, id);
        }
    }
    let mut folder_ids: HashMap<i64, i64> = HashMap::new();
    for folder in layout.folders {
        let (Some(place), Some(&root)) = (
            layout.folder_places.get(&folder.id),
            root_ids.get(&folder.root_id),
        ) else {
            continue;
        };
        let parent = folder.parent_id.and_then(|p| folder_ids.get(&p).copied());
        let id = roots_db::ensure_folder(&tx, root, &paths::to_bytes(place), parent)?;
        folder_ids.insert(folder.id, id);
    }
    sql::begin_map(&tx)?;
    // The photo rows are text-indexed in a few set statements at the end, as a scan batch does (a
    // row at a time wrote an FTS5 segment a photo). Ended before albums and tags: their counts'
    // triggers stand aside inside a batch.
    scan_batch::begin(&tx)?;
    let mut places = sql::Placements::new(&tx)?;
    for p in placed {
        let photo = &p.photo;
        match p.present {
            Some(id) => {
                report.photos_present += 1;
                sql::map_photo(&tx, photo.id, id)?;
            }
            None => {
                let (Some(&root), Some(&folder)) = (
                    root_ids.get(&photo.root_id),
                    folder_ids.get(&photo.folder_id),
                ) else {
                    continue;
                };
                places.note(photo.id, root, folder, &paths::to_bytes(&p.path))?;
            }
        }
    }
    report.photos_added += places.insert_all(&tx)?;
    scan_batch::finish(&tx)?;
    merge_albums(&tx, &mut report)?;
    merge_tags(&tx, &mut report)?;
    report.marks = sql::merge_marks(&tx)?;
    sql::merge_settings(&tx)?;
    sql::bump_organize_rev(&tx)?;
    tx.commit()?;
    Ok(report)
}

fn merge_albums(tx: &Connection, report: &mut MergeReport) -> Result<()> {
    let mut ids: HashMap<i64, i64> = HashMap::new();
    for album in sql::albums(tx)? {
        let parent = album.parent_id.and_then(|p| ids.get(&p).copied());
        let id = match sql::find_album(tx, parent, album.kind, &album.name)? {
            Some(id) => {
                report.albums_merged += 1;
                id
            }
            None => {
                report.albums_created += 1;
                sql::create_album(tx, parent, &album)?
            }
        };
        ids.insert(album.id, id);
        report.album_photos_added += sql::add_album_photos(tx, album.id, id)?;
        if let Some(cover) = album.cover_id {
            sql::set_cover_if_none(tx, id, cover)?;
        }
    }
    Ok(())
}

fn merge_tags(tx: &Connection, report: &mut MergeReport) -> Result<()> {
    let mut ids: HashMap<i64, i64> = HashMap::new();
    let tags = sql::tags(tx)?;
    for tag in &tags {
        let parent = tag.parent_id.and_then(|p| ids.get(&p).copied());
        let id = match sql::find_tag(tx, parent, &tag.name)? {
            Some(id) => {
                report.tags_merged += 1;
                id
            }
            None => {
                report.tags_created += 1;
                sql::create_tag(tx, parent, &tag.name)?
            }
        };
        ids.insert(tag.id, id);
    }
    sql::build_lineage(tx)?;
    for tag in &tags {
        if let Some(&id) = ids.get(&tag.id) {
            report.photo_tags_added += sql::add_photo_tags(tx, tag.id, id)?;
        }
    }
    Ok(())
}
