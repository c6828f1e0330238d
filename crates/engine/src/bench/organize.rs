//! `shoebox bench organize`: organizing at library scale — bulk actions on 10,000 selected photos,
//! the album list of 2,000 albums in folders, paging a 100,000-photo album by manual and by date
//! order, and moving one photo in it; the library's own timeline page is measured beside them as
//! the reference.

use std::time::Instant;

use crate::error::Result;
use crate::model::{Cursor, PhotoFilter, PhotoId, TimelineQuery};
use crate::organize::{AlbumCursor, AlbumKind, Flag, MarkChange, Place};
use crate::Library;

#[derive(Debug, Clone)]
pub struct OrganizeBenchOptions {
    pub photos: usize,
    pub albums: usize,
    pub big_album: usize,
    pub selection: usize,
}

impl Default for OrganizeBenchOptions {
    fn default() -> Self {
        OrganizeBenchOptions {
            photos: 500_000,
            albums: 2_000,
            big_album: 100_000,
            selection: 10_000,
        }
    }
}

/// Milliseconds: median and 99th percentile of a set of samples.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spread {
    pub p50_ms: f64,
    pub p99_ms: f64,
}

pub(super) fn spread(mut samples: Vec<f64>) -> Spread {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Spread {
        p50_ms: at(0.5),
        p99_ms: at(0.99),
    }
}

/// One of each bulk action on one selection, in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct BulkTimes {
    pub rate_ms: f64,
    pub flag_ms: f64,
    pub tag_ms: f64,
    pub album_add_ms: f64,
    pub undo_ms: f64,
}

fn bulk(library: &Library, selection: &[PhotoId], name: &str) -> Result<BulkTimes> {
    let org = library.organize();
    let rate = MarkChange {
        rating: Some(4),
        ..MarkChange::default()
    };
    let reject = MarkChange {
        flag: Some(Flag::Reject),
        ..MarkChange::default()
    };
    let album = org.create_album(name, None, AlbumKind::Album)?;
    Ok(BulkTimes {
        rate_ms: timed(|| org.mark(selection, &rate))?.1,
        flag_ms: timed(|| org.mark(selection, &reject))?.1,
        tag_ms: timed(|| org.tag_photos(&format!("Bench/{name}"), selection))?.1,
        album_add_ms: timed(|| org.add_to_album(album.id, selection))?.1,
        undo_ms: timed(|| org.undo())?.1,
    })
}

#[derive(Debug, Clone, Default)]
pub struct OrganizeBenchReport {
    pub photos: usize,
    pub selection: usize,
    /// A contiguous run of the timeline (what a Shift-click range selects).
    pub range: BulkTimes,
    /// Every k-th photo of the library (the worst case for pages touched).
    pub spread: BulkTimes,
    pub albums: usize,
    pub album_list: Spread,
    pub big_album: usize,
    pub manual_page: Spread,
    pub date_page: Spread,
    pub move_one: Spread,
    /// Renaming an album: the cost of any one-row organize step (transaction, undo step, commit).
    pub rename: Spread,
    /// The library's timeline page of 200 in the same run: the reference.
    pub timeline_page: Spread,
}

pub(super) fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, f64)> {
    let started = Instant::now();
    let value = f()?;
    Ok((value, started.elapsed().as_secs_f64() * 1000.0))
}

fn every_id(library: &Library) -> Result<Vec<PhotoId>> {
    let mut ids = Vec::new();
    let mut query = TimelineQuery {
        limit: 10_000,
        ..TimelineQuery::default()
    };
    loop {
        let page = library.timeline(&query)?;
        ids.extend(page.photos.iter().map(|p| p.id));
        match page.next {
            Some(next) => query.after = next,
            None => return Ok(ids),
        }
    }
}

/// Cursors spread evenly over a view, collected by paging through it once.
pub(super) fn date_cursors(
    library: &Library,
    filter: &PhotoFilter,
    samples: usize,
) -> Result<Vec<Cursor>> {
    let mut cursors = vec![Cursor::START];
    let mut query = TimelineQuery {
        filter: filter.clone(),
        limit: 200,
        ..TimelineQuery::default()
    };
    while let Some(next) = library.timeline(&query)?.next {
        cursors.push(next);
        query.after = next;
    }
    let step = (cursors.len() / samples.max(1)).max(1);
    Ok(cursors.into_iter().step_by(step).take(samples).collect())
}

pub(super) fn page_times(
    library: &Library,
    filter: &PhotoFilter,
    cursors: &[Cursor],
) -> Result<Spread> {
    let mut samples = Vec::with_capacity(cursors.len());
    for after in cursors {
        let query = TimelineQuery {
            filter: filter.clone(),
            after: *after,
            limit: 200,
        };
        samples.push(timed(|| library.timeline(&query))?.1);
    }
    Ok(spread(samples))
}

pub fn organize(options: &OrganizeBenchOptions) -> Result<OrganizeBenchReport> {
    let temp = tempfile::tempdir().map_err(|e| crate::Error::io(std::env::temp_dir(), e))?;
    let library = super::open_in(temp.path(), "organize.db")?;
    super::synthesize_photos(&library, options.photos)?;
    let ids = every_id(&library)?;
    let org = library.organize();
    let n = options.selection.min(ids.len());
    // What a Shift-click range selects: a run of the timeline from its middle.
    let from = (ids.len() - n) / 2;
    let range: Vec<PhotoId> = ids[from..from + n].to_vec();
    // The worst case: every k-th photo of the whole library, each on a page of its own.
    let step = (ids.len() / n.max(1)).max(1);
    let spread_out: Vec<PhotoId> = ids.iter().step_by(step).take(n).copied().collect();
    let mut report = OrganizeBenchReport {
        photos: ids.len(),
        selection: n,
        ..OrganizeBenchReport::default()
    };
    report.range = bulk(&library, &range, "Range")?;
    report.spread = bulk(&library, &spread_out, "Spread")?;

    // 2,000 albums in 100 folders, 20 photos each, covers left to "the first photo".
    let folders: Vec<i64> = (0..(options.albums / 20).max(1))
        .map(|i| {
            Ok(org
                .create_album(&format!("Folder {i}"), None, AlbumKind::Folder)?
                .id)
        })
        .collect::<Result<_>>()?;
    for i in 0..options.albums {
        let album = org.create_album(
            &format!("Album {i}"),
            Some(folders[i % folders.len()]),
            AlbumKind::Album,
        )?;
        let start = (i * 20) % ids.len().saturating_sub(20).max(1);
        org.add_to_album(album.id, &ids[start..(start + 20).min(ids.len())])?;
    }
    report.albums = options.albums;
    let mut list = Vec::new();
    for _ in 0..50 {
        list.push(timed(|| org.albums())?.1);
    }
    report.album_list = spread(list);

    // One big album: manual pages, date pages, single moves.
    let big = org.create_album("Big", None, AlbumKind::Album)?;
    let members: Vec<PhotoId> = ids.iter().rev().take(options.big_album).copied().collect();
    org.add_to_album(big.id, &members)?;
    report.big_album = members.len();
    let mut manual_cursors: Vec<Option<AlbumCursor>> = vec![None];
    let mut after: Option<AlbumCursor> = None;
    while let Some(next) = org.album_page(big.id, after.as_ref(), 200)?.next {
        manual_cursors.push(Some(next.clone()));
        after = Some(next);
    }
    let stride = (manual_cursors.len() / 200).max(1);
    let mut manual = Vec::new();
    for cursor in manual_cursors.iter().step_by(stride) {
        manual.push(timed(|| org.album_page(big.id, cursor.as_ref(), 200))?.1);
    }
    report.manual_page = spread(manual);
    let album_view = PhotoFilter {
        album: Some(big.id),
        ..PhotoFilter::default()
    };
    report.date_page = page_times(
        &library,
        &album_view,
        &date_cursors(&library, &album_view, 200)?,
    )?;
    let mut moves = Vec::new();
    for i in 0..200 {
        let photo = members[(i * 7_919) % members.len()];
        let anchor = members[(i * 104_729 + 1) % members.len()];
        if photo == anchor {
            continue;
        }
        moves.push(timed(|| org.reorder(big.id, &[photo], Place::Before(anchor)))?.1);
    }
    report.move_one = spread(moves);
    let mut renames = Vec::new();
    for i in 0..200 {
        renames.push(timed(|| org.rename_album(big.id, &format!("Big {i}")))?.1);
    }
    report.rename = spread(renames);
    let all = PhotoFilter::default();
    report.timeline_page = page_times(&library, &all, &date_cursors(&library, &all, 200)?)?;
    Ok(report)
}
