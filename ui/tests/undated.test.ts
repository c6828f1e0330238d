// @vitest-environment jsdom
// Tests the Undated group: tiles without a recorded date go to the "undated" section after every month (whatever
// their file date), its header and scrubber wording, one run of rows without (file-date) day headers, and the info
// panel's file-date note.
import { describe, expect, it } from 'vitest';
import { monthShort, monthTitle } from '../src/format';
import { Estimator, layoutMonth, metricsForWidth } from '../src/layout/month';
import { monthHeader } from '../src/timeline/headers';
import { Timeline } from '../src/timeline/model';
import { UNDATED, sectionOf } from '../src/timeline/section';
import type { PhotoInfo, Tile } from '../src/types';
import { isFileDate } from '../src/viewer_info';
import { makePhotos } from './helpers';

describe('Undated group', () => {
  const dated = makePhotos([{ month: '2024-05', days: 2, perDay: 5 }]);
  // File dates that fall in a real month: they still belong to the Undated group.
  const undated: Tile[] = makePhotos([{ month: '2024-05', days: 12, perDay: 2 }]).map((t, i) => ({ ...t, id: 1000 + i, dated: false }));

  it('a tile goes by its date when it has one, else to the undated section', () => {
    expect(sectionOf(dated[0]!)).toBe('2024-05');
    expect(sectionOf(undated[0]!)).toBe(UNDATED);
  });

  it('pages running from the last month into the group fill both sections', () => {
    const tl = new Timeline();
    tl.setWidth(1200);
    tl.setMonths([
      { month: '2024-05', count: dated.length },
      { month: UNDATED, count: undated.length },
    ]);
    expect(tl.sections.map((s) => s.month)).toEqual(['2024-05', UNDATED]);
    tl.apply({ month: '2024-05', mode: 'start', cursor: null, lenAtRequest: 0, epoch: tl.epoch }, { photos: [...dated, ...undated], next: null });
    const [may, group] = tl.sections;
    expect(may!.photos.length).toBe(dated.length);
    expect(group!.photos.length).toBe(undated.length);
    expect(group!.top).toBeGreaterThan(may!.top);
    // Its 24 photos over 12 file dates are one run of rows: no day headers from file times.
    expect(group!.layout!.days.length).toBe(0);
    expect(may!.layout!.days.length).toBe(2);
  });

  it('one run of rows is a choice of the caller, not only for small months', () => {
    const m = metricsForWidth(1200);
    const many = makePhotos([{ month: '2023-01', days: 20, perDay: 5 }]);
    expect(layoutMonth(many, many.length, true, m, new Estimator()).days.length).toBe(20);
    expect(layoutMonth(many, many.length, true, m, new Estimator(), undefined, true).days.length).toBe(0);
  });

  it('is called Undated in its header and on the scrubber', () => {
    expect(monthTitle(UNDATED)).toBe('Undated');
    expect(monthShort(UNDATED)).toBe('Undated');
    expect(monthTitle('2024-06')).toBe('June 2024');
    const tl = new Timeline();
    tl.setMonths([{ month: UNDATED, count: 3 }]);
    const h = monthHeader(tl.sections[0]!, 56);
    expect(h.dataset['month']).toBe('undated');
    expect(h.textContent).toMatch(/Undated/);
    expect(h.textContent).toMatch(/file date/);
  });

  it('the info panel says a file date is one', () => {
    const p = { dated: false, takenAtSource: 'birth' } as PhotoInfo;
    expect(isFileDate(p)).toBe(true);
    expect(isFileDate({ ...p, dated: true, takenAtSource: 'exif' })).toBe(false);
    expect(isFileDate({ ...p, dated: true, takenAtSource: 'file' })).toBe(true);
  });
});
