// Test helpers: deterministic synthetic photos and a fake paged backend over them.
import type { MonthCount, PageRequest, Tile, TimelinePage } from '../src/types';

const SHAPES: [number, number][] = [
  [4000, 3000],
  [3000, 4000],
  [6000, 4000],
  [1920, 1080],
  [1080, 1920],
  [2000, 2000],
];

/** `perDay[i]` photos on each of `days` days for each month, months newest first; ids are 1..n in order. */
export function makePhotos(months: { month: string; days: number; perDay: number }[]): Tile[] {
  const out: Tile[] = [];
  let id = 1;
  for (const m of months) {
    for (let d = m.days; d >= 1; d--) {
      for (let k = 0; k < m.perDay; k++) {
        const [w, h] = SHAPES[id % SHAPES.length]!;
        const hh = String(23 - (k % 24)).padStart(2, '0');
        out.push({
          id,
          width: w,
          height: h,
          takenAt: `${m.month}-${String(d).padStart(2, '0')}T${hh}:00:00`,
          color: '#445566',
          thumbhash: null,
          rev: 1,
          broken: null,
          dated: true,
          marks: { favourite: false, rating: 0, flag: 'none', label: 'none' },
        });
        id++;
      }
    }
  }
  return out;
}

export function monthCounts(photos: Tile[]): MonthCount[] {
  const out: MonthCount[] = [];
  for (const p of photos) {
    const m = p.takenAt.slice(0, 7);
    const last = out[out.length - 1];
    if (last && last.month === m) last.count++;
    else out.push({ month: m, count: 1 });
  }
  return out;
}

/** A keyset pager over a newest-first array (cursor = index of the next photo). */
export function pager(photos: Tile[]): (req: PageRequest) => TimelinePage {
  return (req) => {
    let start = 0;
    if (req.fromMonth !== null) {
      start = photos.findIndex((p) => p.takenAt.slice(0, 7) <= req.fromMonth!);
      if (start < 0) start = photos.length;
    } else if (req.cursor !== null) start = Number(req.cursor);
    const end = Math.min(photos.length, start + req.limit);
    return { photos: photos.slice(start, end), next: end < photos.length ? String(end) : null };
  };
}
