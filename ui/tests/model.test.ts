// Tests the timeline model: stacking estimated/exact sections, the virtual window, merging pages by cursor.
import { describe, expect, it } from 'vitest';
import type { LoadRequest } from '../src/timeline/section';
import { Timeline } from '../src/timeline/model';
import type { Tile } from '../src/types';
import { makePhotos, monthCounts, pager } from './helpers';

function library(): Tile[] {
  return makePhotos([
    { month: '2024-06', days: 5, perDay: 8 },
    { month: '2024-05', days: 2, perDay: 3 },
    { month: '2024-04', days: 30, perDay: 20 },
    { month: '2023-12', days: 1, perDay: 1 },
    { month: '2023-11', days: 10, perDay: 10 },
  ]);
}

function start(tl: Timeline, month: string): LoadRequest {
  return { month, mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch };
}

/** Loads every section the way the view does, following wants() for the whole height until done. */
function loadAll(tl: Timeline, photos: Tile[], limit: number): number {
  const fetch = pager(photos);
  let calls = 0;
  for (;;) {
    const w = tl.wants(0, tl.total, 0)[0];
    if (!w) return calls;
    calls++;
    const page = fetch({ view: { kind: 'all' }, cursor: w.cursor, fromMonth: w.mode === 'start' ? w.month : null, limit });
    tl.apply(w, page);
    if (calls > 1000) throw new Error('no progress');
  }
}

describe('Timeline', () => {
  it('stacks estimated sections from the month counts alone, without per-photo objects', () => {
    const tl = new Timeline();
    tl.setWidth(1200);
    const months = Array.from({ length: 300 }, (_, i) => ({
      month: `${2024 - Math.floor(i / 12)}-${String(12 - (i % 12)).padStart(2, '0')}`,
      count: 1667,
    }));
    tl.setMonths(months);
    expect(tl.sections).toHaveLength(300);
    expect(tl.loaded).toBe(0);
    expect(tl.sections.every((s) => s.photos.length === 0 && s.layout === null)).toBe(true);
    for (let i = 1; i < 300; i++) expect(tl.sections[i]!.top).toBe(tl.sections[i - 1]!.top + tl.sections[i - 1]!.height);
    // ~500,000 photos: tens of millions of px, far beyond what a browser can scroll natively.
    expect(tl.total).toBeGreaterThan(20_000_000);
    // The virtual window in the middle sees only the one or two sections there, and no tiles (nothing loaded).
    const mid = tl.total / 2;
    const seen: string[] = [];
    let tiles = 0;
    tl.visit(mid, mid + 900, { month: (s) => seen.push(s.month), skeleton: (s) => seen.push('skel:' + s.month), tile: () => tiles++ });
    expect(tiles).toBe(0);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThanOrEqual(3);
    const i = tl.sectionIndexAt(mid);
    expect(tl.sections[i]!.top).toBeLessThanOrEqual(mid);
    expect(tl.sections[i]!.top + tl.sections[i]!.height).toBeGreaterThan(mid);
  });

  it('merges pages that span months and continues big months by cursor, with no loss or duplicates', () => {
    const photos = library();
    const tl = new Timeline();
    tl.setWidth(1000);
    tl.setMonths(monthCounts(photos));
    const calls = loadAll(tl, photos, 100);
    // 40 + 6 + 600 + 1 + 100 = 747 photos in pages of 100: at least 8 calls, few wasted ones.
    expect(calls).toBeGreaterThanOrEqual(8);
    expect(calls).toBeLessThanOrEqual(12);
    const ids = tl.sections.flatMap((s) => s.photos.map((p) => p.id));
    expect(ids).toEqual(photos.map((p) => p.id));
    expect(tl.sections.every((s) => s.complete && s.cursor === null && s.layout !== null)).toBe(true);
    expect(tl.sections.map((s) => s.height)).toEqual(tl.sections.map((s) => s.layout!.exactHeight));
  });

  it('a jump loads the target month directly and ignores a stale continuation', () => {
    const photos = library();
    const tl = new Timeline();
    tl.setWidth(1000);
    tl.setMonths(monthCounts(photos));
    const fetch = pager(photos);
    const req = start(tl, '2024-04');
    tl.apply(req, fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-04', limit: 50 }));
    const apr = tl.byMonth.get('2024-04')!;
    expect(apr.photos).toHaveLength(50);
    expect(apr.photos[0]!.takenAt.startsWith('2024-04-30')).toBe(true);
    expect(apr.complete).toBe(false);
    expect(tl.byMonth.get('2024-06')!.photos).toHaveLength(0);
    // A continuation whose section changed meanwhile is dropped.
    const cont: LoadRequest = { month: '2024-04', mode: 'continue', cursor: apr.cursor, lenAtRequest: 49, epoch: tl.epoch };
    tl.apply(cont, fetch({ view: { kind: 'all' }, cursor: apr.cursor, fromMonth: null, limit: 50 }));
    expect(apr.photos).toHaveLength(50);
    // A shorter start of the same month does not shrink it.
    tl.apply(start(tl, '2024-04'), fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-04', limit: 10 }));
    expect(apr.photos).toHaveLength(50);
    expect(new Set(apr.photos.map((p) => p.id)).size).toBe(50);
  });

  it('visits exactly the rows intersecting the window', () => {
    const photos = library();
    const tl = new Timeline();
    tl.setWidth(1000);
    tl.setMonths(monthCounts(photos));
    loadAll(tl, photos, 1000);
    const y0 = 5000;
    const y1 = 5900;
    const boxes: { id: number; y: number; h: number }[] = [];
    tl.visit(y0, y1, { tile: (b) => boxes.push({ id: b.tile.id, y: b.y, h: b.h }) });
    expect(boxes.length).toBeGreaterThan(8);
    for (const b of boxes) {
      expect(b.y).toBeLessThan(y1);
      expect(b.y + b.h).toBeGreaterThan(y0);
    }
    // Brute force over every photo agrees.
    let expected = 0;
    for (const s of tl.sections) {
      for (let k = 0; k < s.photos.length; k++) {
        const b = tl.boxAt(s, k)!;
        if (b.y < y1 && b.y + b.h > y0) expected++;
      }
    }
    expect(boxes).toHaveLength(expected);
  });

  it('drops far sections back to estimates when over budget', () => {
    const photos = library();
    const tl = new Timeline();
    tl.setWidth(1000);
    tl.setMonths(monthCounts(photos));
    loadAll(tl, photos, 1000);
    expect(tl.loaded).toBe(747);
    const last = tl.sections[tl.sections.length - 1]!;
    expect(tl.evict(last.top, last.top + 500, 200)).toBe(true);
    expect(tl.loaded).toBeLessThanOrEqual(200);
    expect(last.photos).toHaveLength(100);
    expect(tl.byMonth.get('2024-04')!.layout).toBeNull();
  });
});

describe('library changes', () => {
  it('keeps loaded months near the viewport as stale and refetches them as far as they were loaded', () => {
    const photos = makePhotos([
      { month: '2024-06', days: 5, perDay: 8 },
      { month: '2024-05', days: 30, perDay: 20 },
      { month: '2024-04', days: 10, perDay: 10 },
    ]);
    const tl = new Timeline();
    tl.setWidth(1000);
    tl.setMonths(monthCounts(photos));
    const fetch = pager(photos);
    const may = (): ReturnType<typeof tl.byMonth.get> => tl.byMonth.get('2024-05');
    // June and all of May (600 photos) are loaded.
    tl.apply(start(tl, '2024-06'), fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-06', limit: 1000 }));
    expect(may()!.photos).toHaveLength(600);
    const keep = { y0: may()!.top, y1: may()!.top + 100 };
    // A new photo arrives in April; the month table is re-read.
    tl.setMonths([...monthCounts(photos).slice(0, 2), { month: '2024-04', count: 101 }], keep);
    expect(may()!.stale).toBe(true);
    expect(may()!.photos).toHaveLength(600);
    expect(tl.byMonth.get('2024-06')!.photos).toHaveLength(0); // outside the kept range: back to an estimate
    const m = may()!;
    const want = tl.wants(m.top, m.top + 100, m.top).find((w) => w.month === '2024-05')!;
    expect(want.mode).toBe('start');
    expect(want.limit).toBe(600);
    // June's own start page (which runs 260 photos into May) does not shrink stale May.
    tl.apply(start(tl, '2024-06'), fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-06', limit: 300 }));
    expect(may()!.photos).toHaveLength(600);
    expect(may()!.stale).toBe(true);
    tl.apply(want, fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-05', limit: want.limit! }));
    expect(may()!.stale).toBe(false);
    expect(may()!.photos).toHaveLength(600);
    expect(may()!.complete).toBe(true);
  });
});
