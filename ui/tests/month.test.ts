// Tests month sections: day headers, exact heights and how close estimates get before photos load.
import { describe, expect, it } from 'vitest';
import { Estimator, layoutMonth, metricsForWidth } from '../src/layout/month';
import { makePhotos } from './helpers';

describe('layoutMonth', () => {
  const m = metricsForWidth(1200);

  it('starts each day with a header and puts every photo in exactly one row', () => {
    const photos = makePhotos([{ month: '2024-05', days: 3, perDay: 7 }]);
    const L = layoutMonth(photos, photos.length, true, m, new Estimator());
    expect(L.days.map((d) => d.day)).toEqual(['2024-05-03', '2024-05-02', '2024-05-01']);
    expect(L.days.map((d) => d.start)).toEqual([0, 7, 14]);
    expect(L.days[0]!.y).toBe(m.monthHeaderHeight);
    let covered = 0;
    for (const d of L.days) {
      // The first row of a day sits right under its header.
      const firstRow = L.rows.find((r) => r.start === d.start)!;
      expect(firstRow.y).toBe(d.y + m.dayHeaderHeight);
    }
    for (const r of L.rows) {
      covered += r.end - r.start;
      // A row never spans two days.
      expect(photos[r.start]!.takenAt.slice(0, 10)).toBe(photos[r.end - 1]!.takenAt.slice(0, 10));
      for (let k = r.start; k < r.end; k++) expect(L.rowOf[k]).toBe(L.rows.indexOf(r));
    }
    expect(covered).toBe(photos.length);
    const last = L.rows[L.rows.length - 1]!;
    expect(L.height).toBe(last.y + last.height + m.gap + m.sectionGap);
    expect(L.exactHeight).toBe(L.height);
  });

  it('adds an estimate for photos not loaded yet, which vanishes when complete', () => {
    const photos = makePhotos([{ month: '2024-05', days: 20, perDay: 10 }]);
    const est = new Estimator();
    const partial = layoutMonth(photos.slice(0, 50), 200, false, m, est);
    expect(partial.loaded).toBe(50);
    expect(partial.height).toBeGreaterThan(partial.exactHeight + 3 * m.targetRowHeight);
    const full = layoutMonth(photos, 200, true, m, est);
    expect(full.height).toBe(full.exactHeight);
  });

  it('estimates a month within 20% once it has learned aspects and photos per day', () => {
    const est = new Estimator();
    const sample = makePhotos([{ month: '2024-04', days: 10, perDay: 12 }]);
    const Ls = layoutMonth(sample, sample.length, true, m, est);
    est.observe(Array.from(sample, (p) => p.width / p.height), Ls.days.length);
    const photos = makePhotos([{ month: '2024-05', days: 25, perDay: 12 }]);
    const exact = layoutMonth(photos, photos.length, true, m, est).height;
    const guess = est.monthHeight(photos.length, m);
    expect(Math.abs(guess - exact) / exact).toBeLessThan(0.2);
  });

  it('estimates zero for an empty month and grows with the count', () => {
    const est = new Estimator();
    expect(est.monthHeight(0, m)).toBe(0);
    const h10 = est.monthHeight(10, m);
    const h1000 = est.monthHeight(1000, m);
    expect(h10).toBeGreaterThan(m.monthHeaderHeight + m.targetRowHeight);
    expect(h1000).toBeGreaterThan(h10 * 10);
    // 1000 photos at 1.4 aspect: 312 px wide tiles, 260 rows of 224 px = 58,240 px, plus 31 days with a
    // header (36 px) and on average half a row left open (112 px): 62,900 px in all.
    expect(h1000).toBeGreaterThan(62_000);
    expect(h1000).toBeLessThan(64_000);
  });
});
