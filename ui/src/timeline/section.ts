// Owns the per-month data a timeline section holds and how a fetched page is merged into sections (pure, no DOM).
import type { MonthLayout } from '../layout/month';
import type { Tile, TimelinePage } from '../types';

export interface Section {
  month: string;
  count: number;
  /** Loaded prefix of the month's photos, newest first. */
  photos: Tile[];
  /** All of the month's photos are in `photos`. */
  complete: boolean;
  /** Keyset cursor continuing after the last loaded photo (when loaded but not complete). */
  cursor: string | null;
  /** Data predates a library change; refetch when near the viewport. */
  stale: boolean;
  inflight: boolean;
  layout: MonthLayout | null;
  aspects: Float64Array | null;
  top: number;
  height: number;
  /** Index of the section's first photo in the view's order (the counts of the sections above). */
  start: number;
}

export function newSection(month: string, count: number): Section {
  return {
    month,
    count,
    photos: [],
    complete: count === 0,
    cursor: null,
    stale: false,
    inflight: false,
    layout: null,
    aspects: null,
    top: 0,
    height: 0,
    start: 0,
  };
}

/** Drops a section's photos; it falls back to an estimated height. */
export function unload(s: Section): void {
  s.photos = [];
  s.complete = s.count === 0;
  s.cursor = null;
  s.stale = false;
  s.layout = null;
  s.aspects = null;
}

/** What was asked: the start of `month`, or its continuation from `cursor` after `lenAtRequest` photos. */
export interface LoadRequest {
  month: string;
  mode: 'start' | 'continue';
  cursor: string | null;
  lenAtRequest: number;
  epoch: number;
  /** Page size wanted (a stale section is refetched as far as it was loaded, up to 1000). */
  limit?: number;
}

export interface ApplyResult {
  changed: Set<Section>;
  /** The page disagreed with the month table (unknown or emptied month). */
  tableStale: boolean;
}

/** "YYYY-MM" of a takenAt. */
export function monthOf(takenAt: string): string {
  return takenAt.slice(0, 7);
}

/** The month table's entry for photos without a recorded date (always last; also a page's `fromMonth`). */
export const UNDATED = 'undated';

/** The section a tile belongs to: its month, or the Undated group when its date is only the file's. */
export function sectionOf(tile: Tile): string {
  return tile.dated ? monthOf(tile.takenAt) : UNDATED;
}

/**
 * Merges a page (newest first, possibly spanning several months) into the sections. Each month's photos stay a
 * gap-free prefix of that month: a run that starts a month replaces a shorter prefix, a continuation appends only
 * if nothing else changed the section meanwhile. Never duplicates a photo.
 */
export function applyPage(
  byMonth: ReadonlyMap<string, Section>,
  req: LoadRequest,
  page: TimelinePage,
  /** The section of a tile: its month (a manual-order album has one section for all). */
  keyOf: (tile: Tile) => string = sectionOf,
): ApplyResult {
  const changed = new Set<Section>();
  let tableStale = false;
  const reqSec = byMonth.get(req.month);
  if (req.mode === 'continue' && reqSec) {
    if (reqSec.cursor !== req.cursor || reqSec.photos.length !== req.lenAtRequest) return { changed, tableStale };
  }
  // Split the page into runs of one month.
  const runs: { month: string; photos: Tile[] }[] = [];
  for (const p of page.photos) {
    const m = keyOf(p);
    const last = runs[runs.length - 1];
    if (last && last.month === m) last.photos.push(p);
    else runs.push({ month: m, photos: [p] });
  }
  const first = runs[0];
  if (reqSec && (!first || first.month !== req.month)) {
    // The requested month has no (more) photos: it ends here.
    if (req.mode === 'start' && reqSec.photos.length > 0 && !reqSec.stale) {
      // Someone else loaded it meanwhile; the month table is out of date.
      tableStale = true;
    } else {
      if (req.mode === 'start') {
        reqSec.photos = [];
        if (reqSec.count > 0) tableStale = true;
      }
      reqSec.complete = true;
      reqSec.cursor = null;
      reqSec.stale = false;
      reqSec.count = reqSec.photos.length;
      changed.add(reqSec);
    }
  }
  runs.forEach((run, i) => {
    const sec = byMonth.get(run.month);
    if (!sec) {
      tableStale = true;
      return;
    }
    const isLast = i === runs.length - 1;
    const continuing = i === 0 && req.mode === 'continue' && run.month === req.month;
    if (continuing) {
      sec.photos = sec.photos.concat(run.photos);
    } else if (
      sec.stale
        ? // Fresh data replaces stale data when it is the whole month, at least as long, or what was asked for.
          !isLast || run.photos.length >= sec.photos.length || (i === 0 && run.month === req.month)
        : sec.photos.length < run.photos.length
    ) {
      sec.photos = run.photos;
      sec.stale = false;
    } else if (sec.photos.length === run.photos.length && !isLast && !sec.complete) {
      // Same prefix, but now we know the month ends here.
    } else {
      return;
    }
    if (!isLast || page.next === null) {
      sec.complete = true;
      sec.cursor = null;
    } else if (sec.photos.length >= sec.count) {
      sec.complete = true;
      sec.cursor = null;
    } else {
      sec.complete = false;
      sec.cursor = page.next;
    }
    if (sec.complete && sec.count !== sec.photos.length) sec.count = sec.photos.length;
    changed.add(sec);
  });
  return { changed, tableStale };
}
