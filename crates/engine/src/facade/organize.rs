//! `library.organize()`: marks, albums, tags and the undo history. Every write is one immediate
//! transaction on a connection of its own (a running scan never holds it up for long), checks its
//! input before writing, and becomes one undo step; reads go through the read-only connection.

use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::db::{self, history::Direction};
use crate::error::{Error, Result};
use crate::model::PhotoId;
use crate::organize::captions::CaptionField;
use crate::organize::{
    names, photos_phrase, Album, AlbumCursor, AlbumKind, AlbumPage, AlbumSort, Caption,
    CaptionChange, Flag, HistoryState, Label, MarkChange, Marks, Outcome, Place, Tag,
};

/// The library's organization.
pub struct Organize<'a> {
    reader: &'a Mutex<Connection>,
    writer: &'a Mutex<Connection>,
}

fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|e| e.into_inner())
}

/// What an action reports back to [`Organize::act`]: how many things changed and how the step is
/// named.
struct Done {
    changed: u64,
    label: String,
}

impl<'a> Organize<'a> {
    pub(crate) fn new(reader: &'a Mutex<Connection>, writer: &'a Mutex<Connection>) -> Self {
        Organize { reader, writer }
    }

    /// Runs `action` in one transaction as one undo step; on error nothing is written.
    fn act(&self, action: impl FnOnce(&Transaction<'_>, i64) -> Result<Done>) -> Result<Outcome> {
        let mut conn = lock(self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let step = db::history::begin(&tx)?;
        let done = action(&tx, step)?;
        db::history::finish(&tx, step, &done.label, done.changed > 0)?;
        tx.commit()?;
        Ok(Outcome {
            changed: done.changed,
            step: (done.changed > 0).then_some(step),
            label: done.label,
        })
    }

    /// Sets marks on photos `ids` (fields left `None` are kept: a reject keeps its stars).
    pub fn mark(&self, ids: &[PhotoId], change: &MarkChange) -> Result<Outcome> {
        let fields = change.fields()?;
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let changed = db::marks::set(tx, step, &fields)?;
            Ok(Done {
                changed,
                label: format!("{} ({})", change.describe(), photos_phrase(changed)),
            })
        })
    }

    /// Sets (or clears) the title and/or description of photos `ids`; one undo step.
    pub fn caption(&self, ids: &[PhotoId], change: &CaptionChange) -> Result<Outcome> {
        let fields = change.fields()?;
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let changed = db::captions::set(tx, step, &fields)?;
            Ok(Done {
                changed,
                label: format!("{} ({})", change.describe(), photos_phrase(changed)),
            })
        })
    }

    /// Photo `id`'s title and description.
    pub fn caption_of(&self, id: PhotoId) -> Result<Caption> {
        db::captions::of(&lock(self.reader), id)
    }

    /// Every album and album folder, with counts, spans and covers (one query).
    pub fn albums(&self) -> Result<Vec<Album>> {
        db::albums::list(&lock(self.reader))
    }

    pub fn album(&self, id: i64) -> Result<Album> {
        db::albums::get(&lock(self.reader), id)
    }

    /// Creates an album or album folder at the top or in folder `parent`.
    pub fn create_album(&self, name: &str, parent: Option<i64>, kind: AlbumKind) -> Result<Album> {
        if kind == AlbumKind::Smart {
            return Err(Error::InvalidInput(
                "a smart album needs a query: create_smart_album".to_string(),
            ));
        }
        let name = names::checked(name, "album name")?;
        let mut id = 0;
        self.act(|tx, step| {
            id = db::albums::create(tx, step, &name, parent, kind, None)?;
            Ok(Done {
                changed: 1,
                label: format!("Create {} \u{201c}{name}\u{201d}", kind_word(kind)),
            })
        })?;
        self.album(id)
    }

    /// Creates a smart album: the photos `query` finds, live (checked by parsing it first).
    pub fn create_smart_album(
        &self,
        name: &str,
        parent: Option<i64>,
        query: &str,
    ) -> Result<Album> {
        let name = names::checked(name, "album name")?;
        let query = checked_query(query)?;
        let mut id = 0;
        self.act(|tx, step| {
            id = db::albums::create(tx, step, &name, parent, AlbumKind::Smart, Some(&query))?;
            db::find_sql::compile_smart(tx, id, "s")?;
            Ok(Done {
                changed: 1,
                label: format!("Create smart album \u{201c}{name}\u{201d}"),
            })
        })?;
        self.album(id)
    }

    /// Changes a smart album's query (one undo step).
    pub fn set_album_query(&self, id: i64, query: &str) -> Result<Outcome> {
        let query = checked_query(query)?;
        self.act(|tx, step| {
            let changed = db::albums::set_query(tx, step, id, &query)?;
            db::find_sql::compile_smart(tx, id, "s")?;
            Ok(Done {
                changed: u64::from(changed),
                label: "Edit smart album".to_string(),
            })
        })
    }

    pub fn rename_album(&self, id: i64, name: &str) -> Result<Outcome> {
        let name = names::checked(name, "album name")?;
        self.act(|tx, step| {
            let changed = db::albums::rename(tx, step, id, &name)?;
            Ok(Done {
                changed: u64::from(changed),
                label: format!("Rename to \u{201c}{name}\u{201d}"),
            })
        })
    }

    /// Moves an album or folder into album folder `parent` (`None`: to the top level).
    pub fn move_album(&self, id: i64, parent: Option<i64>) -> Result<Outcome> {
        self.act(|tx, step| {
            let changed = db::albums::move_to(tx, step, id, parent)?;
            Ok(Done {
                changed: u64::from(changed),
                label: "Move album".to_string(),
            })
        })
    }

    /// Deletes an album, or a folder with everything in it; photos and files are never touched.
    pub fn delete_album(&self, id: i64) -> Result<Outcome> {
        self.act(|tx, step| {
            let album = db::albums::get(tx, id)?;
            let changed = db::albums::delete(tx, step, id)?;
            Ok(Done {
                changed,
                label: format!(
                    "Delete {} \u{201c}{}\u{201d}",
                    kind_word(album.kind),
                    album.name
                ),
            })
        })
    }

    /// Adds photos at the end of the album, in the given order (photos already in it stay put).
    pub fn add_to_album(&self, album: i64, ids: &[PhotoId]) -> Result<Outcome> {
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let changed = db::albums::add(tx, step, album)?;
            Ok(Done {
                changed,
                label: format!("Add {} to album", photos_phrase(changed)),
            })
        })
    }

    pub fn remove_from_album(&self, album: i64, ids: &[PhotoId]) -> Result<Outcome> {
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let changed = db::albums::remove(tx, step, album)?;
            Ok(Done {
                changed,
                label: format!("Remove {} from album", photos_phrase(changed)),
            })
        })
    }

    /// Moves photos of the album, in the given order, to `place` in its manual order.
    pub fn reorder(&self, album: i64, ids: &[PhotoId], place: Place) -> Result<Outcome> {
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let changed = db::albums::reorder(tx, step, album, place)?;
            Ok(Done {
                changed,
                label: format!("Reorder {}", photos_phrase(changed)),
            })
        })
    }

    /// The album's cover: one of its photos, or `None` for its first photo.
    pub fn set_cover(&self, album: i64, photo: Option<PhotoId>) -> Result<Outcome> {
        self.act(|tx, step| {
            let changed = db::albums::set_cover(tx, step, album, photo)?;
            Ok(Done {
                changed: u64::from(changed),
                label: "Set album cover".to_string(),
            })
        })
    }

    pub fn set_album_sort(&self, album: i64, sort: AlbumSort) -> Result<Outcome> {
        self.act(|tx, step| {
            let changed = db::albums::set_sort(tx, step, album, sort)?;
            Ok(Done {
                changed: u64::from(changed),
                label: format!("Sort album by {}", sort.name()),
            })
        })
    }

    /// A page of an album in its manual order (date order is `library.timeline` with the album).
    pub fn album_page(
        &self,
        album: i64,
        after: Option<&AlbumCursor>,
        limit: u32,
    ) -> Result<AlbumPage> {
        db::albums::page(&lock(self.reader), album, after, limit)
    }

    /// The ids at indexes `start..end` of the album's manual order (fewer when it is shorter).
    pub fn album_range(&self, album: i64, start: u64, end: u64) -> Result<Vec<PhotoId>> {
        db::albums::range_ids(&lock(self.reader), album, start, end)
    }

    /// `(index, total)` of a photo in the album's manual order.
    pub fn album_position(&self, album: i64, photo: PhotoId) -> Result<(u64, u64)> {
        db::albums::position(&lock(self.reader), album, photo)
    }

    /// The tag tree, parents before children.
    pub fn tags(&self) -> Result<Vec<Tag>> {
        db::tags::list(&lock(self.reader))
    }

    /// The tag at `path` (case-insensitive).
    pub fn tag_by_path(&self, path: &str) -> Result<Tag> {
        let parts = names::tag_path(path)?;
        let id = db::tags::find(&lock(self.reader), &parts)?
            .ok_or_else(|| Error::NotFound(format!("no tag {path:?}")))?;
        self.tags()?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::NotFound(format!("no tag {path:?}")))
    }

    /// Tags whose name or path starts with `prefix` (case-insensitive), most used first.
    pub fn suggest_tags(&self, prefix: &str, limit: u32) -> Result<Vec<Tag>> {
        let prefix = prefix.trim().to_lowercase();
        let mut found: Vec<Tag> = self
            .tags()?
            .into_iter()
            .filter(|t| {
                t.name.to_lowercase().starts_with(&prefix)
                    || t.path.to_lowercase().starts_with(&prefix)
            })
            .collect();
        found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        found.truncate(limit as usize);
        Ok(found)
    }

    /// Tags photos with `path` (created when new); photos that already match it are skipped.
    pub fn tag_photos(&self, path: &str, ids: &[PhotoId]) -> Result<Outcome> {
        let parts = names::tag_path(path)?;
        let path = parts.join("/");
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let tag = db::tags::find_or_create(tx, Some(step), &parts)?;
            let changed = db::tags::tag_selection(tx, step, tag)?;
            Ok(Done {
                changed,
                label: format!("Tag {} \u{201c}{path}\u{201d}", photos_phrase(changed)),
            })
        })
    }

    /// Takes tag `path` and the tags below it off photos.
    pub fn untag_photos(&self, path: &str, ids: &[PhotoId]) -> Result<Outcome> {
        let parts = names::tag_path(path)?;
        let path = parts.join("/");
        self.act(|tx, step| {
            db::history::select(tx, ids)?;
            let tag = db::tags::find(tx, &parts)?
                .ok_or_else(|| Error::NotFound(format!("no tag {path:?}")))?;
            let changed = db::tags::untag_selection(tx, step, tag)?;
            Ok(Done {
                changed,
                label: format!("Untag {} \u{201c}{path}\u{201d}", photos_phrase(changed)),
            })
        })
    }

    /// Renames tag `old` to `new`; a different parent path moves it; onto an existing tag it merges
    /// (the label says so).
    pub fn rename_tag(&self, old: &str, new: &str) -> Result<Outcome> {
        let from = names::tag_path(old)?;
        let to = names::tag_path(new)?;
        let (old, new) = (from.join("/"), to.join("/"));
        self.act(|tx, step| {
            let id = db::tags::find(tx, &from)?
                .ok_or_else(|| Error::NotFound(format!("no tag {old:?}")))?;
            let merged = db::tags::rename(tx, step, id, &to)?;
            let label = if merged {
                format!("Merge tag \u{201c}{old}\u{201d} into \u{201c}{new}\u{201d}")
            } else {
                format!("Rename tag \u{201c}{old}\u{201d} to \u{201c}{new}\u{201d}")
            };
            Ok(Done { changed: 1, label })
        })
    }

    /// Deletes tag `path` and every tag below it (photos keep everything else).
    pub fn delete_tag(&self, path: &str) -> Result<Outcome> {
        let parts = names::tag_path(path)?;
        let path = parts.join("/");
        self.act(|tx, step| {
            let id = db::tags::find(tx, &parts)?
                .ok_or_else(|| Error::NotFound(format!("no tag {path:?}")))?;
            let photos = db::tags::delete(tx, step, id)?;
            Ok(Done {
                changed: photos.max(1),
                label: format!("Delete tag \u{201c}{path}\u{201d}"),
            })
        })
    }

    /// Gives photo `keep` what photos `others` have (clean up's merge before they go to the
    /// trash): their albums and tags, favourite if any is, the highest rating, a pick if any is
    /// picked (a reject never passes to the photo kept), their label, title and description when
    /// it has none. One undo step.
    pub(crate) fn merge_into(&self, keep: PhotoId, others: &[PhotoId]) -> Result<Outcome> {
        self.act(|tx, step| {
            let all: Vec<PhotoId> = std::iter::once(keep)
                .chain(others.iter().copied())
                .collect();
            db::history::select(tx, &all)?;
            let marks_of = |id: PhotoId| -> Result<Marks> {
                Ok(db::photos::by_id(tx, id)?
                    .map(|p| p.marks)
                    .unwrap_or_default())
            };
            let mut merged = marks_of(keep)?;
            let (mut albums, mut tags) = (Vec::new(), Vec::new());
            for other in others {
                let m = marks_of(*other)?;
                merged.favourite |= m.favourite;
                merged.rating = merged.rating.max(m.rating);
                if merged.flag == Flag::None && m.flag == Flag::Pick {
                    merged.flag = Flag::Pick;
                }
                if merged.label == Label::None {
                    merged.label = m.label;
                }
                albums.extend(db::albums::of_photo(tx, *other)?.into_iter().map(|a| a.0));
                tags.extend(db::tags::of_photo(tx, *other)?);
            }
            let mut changed = attach(tx, step, keep, &albums, &tags, &merged)?;
            // A title or description the kept photo lacks comes from the first other that has one.
            let kept = db::captions::of(tx, keep)?;
            let theirs = others
                .iter()
                .map(|other| db::captions::of(tx, *other))
                .collect::<Result<Vec<_>>>()?;
            let mut fields = Vec::new();
            if kept.title.is_none() {
                if let Some(title) = theirs.iter().find_map(|c| c.title.clone()) {
                    fields.push((CaptionField::Title, Some(title)));
                }
            }
            if kept.description.is_none() {
                if let Some(description) = theirs.iter().find_map(|c| c.description.clone()) {
                    fields.push((CaptionField::Description, Some(description)));
                }
            }
            if !fields.is_empty() {
                // `attach` left the selection on the kept photo.
                changed += db::captions::set(tx, step, &fields)?;
            }
            Ok(Done {
                changed,
                label: format!(
                    "Merge {} into the photo kept",
                    photos_phrase(others.len() as u64)
                ),
            })
        })
    }

    /// Gives photo `id` back albums (those that still exist), tags (by path, made again when
    /// gone) and marks it had (put back from the trash). One undo step.
    pub(crate) fn reattach(
        &self,
        id: PhotoId,
        albums: &[i64],
        tags: &[String],
        marks: &Marks,
    ) -> Result<Outcome> {
        self.act(|tx, step| {
            let mut tag_ids = Vec::new();
            for path in tags {
                let parts = names::tag_path(path)?;
                tag_ids.push(db::tags::find_or_create(tx, Some(step), &parts)?);
            }
            let mut merged = db::photos::by_id(tx, id)?
                .map(|p| p.marks)
                .unwrap_or_default();
            merged.favourite |= marks.favourite;
            merged.rating = merged.rating.max(marks.rating);
            if merged.flag == Flag::None {
                merged.flag = marks.flag;
            }
            if merged.label == Label::None {
                merged.label = marks.label;
            }
            let changed = attach(tx, step, id, albums, &tag_ids, &merged)?;
            Ok(Done {
                changed,
                label: "Put back from the trash".to_string(),
            })
        })
    }

    /// The paths of the tags a photo carries, sorted.
    pub fn photo_tags(&self, id: PhotoId) -> Result<Vec<String>> {
        let ids = db::tags::of_photo(&lock(self.reader), id)?;
        let mut paths: Vec<String> = self
            .tags()?
            .into_iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| t.path)
            .collect();
        paths.sort();
        Ok(paths)
    }

    /// The albums a photo is in: `(id, name)`.
    pub fn photo_albums(&self, id: PhotoId) -> Result<Vec<(i64, String)>> {
        db::albums::of_photo(&lock(self.reader), id)
    }

    /// Undoes the newest step; `None` when there is nothing to undo.
    pub fn undo(&self) -> Result<Option<Outcome>> {
        self.step(Direction::Undo)
    }

    /// Redoes the step undone last; `None` when there is nothing to redo.
    pub fn redo(&self) -> Result<Option<Outcome>> {
        self.step(Direction::Redo)
    }

    fn step(&self, direction: Direction) -> Result<Option<Outcome>> {
        let mut conn = lock(self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((label, changed)) = db::history::apply(&tx, direction)? else {
            return Ok(None);
        };
        tx.commit()?;
        Ok(Some(Outcome {
            changed,
            step: None,
            label,
        }))
    }

    /// What undo and redo would do, and the revision (changes with every organize write, from any
    /// process).
    pub fn history_state(&self) -> Result<HistoryState> {
        db::history::state(&lock(self.reader))
    }
}

/// Puts photo `id` in `albums` (those that are still albums) and `tags`, and sets `marks` on it;
/// what changed.
fn attach(
    tx: &Transaction<'_>,
    step: i64,
    id: PhotoId,
    albums: &[i64],
    tags: &[i64],
    marks: &Marks,
) -> Result<u64> {
    db::history::select(tx, &[id])?;
    let mut changed = 0;
    for album in albums {
        if db::albums::get(tx, *album).is_ok_and(|a| a.kind == AlbumKind::Album) {
            changed += db::albums::add(tx, step, *album)?;
        }
    }
    for tag in tags {
        changed += db::tags::tag_selection(tx, step, *tag)?;
    }
    let change = MarkChange {
        favourite: Some(marks.favourite),
        rating: Some(marks.rating),
        flag: Some(marks.flag),
        label: Some(marks.label),
    };
    changed += db::marks::set(tx, step, &change.fields()?)?;
    Ok(changed)
}

fn kind_word(kind: AlbumKind) -> &'static str {
    match kind {
        AlbumKind::Album => "album",
        AlbumKind::Folder => "album folder",
        AlbumKind::Smart => "smart album",
    }
}

/// A smart album's query as stored: trimmed, and refused unless it parses.
fn checked_query(query: &str) -> Result<String> {
    let query = query.trim();
    crate::find::Query::parse(query)?;
    Ok(query.to_string())
}
