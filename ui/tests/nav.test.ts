// Tests keyboard/viewer navigation: order across months, rows by geometry, loads requested at page boundaries.
import { describe, expect, it } from 'vitest';
import { Timeline } from '../src/timeline/model';
import { stepInOrder, stepVertical, tileNear } from '../src/timeline/nav';
import type { LoadRequest } from '../src/timeline/section';
import { makePhotos, monthCounts, pager } from './helpers';

const photos = makePhotos([
  { month: '2024-06', days: 2, perDay: 9 },
  { month: '2024-05', days: 1, perDay: 2 },
  { month: '2024-04', days: 3, perDay: 30 },
]);
const fetch = pager(photos);

function setup(limit: number): Timeline {
  const tl = new Timeline();
  tl.setWidth(1000);
  tl.setMonths(monthCounts(photos));
  const req: LoadRequest = { month: '2024-06', mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch };
  tl.apply(req, fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-06', limit }));
  return tl;
}

describe('navigation', () => {
  it('steps through every photo in order across months, asking to load at page ends', () => {
    const tl = setup(25);
    const seen = [photos[0]!.id];
    let id = photos[0]!.id;
    let loads = 0;
    for (;;) {
      const st = stepInOrder(tl, id, 1);
      if (!st) break;
      if ('load' in st) {
        loads++;
        const s = st.load;
        const req: LoadRequest = s.photos.length
          ? { month: s.month, mode: 'continue', cursor: s.cursor, lenAtRequest: s.photos.length, epoch: tl.epoch }
          : { month: s.month, mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch };
        tl.apply(req, fetch({ view: { kind: 'all' }, cursor: req.cursor, fromMonth: req.mode === 'start' ? s.month : null, limit: 25 }));
        continue;
      }
      id = st.box.tile.id;
      seen.push(id);
    }
    expect(seen).toEqual(photos.map((p) => p.id));
    expect(loads).toBe(4); // 110 photos in pages of 25
    // And back again to the first.
    let back = 0;
    for (let st = stepInOrder(tl, id, -1); st && 'box' in st; st = stepInOrder(tl, st.box.tile.id, -1)) back++;
    expect(back).toBe(photos.length - 1);
  });

  it('moves up and down by rows, to the horizontally nearest tile, across day and month boundaries', () => {
    const tl = setup(1000);
    const june = tl.byMonth.get('2024-06')!;
    const L = june.layout!;
    expect(L.rows.length).toBeGreaterThanOrEqual(4);
    const row0 = L.rows[0]!;
    const last = row0.end - 1;
    const down = stepVertical(tl, june.photos[last]!.id, 1);
    expect(down && 'box' in down).toBe(true);
    const b = (down as { box: { index: number; x: number; w: number } }).box;
    expect(L.rowOf[b.index]).toBe(1);
    // Nearest centre: its right edge is the rightmost of row 1.
    const row1 = L.rows[1]!;
    expect(b.index).toBe(row1.end - 1);
    const up = stepVertical(tl, june.photos[b.index]!.id, -1) as { box: { index: number } };
    expect(L.rowOf[up.box.index]).toBe(0);
    // From June's last row down into May's first row.
    const lastRow = L.rows[L.rows.length - 1]!;
    const intoMay = stepVertical(tl, june.photos[lastRow.start]!.id, 1) as { box: { sec: { month: string } } };
    expect(intoMay.box.sec.month).toBe('2024-05');
    // Nothing above the first row of the timeline.
    expect(stepVertical(tl, june.photos[0]!.id, -1)).toBeNull();
  });

  it('finds the tile nearest a point', () => {
    const tl = setup(1000);
    const june = tl.byMonth.get('2024-06')!;
    const box = tl.boxAt(june, 3)!;
    expect(tileNear(tl, box.x + 2, box.y + 2)!.tile.id).toBe(june.photos[3]!.id);
  });
});
