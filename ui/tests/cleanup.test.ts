// @vitest-environment jsdom
// Tests the clean-up screen against the fake backend: the compared fields and which differ, the words of the bulk
// summary and of what resolving came to (each file that stayed named); the review one group at a time (the suggested
// photo chosen first, ← → choosing another, Enter keeping it, S skipping, N "not duplicates"), "Resolve all…" asking
// first and leaving bursts alone, Recently deleted listing what went and putting it back, the keeper rules' order,
// and the Delete key's confirm step saying the files go to the system trash.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { $, mountApp, until } from './pane';
import * as api from '../src/api';
import { CleanupPane } from '../src/cleanup_pane';
import {
  bulkSummary,
  differing,
  memberFields,
  moveRule,
  putBackText,
  resolutionText,
  shortFolder,
  trashOutcomeText,
  trashQuestion,
  trashedWhen,
} from '../src/cleanup_text';
import { trashTargets } from '../src/trash_action';
import type { DuplicateGroup, DuplicateMember, FileOutcome } from '../src/types';

const member = (m: Partial<DuplicateMember>): DuplicateMember => ({
  id: 1,
  rev: 0,
  name: 'IMG_1.JPG',
  folder: '/p/2019',
  path: '/p/2019/IMG_1.JPG',
  width: 4000,
  height: 3000,
  format: 'jpeg',
  size: 3_100_000,
  takenAt: '2019-06-15T14:03:09',
  takenAtSource: 'exif',
  dated: true,
  modifiedMs: 0,
  marks: { favourite: false, rating: 0, flag: 'none', label: 'none' },
  albums: [],
  tags: [],
  ...m,
});
const group = (kind: DuplicateGroup['kind'], photos: number[]): DuplicateGroup => ({ kind, photos, keep: photos[0]!, reason: 'largest resolution' });
const moved = (photo: number): FileOutcome => ({ photo, path: `/p/IMG_${photo}.JPG`, ok: true, to: '/t', error: null, note: null });
const stayed = (photo: number, error: string): FileOutcome => ({ photo, path: `/p/IMG_${photo}.JPG`, ok: false, to: null, error, note: null });

describe('clean-up words', () => {
  it('shows each compared field and highlights only those that differ', () => {
    const a = member({ albums: ['Rome'], marks: { favourite: true, rating: 4, flag: 'pick', label: 'red' } });
    const b = member({ id: 2, width: 2000, height: 1500, format: 'webp', size: 400_000, dated: false });
    expect(memberFields(a)).toMatchObject({ pixels: '4000 × 3000 (12 MP)', format: 'JPEG', size: '3.1 MB', albums: 'Rome', marks: '★★★★ ♥ ⚑ red' });
    expect(memberFields(b).date).toMatch(/\(file date\)$/);
    expect(memberFields(b).albums).toBe('none');
    expect([...differing([a, b])].sort()).toEqual(['albums', 'date', 'format', 'marks', 'pixels', 'size']);
    expect(differing([a, member({ ...a, id: 3 })]).size).toBe(0);
    expect(shortFolder('/home/you/Pictures/Trips/2019')).toBe('…/Trips/2019');
    expect(shortFolder('/photos')).toBe('/photos');
  });

  it('says what a bulk resolve will do before it runs, and leaves bursts alone unless they are the list', () => {
    const groups = [group('exact', [1, 2]), group('copy', [3, 4, 5]), group('similar', [6, 7])];
    const s = bulkSummary(groups, null);
    expect(s.title).toBe('Resolve 2 groups?');
    expect(s.text).toContain('2 photos are kept');
    expect(s.text).toContain('The other 3 photos go to the system trash');
    expect(s.text).toContain('nothing is deleted');
    expect(s.text).toContain('1 group of similar photos is left for you to review');
    expect(bulkSummary(groups.slice(2), 'similar').title).toBe('Resolve 1 group?');
  });

  it('names every file that stayed and every group left as it was', () => {
    const r = resolutionText([
      { keep: 1, photos: [1, 2], merged: 2, trashed: [moved(2)], error: null },
      { keep: 3, photos: [3, 4], merged: 0, trashed: [stayed(4, 'the file is already gone')], error: null },
      { keep: 5, photos: [5, 6], merged: 0, trashed: [], error: 'no photo 6' },
    ]);
    expect(r.text).toBe('Resolved 2 groups: 1 photo moved to the system trash; 2 problems below.');
    expect(r.problems).toEqual(['IMG_4.JPG: the file is already gone', 'Group kept as it was (photo 5): no photo 6']);
    expect(trashOutcomeText([moved(1), moved(2)])).toEqual({ text: 'Moved 2 photos to the system trash.', error: false });
    const partly = trashOutcomeText([moved(1), stayed(2, 'this volume has no usable trash')]);
    expect(partly.error).toBe(true);
    expect(partly.text).toContain('1 stayed. IMG_2.JPG: this volume has no usable trash');
    expect(putBackText([{ ...moved(3), note: '/p/b.jpg was taken: put back beside it as /p/b.restored.jpg' }]).text).toContain('b.restored.jpg');
    expect(trashQuestion(3).text).toContain('system trash');
  });

  it('moves a keeper rule and tells how long ago a photo went', () => {
    expect(moveRule(['resolution', 'format', 'oldest'], 2, -1)).toEqual(['resolution', 'oldest', 'format']);
    expect(moveRule(['resolution', 'format'], 0, -1)).toEqual(['resolution', 'format']);
    const now = Date.UTC(2026, 11, 3, 12, 0, 0);
    expect(trashedWhen(now / 1000 - 10, now)).toBe('just now');
    expect(trashedWhen(now / 1000 - 300, now)).toBe('5 min ago');
    expect(trashedWhen(Date.UTC(2026, 0, 5) / 1000, now)).toBe('Mon, 5 Jan 2026');
  });
});

let pane: CleanupPane;
const changed = vi.fn();
const members = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('#cleanup-members .member')];
const chosen = (): number => Number(document.querySelector<HTMLElement>('#cleanup-members .member[aria-checked="true"]')?.dataset['photoId']);
const key = (k: string): void => {
  (document.activeElement ?? $('cleanup-pane')).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
};

beforeAll(async () => {
  mountApp('/?n=50&latency=0');
  pane = new CleanupPane($('cleanup-pane'), $('cleanup-button'), changed);
  await api.ready();
});

describe('CleanupPane', () => {
  it('reviews a group: the suggested photo first, the differing fields marked, arrows choose, Enter keeps', async () => {
    await pane.open('review');
    await until('the first group', () => members().length === 2);
    expect($('cleanup-position').textContent).toBe('Group 1 of 4');
    expect($('cleanup-group-title').textContent).toBe('Exact duplicates · 2 photos');
    // The fake's photos 3 and 4: the odd one is half the size, and a WebP.
    expect(chosen()).toBe(4);
    expect(document.querySelector('.member[data-photo-id="4"] .keep-badge')?.textContent).toBe('Keep');
    expect(document.querySelector('.member[data-photo-id="3"] .field[data-field="pixels"]')?.classList.contains('differs')).toBe(true);
    expect(document.querySelector('.member[data-photo-id="3"] .field[data-field="folder"]')?.classList.contains('differs')).toBe(false);
    expect($('cleanup-reason').textContent).toContain('largest resolution');
    key('ArrowLeft');
    expect(chosen()).toBe(3);
    expect(document.querySelector('.member[data-photo-id="4"] .keep-badge')?.textContent).toBe('Suggested');
    key('Enter');
    await until('the resolution', () => $('cleanup-message').textContent !== '');
    expect($('cleanup-message').textContent).toBe('Resolved 1 group: 1 photo moved to the system trash.');
    await until('the next group', () => $('cleanup-position').textContent === 'Group 1 of 3');
    expect(changed).toHaveBeenCalled();
    expect((await api.trashedPhotos()).map((t) => t.photo)).toEqual([4]);
  });

  it('skips with S, goes back with ↑, and remembers "not duplicates" with N', async () => {
    await until('group of three', () => members().length === 3);
    key('s');
    await until('the second group', () => $('cleanup-position').textContent === 'Group 2 of 3');
    key('ArrowUp');
    await until('back to the first', () => $('cleanup-position').textContent === 'Group 1 of 3');
    key('n');
    await until('the group gone', () => $('cleanup-position').textContent === 'Group 1 of 2');
    expect($('cleanup-message').textContent).toBe('Remembered: these 3 photos are not duplicates.');
    expect((await api.duplicateGroups(null)).length).toBe(2);
  });

  it('resolves all after saying what will happen, and leaves the burst for review', async () => {
    $('cleanup-resolve-all').click();
    await until('the confirm step', () => document.getElementById('confirm') !== null);
    expect($('confirm-title').textContent).toBe('Resolve 1 group?');
    expect($('confirm-text').textContent).toContain('1 group of similar photos is left');
    document.querySelector<HTMLElement>('#confirm [data-action="confirm"]')!.click();
    await until('the burst left', () => $('cleanup-group-title').textContent === 'Similar photos (a burst) · 4 photos');
    expect($('cleanup-position').textContent).toBe('Group 1 of 1');
    expect((await api.trashedPhotos()).map((t) => t.photo).sort()).toEqual([15, 4]);
  });

  it('lists what went in Recently deleted and puts a photo back', async () => {
    $('cleanup-tab-trash').click();
    await until('the list', () => $('cleanup-trash-list').children.length === 2);
    const row = document.querySelector<HTMLElement>('#cleanup-trash-list [data-photo-id="4"]')!;
    expect(row.textContent).toContain('IMG_00004.JPG');
    expect(row.querySelector('img')?.getAttribute('src')).toBeTruthy();
    row.querySelector<HTMLElement>('[data-action="put-back"]')!.click();
    await until('one left', () => $('cleanup-trash-list').children.length === 1);
    expect($('cleanup-trash-message').textContent).toMatch(/^Put back/);
    expect($('cleanup-trash-status').textContent).toMatch(/^1 photo Shoebox moved/);
  });

  it('reorders the keeper rules and suggests again', async () => {
    $('cleanup-tab-review').click();
    await until('rules', () => $('cleanup-rules').children.length === 5);
    const at = (): number => [...$('cleanup-rules').children].findIndex((li) => li.getAttribute('data-rule') === 'oldest');
    expect(at()).toBe(3);
    for (let want = 2; want >= 0; want--) {
      document.querySelector<HTMLElement>('#cleanup-rules [data-rule="oldest"] [data-move="-1"]')!.click();
      await until(`oldest at ${want}`, () => at() === want);
    }
    expect(document.querySelector<HTMLButtonElement>('#cleanup-rules [data-rule="oldest"] [data-move="-1"]')!.disabled).toBe(true);
    expect(await api.keeperRules()).toEqual(['oldest', 'resolution', 'format', 'exifDate', 'preferredFolder']);
    await until('the reason follows the rule', () => ($('cleanup-reason').textContent ?? '').includes('oldest file'));
  });
});

describe('the Delete key', () => {
  it('asks first, saying the files go to the system trash, and cancelling moves nothing', async () => {
    const afterwards = vi.fn();
    const asked = trashTargets({ view: null, ranges: [], ids: [30] }, 1, afterwards);
    await until('the confirm step', () => document.getElementById('confirm') !== null);
    expect($('confirm-text').textContent).toContain('system trash');
    document.querySelector<HTMLElement>('#confirm [data-action="cancel"]')!.click();
    expect(await asked).toBe(false);
    expect(afterwards).not.toHaveBeenCalled();
    const again = trashTargets({ view: null, ranges: [], ids: [30] }, 1, afterwards);
    await until('the confirm step', () => document.getElementById('confirm') !== null);
    document.querySelector<HTMLElement>('#confirm [data-action="confirm"]')!.click();
    expect(await again).toBe(true);
    expect(afterwards).toHaveBeenCalledOnce();
    expect($('toast').textContent).toBe('Moved 1 photo to the system trash.');
    expect((await api.trashedPhotos()).map((t) => t.photo)).toContain(30);
  });
});
