// Owns one month section's geometry: month header, day headers, justified rows, and height estimates for unloaded photos (pure).
import { justifyInto, layoutAspect, type Row } from './justify';

export interface Metrics {
  /** Content width (tiles span 0..width). */
  width: number;
  targetRowHeight: number;
  gap: number;
  monthHeaderHeight: number;
  dayHeaderHeight: number;
  /** Empty space after a month's last row. */
  sectionGap: number;
  /**
   * A month with at most this many photos is one run of justified rows under its month header, without day
   * headers (a sparse library would otherwise spend a month header and a day header on every photo or two).
   */
  compactMonth: number;
}

/** Months with at most this many photos get no day headers. */
export const COMPACT_MONTH = 8;

/** True when a month of `count` photos is laid out as one run without day headers. */
export function isCompact(count: number, m: Metrics): boolean {
  return count <= m.compactMonth;
}

/** Row height adapts to the window: ~220 px on desktop, smaller on narrow windows. */
export function metricsForWidth(width: number): Metrics {
  const w = Math.max(120, Math.floor(width));
  const targetRowHeight = w >= 1000 ? 220 : w >= 640 ? 180 : 130;
  return { width: w, targetRowHeight, gap: 4, monthHeaderHeight: 56, dayHeaderHeight: 36, sectionGap: 12, compactMonth: COMPACT_MONTH };
}

/** What layout needs of a photo (Tile satisfies it). */
export interface PhotoShape {
  width: number;
  height: number;
  takenAt: string;
}

export interface DayHeader {
  /** "YYYY-MM-DD" */
  day: string;
  /** Top of the header, relative to the section top. */
  y: number;
  /** Index of the day's first photo. */
  start: number;
}

export interface MonthLayout {
  /** Photos laid out (a loaded prefix of the month). */
  loaded: number;
  /** Header + laid-out rows (+ the section gap when complete). */
  exactHeight: number;
  /** exactHeight + estimate for the photos not loaded yet. */
  height: number;
  days: DayHeader[];
  /** Rows, y relative to the section top, sorted by y. */
  rows: Row[];
  xs: Int32Array;
  ws: Int32Array;
  /** Photo index -> row index. */
  rowOf: Int32Array;
}

/** Learns average aspect ratio and photos per day from laid-out months so estimates improve as data loads. */
export class Estimator {
  private aspectSum = 0;
  private aspectN = 0;
  private photoN = 0;
  private dayN = 0;

  constructor(
    private readonly defaultAspect = 1.4,
    private readonly defaultPerDay = 6,
  ) {}

  get avgAspect(): number {
    return this.aspectN > 0 ? this.aspectSum / this.aspectN : this.defaultAspect;
  }

  get photosPerDay(): number {
    return this.dayN > 0 ? this.photoN / this.dayN : this.defaultPerDay;
  }

  /** Feeds a laid-out month (photos and its number of days). */
  observe(aspects: ArrayLike<number>, days: number): void {
    for (let i = 0; i < aspects.length; i++) this.aspectSum += aspects[i] ?? 1;
    this.aspectN += aspects.length;
    this.photoN += aspects.length;
    this.dayN += days;
  }

  /** Estimated height of the day headers + rows for `count` photos. */
  bodyHeight(count: number, m: Metrics): number {
    if (count <= 0) return 0;
    if (isCompact(count, m)) {
      const tileW = m.targetRowHeight * this.avgAspect + m.gap;
      return Math.max(1, Math.ceil((count * tileW) / m.width)) * (m.targetRowHeight + m.gap);
    }
    const days = Math.min(count, 31, Math.max(1, count / this.photosPerDay));
    const perDay = count / days;
    const tileW = m.targetRowHeight * this.avgAspect + m.gap;
    const rowsPerDay = Math.max(1, (perDay * tileW) / m.width + 0.5);
    const pitch = m.targetRowHeight + m.gap;
    return days * (m.dayHeaderHeight + rowsPerDay * pitch);
  }

  /** Estimated full height of a month section with `count` photos and nothing loaded. */
  monthHeight(count: number, m: Metrics): number {
    if (count <= 0) return 0;
    return Math.round(m.monthHeaderHeight + this.bodyHeight(count, m) + m.sectionGap);
  }

  /** Estimated height still to come for a month with `loaded` of `count` photos laid out. */
  remainderHeight(loaded: number, count: number, m: Metrics): number {
    if (loaded >= count) return 0;
    return Math.max(m.targetRowHeight + m.gap, Math.round(this.bodyHeight(count, m) - this.bodyHeight(loaded, m)));
  }
}

/** Aspect ratios of photos as laid out. */
export function aspectsOf(photos: readonly PhotoShape[]): Float64Array {
  const a = new Float64Array(photos.length);
  for (let i = 0; i < photos.length; i++) {
    const p = photos[i];
    a[i] = p ? layoutAspect(p.width, p.height) : 1;
  }
  return a;
}

/**
 * Lays out the loaded photos of a month: header, then per day a day header and justified rows.
 * When `complete` is false the height includes an estimate for the `count - photos.length` photos still to load.
 */
export function layoutMonth(
  photos: readonly PhotoShape[],
  count: number,
  complete: boolean,
  m: Metrics,
  est: Estimator,
  aspects: Float64Array = aspectsOf(photos),
  /** One run without day headers whatever the count (the Undated group: its days are only file dates). */
  oneRun = false,
): MonthLayout {
  const n = photos.length;
  const rows: Row[] = [];
  const days: DayHeader[] = [];
  const xs = new Int32Array(n);
  const ws = new Int32Array(n);
  const rowOf = new Int32Array(n);
  const opts = { width: m.width, targetHeight: m.targetRowHeight, gap: m.gap };
  let y = m.monthHeaderHeight;
  let i = 0;
  if (n > 0 && (oneRun || isCompact(Math.max(count, n), m))) {
    // One run for the whole (small) month: the tiles' own labels carry the day.
    y = justifyInto(aspects, 0, n, opts, y, rows, xs, ws) + m.gap;
    for (let r = 0; r < rows.length; r++) rowOf.fill(r, rows[r]!.start, rows[r]!.end);
    i = n;
  }
  while (i < n) {
    const day = photos[i]!.takenAt.slice(0, 10);
    let j = i + 1;
    while (j < n && photos[j]!.takenAt.slice(0, 10) === day) j++;
    days.push({ day, y, start: i });
    const firstRow = rows.length;
    y = justifyInto(aspects, i, j, opts, y + m.dayHeaderHeight, rows, xs, ws) + m.gap;
    for (let r = firstRow; r < rows.length; r++) {
      const row = rows[r]!;
      rowOf.fill(r, row.start, row.end);
    }
    i = j;
  }
  let exactHeight = n > 0 ? y : m.monthHeaderHeight;
  let height: number;
  if (complete || n >= count) {
    exactHeight += n > 0 ? m.sectionGap : 0;
    height = n > 0 ? exactHeight : 0;
  } else {
    height = exactHeight + est.remainderHeight(n, count, m) + m.sectionGap;
  }
  return { loaded: n, exactHeight, height, days, rows, xs, ws, rowOf };
}

/** Index of the last element of a sorted-by-key array whose key is <= y (or -1). */
export function lastAtOrBefore<T>(arr: readonly T[], y: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = arr.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]!) <= y) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
