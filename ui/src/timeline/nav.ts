// Owns moving between photos in timeline order and by row geometry (keyboard, viewer neighbours); pure over the model.
import type { Timeline, TileBox } from './model';
import type { Section } from './section';

/** A photo to go to, a section to load first, or nothing (an end of the timeline). */
export type Step = { box: TileBox } | { load: Section } | null;

function nonEmpty(s: Section): boolean {
  return s.count > 0 || s.photos.length > 0;
}

/** The photo after (dir 1) or before (dir -1) `id` in timeline order, crossing months and pages. */
export function stepInOrder(tl: Timeline, id: number, dir: 1 | -1): Step {
  const at = tl.locate(id);
  if (!at) return null;
  const s = at.sec;
  const k = at.index + dir;
  if (k >= 0 && k < s.photos.length) return { box: tl.boxAt(s, k)! };
  if (dir === 1 && !s.complete) return { load: s };
  const si = tl.sections.indexOf(s);
  for (let i = si + dir; i >= 0 && i < tl.sections.length; i += dir) {
    const t = tl.sections[i]!;
    if (!nonEmpty(t)) continue;
    if (t.photos.length === 0 || t.stale) return { load: t };
    if (dir === 1) return { box: tl.boxAt(t, 0)! };
    if (!t.complete) return { load: t };
    return { box: tl.boxAt(t, t.photos.length - 1)! };
  }
  return null;
}

/** The photo in the row above/below `id` whose centre is nearest horizontally. */
export function stepVertical(tl: Timeline, id: number, dir: 1 | -1): Step {
  const at = tl.locate(id);
  if (!at) return null;
  const cx = at.x + at.w / 2;
  const s = at.sec;
  const L = s.layout!;
  const r = L.rowOf[at.index]! + dir;
  if (r >= 0 && r < L.rows.length) return { box: nearestInRow(tl, s, r, cx) };
  if (dir === 1 && !s.complete) return { load: s };
  const si = tl.sections.indexOf(s);
  for (let i = si + dir; i >= 0 && i < tl.sections.length; i += dir) {
    const t = tl.sections[i]!;
    if (!nonEmpty(t)) continue;
    if (!t.layout || t.stale) return { load: t };
    if (dir === -1 && !t.complete) return { load: t };
    return { box: nearestInRow(tl, t, dir === 1 ? 0 : t.layout.rows.length - 1, cx) };
  }
  return null;
}

function nearestInRow(tl: Timeline, s: Section, r: number, cx: number): TileBox {
  const row = s.layout!.rows[r]!;
  let best = row.start;
  let bestD = Infinity;
  for (let k = row.start; k < row.end; k++) {
    const x = s.layout!.xs[k]!;
    const d = Math.abs(x + s.layout!.ws[k]! / 2 - cx);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return tl.boxAt(s, best)!;
}

/** The loaded photo nearest to the point (x, y), looking only at rows within `reach` px; null if none. */
export function tileNear(tl: Timeline, x: number, y: number, reach = 400): TileBox | null {
  let best: TileBox | null = null;
  let bestD = Infinity;
  tl.visit(y - reach, y + reach, {
    tile(b) {
      const dy = y < b.y ? b.y - y : y > b.y + b.h ? y - b.y - b.h : 0;
      const dx = x < b.x ? b.x - x : x > b.x + b.w ? x - b.x - b.w : 0;
      const d = dy * 4 + dx;
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    },
  });
  return best;
}

/**
 * Where a loaded photo is in the current view (the whole library or a folder): 1-based `index` and the `total`,
 * the sum of the view's month counts. Exact because a month's loaded photos are always a prefix of that month.
 */
export function positionOf(tl: Timeline, id: number): { index: number; total: number } | null {
  const at = tl.locate(id);
  if (!at) return null;
  let before = 0;
  let total = 0;
  for (const s of tl.sections) {
    if (s === at.sec) before = total;
    total += Math.max(s.count, s.photos.length);
  }
  return { index: before + at.index + 1, total };
}
