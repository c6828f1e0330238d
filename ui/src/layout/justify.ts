// Owns the justified-rows algorithm: photos at their aspect ratio packed into rows that fill the width (pure, no DOM).

export interface JustifyOptions {
  /** Content width in CSS px. */
  width: number;
  /** Preferred row height; full rows end up close to it, the last row uses it exactly. */
  targetHeight: number;
  /** Horizontal gap between tiles (and, by the caller, between rows). */
  gap: number;
}

/** One row: photos [start, end) drawn at `height` from `y`. */
export interface Row {
  y: number;
  height: number;
  start: number;
  end: number;
}

/** Aspect ratio used for layout: width/height, clamped so panoramas and slivers stay usable tiles. */
export function layoutAspect(width: number, height: number, minAspect = 0.4, maxAspect = 3): number {
  if (!(width > 0) || !(height > 0)) return 1;
  const a = width / height;
  return a < minAspect ? minAspect : a > maxAspect ? maxAspect : a;
}

/**
 * Lays out photos [from, to) (aspects in `aspects`) as justified rows starting at `y`, appending rows to `rows`
 * and writing integer left edges/widths into `xs`/`ws` (indexed like `aspects`). Every row but the last fills
 * `width` exactly; the last row keeps `targetHeight` and is not stretched. Row heights are whole pixels and
 * rows are separated by `gap`. Returns the y just below the last row (no trailing gap).
 */
export function justifyInto(
  aspects: ArrayLike<number>,
  from: number,
  to: number,
  opts: JustifyOptions,
  y: number,
  rows: Row[],
  xs: Int32Array,
  ws: Int32Array,
): number {
  const { width, targetHeight, gap } = opts;
  let i = from;
  let bottom = y;
  while (i < to) {
    let sum = 0;
    let end = -1;
    let height = targetHeight;
    let full = false;
    for (let j = i; j < to; j++) {
      const a = aspects[j] ?? 1;
      sum += a;
      const n = j - i + 1;
      const h = (width - gap * (n - 1)) / sum;
      if (h <= targetHeight) {
        // Close the row here, or before this photo if that row is nearer the target height (by ratio)
        // and not much taller than it.
        if (n > 1) {
          const hPrev = (width - gap * (n - 2)) / (sum - a);
          if (hPrev <= targetHeight * 1.5 && hPrev / targetHeight < targetHeight / h) {
            end = j;
            height = hPrev;
            full = true;
            break;
          }
        }
        end = j + 1;
        height = h;
        full = true;
        break;
      }
    }
    if (!full) {
      end = to;
      height = targetHeight;
    }
    placeRow(aspects, i, end, height, full, width, gap, xs, ws);
    const rowY = i === from ? y : bottom + gap;
    const h = Math.max(1, Math.round(height));
    rows.push({ y: rowY, height: h, start: i, end });
    bottom = rowY + h;
    i = end;
  }
  return bottom;
}

function placeRow(
  aspects: ArrayLike<number>,
  start: number,
  end: number,
  height: number,
  full: boolean,
  width: number,
  gap: number,
  xs: Int32Array,
  ws: Int32Array,
): void {
  let x = 0;
  for (let k = start; k < end; k++) {
    const a = aspects[k] ?? 1;
    const left = Math.round(x);
    const isLastInFullRow = full && k === end - 1;
    const right = isLastInFullRow ? Math.round(width) : Math.round(x + a * height);
    xs[k] = left;
    ws[k] = Math.max(1, right - left);
    x += a * height + gap;
  }
}

/** Convenience for tests and one-off callers: lays out all `aspects` from y=0. */
export function justify(
  aspects: ArrayLike<number>,
  opts: JustifyOptions,
): { rows: Row[]; xs: Int32Array; ws: Int32Array; height: number } {
  const rows: Row[] = [];
  const xs = new Int32Array(aspects.length);
  const ws = new Int32Array(aspects.length);
  const height = justifyInto(aspects, 0, aspects.length, opts, 0, rows, xs, ws);
  return { rows, xs, ws, height };
}
