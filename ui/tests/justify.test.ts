// Tests the justified-rows algorithm: full rows fill the width, aspect ratios kept, nothing lost or duplicated.
import { describe, expect, it } from 'vitest';
import { justify, layoutAspect } from '../src/layout/justify';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const COMMON = [4 / 3, 3 / 2, 16 / 9, 1, 3 / 4, 2 / 3, 9 / 16];

describe('justify', () => {
  for (const width of [360, 1000, 1337, 2560]) {
    it(`fills every row but the last at width ${width} and keeps aspect ratios`, () => {
      const r = rng(width);
      const aspects = Array.from({ length: 500 }, () => COMMON[Math.floor(r() * COMMON.length)]!);
      const gap = 4;
      const { rows, xs, ws, height } = justify(aspects, { width, targetHeight: 220, gap });
      expect(rows.length).toBeGreaterThan(5);
      const seen = new Array<number>(aspects.length).fill(0);
      rows.forEach((row, ri) => {
        expect(row.end).toBeGreaterThan(row.start);
        if (ri > 0) {
          expect(row.start).toBe(rows[ri - 1]!.end);
          expect(row.y).toBe(rows[ri - 1]!.y + rows[ri - 1]!.height + gap);
        }
        let right = 0;
        for (let k = row.start; k < row.end; k++) {
          seen[k]!++;
          if (k > row.start) expect(Math.abs(xs[k]! - right - gap)).toBeLessThanOrEqual(1);
          right = xs[k]! + ws[k]!;
          // Width / height matches the photo's aspect ratio within 1% (whole-pixel rounding only).
          expect(Math.abs(ws[k]! / row.height - aspects[k]!) / aspects[k]!).toBeLessThan(0.01);
        }
        expect(xs[row.start]).toBe(0);
        if (ri < rows.length - 1) {
          expect(Math.abs(right - width)).toBeLessThanOrEqual(1);
          // Full rows stay in a sane band around the target.
          expect(row.height).toBeGreaterThan(220 * 0.5);
          expect(row.height).toBeLessThan(220 * 1.6);
        } else if (Math.abs(right - width) > 1) {
          // A last row that does not happen to fill the width is left at the target height, unstretched.
          expect(row.height).toBe(220);
          expect(right).toBeLessThan(width);
        }
      });
      expect(seen.every((c) => c === 1)).toBe(true);
      const last = rows[rows.length - 1]!;
      expect(height).toBe(last.y + last.height);
    });
  }

  it('puts three 3:2 photos on one 1000px row at the height that fills it exactly', () => {
    // 3 photos of aspect 1.5 at 220 px would be 990 + 8 px of gaps = 998 < 1000; a fourth overflows.
    // Greedy closes after 4 (h = (1000-12)/6 = 164.7) or 3 (h = (1000-8)/4.5 = 220.4): 220.4 is nearer 220.
    const { rows, ws, xs } = justify([1.5, 1.5, 1.5, 1.5, 1.5, 1.5], { width: 1000, targetHeight: 220, gap: 4 });
    expect(rows.map((r) => [r.start, r.end])).toEqual([
      [0, 3],
      [3, 6],
    ]);
    expect(rows[0]!.height).toBe(220);
    expect(xs[2]! + ws[2]!).toBe(1000);
    // Last row is not stretched: 3 tiles at 220 px = 330 px each.
    expect(rows[1]!.height).toBe(220);
    expect(ws[3]).toBe(330);
    expect(xs[5]! + ws[5]!).toBe(998);
  });

  it('handles an empty list and a single photo', () => {
    expect(justify([], { width: 800, targetHeight: 200, gap: 4 }).rows).toEqual([]);
    const one = justify([1], { width: 800, targetHeight: 200, gap: 4 });
    expect(one.rows).toEqual([{ y: 0, height: 200, start: 0, end: 1 }]);
    expect(one.ws[0]).toBe(200);
  });

  it('clamps extreme aspect ratios and survives bad dimensions', () => {
    expect(layoutAspect(10000, 1000)).toBe(3);
    expect(layoutAspect(100, 1000)).toBe(0.4);
    expect(layoutAspect(0, 100)).toBe(1);
    expect(layoutAspect(4000, 3000)).toBeCloseTo(4 / 3, 10);
  });
});
