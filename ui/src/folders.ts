// Owns the folders sidebar: "All photos" plus the folder tree with counts; selecting one filters the timeline.
import * as api from './api';
import { countText } from './format';
import { folderRows, treeKey, type TreeRow } from './folders_tree';
import type { Folder } from './types';

/** `active` when the open view is not a folder nor All photos (an album, a tag, a mark): nothing is highlighted. */
const NONE = -1;

export class FolderList {
  private folders: Folder[] = [];
  private readonly collapsed = new Set<number>();
  private active: number | null = null;
  private expandedOnce = false;
  /** The row that holds the tab stop ("all" or a folder id). */
  private focusKey = 'all';
  /** Rows rendered at most (grows with "Show more"). */
  private maxRows = 150;

  constructor(
    private readonly el: HTMLElement,
    private readonly onSelect: (folderId: number | null) => void,
  ) {
    el.addEventListener('click', (e) => {
      const t = e.target as Element;
      if (t.closest('.side-more')) {
        this.maxRows += 150;
        this.render();
        return;
      }
      const item = t.closest<HTMLElement>('[data-folder-id]');
      if (!item) return;
      const raw = item.dataset['folderId']!;
      const id = raw === 'all' ? null : Number(raw);
      if (t.closest('.twisty') && id !== null) {
        if (this.collapsed.has(id)) this.collapsed.delete(id);
        else this.collapsed.add(id);
        this.render();
        return;
      }
      this.focusKey = raw;
      this.select(id);
    });
    el.addEventListener('keydown', (e) => {
      const item = (e.target as Element).closest<HTMLElement>('[data-folder-id]');
      if (!item) return;
      const items = this.items();
      const at = items.indexOf(item);
      const rows: TreeRow[] = items.map((it) => ({
        depth: Number(it.getAttribute('aria-level') ?? '1') - 1,
        expanded: it.hasAttribute('aria-expanded') ? it.getAttribute('aria-expanded') === 'true' : null,
      }));
      const action = treeKey(rows, at, e.key);
      if (!action) return;
      e.preventDefault();
      if ('focus' in action) this.focusItem(items[action.focus]!);
      else if ('select' in action) items[action.select]!.click();
      else {
        const target = items['expand' in action ? action.expand : action.collapse]!;
        const id = Number(target.dataset['folderId']);
        if ('expand' in action) this.collapsed.delete(id);
        else this.collapsed.add(id);
        this.focusKey = target.dataset['folderId']!;
        this.render();
      }
    });
  }

  /** The tree's rows, top to bottom. */
  private items(): HTMLElement[] {
    return Array.from(this.el.querySelectorAll<HTMLElement>('[data-folder-id]'));
  }

  /** Roving tabindex: `item` alone is in the tab order, and focused. */
  private focusItem(item: HTMLElement): void {
    for (const it of this.items()) it.tabIndex = it === item ? 0 : -1;
    this.focusKey = item.dataset['folderId']!;
    item.focus();
  }

  /** The folder's name ("All photos" for null), for the view's title. */
  nameOf(id: number | null): string {
    if (id === null) return 'All photos';
    return this.folders.find((f) => f.id === id)?.name ?? 'Folder';
  }

  /** The folder with this id, if listed. */
  folder(id: number): Folder | null {
    return this.folders.find((f) => f.id === id) ?? null;
  }

  /** The library folder (root) a folder is in: itself when it is one. */
  rootOf(id: number): Folder | null {
    const byId = new Map(this.folders.map((f) => [f.id, f]));
    let f = byId.get(id);
    for (let hops = 0; f && hops < 256; hops++) {
      if (f.isRoot) return f;
      f = f.parentId === null ? undefined : byId.get(f.parentId);
    }
    return null;
  }

  get activeId(): number | null {
    return this.active;
  }

  async reload(): Promise<void> {
    try {
      this.folders = await api.folders();
    } catch (e) {
      console.warn('folders failed', e);
      return;
    }
    if (!this.expandedOnce && this.folders.length > 0) {
      // Start with roots and their children visible, deeper branches collapsed (roots only when that is long).
      this.expandedOnce = true;
      const byId = new Map(this.folders.map((f) => [f.id, f]));
      const depth1 = this.folders.filter((f) => f.parentId !== null && byId.get(f.parentId)?.parentId === null);
      const collapseAt = this.folders.length - depth1.length > 0 && depth1.length > 40 ? 0 : 1;
      for (const f of this.folders) {
        let d = 0;
        for (let p = f.parentId; p !== null && d < 64; p = byId.get(p)?.parentId ?? null) d++;
        if (d >= collapseAt && this.folders.some((c) => c.parentId === f.id)) this.collapsed.add(f.id);
      }
    }
    if (this.active !== null && this.active !== NONE && !this.folders.some((f) => f.id === this.active)) this.select(null);
    this.render();
  }

  /** Another kind of view is open: no row is highlighted (clicking any row, All photos too, opens it). */
  deselect(): void {
    this.active = NONE;
    this.select(NONE);
  }

  select(id: number | null): void {
    const changed = id !== this.active;
    this.active = id;
    for (const el of this.el.querySelectorAll<HTMLElement>('[data-folder-id]')) {
      const on = el.dataset['folderId'] === (id === null ? 'all' : String(id));
      el.classList.toggle('active', on);
      el.setAttribute('aria-current', on ? 'true' : 'false');
      el.setAttribute('aria-selected', String(on));
    }
    if (changed && id !== NONE) this.onSelect(id);
  }

  private render(): void {
    const { rows, hidden } = folderRows(this.folders, this.collapsed, 100, this.maxRows);
    const total = this.folders.reduce((s, f) => s + f.count, 0);
    const frag = document.createDocumentFragment();
    const head = document.createElement('div');
    head.className = 'side-title';
    head.textContent = 'Library';
    frag.appendChild(head);
    const all = item('all', 'All photos', total, 0, null, this.active === null);
    all.title = `All photos\n${countText(total)} ${total === 1 ? 'photo' : 'photos'}`;
    frag.appendChild(all);
    if (rows.length > 0) {
      const h = document.createElement('div');
      h.className = 'side-title';
      h.textContent = 'Folders';
      frag.appendChild(h);
    }
    for (const r of rows) {
      const el = item(String(r.folder.id), r.folder.name, r.total, r.depth, r.hasChildren ? r.collapsed : null, this.active === r.folder.id);
      el.title = `${r.folder.path}\n${countText(r.folder.count)} here, ${countText(r.total)} with sub-folders`;
      el.setAttribute('aria-label', `${r.folder.name}, ${countText(r.total)} photos`);
      frag.appendChild(el);
    }
    if (hidden > 0) {
      const more = document.createElement('div');
      more.className = 'side-more';
      more.textContent = `Show more (${countText(hidden)} not shown)`;
      more.tabIndex = 0;
      frag.appendChild(more);
    }
    const hadFocus = this.el.contains(document.activeElement);
    this.el.replaceChildren(frag);
    // Exactly one row is in the tab order: the one last focused, else the active one.
    const items = this.items();
    const activeKey = this.active === null ? 'all' : String(this.active);
    const stop = items.find((it) => it.dataset['folderId'] === this.focusKey) ?? items.find((it) => it.dataset['folderId'] === activeKey) ?? items[0];
    for (const it of items) it.tabIndex = it === stop ? 0 : -1;
    if (hadFocus && stop) stop.focus();
  }
}

/** One sidebar row (2-3 elements); `collapsed` null = no children (no twisty). */
function item(id: string, name: string, count: number, depth: number, collapsed: boolean | null, active: boolean): HTMLElement {
  const el = sideRow(name, count, depth, collapsed);
  if (active) el.classList.add('active');
  el.dataset['folderId'] = id;
  el.setAttribute('aria-selected', String(active));
  el.setAttribute('aria-current', active ? 'true' : 'false');
  return el;
}

/**
 * A sidebar tree row (.folder, role treeitem): the twisty when it has children (`collapsed` not null), the name as a
 * direct text node, the count (when not null) at the right edge, outside the text flow so only the name is cut.
 */
export function sideRow(name: string, count: number | null, depth: number, collapsed: boolean | null): HTMLElement {
  const el = document.createElement('div');
  el.className = 'folder';
  el.tabIndex = -1;
  el.setAttribute('role', 'treeitem');
  el.setAttribute('aria-level', String(depth + 1));
  el.style.paddingLeft = `${26 + depth * 14}px`;
  if (collapsed !== null) {
    const tw = document.createElement('span');
    tw.className = 'twisty';
    tw.textContent = collapsed ? '▸' : '▾';
    el.setAttribute('aria-expanded', String(!collapsed));
    el.appendChild(tw);
  }
  el.append(name);
  if (count !== null) {
    const c = document.createElement('span');
    c.className = 'count';
    c.textContent = countText(count);
    el.appendChild(c);
    el.style.paddingRight = `${18 + c.textContent.length * 8}px`;
  }
  return el;
}
