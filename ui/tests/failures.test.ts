// @vitest-environment jsdom
// Tests the diagnostics panel's failures list (one li per failure with path, stage, reason and a reveal button) and
// a tile that is broken as soon as its page says so.
import { describe, expect, it } from 'vitest';
import { failuresHeading, failuresKey, renderFailures, stageText } from '../src/failures';
import { TileEl } from '../src/timeline/tiles';
import type { Failure, FailureList, Tile } from '../src/types';

const scan: Failure = { stage: 'scan', path: '/home/anna/Pictures/notes.jpg', reason: 'Not an image.', photoId: null, at: 1.7e12 };
const decode: Failure = { stage: 'decode', path: '/home/anna/Pictures/cut.jpg', reason: 'Truncated JPEG.', photoId: 7, at: null };

describe('failures list', () => {
  it('has one li per failure with its path, stage, reason and a Show in folder button', () => {
    const revealed: Failure[] = [];
    const sec = renderFailures({ total: 2, failures: [scan, decode] }, (f) => revealed.push(f));
    const items = sec.querySelectorAll('#failures li');
    expect(items.length).toBe(2);
    const first = items[0]!;
    expect(first.textContent).toContain('/home/anna/Pictures/notes.jpg');
    expect(first.textContent).toContain('Not indexed');
    expect(first.textContent).toContain('Not an image.');
    expect(items[1]!.textContent).toContain('No thumbnail');
    const button = items[1]!.querySelector<HTMLButtonElement>('button[data-action="reveal"]')!;
    expect(button.textContent).toBe('Show in folder');
    button.click();
    expect(revealed).toEqual([decode]);
  });

  it('says how many there are, and when none, that all went well', () => {
    expect(failuresHeading({ total: 0, failures: [] })).toBe('Failures');
    expect(failuresHeading({ total: 2, failures: [scan, decode] })).toBe('Failures (2)');
    expect(failuresHeading({ total: 1204, failures: [scan] })).toBe('Failures (1 of 1,204)');
    const none = renderFailures({ total: 0, failures: [] }, () => undefined);
    expect(none.querySelectorAll('#failures li').length).toBe(0);
    expect(none.textContent).toMatch(/every file was read/i);
    expect(stageText('scan')).toBe('Not indexed');
  });

  it('a poll that brings the same list is recognised (no re-render)', () => {
    const a: FailureList = { total: 2, failures: [scan, decode] };
    expect(failuresKey(a)).toBe(failuresKey({ total: 2, failures: [{ ...scan }, { ...decode }] }));
    expect(failuresKey(a)).not.toBe(failuresKey({ total: 1, failures: [scan] }));
  });
});

describe('broken tiles', () => {
  const tile = (over: Partial<Tile>): Tile => ({ id: 1, width: 4, height: 3, takenAt: '2024-01-02T03:04:05', color: null, thumbhash: null, rev: 1, broken: null, dated: true, marks: { favourite: false, rating: 0, flag: 'none', label: 'none' }, ...over });

  it('are broken with the reason as their title as soon as they are bound', () => {
    const t = new TileEl(() => undefined, () => undefined);
    t.bind(tile({ broken: 'Truncated JPEG.' }));
    expect(t.el.classList.contains('broken')).toBe(true);
    expect(t.broken).toBe(true);
    expect(t.el.title).toContain('Truncated JPEG.');
    // Another photo in the same element is not.
    t.bind(tile({ id: 2 }));
    expect(t.el.classList.contains('broken')).toBe(false);
    expect(t.el.hasAttribute('title')).toBe(false);
    // A page that arrives later with the failure marks the same photo.
    t.bind(tile({ id: 2, broken: 'Not a JPEG.' }));
    expect(t.el.classList.contains('broken')).toBe(true);
    expect(t.el.title).toContain('Not a JPEG.');
  });
});
