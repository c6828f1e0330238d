// Owns the info panel's organize part (#organize-info): the photo's marks (stars, pick / reject, colour label,
// favourite) as buttons, its tags (chips with ×, a field with autocomplete) and its albums (chips with ×, "Add to
// album"); every edit is one undoable action through the Organizer.
import * as api from './api';
import type { Collections } from './collections';
import type { Organizer } from './organize';
import { change, LABELS } from './selection/marks';
import { TagInput } from './tag_input';
import type { MarkChange, Marks, PhotoOrganization } from './types';

export class OrganizeEditor {
  readonly el: HTMLElement;
  private id: number | null = null;
  private seq = 0;
  private readonly tagField: TagInput;

  constructor(
    private readonly org: Organizer,
    private readonly collections: Collections,
    /** The photo's marks changed here (the viewer's badges). */
    private readonly onMarks: (id: number) => void,
  ) {
    this.el = document.createElement('div');
    this.el.id = 'organize-info';
    this.tagField = new TagInput('info-tag', (path) => {
      const id = this.id;
      if (id !== null) void this.org.run(() => api.tagPhotos(path, { view: null, ranges: [], ids: [id] })).then(() => this.refresh());
    });
    this.el.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLElement>('button');
      if (b) void this.click(b);
    });
  }

  /** Shows photo `id`'s organization (loading it). */
  async show(id: number): Promise<void> {
    this.id = id;
    const seq = ++this.seq;
    let o: PhotoOrganization;
    try {
      o = await api.photoOrganization(id);
    } catch (e) {
      console.warn('photo_organization failed', e);
      return;
    }
    if (seq !== this.seq || this.id !== id) return;
    this.render(o);
  }

  refresh(): Promise<void> {
    return this.id === null ? Promise.resolve() : this.show(this.id);
  }

  private current: Marks | null = null;

  private async click(b: HTMLElement): Promise<void> {
    const id = this.id;
    if (id === null) return;
    const m = this.current;
    const one = { view: null, ranges: [] as [number, number][], ids: [id] };
    let c: MarkChange | null = null;
    const d = b.dataset;
    if (d['rating']) c = change({ rating: m && m.rating === Number(d['rating']) ? 0 : Number(d['rating']) });
    else if (d['flag']) c = change({ flag: m?.flag === d['flag'] ? 'none' : (d['flag'] as 'pick' | 'reject') });
    else if (d['label']) c = change({ label: m?.label === d['label'] ? 'none' : (d['label'] as Marks['label']) });
    else if (d['favourite'] !== undefined) c = change({ favourite: !(m?.favourite ?? false) });
    if (c) {
      await this.org.mark(one, c);
      this.onMarks(id);
    } else if (d['untag']) await this.org.run(() => api.untagPhotos(d['untag']!, one));
    else if (d['unalbum']) await this.org.run(() => api.removeFromAlbum(Number(d['unalbum']), one));
    else return;
    await this.refresh();
  }

  private render(o: PhotoOrganization): void {
    this.current = o.marks;
    const m = o.marks;
    const frag = document.createDocumentFragment();
    const h = document.createElement('h3');
    h.textContent = 'Organize';
    frag.appendChild(h);

    const marks = document.createElement('div');
    marks.className = 'org-marks';
    for (let r = 1; r <= 5; r++) {
      marks.appendChild(btn('★', `${r} star${r === 1 ? '' : 's'} (${r})`, { rating: String(r) }, r <= m.rating));
    }
    marks.appendChild(btn('♥', 'Favourite (F)', { favourite: '' }, m.favourite));
    marks.appendChild(btn('⚑', 'Pick (P)', { flag: 'pick' }, m.flag === 'pick'));
    marks.appendChild(btn('✕', 'Reject (X)', { flag: 'reject' }, m.flag === 'reject'));
    frag.appendChild(marks);
    const labels = document.createElement('div');
    labels.className = 'org-labels';
    LABELS.filter((l) => l !== 'none').forEach((l, i) => {
      const b = btn('', `${l[0]!.toUpperCase()}${l.slice(1)}${i < 4 ? ` (${i + 6})` : ''}`, { label: l }, m.label === l);
      b.classList.add('swatch');
      labels.appendChild(b);
    });
    frag.appendChild(labels);

    const tagsH = document.createElement('h4');
    tagsH.textContent = 'Tags';
    frag.appendChild(tagsH);
    const tags = document.createElement('div');
    tags.className = 'chips';
    for (const t of o.tags) tags.appendChild(chip(t, { untag: t }));
    frag.append(tags, this.tagField.el);

    const albumsH = document.createElement('h4');
    albumsH.textContent = 'Albums';
    frag.appendChild(albumsH);
    const albums = document.createElement('div');
    albums.className = 'chips';
    for (const a of o.albums) albums.appendChild(chip(a.name, { unalbum: String(a.id) }));
    frag.appendChild(albums);
    const select = document.createElement('select');
    select.id = 'info-album-add';
    select.setAttribute('aria-label', 'Add to album');
    const first = document.createElement('option');
    first.value = '';
    first.textContent = 'Add to album…';
    select.appendChild(first);
    const inIt = new Set(o.albums.map((a) => a.id));
    for (const a of this.collections.photoAlbums()) {
      if (inIt.has(a.id)) continue;
      const opt = document.createElement('option');
      opt.value = String(a.id);
      opt.textContent = a.name;
      select.appendChild(opt);
    }
    select.addEventListener('change', () => {
      const album = Number(select.value);
      const id = this.id;
      if (!album || id === null) return;
      void this.org.run(() => api.addToAlbum(album, { view: null, ranges: [], ids: [id] })).then(() => this.refresh());
    });
    select.addEventListener('keydown', (e) => e.stopPropagation());
    frag.appendChild(select);
    this.el.replaceChildren(frag);
  }
}

function btn(text: string, title: string, data: Record<string, string>, on: boolean): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'org-btn' + (on ? ' on' : '');
  b.textContent = text;
  b.title = title;
  b.setAttribute('aria-label', title);
  b.setAttribute('aria-pressed', String(on));
  for (const [k, v] of Object.entries(data)) b.dataset[k] = v;
  return b;
}

function chip(text: string, data: Record<string, string>): HTMLElement {
  const c = document.createElement('span');
  c.className = 'chip';
  c.append(text);
  const x = document.createElement('button');
  x.type = 'button';
  x.textContent = '×';
  x.title = `Remove ${text}`;
  x.setAttribute('aria-label', `Remove ${text}`);
  for (const [k, v] of Object.entries(data)) x.dataset[k] = v;
  c.appendChild(x);
  return c;
}
