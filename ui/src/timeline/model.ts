// Owns the whole timeline's geometry: month sections stacked vertically, exact or estimated, and queries over a viewport (pure, no DOM).
import { Estimator, aspectsOf, lastAtOrBefore, layoutMonth, metricsForWidth, type Metrics } from '../layout/month';
import { MANUAL, type MarkChange, type MonthCount, type Tile, type TimelinePage } from '../types';
import { applyChange } from '../selection/marks';
import { contains, type Range } from '../selection/model';
import { UNDATED, applyPage, newSection, sectionOf, unload, type ApplyResult, type LoadRequest, type Section } from './section';

export interface TileBox {
  sec: Section;
  index: number;
  tile: Tile;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Receives the items intersecting a range, in top-to-bottom order. */
export interface Visitor {
  month?(sec: Section, y: number): void;
  day?(sec: Section, day: string, y: number): void;
  /** Estimated region of a section whose photos are not (all) loaded. */
  skeleton?(sec: Section, y: number, h: number): void;
  tile?(box: TileBox): void;
}

export class Timeline {
  sections: Section[] = [];
  byMonth = new Map<string, Section>();
  metrics: Metrics = metricsForWidth(1000);
  est = new Estimator();
  total = 0;
  /** Bumped when the month table is replaced; responses to older requests are ignored. */
  epoch = 0;
  /** Photos in the view (the sum of the sections' counts). */
  count = 0;
  /** A manual-order album: one section (MANUAL) in the album's order, no dates. */
  manual = false;
  private loadedPhotos = 0;

  /** Replaces the month table. Data of months outside `keep` (a y range) is dropped; kept data is marked stale. */
  setMonths(months: readonly MonthCount[], keep: { y0: number; y1: number } | null = null): void {
    this.epoch++;
    this.manual = months.length === 1 && months[0]!.month === MANUAL;
    const old = this.byMonth;
    this.sections = [];
    this.byMonth = new Map();
    for (const mc of months) {
      if (this.byMonth.has(mc.month)) continue;
      const prev = old.get(mc.month);
      let s: Section;
      if (prev && keep && prev.photos.length > 0 && prev.top < keep.y1 && prev.top + prev.height > keep.y0) {
        s = prev;
        s.count = mc.count;
        s.stale = true;
        s.inflight = false;
        s.complete = s.photos.length >= s.count;
        s.cursor = null;
      } else {
        s = newSection(mc.month, mc.count);
      }
      this.sections.push(s);
      this.byMonth.set(mc.month, s);
    }
    for (const s of this.sections) this.relayout(s);
    this.recomputeTops();
  }

  /** Sets the content width; relayouts everything when it changed. Returns whether it changed. */
  setWidth(width: number): boolean {
    const m = metricsForWidth(width);
    if (m.width === this.metrics.width) return false;
    this.metrics = m;
    for (const s of this.sections) this.relayout(s);
    this.recomputeTops();
    return true;
  }

  relayout(s: Section): void {
    if (s.photos.length === 0) {
      s.layout = null;
      s.aspects = null;
      s.height = s.complete ? 0 : this.est.monthHeight(s.count, this.metrics);
      return;
    }
    if (!s.aspects || s.aspects.length !== s.photos.length) s.aspects = aspectsOf(s.photos);
    s.layout = layoutMonth(s.photos, s.count, s.complete, this.metrics, this.est, s.aspects, s.month === UNDATED || s.month === MANUAL);
    s.height = s.layout.height;
  }

  recomputeTops(): void {
    let y = 0;
    let loaded = 0;
    let start = 0;
    for (const s of this.sections) {
      s.top = y;
      s.start = start;
      y += s.height;
      start += Math.max(s.count, s.photos.length);
      loaded += s.photos.length;
    }
    this.total = y;
    this.count = start;
    this.loadedPhotos = loaded;
  }

  get loaded(): number {
    return this.loadedPhotos;
  }

  /** Merges a fetched page; relayouts changed sections (re-estimating the rest when the estimator learned). */
  apply(req: LoadRequest, page: TimelinePage): ApplyResult {
    const res = applyPage(this.byMonth, req, page, this.manual ? () => MANUAL : sectionOf);
    const sec = this.byMonth.get(req.month);
    if (sec) sec.inflight = false;
    for (const s of res.changed) {
      this.relayout(s);
      // Compact months (no day headers) would skew photos-per-day.
      if (s.complete && s.layout && s.aspects && s.layout.days.length > 0) this.est.observe(s.aspects, s.layout.days.length);
    }
    if (res.changed.size > 0) {
      // Estimates of unloaded sections follow what the estimator learned.
      for (const s of this.sections) if (!s.layout && !s.complete) s.height = this.est.monthHeight(s.count, this.metrics);
      this.recomputeTops();
    }
    return res;
  }

  /** Index of the section containing y (clamped to the ends); -1 when there are none. */
  sectionIndexAt(y: number): number {
    if (this.sections.length === 0) return -1;
    const i = lastAtOrBefore(this.sections, y, (s) => s.top);
    return Math.max(0, Math.min(this.sections.length - 1, i));
  }

  /** Calls the visitor for every header, skeleton and tile intersecting [y0, y1). O(items in range + log n). */
  visit(y0: number, y1: number, v: Visitor): void {
    const n = this.sections.length;
    for (let i = this.sectionIndexAt(y0); i >= 0 && i < n; i++) {
      const s = this.sections[i]!;
      if (s.top >= y1) break;
      if (s.height <= 0 || s.top + s.height <= y0) continue;
      const m = this.metrics;
      if (s.top + m.monthHeaderHeight > y0) v.month?.(s, s.top);
      const L = s.layout;
      const ry0 = y0 - s.top;
      const ry1 = y1 - s.top;
      if (L) {
        if (v.day) {
          for (let d = Math.max(0, lastAtOrBefore(L.days, ry0, (x) => x.y)); d < L.days.length; d++) {
            const dh = L.days[d]!;
            if (dh.y >= ry1) break;
            if (dh.y + m.dayHeaderHeight > ry0) v.day(s, dh.day, s.top + dh.y);
          }
        }
        if (v.tile) {
          for (let r = Math.max(0, lastAtOrBefore(L.rows, ry0, (x) => x.y)); r < L.rows.length; r++) {
            const row = L.rows[r]!;
            if (row.y >= ry1) break;
            if (row.y + row.height <= ry0) continue;
            for (let k = row.start; k < row.end; k++) {
              v.tile({ sec: s, index: k, tile: s.photos[k]!, x: L.xs[k]!, y: s.top + row.y, w: L.ws[k]!, h: row.height });
            }
          }
        }
      }
      const skelTop = L ? L.exactHeight : m.monthHeaderHeight;
      const skelH = s.height - skelTop - m.sectionGap;
      if (!s.complete && skelH > 0 && skelTop < ry1 && skelTop + skelH > ry0) v.skeleton?.(s, s.top + skelTop, skelH);
    }
  }

  /** Loads wanted for [y0, y1), nearest to `center` first: unloaded/stale months start, partial ones continue. */
  wants(y0: number, y1: number, center: number): LoadRequest[] {
    const out: { req: LoadRequest; dist: number }[] = [];
    const n = this.sections.length;
    for (let i = this.sectionIndexAt(y0); i >= 0 && i < n; i++) {
      const s = this.sections[i]!;
      if (s.top >= y1) break;
      if (s.inflight || s.top + s.height <= y0) continue;
      if (s.photos.length === 0 || s.stale) {
        if (s.complete && !s.stale) continue;
        const dist = distance(center, s.top, s.top + s.height);
        const req: LoadRequest = { month: s.month, mode: 'start', cursor: null, lenAtRequest: 0, epoch: this.epoch };
        if (s.stale) req.limit = Math.min(1000, Math.max(300, s.photos.length));
        out.push({ req, dist });
      } else if (!s.complete && s.cursor !== null && s.layout) {
        const rTop = s.top + s.layout.exactHeight;
        if (rTop >= y1) continue;
        const dist = distance(center, rTop, s.top + s.height);
        out.push({
          req: { month: s.month, mode: 'continue', cursor: s.cursor, lenAtRequest: s.photos.length, epoch: this.epoch },
          dist,
        });
      }
    }
    out.sort((a, b) => a.dist - b.dist);
    return out.map((o) => o.req);
  }

  /** Position of a loaded photo. O(section size) on the first lookup of a section's photo. */
  locate(id: number): TileBox | null {
    for (const s of this.sections) {
      const L = s.layout;
      if (!L) continue;
      const k = s.photos.findIndex((p) => p.id === id);
      if (k < 0) continue;
      const row = L.rows[L.rowOf[k]!]!;
      return { sec: s, index: k, tile: s.photos[k]!, x: L.xs[k]!, y: s.top + row.y, w: L.ws[k]!, h: row.height };
    }
    return null;
  }

  /** Box of photo `index` of section `s` (which must be laid out). */
  boxAt(s: Section, index: number): TileBox | null {
    const L = s.layout;
    if (!L || index < 0 || index >= L.loaded) return null;
    const row = L.rows[L.rowOf[index]!]!;
    return { sec: s, index, tile: s.photos[index]!, x: L.xs[index]!, y: s.top + row.y, w: L.ws[index]!, h: row.height };
  }

  /** The loaded photos whose view index is in `ranges` (or whose id is in `ids`), with their index. */
  *loadedIn(ranges: readonly Range[], ids: ReadonlySet<number> = new Set()): Generator<[Tile, number]> {
    if (ranges.length === 0 && ids.size === 0) return;
    for (const s of this.sections) {
      for (let k = 0; k < s.photos.length; k++) {
        const t = s.photos[k]!;
        if (contains(ranges, s.start + k) || ids.has(t.id)) yield [t, s.start + k];
      }
    }
  }

  /** The ids at the indices of `ranges`, when every one of them is loaded; null otherwise (the backend resolves them). */
  idsOf(ranges: readonly Range[], max = 5000): number[] | null {
    const out: number[] = [];
    let si = 0;
    for (const [a, b] of ranges) {
      if (out.length + (b - a) > max) return null;
      for (let i = a; i < b; i++) {
        while (si < this.sections.length && this.sections[si]!.start + Math.max(this.sections[si]!.count, this.sections[si]!.photos.length) <= i) si++;
        const s = this.sections[si];
        const t = s?.photos[i - s.start];
        if (!s || !t || s.stale) return null;
        out.push(t.id);
      }
    }
    return out;
  }

  /** Applies a mark change to the loaded photos it concerns (the grid shows it in the next frame). */
  applyMarks(ranges: readonly Range[], ids: readonly number[], c: MarkChange): number {
    let n = 0;
    for (const [t] of this.loadedIn(ranges, new Set(ids))) {
      t.marks = applyChange(t.marks, c);
      n++;
    }
    return n;
  }

  /** The view index of a loaded photo (null when it is not loaded). */
  indexOf(id: number): number | null {
    const b = this.locate(id);
    return b ? b.sec.start + b.index : null;
  }

  /** The loaded photo at view index `i`, if loaded. */
  tileAt(i: number): Tile | null {
    const si = lastAtOrBefore(this.sections, i, (s) => s.start);
    const s = this.sections[si];
    return s ? (s.photos[i - s.start] ?? null) : null;
  }

  /** Drops data of the sections farthest from [y0, y1) while more than `budget` photos are loaded. */
  evict(y0: number, y1: number, budget: number): boolean {
    if (this.loadedPhotos <= budget) return false;
    const cands = this.sections
      .filter((s) => s.photos.length > 0 && !s.inflight && (s.top + s.height <= y0 || s.top >= y1))
      .map((s) => ({ s, d: distance((y0 + y1) / 2, s.top, s.top + s.height) }))
      .sort((a, b) => b.d - a.d);
    let loaded = this.loadedPhotos;
    let any = false;
    for (const { s } of cands) {
      if (loaded <= budget) break;
      loaded -= s.photos.length;
      unload(s);
      this.relayout(s);
      any = true;
    }
    if (any) this.recomputeTops();
    return any;
  }
}

function distance(c: number, a: number, b: number): number {
  return c < a ? a - c : c > b ? c - b : 0;
}
