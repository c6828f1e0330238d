// Owns scroll anchoring: remember what is on screen before heights change and find where it went after (pure).
import type { Timeline, TileBox } from './model';

export type Anchor =
  /** A photo at `offset` px below the viewport top (negative: partly above). */
  | { kind: 'tile'; id: number; month: string; offset: number }
  /** A point `offset` px below the top of a month section (headers, exact rows or an estimate). */
  | { kind: 'top'; month: string; offset: number }
  /** A point `offset` px above the bottom of a month section (inside the estimate of its unloaded rest). */
  | { kind: 'bottom'; month: string; offset: number };

/**
 * What to keep in place for a viewport at [top, top+height): the first tile intersecting it, else the section
 * under the viewport top (measured from its bottom when that point lies in the estimated, not yet loaded rest).
 */
export function captureAnchor(tl: Timeline, top: number, height: number): Anchor | null {
  let first: TileBox | null = null;
  tl.visit(top, top + height, {
    tile(b) {
      if (!first) first = b;
    },
  });
  const f = first as TileBox | null;
  if (f) return { kind: 'tile', id: f.tile.id, month: f.sec.month, offset: f.y - top };
  const i = tl.sectionIndexAt(top);
  if (i < 0) return null;
  const s = tl.sections[i]!;
  const exact = s.layout ? s.layout.exactHeight : 0;
  if (s.layout && !s.complete && top - s.top >= exact) {
    return { kind: 'bottom', month: s.month, offset: s.top + s.height - top };
  }
  return { kind: 'top', month: s.month, offset: top - s.top };
}

/** The viewport top that puts the anchor back where it was (not clamped to the scroll range); null: stay put. */
export function resolveAnchor(tl: Timeline, a: Anchor): number | null {
  if (a.kind === 'tile') {
    const s = tl.byMonth.get(a.month);
    let box: TileBox | null = null;
    if (s?.layout) {
      const k = s.photos.findIndex((p) => p.id === a.id);
      if (k >= 0) box = tl.boxAt(s, k);
    }
    box ??= tl.locate(a.id);
    // A photo that is gone (or not reloaded yet): keep the scroll position rather than jump.
    return box ? box.y - a.offset : null;
  }
  const s = tl.byMonth.get(a.month);
  if (!s) return null;
  if (a.kind === 'top') return s.top + Math.min(a.offset, Math.max(0, s.height - 1));
  return s.top + s.height - Math.min(a.offset, s.height);
}
