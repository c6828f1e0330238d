// Tests the virtual scroll space (rebasing beyond browser height limits) and the scrubber's month <-> y maths.
import { describe, expect, it } from 'vitest';
import { ScrollSpace } from '../src/layout/scroll_space';
import { monthAtTrack, monthTicks, trackToVirtual, virtualToTrack, yearLabels, type MonthSpan } from '../src/layout/scrubber_map';

describe('ScrollSpace', () => {
  it('is 1:1 when the content fits', () => {
    const s = new ScrollSpace(1_000_000);
    s.setTotal(500_000);
    expect(s.spaceHeight).toBe(500_000);
    expect(s.place(123_456, 900)).toBe(123_456);
    expect(s.toVirtual(123_456)).toBe(123_456);
    expect(s.rebase(10, 900)).toBeNull();
  });

  it('slides its base so any virtual y of a huge timeline is reachable and scrolling stays 1:1', () => {
    const s = new ScrollSpace(1_000_000);
    s.setTotal(30_000_000);
    expect(s.spaceHeight).toBe(1_000_000);
    const st = s.place(20_000_000, 900);
    expect(st).toBeGreaterThan(0);
    expect(st).toBeLessThan(1_000_000);
    expect(s.toVirtual(st)).toBe(20_000_000);
    // Scrolling down 300k px of real scroll still reads as +300k virtual until a rebase recentres.
    expect(s.toVirtual(st + 240_000)).toBe(20_240_000);
    const nearEnd = 800_000;
    const v = s.toVirtual(nearEnd);
    const re = s.rebase(nearEnd, 900)!;
    expect(re).not.toBeNull();
    expect(s.toVirtual(re)).toBe(v);
    expect(re).toBeLessThan(nearEnd);
    // The very end: base stops at total - max and the viewport can reach the last pixel.
    const endTop = s.place(30_000_000, 900);
    expect(s.toVirtual(endTop)).toBe(30_000_000 - 900);
    expect(endTop + 900).toBeLessThanOrEqual(1_000_000);
    expect(s.rebase(endTop, 900)).toBeNull();
  });
});

describe('scrubber mapping', () => {
  const spans: MonthSpan[] = [
    { month: '2024-03', top: 0, height: 1000 },
    { month: '2024-02', top: 1000, height: 0 },
    { month: '2024-01', top: 1000, height: 3000 },
    { month: '2023-12', top: 4000, height: 5000 },
    { month: '2022-06', top: 9000, height: 1000 },
  ];
  const total = 10_000;

  it('maps months to proportional positions and back', () => {
    expect(virtualToTrack(4000, total, 500)).toBe(200);
    expect(trackToVirtual(200, total, 500)).toBe(4000);
    expect(monthAtTrack(spans, 0, total, 500)!.month).toBe('2024-03');
    expect(monthAtTrack(spans, 49, total, 500)!.month).toBe('2024-03');
    expect(monthAtTrack(spans, 50, total, 500)!.month).toBe('2024-01');
    expect(monthAtTrack(spans, 300, total, 500)!.month).toBe('2023-12');
    expect(monthAtTrack(spans, 500, total, 500)!.month).toBe('2022-06');
    expect(monthAtTrack(spans, -20, total, 500)!.month).toBe('2024-03');
  });

  it('makes proportional ticks, skipping empty and crowded months', () => {
    const t = monthTicks(spans, total, 500);
    expect(t.map((x) => [x.month, x.y, x.h])).toEqual([
      ['2024-03', 0, 50],
      ['2024-01', 50, 150],
      ['2023-12', 200, 250],
      ['2022-06', 450, 50],
    ]);
    const tight = monthTicks(spans, total, 40, 3);
    // At 40 px, 2024-03 (y 0) and 2024-01 (y 4) are 4 px apart: kept; 2023-12 at 16, 2022-06 at 36.
    expect(tight.map((x) => x.month)).toEqual(['2024-03', '2024-01', '2023-12', '2022-06']);
    const tighter = monthTicks(spans, total, 40, 5);
    expect(tighter.map((x) => x.month)).toEqual(['2024-03', '2023-12', '2022-06']);
  });

  it('labels each year once at its newest month, without overlaps', () => {
    expect(yearLabels(spans, total, 500)).toEqual([
      { year: '2024', y: 0 },
      { year: '2023', y: 200 },
      { year: '2022', y: 450 },
    ]);
    // At 40 px 2024 (y 0) and 2023 (y 16) collide: 2023 holds more photos and keeps its label.
    expect(yearLabels(spans, total, 40, 18).map((l) => l.year)).toEqual(['2023', '2022']);
  });

  it("never lets a stray photo's year hide the year that holds most of the library", () => {
    // One photo dated 2099 above 127 photos of 2026 (the corpus before the date rules): 2026 is labelled.
    const stray: MonthSpan[] = [
      { month: '2099-09', top: 0, height: 10 },
      { month: '2026-12', top: 10, height: 1270 },
      { month: '2026-11', top: 1280, height: 10 },
      { month: '2025-08', top: 1290, height: 10 },
    ];
    expect(yearLabels(stray, 1300, 500).map((l) => l.year)).toEqual(['2026', '2025']);
  });
});
