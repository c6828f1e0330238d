// Tests the pure organize pieces: the selection's index ranges (click, Ctrl, Shift across unloaded photos, Ctrl+A by
// count, Esc), the mark keys and badges, the album/tag tree rows, the drop place and the suggestion keys.
import { describe, expect, it } from 'vitest';
import { treeRows } from '../src/collections_tree';
import { placeAt } from '../src/selection/drag';
import { applyChange, badgeCode, badgeText, change, markForKey, NO_MARKS } from '../src/selection/marks';
import { contains, countOf, normalize, Selection, subtract } from '../src/selection/model';
import { selectedText } from '../src/selection_bar';
import { moveChoice } from '../src/tag_input';

describe('ranges', () => {
  it('normalize merges overlapping and touching ranges and drops empty ones', () => {
    expect(normalize([[5, 7], [0, 2], [2, 3], [6, 9], [4, 4]])).toEqual([[0, 3], [5, 9]]);
  });
  it('subtract cuts a hole', () => {
    expect(subtract([[0, 10]], 3, 5)).toEqual([[0, 3], [5, 10]]);
    expect(subtract([[0, 2], [4, 6]], 0, 10)).toEqual([]);
  });
  it('contains is a binary search over half-open ranges', () => {
    const rs: [number, number][] = [[0, 3], [10, 20], [100, 101]];
    expect([0, 2, 3, 9, 10, 19, 20, 100, 101].map((i) => contains(rs, i))).toEqual([true, true, false, false, true, true, false, true, false]);
    expect(countOf(rs)).toBe(14);
  });
});

describe('Selection', () => {
  it('click selects one, Ctrl toggles, Shift extends from the anchor', () => {
    const s = new Selection();
    s.click(5);
    expect(s.ranges).toEqual([[5, 6]]);
    expect(s.single).toBe(5);
    s.toggle(9);
    expect(s.ranges).toEqual([[5, 6], [9, 10]]);
    s.extendTo(12);
    expect(s.ranges).toEqual([[5, 6], [9, 13]]);
    // A second Shift-click replaces the Shift range, not what was selected before it.
    s.extendTo(7);
    expect(s.ranges).toEqual([[5, 6], [7, 10]]);
    s.toggle(8);
    expect(s.ranges).toEqual([[5, 6], [7, 8], [9, 10]]);
    expect(s.count).toBe(3);
  });

  it('a Shift range across months is one index range, whatever is loaded', () => {
    const s = new Selection();
    s.click(120_000);
    s.extendTo(30);
    expect(s.ranges).toEqual([[30, 120_001]]);
    expect(s.count).toBe(119_971);
  });

  it('Ctrl+A selects by count, Esc clears, and a shrinking view clamps', () => {
    const s = new Selection();
    s.selectAll(100_000);
    expect(s.ranges).toEqual([[0, 100_000]]);
    expect(s.count).toBe(100_000);
    s.clamp(40);
    expect(s.ranges).toEqual([[0, 40]]);
    const v = s.version;
    s.clear();
    expect(s.isEmpty).toBe(true);
    expect(s.anchor).toBeNull();
    expect(s.version).toBeGreaterThan(v);
  });

  it('Shift-click without an anchor is a plain click', () => {
    const s = new Selection();
    s.extendTo(4);
    expect(s.ranges).toEqual([[4, 5]]);
    expect(s.anchor).toBe(4);
  });

  it('says how many are selected', () => {
    expect(selectedText(1)).toBe('1 photo selected');
    expect(selectedText(12345)).toBe('12,345 photos selected');
  });
});

describe('mark keys (Lightroom)', () => {
  it('0-5 rate, P / X / U flag, 6-9 label, F favourite', () => {
    expect(markForKey('4', null)).toEqual(change({ rating: 4 }));
    expect(markForKey('0', null)).toEqual(change({ rating: 0 }));
    expect(markForKey('p', null)).toEqual(change({ flag: 'pick' }));
    expect(markForKey('X', null)).toEqual(change({ flag: 'reject' }));
    expect(markForKey('u', null)).toEqual(change({ flag: 'none' }));
    expect(markForKey('6', null)).toEqual(change({ label: 'red' }));
    expect(markForKey('9', null)).toEqual(change({ label: 'blue' }));
    expect(markForKey('f', null)).toEqual(change({ favourite: true }));
    expect(markForKey('q', null)).toBeNull();
    expect(markForKey('ArrowLeft', null)).toBeNull();
  });

  it('F and the colour keys toggle relative to the photo acted on', () => {
    const m = { ...NO_MARKS, favourite: true, label: 'red' as const };
    expect(markForKey('f', m)).toEqual(change({ favourite: false }));
    expect(markForKey('6', m)).toEqual(change({ label: 'none' }));
    expect(markForKey('7', m)).toEqual(change({ label: 'yellow' }));
  });

  it('a reject keeps its stars', () => {
    const four = applyChange(NO_MARKS, change({ rating: 4 }));
    const rejected = applyChange(four, change({ flag: 'reject' }));
    expect(rejected).toEqual({ favourite: false, rating: 4, flag: 'reject', label: 'none' });
  });

  it('badges: one code per look, the text has stars, heart and flag', () => {
    const m = { favourite: true, rating: 4, flag: 'reject' as const, label: 'green' as const };
    expect(badgeText(m)).toBe('★★★★ ♥ ✕');
    expect(badgeText(NO_MARKS)).toBe('');
    expect(badgeCode(NO_MARKS)).toBe(0);
    expect(badgeCode(undefined)).toBe(0);
    const codes = new Set<number>();
    for (const rating of [0, 1, 5]) for (const flag of ['none', 'pick', 'reject'] as const) for (const favourite of [false, true]) codes.add(badgeCode({ rating, flag, favourite, label: 'none' }));
    expect(codes.size).toBe(18);
  });
});

describe('album and tag trees', () => {
  it('folders come before albums, children under parents, collapsed branches hidden', () => {
    const items = [
      { id: 1, parentId: null, name: 'Trips', kind: 'folder' },
      { id: 2, parentId: 1, name: 'Italy 2024', kind: 'album' },
      { id: 3, parentId: null, name: 'Best of', kind: 'album' },
      { id: 4, parentId: 1, name: 'Alps', kind: 'album' },
      { id: 5, parentId: 99, name: 'Orphan', kind: 'album' },
    ];
    const rank = (a: { kind: string }): number => (a.kind === 'folder' ? 0 : 1);
    const rows = treeRows(items, new Set(), rank);
    expect(rows.map((r) => [r.item.name, r.depth])).toEqual([['Trips', 0], ['Alps', 1], ['Italy 2024', 1], ['Best of', 0], ['Orphan', 0]]);
    expect(rows[0]!.hasChildren).toBe(true);
    const folded = treeRows(items, new Set([1]), rank);
    expect(folded.map((r) => r.item.name)).toEqual(['Trips', 'Best of', 'Orphan']);
    expect(folded[0]!.collapsed).toBe(true);
  });

  it('cycles are cut', () => {
    const rows = treeRows([{ id: 1, parentId: 2, name: 'a' }, { id: 2, parentId: 1, name: 'b' }], new Set());
    expect(rows.length).toBeLessThanOrEqual(2);
  });
});

describe('drag and suggestions', () => {
  it('drops before or after the tile by the half the pointer is in', () => {
    expect(placeAt(10, 0, 100, 7)).toEqual({ kind: 'before', id: 7 });
    expect(placeAt(60, 0, 100, 7)).toEqual({ kind: 'after', id: 7 });
  });

  it('up and down walk the suggestions and back to the typed text', () => {
    expect(moveChoice(-1, 3, 1)).toBe(0);
    expect(moveChoice(2, 3, 1)).toBe(-1);
    expect(moveChoice(-1, 3, -1)).toBe(2);
    expect(moveChoice(0, 3, -1)).toBe(-1);
    expect(moveChoice(-1, 0, 1)).toBe(-1);
  });
});
