// Owns turning the flat album and tag lists into display rows: a tree (folders before albums, then by name),
// depths and collapsed branches, and where an item may move (pure).

export interface TreeItem {
  id: number;
  parentId: number | null;
  name: string;
}

export interface TreeRowOf<T extends TreeItem> {
  item: T;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
}

/**
 * Rows in tree order: children under their parent, ordered by `rank` then name (numeric-aware); an item whose parent is
 * unknown is a root; a collapsed item's descendants are left out; cycles are cut.
 */
export function treeRows<T extends TreeItem>(
  items: readonly T[],
  collapsed: ReadonlySet<number>,
  rank: (t: T) => number = () => 0,
): TreeRowOf<T>[] {
  const ids = new Set(items.map((i) => i.id));
  const kids = new Map<number | null, T[]>();
  for (const it of items) {
    const p = it.parentId !== null && ids.has(it.parentId) ? it.parentId : null;
    let list = kids.get(p);
    if (!list) kids.set(p, (list = []));
    list.push(it);
  }
  for (const list of kids.values()) {
    list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { numeric: true }) || a.id - b.id);
  }
  const rows: TreeRowOf<T>[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number): void => {
    for (const it of kids.get(parent) ?? []) {
      if (seen.has(it.id)) continue;
      seen.add(it.id);
      const hasChildren = (kids.get(it.id)?.length ?? 0) > 0;
      const isCollapsed = hasChildren && collapsed.has(it.id);
      rows.push({ item: it, depth, hasChildren, collapsed: isCollapsed });
      if (hasChildren && !isCollapsed && depth < 64) walk(it.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/**
 * Whether the item `id` may move under `parentId` (null: the top level): not onto itself, not into its own
 * descendant, not where it already is, and only into a known folder (`isFolder`).
 */
export function canMoveInto<T extends TreeItem>(
  items: readonly T[],
  id: number,
  parentId: number | null,
  isFolder: (t: T) => boolean,
): boolean {
  const byId = new Map(items.map((i) => [i.id, i]));
  const moved = byId.get(id);
  if (!moved || moved.parentId === parentId) return false;
  if (parentId === null) return true;
  const target = byId.get(parentId);
  if (!target || !isFolder(target)) return false;
  const seen = new Set<number>();
  for (let at: T | undefined = target; at; at = at.parentId === null ? undefined : byId.get(at.parentId)) {
    if (at.id === id) return false;
    if (seen.has(at.id)) break; // a cycle in the data: cut, as treeRows does
    seen.add(at.id);
  }
  return true;
}
