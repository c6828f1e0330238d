// Tests scroll anchoring: when estimates above or under the viewport become exact, what was on screen stays put.
import { describe, expect, it } from 'vitest';
import { captureAnchor, resolveAnchor } from '../src/timeline/anchor';
import { Timeline } from '../src/timeline/model';
import type { LoadRequest } from '../src/timeline/section';
import { makePhotos, monthCounts, pager } from './helpers';

const photos = makePhotos([
  { month: '2024-06', days: 20, perDay: 15 },
  { month: '2024-05', days: 20, perDay: 15 },
  { month: '2024-04', days: 20, perDay: 15 },
]);
const fetch = pager(photos);

function loadMonth(tl: Timeline, month: string, limit = 1000): void {
  const req: LoadRequest = { month, mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch };
  tl.apply(req, fetch({ view: { kind: 'all' }, cursor: null, fromMonth: month, limit }));
}

describe('scroll anchoring', () => {
  it('keeps the first visible tile in place when a month above becomes exact', () => {
    const tl = new Timeline();
    tl.setWidth(1100);
    tl.setMonths(monthCounts(photos));
    // The user jumped to May; June above is still an estimate.
    loadMonth(tl, '2024-05', 300);
    const may = tl.byMonth.get('2024-05')!;
    const top = may.top + 1000;
    const a = captureAnchor(tl, top, 800)!;
    expect(a.kind).toBe('tile');
    const before = tl.locate((a as { id: number }).id)!.y - top;
    const juneEstimate = tl.byMonth.get('2024-06')!.height;
    // June loads: 300 photos, its exact height differs from the estimate.
    const juneReq: LoadRequest = { month: '2024-06', mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch };
    tl.apply(juneReq, fetch({ view: { kind: 'all' }, cursor: null, fromMonth: '2024-06', limit: 300 }));
    const juneExact = tl.byMonth.get('2024-06')!.height;
    expect(juneExact).not.toBe(juneEstimate);
    const newTop = resolveAnchor(tl, a)!;
    // The scroll position moved by exactly the change above the viewport, and the tile is where it was.
    expect(newTop - top).toBe(juneExact - juneEstimate);
    expect(tl.locate((a as { id: number }).id)!.y - newTop).toBe(before);
  });

  it('anchors on the month top when the viewport shows only an estimate (a jump), landing on its header', () => {
    const tl = new Timeline();
    tl.setWidth(1100);
    tl.setMonths(monthCounts(photos));
    const apr = tl.byMonth.get('2024-04')!;
    const a = captureAnchor(tl, apr.top, 300)!;
    expect(a).toEqual({ kind: 'top', month: '2024-04', offset: 0 });
    loadMonth(tl, '2024-06');
    loadMonth(tl, '2024-05');
    loadMonth(tl, '2024-04');
    expect(resolveAnchor(tl, a)).toBe(tl.byMonth.get('2024-04')!.top);
  });

  it('measures from the bottom inside the unloaded rest of a partial month', () => {
    const tl = new Timeline();
    tl.setWidth(1100);
    tl.setMonths(monthCounts(photos));
    loadMonth(tl, '2024-06', 20);
    const june = tl.byMonth.get('2024-06')!;
    const y = june.top + june.height - 400;
    const a = captureAnchor(tl, y, 100)!;
    expect(a).toEqual({ kind: 'bottom', month: '2024-06', offset: 400 });
    // More of June arrives: the point keeps its distance to May's header below.
    const req: LoadRequest = { month: '2024-06', mode: 'continue', cursor: june.cursor, lenAtRequest: 20, epoch: tl.epoch };
    tl.apply(req, fetch({ view: { kind: 'all' }, cursor: june.cursor, fromMonth: null, limit: 100 }));
    const mayTop = tl.byMonth.get('2024-05')!.top;
    expect(mayTop - resolveAnchor(tl, a)!).toBe(400);
  });
});
