// Owns turning the flat folder list into display rows: a tree ordered by name, subtree totals, collapsed branches (pure).
import type { Folder } from './types';

export interface FolderRow {
  folder: Folder;
  depth: number;
  /** Photos in this folder and all folders below it. */
  total: number;
  hasChildren: boolean;
  collapsed: boolean;
}

/**
 * Rows to show: roots first, children under their parent by name; at most `maxChildren` per parent and `maxRows`
 * in all (the DOM stays small for libraries with thousands of folders); `hidden` counts the folders the caps
 * skipped (not their sub-folders).
 */
export function folderRows(
  folders: readonly Folder[],
  collapsed: ReadonlySet<number>,
  maxChildren = 100,
  maxRows = Infinity,
): { rows: FolderRow[]; hidden: number } {
  const byId = new Map<number, Folder>();
  for (const f of folders) byId.set(f.id, f);
  const kids = new Map<number | null, Folder[]>();
  for (const f of folders) {
    const p = f.parentId !== null && byId.has(f.parentId) ? f.parentId : null;
    let list = kids.get(p);
    if (!list) kids.set(p, (list = []));
    list.push(f);
  }
  for (const list of kids.values()) list.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }) || a.id - b.id);
  const totals = new Map<number, number>();
  const total = (f: Folder, guard: number): number => {
    const hit = totals.get(f.id);
    if (hit !== undefined) return hit;
    let t = f.count;
    if (guard < 256) for (const c of kids.get(f.id) ?? []) t += total(c, guard + 1);
    totals.set(f.id, t);
    return t;
  };
  const rows: FolderRow[] = [];
  let hidden = 0;
  const walk = (parent: number | null, depth: number): void => {
    const list = kids.get(parent) ?? [];
    list.forEach((f, i) => {
      if (i >= maxChildren || rows.length >= maxRows) {
        hidden++;
        return;
      }
      const hasChildren = (kids.get(f.id)?.length ?? 0) > 0;
      const isCollapsed = collapsed.has(f.id);
      rows.push({ folder: f, depth, total: total(f, 0), hasChildren, collapsed: isCollapsed });
      if (hasChildren && !isCollapsed && depth < 64) walk(f.id, depth + 1);
    });
  };
  walk(null, 0);
  return { rows, hidden };
}

/** What a key does in the folder tree (WAI-ARIA tree pattern), over the rows as shown. */
export type TreeAction =
  | { focus: number }
  | { expand: number }
  | { collapse: number }
  | { select: number }
  | null;

/** A shown row as the key handler sees it: its depth and whether it has children and is expanded. */
export interface TreeRow {
  depth: number;
  /** null: no children (a leaf). */
  expanded: boolean | null;
}

/**
 * The action for `key` on row `at`: ↑/↓ move, Home/End go to the ends, → expands a collapsed row (or moves into an
 * expanded one), ← collapses an expanded row (or moves to the parent), Enter/Space select. Null for other keys.
 */
export function treeKey(rows: readonly TreeRow[], at: number, key: string): TreeAction {
  const n = rows.length;
  if (n === 0 || at < 0 || at >= n) return null;
  const row = rows[at]!;
  switch (key) {
    case 'ArrowDown':
      return { focus: Math.min(n - 1, at + 1) };
    case 'ArrowUp':
      return { focus: Math.max(0, at - 1) };
    case 'Home':
      return { focus: 0 };
    case 'End':
      return { focus: n - 1 };
    case 'ArrowRight':
      if (row.expanded === false) return { expand: at };
      if (row.expanded === true && at + 1 < n && rows[at + 1]!.depth > row.depth) return { focus: at + 1 };
      return { focus: at };
    case 'ArrowLeft': {
      if (row.expanded === true) return { collapse: at };
      for (let i = at - 1; i >= 0; i--) if (rows[i]!.depth < row.depth) return { focus: i };
      return { focus: at };
    }
    case 'Enter':
    case ' ':
      return { select: at };
    default:
      return null;
  }
}
