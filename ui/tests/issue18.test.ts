// Tests the pure parts of issue 18 (what a new user trips over): viewer zoom maths, the viewer's position in the
// view, the folder tree's keys, compact small months in the layout, and the sidebar width bounds.
import { describe, expect, it } from 'vitest';
import { treeKey, type TreeRow } from '../src/folders_tree';
import { Estimator, layoutMonth, metricsForWidth } from '../src/layout/month';
import { clampPan, fitState, fitZoom, sourceFor, toggleZoom, wheelFactor, zoomAround, zoomLabel, type Frame } from '../src/layout/zoom';
import { clampWidth, MAX_WIDTH, MIN_WIDTH } from '../src/sidebar';
import { Timeline } from '../src/timeline/model';
import { positionOf } from '../src/timeline/nav';
import type { LoadRequest } from '../src/timeline/section';
import { makePhotos, monthCounts, pager } from './helpers';

const big: Frame = { boxW: 1000, boxH: 800, natW: 6000, natH: 4000, dpr: 1 };
const small: Frame = { boxW: 1000, boxH: 800, natW: 8, natH: 8, dpr: 1 };

describe('zoom', () => {
  it('fits large photos and never enlarges small ones past 100 %', () => {
    expect(fitZoom(big)).toBeCloseTo(1000 / 6000);
    expect(fitZoom(small)).toBe(1);
    expect(fitZoom({ ...big, dpr: 2 })).toBeCloseTo(2000 / 6000);
    const s = fitState(big);
    expect(s.fit).toBe(true);
    expect(s.x).toBeCloseTo(0);
    expect(s.y).toBeCloseTo((800 - 4000 / 6) / 2);
    expect(zoomLabel(s)).toBe('fit');
  });

  it('z toggles fit and 100 %, labelled as a percentage', () => {
    const at100 = toggleZoom(big, fitState(big));
    expect(at100.zoom).toBe(1);
    expect(zoomLabel(at100)).toBe('100');
    expect(toggleZoom(big, at100).fit).toBe(true);
    expect(zoomLabel({ zoom: 2.5, x: 0, y: 0, fit: false })).toBe('250');
  });

  it('zooms around the pointer: the image point under it stays put', () => {
    const s0 = toggleZoom(big, fitState(big)); // 100 %
    const px = 300;
    const py = 200;
    const imgX = px - s0.x; // image px under the pointer at 100 %
    const s1 = zoomAround(big, s0, 2, px, py);
    expect(s1.zoom).toBe(2);
    expect(px - s1.x).toBeCloseTo(imgX * 2);
    // Zooming out below fit snaps to fit.
    expect(zoomAround(big, s1, 0.01, px, py).fit).toBe(true);
  });

  it('pans within the image edges and centres an axis smaller than the stage', () => {
    const s = clampPan(big, { zoom: 1, x: 500, y: -99999, fit: false });
    expect(s.x).toBe(0);
    expect(s.y).toBe(800 - 4000);
    const c = clampPan(small, { zoom: 1, x: 0, y: 0, fit: false });
    expect(c.x).toBe((1000 - 8) / 2);
  });

  it('wheel notches zoom in and out symmetrically; pinch is smooth', () => {
    expect(wheelFactor(-100, 0, false)).toBeGreaterThan(1);
    expect(wheelFactor(100, 0, false) * wheelFactor(-100, 0, false)).toBeCloseTo(1);
    expect(wheelFactor(-3, 1, false)).toBeCloseTo(wheelFactor(-48, 0, false));
    expect(wheelFactor(-10, 0, true)).toBeGreaterThan(wheelFactor(-10, 0, false));
  });

  it('loads the original only when the zoom needs more pixels than the largest variant', () => {
    expect(sourceFor(big, fitZoom(big), 1920)).toBe(1920);
    expect(sourceFor(big, 0.4, 1920)).toBe(2560);
    expect(sourceFor(big, 1, 1920)).toBe('full');
    expect(sourceFor(big, 1, 2560)).toBe('full');
    expect(sourceFor({ ...big, natW: 2000, natH: 1500 }, 4, 1920)).toBe(2560);
  });
});

describe('position in the view', () => {
  it('counts the months before plus the index in the month, out of the sum of the month counts', () => {
    const photos = makePhotos([
      { month: '2024-06', days: 2, perDay: 3 },
      { month: '2024-05', days: 1, perDay: 4 },
      { month: '2024-04', days: 2, perDay: 5 },
    ]);
    const fetch = pager(photos);
    const tl = new Timeline();
    tl.setWidth(1000);
    tl.setMonths(monthCounts(photos));
    const req: LoadRequest = { month: '2024-06', mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch };
    tl.apply(req, fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-06', limit: 8 }));
    expect(positionOf(tl, photos[0]!.id)).toEqual({ index: 1, total: 20 });
    expect(positionOf(tl, photos[7]!.id)).toEqual({ index: 8, total: 20 });
    expect(positionOf(tl, photos[12]!.id)).toBeNull(); // not loaded
  });
});

describe('folder tree keys', () => {
  // All photos, root (expanded) > child (collapsed), root2 (leaf)
  const rows: TreeRow[] = [
    { depth: 0, expanded: null },
    { depth: 0, expanded: true },
    { depth: 1, expanded: false },
    { depth: 0, expanded: null },
  ];
  it('moves with arrows, Home and End, and selects with Enter or Space', () => {
    expect(treeKey(rows, 0, 'ArrowDown')).toEqual({ focus: 1 });
    expect(treeKey(rows, 3, 'ArrowDown')).toEqual({ focus: 3 });
    expect(treeKey(rows, 0, 'ArrowUp')).toEqual({ focus: 0 });
    expect(treeKey(rows, 2, 'Home')).toEqual({ focus: 0 });
    expect(treeKey(rows, 0, 'End')).toEqual({ focus: 3 });
    expect(treeKey(rows, 2, 'Enter')).toEqual({ select: 2 });
    expect(treeKey(rows, 2, ' ')).toEqual({ select: 2 });
    expect(treeKey(rows, 2, 'x')).toBeNull();
  });
  it('expands and collapses with → and ←, or moves to the child and the parent', () => {
    expect(treeKey(rows, 2, 'ArrowRight')).toEqual({ expand: 2 });
    expect(treeKey(rows, 1, 'ArrowRight')).toEqual({ focus: 2 });
    expect(treeKey(rows, 1, 'ArrowLeft')).toEqual({ collapse: 1 });
    expect(treeKey(rows, 2, 'ArrowLeft')).toEqual({ focus: 1 });
    expect(treeKey(rows, 3, 'ArrowLeft')).toEqual({ focus: 3 });
  });
});

describe('compact small months', () => {
  it('lays a month of a few photos out as one run without day headers', () => {
    const m = metricsForWidth(1000);
    const photos = makePhotos([{ month: '2024-05', days: 3, perDay: 2 }]);
    const L = layoutMonth(photos, photos.length, true, m, new Estimator());
    expect(L.days).toEqual([]);
    expect(L.rows[0]!.y).toBe(m.monthHeaderHeight);
    // 6 photos cost one header and their rows, not three day headers and a row per day.
    expect(L.rows.length).toBeLessThan(3);
    const last = L.rows[L.rows.length - 1]!;
    expect(L.height).toBe(last.y + last.height + m.gap + m.sectionGap);
  });
  it('keeps day headers for bigger months', () => {
    const m = metricsForWidth(1000);
    const photos = makePhotos([{ month: '2024-05', days: 3, perDay: 4 }]);
    expect(layoutMonth(photos, photos.length, true, m, new Estimator()).days.length).toBe(3);
  });
  it('estimates a compact month without day headers', () => {
    const m = metricsForWidth(1000);
    expect(new Estimator().monthHeight(2, m)).toBe(m.monthHeaderHeight + m.targetRowHeight + m.gap + m.sectionGap);
  });
});

describe('sidebar width', () => {
  it('stays within bounds and half the window', () => {
    expect(clampWidth(50, 1400)).toBe(MIN_WIDTH);
    expect(clampWidth(9999, 1400)).toBe(MAX_WIDTH);
    expect(clampWidth(400, 600)).toBe(300);
    expect(clampWidth(Number.NaN, 1400)).toBe(240);
  });
});
