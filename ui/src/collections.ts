// Owns the sidebar's collections (#collections): Favourites, Picks, Rejected, the Albums tree (album folders, counts,
// covers, smart albums with their live count and query; new / rename / move / delete, save a search as a smart album,
// edit its query) and the Tags tree (counts; rename / delete). Choosing one opens it in the timeline; album and tag
// rows are the drop targets of a dragged selection (smart albums are not: their query chooses), folder rows and the
// Albums heading of a dragged album (album_drag.ts); names and queries are typed in place and the backend's refusal
// is shown under the field.
import * as api from './api';
import { treeRows } from './collections_tree';
import { sideRow } from './folders';
import { countText } from './format';
import { errorText } from './toast';
import type { Album, AlbumKind, Outcome, Tag, View } from './types';

export interface CollectionsHooks {
  onSelect(view: View, title: string): void;
  /** A write ran (toast it, refresh what shows it). */
  run(write: () => Promise<Outcome>): Promise<Outcome | null>;
  /** A search was saved as the smart album `album`. */
  onSmartSaved?(album: Album): void;
}

/** The key of a view in the sidebar ("album:3", "picks"). */
export function viewKey(v: View): string {
  return 'id' in v ? `${v.kind}:${v.id}` : v.kind;
}

const MARK_VIEWS: { view: View; name: string; icon: string }[] = [
  { view: { kind: 'favourites' }, name: 'Favourites', icon: '♥' },
  { view: { kind: 'picks' }, name: 'Picks', icon: '⚑' },
  { view: { kind: 'rejected' }, name: 'Rejected', icon: '✕' },
];

export class Collections {
  private albums: Album[] = [];
  private tags: Tag[] = [];
  private readonly collapsedAlbums = new Set<number>();
  private readonly collapsedTags = new Set<number>();
  private active: string | null = null;
  /** The name field open in place: a new album / folder (under a parent), or a rename. */
  private editing:
    | { what: 'new'; kind: AlbumKind; parentId: number | null }
    | { what: 'new-smart'; query: string }
    | { what: 'query'; id: number }
    | { what: 'rename-album'; id: number }
    | { what: 'rename-tag'; path: string }
    | null = null;
  private editError = '';
  /** The albums and tags the rows were last drawn from (JSON), so an unchanged reload draws nothing. */
  private drawn = '';

  constructor(
    private readonly el: HTMLElement,
    private readonly hooks: CollectionsHooks,
  ) {
    el.addEventListener('click', (e) => {
      const t = e.target as Element;
      if (t.closest('input')) return;
      const btn = t.closest<HTMLElement>('[data-action]');
      if (btn) {
        e.stopPropagation();
        const a = btn.dataset['action'];
        if (a === 'new-album') this.startNew('album', null);
        else if (a === 'new-folder') this.startNew('folder', null);
        return;
      }
      const row = t.closest<HTMLElement>('[data-view]');
      if (!row) return;
      const key = row.dataset['view']!;
      if (t.closest('.twisty')) {
        const id = Number(key.split(':')[1]);
        const set = key.startsWith('tag:') ? this.collapsedTags : this.collapsedAlbums;
        if (set.has(id)) set.delete(id);
        else set.add(id);
        this.render();
        return;
      }
      const view = this.viewOf(key);
      if (!view) return;
      if (view.kind === 'album' && this.album(view.id)?.kind === 'folder') {
        // A folder holds albums: a click opens or closes it.
        if (this.collapsedAlbums.has(view.id)) this.collapsedAlbums.delete(view.id);
        else this.collapsedAlbums.add(view.id);
        this.render();
        return;
      }
      this.select(view);
    });
  }

  album(id: number): Album | null {
    return this.albums.find((a) => a.id === id) ?? null;
  }

  tag(id: number): Tag | null {
    return this.tags.find((t) => t.id === id) ?? null;
  }

  /** Albums (not folders), for "Add to album" lists. */
  photoAlbums(): Album[] {
    return this.albums.filter((a) => a.kind === 'album').sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every album, smart album and album folder, as last drawn. */
  allAlbums(): readonly Album[] {
    return this.albums;
  }

  /** Shows a folder's contents (after something moved into it). */
  expand(id: number): void {
    if (this.collapsedAlbums.delete(id)) this.render();
  }

  albumFolders(): Album[] {
    return this.albums.filter((a) => a.kind === 'folder');
  }

  /** The title a view gets in the top bar. */
  titleOf(v: View): string {
    if (v.kind === 'album') return this.album(v.id)?.name ?? 'Album';
    if (v.kind === 'tag') return this.tag(v.id)?.path ?? 'Tag';
    return MARK_VIEWS.find((m) => m.view.kind === v.kind)?.name ?? 'All photos';
  }

  select(view: View): void {
    this.active = viewKey(view);
    this.markActive();
    this.hooks.onSelect(view, this.titleOf(view));
  }

  /** Highlights a view's row (null: none of these, e.g. a folder is open). */
  setActive(view: View | null): void {
    this.active = view ? viewKey(view) : null;
    this.markActive();
  }

  /**
   * Fetches albums and tags again; redraws only when they changed. A write's own reload and the change poller's
   * echo of it both land here, and redrawing rows under a pointer that is mid-click swallows the click.
   */
  async reload(force = false): Promise<void> {
    let albums: Album[], tags: Tag[];
    try {
      [albums, tags] = await Promise.all([api.albums(), api.tags()]);
    } catch (e) {
      console.warn('albums/tags failed', e);
      return;
    }
    const drawn = JSON.stringify([albums, tags]);
    if (drawn === this.drawn && !force) return;
    this.albums = albums;
    this.tags = tags;
    this.drawn = drawn;
    this.render();
  }

  /** Opens the name field for a smart album saving `query` (at the top of Albums). */
  startNewSmart(query: string): void {
    this.editing = { what: 'new-smart', query };
    this.editError = '';
    this.render();
  }

  /** Opens a smart album's query for editing, in place. */
  startEditQuery(id: number): void {
    this.editing = { what: 'query', id };
    this.editError = '';
    this.render();
  }

  /** Opens the name field for a new album or album folder (inside `parentId`). */
  startNew(kind: AlbumKind, parentId: number | null): void {
    this.editing = { what: 'new', kind, parentId };
    if (parentId !== null) this.collapsedAlbums.delete(parentId);
    this.editError = '';
    this.render();
  }

  startRenameAlbum(id: number): void {
    this.editing = { what: 'rename-album', id };
    this.editError = '';
    this.render();
  }

  startRenameTag(path: string): void {
    this.editing = { what: 'rename-tag', path };
    this.editError = '';
    this.render();
  }

  private viewOf(key: string): View | null {
    const [kind, raw] = key.split(':');
    if (kind === 'album' || kind === 'tag') return { kind, id: Number(raw) };
    if (kind === 'favourites' || kind === 'picks' || kind === 'rejected') return { kind };
    return null;
  }

  private markActive(): void {
    for (const r of this.el.querySelectorAll<HTMLElement>('[data-view]')) {
      const on = r.dataset['view'] === this.active;
      r.classList.toggle('active', on);
      r.setAttribute('aria-current', on ? 'true' : 'false');
    }
  }

  private async commitEdit(value: string): Promise<void> {
    const ed = this.editing;
    if (!ed) return;
    try {
      if (ed.what === 'new') {
        const a = await api.createAlbum(value, ed.parentId, ed.kind);
        this.editing = null;
        await this.reload(true);
        if (a.kind === 'album') this.flash(a.id);
        return;
      }
      if (ed.what === 'new-smart') {
        const a = await api.createSmartAlbum(value, null, ed.query);
        this.editing = null;
        await this.reload(true);
        this.flash(a.id);
        this.hooks.onSmartSaved?.(a);
        return;
      }
      if (ed.what === 'query') {
        const out = await api.setAlbumQuery(ed.id, value);
        this.editing = null;
        await this.hooks.run(() => Promise.resolve(out));
        await this.reload(true);
        return;
      }
      const out = ed.what === 'rename-album' ? await api.renameAlbum(ed.id, value) : await api.renameTag(ed.path, value);
      this.editing = null;
      await this.hooks.run(() => Promise.resolve(out));
      await this.reload(true);
    } catch (e) {
      this.editError = errorText(e);
      this.render();
    }
  }

  private flash(albumId: number): void {
    const row = this.el.querySelector<HTMLElement>(`[data-album-id="${albumId}"]`);
    row?.classList.add('just-made');
    setTimeout(() => row?.classList.remove('just-made'), 1200);
  }

  private field(initial: string, placeholder: string, id = 'collection-name'): HTMLElement {
    const wrap = document.createElement('div');
    wrap.className = 'side-edit';
    const input = document.createElement('input');
    input.id = id;
    input.type = 'text';
    input.value = initial;
    input.placeholder = placeholder;
    input.spellcheck = false;
    input.setAttribute('aria-label', placeholder);
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') {
        e.preventDefault();
        void this.commitEdit(input.value);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.editing = null;
        this.render();
      }
    });
    wrap.appendChild(input);
    if (this.editError) {
      const err = document.createElement('p');
      err.className = 'side-error';
      err.setAttribute('role', 'alert');
      err.textContent = this.editError;
      wrap.appendChild(err);
    }
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return wrap;
  }

  private render(): void {
    const frag = document.createDocumentFragment();
    frag.appendChild(title('Collections'));
    for (const m of MARK_VIEWS) frag.appendChild(row(viewKey(m.view), m.name, null, 0, null, m.icon));

    const head = title('Albums');
    head.dataset['drop'] = 'albums-top'; // an album dragged here moves to the top level
    head.append(
      action('new-album', 'album-new', 'New album', '+'),
      action('new-folder', 'album-folder-new', 'New album folder', '▤'),
    );
    frag.appendChild(head);
    const ed = this.editing;
    if (ed?.what === 'new' && ed.parentId === null) frag.appendChild(this.field('', ed.kind === 'folder' ? 'New album folder name' : 'New album name'));
    if (ed?.what === 'new-smart') {
      const f = this.field('', 'Smart album name');
      const q = document.createElement('p');
      q.className = 'side-hint smart-query';
      q.textContent = ed.query;
      f.appendChild(q);
      frag.appendChild(f);
    }
    const rows = treeRows(this.albums, this.collapsedAlbums, (a) => (a.kind === 'folder' ? 0 : a.kind === 'smart' ? 1 : 2));
    if (rows.length === 0 && !ed) frag.appendChild(hint('No albums yet: + makes one; drop photos on it.'));
    for (const r of rows) {
      const a = r.item;
      if (ed?.what === 'rename-album' && ed.id === a.id) {
        frag.appendChild(this.field(a.name, 'Album name'));
        continue;
      }
      if (ed?.what === 'query' && ed.id === a.id) {
        frag.appendChild(this.field(a.query ?? '', `Query of “${a.name}”`, 'smart-query-edit'));
        continue;
      }
      const holds = a.kind === 'album' || a.kind === 'smart';
      const icon = a.kind === 'folder' ? '▤' : a.kind === 'smart' ? '⚙' : null;
      const el = row(`album:${a.id}`, a.name, holds ? a.count : null, r.depth, r.hasChildren || a.kind === 'folder' ? r.collapsed : null, icon);
      el.dataset['albumId'] = String(a.id);
      el.dataset['kind'] = a.kind;
      if (a.kind === 'smart') {
        el.dataset['query'] = a.query ?? '';
        el.title = `${a.name} (smart album)\n${a.query ?? ''}\n${countText(a.count)} ${a.count === 1 ? 'photo' : 'photos'} · right-click to edit the query`;
      }
      if (a.kind === 'album') {
        el.title = `${a.name}\n${countText(a.count)} ${a.count === 1 ? 'photo' : 'photos'} · ${a.sort === 'manual' ? 'manual order' : 'by date'}`;
        if (a.coverId !== null) {
          const img = document.createElement('img');
          img.className = 'cover';
          img.alt = '';
          img.loading = 'lazy';
          img.dataset['coverId'] = String(a.coverId);
          img.src = api.thumbUrl(a.coverId, 256, 0);
          el.prepend(img);
        }
      }
      frag.appendChild(el);
      if (ed?.what === 'new' && ed.parentId === a.id) frag.appendChild(this.field('', ed.kind === 'folder' ? 'New album folder name' : 'New album name'));
    }

    frag.appendChild(title('Tags'));
    const trows = treeRows(this.tags, this.collapsedTags);
    if (trows.length === 0) frag.appendChild(hint('No tags yet: select photos and press T, or use the info panel.'));
    for (const r of trows) {
      const t = r.item;
      if (ed?.what === 'rename-tag' && ed.path === t.path) {
        frag.appendChild(this.field(t.path, 'Tag path (a/b/c)'));
        continue;
      }
      const el = row(`tag:${t.id}`, t.name, t.count, r.depth, r.hasChildren ? r.collapsed : null, '#');
      el.dataset['tagId'] = String(t.id);
      el.dataset['tagPath'] = t.path;
      el.title = `${t.path}\n${countText(t.count)} ${t.count === 1 ? 'photo' : 'photos'}`;
      frag.appendChild(el);
    }
    this.el.replaceChildren(frag);
    this.markActive();
  }
}

function title(text: string): HTMLElement {
  const h = document.createElement('div');
  h.className = 'side-title';
  h.textContent = text;
  return h;
}

function hint(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'side-hint';
  p.textContent = text;
  return p;
}

function action(act: string, id: string, label: string, glyph: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'side-action';
  b.id = id;
  b.dataset['action'] = act;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.textContent = glyph;
  return b;
}

/** One row: optional icon (before the name), the name (a direct text node), the count at the right edge. */
function row(key: string, name: string, count: number | null, depth: number, collapsed: boolean | null, icon: string | null): HTMLElement {
  const el = sideRow(name, count, depth, collapsed);
  el.classList.add('collection');
  el.dataset['view'] = key;
  el.tabIndex = 0;
  if (icon) {
    const i = document.createElement('span');
    i.className = 'icon';
    i.setAttribute('aria-hidden', 'true');
    i.textContent = icon;
    const nameNode = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
    el.insertBefore(i, nameNode ?? null);
  }
  return el;
}
