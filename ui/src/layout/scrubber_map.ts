// Owns the date scrubber's geometry: month <-> track y, proportional month ticks, non-overlapping year labels (pure).
import { lastAtOrBefore } from './month';

export interface MonthSpan {
  month: string;
  /** Virtual top and height of the month section. */
  top: number;
  height: number;
}

export interface Tick {
  month: string;
  y: number;
  h: number;
}

export interface YearLabel {
  year: string;
  y: number;
}

/** Track y (0..trackHeight) of a virtual y. */
export function virtualToTrack(v: number, total: number, trackHeight: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(trackHeight, (v / total) * trackHeight));
}

/** Virtual y of a track y. */
export function trackToVirtual(y: number, total: number, trackHeight: number): number {
  if (trackHeight <= 0) return 0;
  return Math.max(0, Math.min(total, (y / trackHeight) * total));
}

/** The month under track y (months sorted by top, newest first); null when there are none. */
export function monthAtTrack(spans: readonly MonthSpan[], y: number, total: number, trackHeight: number): MonthSpan | null {
  const visible = spans.filter((s) => s.height > 0);
  if (visible.length === 0) return null;
  const v = trackToVirtual(y, total, trackHeight);
  const i = lastAtOrBefore(visible, v, (s) => s.top);
  return visible[Math.max(0, i)] ?? null;
}

/**
 * One tick per month at its proportional position, skipping months that would start less than `minGap` px
 * below the previous tick (they stay reachable by dragging); heights run to the next kept tick.
 */
export function monthTicks(spans: readonly MonthSpan[], total: number, trackHeight: number, minGap = 4): Tick[] {
  const ticks: Tick[] = [];
  for (const s of spans) {
    if (s.height <= 0) continue;
    const y = virtualToTrack(s.top, total, trackHeight);
    const prev = ticks[ticks.length - 1];
    if (prev && y - prev.y < minGap) continue;
    ticks.push({ month: s.month, y, h: 0 });
  }
  for (let i = 0; i < ticks.length; i++) {
    const next = ticks[i + 1];
    ticks[i]!.h = (next ? next.y : trackHeight) - ticks[i]!.y;
  }
  return ticks;
}

/**
 * A label at each year's newest month. Where two labels would be closer than `minGap` px, the year
 * with more photos keeps its label (a year of one stray photo never hides the year that holds most
 * of the library); ties go to the newer year.
 */
export function yearLabels(spans: readonly MonthSpan[], total: number, trackHeight: number, minGap = 18): YearLabel[] {
  const years: { year: string; y: number; weight: number; order: number }[] = [];
  for (const s of spans) {
    if (s.height <= 0) continue;
    const year = s.month.slice(0, 4);
    const last = years[years.length - 1];
    if (last && last.year === year) {
      last.weight += s.height;
      continue;
    }
    years.push({ year, y: virtualToTrack(s.top, total, trackHeight), weight: s.height, order: years.length });
  }
  const kept: typeof years = [];
  for (const c of [...years].sort((a, b) => b.weight - a.weight || a.order - b.order)) {
    if (kept.every((k) => Math.abs(k.y - c.y) >= minGap)) kept.push(c);
  }
  return kept.sort((a, b) => a.order - b.order).map(({ year, y }) => ({ year, y }));
}
