// Tests the folder tree rows: order, depth, subtree totals, collapsing.
import { describe, expect, it } from 'vitest';
import { folderRows } from '../src/folders_tree';
import type { Folder } from '../src/types';

const f = (id: number, name: string, parentId: number | null, count: number): Folder => ({ id, name, parentId, count, path: `/${name}`, isRoot: parentId === null });
const folders = [f(3, '2024', 1, 10), f(1, 'Pictures', null, 2), f(4, 'Trip', 3, 5), f(2, '2023', 1, 7), f(9, 'Phone', null, 1)];

describe('folderRows', () => {
  it('orders by name under each parent, with depth and subtree totals', () => {
    const { rows } = folderRows(folders, new Set());
    expect(rows.map((r) => [r.folder.name, r.depth, r.total, r.hasChildren])).toEqual([
      ['Phone', 0, 1, false],
      ['Pictures', 0, 24, true],
      ['2023', 1, 7, false],
      ['2024', 1, 15, true],
      ['Trip', 2, 5, false],
    ]);
  });

  it('hides the children of collapsed folders but keeps their totals', () => {
    const { rows } = folderRows(folders, new Set([3]));
    expect(rows.map((r) => r.folder.name)).toEqual(['Phone', 'Pictures', '2023', '2024']);
    expect(rows[3]!.collapsed).toBe(true);
    expect(rows[3]!.total).toBe(15);
  });

  it('caps very wide folders', () => {
    const many = Array.from({ length: 10 }, (_, i) => f(100 + i, `d${i}`, null, 1));
    const { rows, hidden } = folderRows(many, new Set(), 4);
    expect(rows).toHaveLength(4);
    expect(hidden).toBe(6);
    expect(rows.map((r) => r.folder.name)).toEqual(['d0', 'd1', 'd2', 'd3']);
    const capped = folderRows(folders, new Set(), 100, 3);
    expect(capped.rows.map((r) => r.folder.name)).toEqual(['Phone', 'Pictures', '2023']);
    expect(capped.hidden).toBe(1); // "2024" (its sub-folder is not counted)
  });
});
