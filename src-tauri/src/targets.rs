//! The photos an organize action applies to: the UI's explicit ids plus its index ranges over a
//! view, each resolved by the engine in one query (`timeline_range`, `album_range`), so a Shift
//! range over photos the UI never loaded, or Ctrl+A on 100,000 photos, crosses the IPC boundary as
//! a few numbers. Also the view's timeline pieces the gallery commands share: its
//! month table (one "manual" entry for a manual-order album). The organize commands run their
//! writes through [`write`] and [`write_on`].

use std::collections::HashSet;
use std::sync::Arc;

use shoebox_engine::{AlbumSort, Library, Organize, Outcome, PhotoId};

use crate::dto::{MonthDto, OutcomeDto, TargetsDto, ViewDto, ViewKindDto};
use crate::error::{blocking, CommandError, CommandResult};

/// The month table's one entry for a manual-order album (its pages come in the album's order).
pub const MANUAL: &str = "manual";
/// The month `TimelineQuery::page` starts the undated group at.
pub const UNDATED: &str = "undated";
/// Photos one action may name (ids plus ranges): far above any real selection, a guard against a
/// malformed request.
pub const MAX_TARGETS: u64 = 2_000_000;

/// The album whose manual order a view shows, if it does (a query shows it by date: the order
/// of what matches is the timeline's).
pub fn manual_album(lib: &Library, view: &ViewDto) -> shoebox_engine::Result<Option<i64>> {
    if let (ViewKindDto::Album { id }, None) = (view.of, view.query_text()) {
        let album = lib.organize().album(id)?;
        if album.sort == AlbumSort::Manual && album.kind == shoebox_engine::AlbumKind::Album {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The view's month table: calendar months newest first, then "undated"; for a manual-order album
/// one entry, "manual", with all its photos.
pub fn months(lib: &Library, view: &ViewDto) -> shoebox_engine::Result<Vec<MonthDto>> {
    if let Some(id) = manual_album(lib, view)? {
        let count = lib.organize().album(id)?.count;
        return Ok(if count > 0 {
            vec![MonthDto {
                month: MANUAL.into(),
                count,
            }]
        } else {
            Vec::new()
        });
    }
    let filter = view.filter()?;
    let mut out: Vec<MonthDto> = lib.months(&filter)?.iter().map(MonthDto::from).collect();
    let undated = lib.undated_count(&filter)?;
    if undated > 0 {
        out.push(MonthDto {
            month: UNDATED.into(),
            count: undated,
        });
    }
    Ok(out)
}

/// Photo ids of `targets`, each once: the explicit ids first, then the ranges' photos in view order.
pub fn resolve(lib: &Library, targets: &TargetsDto) -> Result<Vec<PhotoId>, CommandError> {
    let mut ranges = targets.ranges.clone();
    ranges.sort_unstable();
    let mut wanted: u64 = targets.ids.len() as u64;
    for &(a, b) in &ranges {
        if a >= b {
            return Err(CommandError::invalid(format!(
                "The range {a}..{b} is empty: a range is [start, end) with start below end."
            )));
        }
        wanted = wanted.saturating_add(b - a);
    }
    if wanted > MAX_TARGETS {
        return Err(CommandError::invalid(format!(
            "{wanted} photos in one action; at most {MAX_TARGETS}."
        )));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(wanted as usize);
    for &id in &targets.ids {
        if seen.insert(id) {
            out.push(id);
        }
    }
    if ranges.is_empty() {
        return Ok(out);
    }
    let Some(view) = &targets.view else {
        return Err(CommandError::invalid(
            "Index ranges need the view they index.",
        ));
    };
    let manual = manual_album(lib, view)?;
    let filter = view.filter()?;
    for &(a, b) in &ranges {
        let ids = match manual {
            Some(album) => lib.organize().album_range(album, a, b)?,
            None => lib.timeline_range(&filter, a, b)?,
        };
        check_end(a + ids.len() as u64, b)?;
        for id in ids {
            if seen.insert(id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

fn check_end(total: u64, end: u64) -> Result<(), CommandError> {
    if end > total {
        return Err(CommandError::invalid(format!(
            "The selection reaches photo {end} of a view of {total}: the view changed; select again."
        )));
    }
    Ok(())
}

/// Runs one organize write on the blocking pool, as its outcome.
pub async fn write<F>(library: &Arc<Library>, work: F) -> CommandResult<OutcomeDto>
where
    F: FnOnce(&Organize<'_>) -> shoebox_engine::Result<Outcome> + Send + 'static,
{
    blocking(library, move |lib| {
        Ok::<_, shoebox_engine::Error>(work(&lib.organize())?.into())
    })
    .await
}

/// Resolves `targets` and runs one organize write on those photos, on the blocking pool.
pub async fn write_on<F>(
    library: &Arc<Library>,
    targets: TargetsDto,
    work: F,
) -> CommandResult<OutcomeDto>
where
    F: FnOnce(&Organize<'_>, &[PhotoId]) -> shoebox_engine::Result<Outcome> + Send + 'static,
{
    blocking(library, move |lib| {
        let ids = resolve(lib, &targets)?;
        Ok::<_, CommandError>(work(&lib.organize(), &ids)?.into())
    })
    .await
}
