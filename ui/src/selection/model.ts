// Owns what is selected in a view, as sorted index ranges [start, end) over the view's global order (pure, no DOM):
// click, Ctrl-click, Shift-click ranges (which may span photos never loaded), Ctrl+A by count, Esc.

/** Half-open index range [start, end). */
export type Range = [number, number];

/** Sorted, disjoint, non-touching ranges covering `ranges` (empty ones dropped). */
export function normalize(ranges: readonly Range[]): Range[] {
  const rs = ranges.filter(([a, b]) => b > a).map(([a, b]): Range => [a, b]);
  rs.sort((x, y) => x[0] - y[0]);
  const out: Range[] = [];
  for (const r of rs) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

/** `ranges` without [a, b). */
export function subtract(ranges: readonly Range[], a: number, b: number): Range[] {
  const out: Range[] = [];
  for (const [s, e] of ranges) {
    if (e <= a || s >= b) out.push([s, e]);
    else {
      if (s < a) out.push([s, a]);
      if (e > b) out.push([b, e]);
    }
  }
  return out;
}

/** Whether index `i` is in the (normalized) ranges: binary search, O(log ranges). */
export function contains(ranges: readonly Range[], i: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (i < r[0]) hi = mid;
    else if (i >= r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** How many indices the ranges cover. */
export function countOf(ranges: readonly Range[]): number {
  let n = 0;
  for (const [a, b] of ranges) n += b - a;
  return n;
}

/**
 * A view's selection. Indices are positions in the view's order (0 = the first photo), so a range is exact even where
 * photos are not loaded; the backend turns ranges into photos only when an action runs.
 */
export class Selection {
  private rs: Range[] = [];
  /** Where the last plain or Ctrl click was: the fixed end of Shift ranges. */
  anchor: number | null = null;
  /** The selection before the current Shift range (a new Shift-click replaces only that range). */
  private base: Range[] = [];
  /** Bumped on every change (renderers compare it). */
  version = 0;

  get ranges(): readonly Range[] {
    return this.rs;
  }

  get count(): number {
    return countOf(this.rs);
  }

  get isEmpty(): boolean {
    return this.rs.length === 0;
  }

  has(i: number): boolean {
    return contains(this.rs, i);
  }

  /** The only selected index, when exactly one is selected. */
  get single(): number | null {
    const r = this.rs[0];
    return this.rs.length === 1 && r && r[1] - r[0] === 1 ? r[0] : null;
  }

  /** A plain click: just this photo. */
  click(i: number): void {
    this.set([[i, i + 1]]);
    this.anchor = i;
    this.base = [];
  }

  /** Ctrl-click: toggles this photo, keeping the rest. */
  toggle(i: number): void {
    this.set(this.has(i) ? subtract(this.rs, i, i + 1) : normalize([...this.rs, [i, i + 1]]));
    this.anchor = i;
    this.base = this.rs.slice();
  }

  /** Shift-click: the range from the anchor to `i` (inclusive), added to what was selected before the Shift range. */
  extendTo(i: number): void {
    if (this.anchor === null) {
      this.click(i);
      return;
    }
    const a = Math.min(this.anchor, i);
    const b = Math.max(this.anchor, i) + 1;
    this.set(normalize([...this.base, [a, b]]));
  }

  /** Ctrl+A: every photo of the view, by count (nothing is loaded for it). */
  selectAll(total: number): void {
    this.set(total > 0 ? [[0, total]] : []);
    this.base = this.rs.slice();
  }

  /** Esc, or a new view. */
  clear(): void {
    this.anchor = null;
    this.base = [];
    this.set([]);
  }

  /** Keeps only indices below `total` (the view shrank). */
  clamp(total: number): void {
    if (this.rs.length === 0) return;
    const last = this.rs[this.rs.length - 1]!;
    if (last[1] <= total) return;
    this.set(subtract(this.rs, total, Number.MAX_SAFE_INTEGER));
    if (this.anchor !== null && this.anchor >= total) this.anchor = null;
    this.base = subtract(this.base, total, Number.MAX_SAFE_INTEGER);
  }

  private set(rs: Range[]): void {
    this.rs = rs;
    this.version++;
  }
}
