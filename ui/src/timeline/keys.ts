// Owns keyboard navigation in the grid (arrows, Home/End, PageUp/PageDown, Enter) and viewer neighbours.
import type { Tile } from '../types';
import { stepInOrder, stepVertical, tileNear, type Step } from './nav';
import type { TimelineView } from './view';

/** Handles a grid key; returns false for keys it does not own (so the caller leaves them alone). */
export function gridKey(view: TimelineView, key: string): boolean {
  const tl = view.tl;
  switch (key) {
    case 'ArrowLeft':
      void move(view, (id) => stepInOrder(tl, id, -1));
      return true;
    case 'ArrowRight':
      void move(view, (id) => stepInOrder(tl, id, 1));
      return true;
    case 'ArrowUp':
      void move(view, (id) => stepVertical(tl, id, -1));
      return true;
    case 'ArrowDown':
      void move(view, (id) => stepVertical(tl, id, 1));
      return true;
    case 'Home':
      void toEnd(view, 'first');
      return true;
    case 'End':
      void toEnd(view, 'last');
      return true;
    case 'PageUp':
      page(view, -1);
      return true;
    case 'PageDown':
      page(view, 1);
      return true;
    case 'Enter':
      if (view.focusedId !== null) view.open(view.focusedId);
      else focusFirstVisible(view);
      return true;
    default:
      return false;
  }
}

function focusFirstVisible(view: TimelineView): boolean {
  const id = view.visibleIds()[0];
  if (id === undefined) return false;
  view.setFocus(id, true);
  return true;
}

/** Resolves a step, loading pages (at most a few) when it crosses into data not loaded yet. */
async function resolve(view: TimelineView, step: () => Step): Promise<Tile | null> {
  for (let i = 0; i < 16; i++) {
    const st = step();
    if (!st) return null;
    if ('box' in st) return st.box.tile;
    await view.loader.loadSection(st.load);
  }
  return null;
}

async function move(view: TimelineView, step: (id: number) => Step): Promise<void> {
  const id = view.focusedId;
  if (id === null || !view.tl.locate(id)) {
    focusFirstVisible(view);
    return;
  }
  const next = await resolve(view, () => step(id));
  if (next && view.focusedId === id) view.setFocus(next.id, true);
}

async function toEnd(view: TimelineView, which: 'first' | 'last'): Promise<void> {
  const tl = view.tl;
  const secs = tl.sections.filter((s) => s.count > 0);
  const s = which === 'first' ? secs[0] : secs[secs.length - 1];
  if (!s) return;
  view.scrollToVirtual(which === 'first' ? 0 : tl.total);
  for (let i = 0; i < 64; i++) {
    const ready = which === 'first' ? s.photos.length > 0 && !s.stale : s.complete && !s.stale;
    if (ready) break;
    await view.loader.loadSection(s);
  }
  const p = which === 'first' ? s.photos[0] : s.photos[s.photos.length - 1];
  if (p) view.setFocus(p.id, true);
}

function page(view: TimelineView, dir: 1 | -1): void {
  const tl = view.tl;
  const cur = view.focusedId !== null ? tl.locate(view.focusedId) : null;
  const x = cur ? cur.x + cur.w / 2 : tl.metrics.width / 2;
  const y = cur ? cur.y + cur.h / 2 : view.vTop + view.vh / 2;
  view.scrollToVirtual(view.vTop + dir * view.vh);
  const target = tileNear(tl, x, y + dir * view.vh);
  if (target) view.setFocus(target.tile.id, true);
}

/** The photo before/after `id` in timeline order (loading across page boundaries), or null at an end. */
export function neighbor(view: TimelineView, id: number, dir: 1 | -1): Promise<Tile | null> {
  return resolve(view, () => stepInOrder(view.tl, id, dir));
}
