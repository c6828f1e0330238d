// Owns the info panel's organize part (#organize-info): the photo's title and description (fields saved when they
// lose focus or on Enter; Esc puts the saved text back), its marks (stars, pick / reject, colour label, favourite)
// as buttons, its tags (chips with ×, a field with autocomplete) and its albums (chips with ×, "Add to album");
// every edit is one undoable action through the Organizer.
import * as api from './api';
import type { Collections } from './collections';
import type { Organizer } from './organize';
import { change, LABELS } from './selection/marks';
import { TagInput } from './tag_input';
import type { CaptionChange, MarkChange, Marks, PhotoOrganization } from './types';

export class OrganizeEditor {
  readonly el: HTMLElement;
  private id: number | null = null;
  private seq = 0;
  private readonly tagField: TagInput;
  /** Kept across renders, so a refresh never takes the text being typed. */
  private readonly titleField: HTMLInputElement;
  private readonly descriptionField: HTMLTextAreaElement;
  private readonly body: HTMLElement;
  private saved = { title: '', description: '' };

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
    this.titleField = document.createElement('input');
    this.titleField.id = 'info-title';
    this.titleField.type = 'text';
    this.titleField.placeholder = 'Add a title';
    this.titleField.setAttribute('aria-label', 'Title');
    this.descriptionField = document.createElement('textarea');
    this.descriptionField.id = 'info-description';
    this.descriptionField.rows = 2;
    this.descriptionField.placeholder = 'Add a description';
    this.descriptionField.setAttribute('aria-label', 'Description');
    for (const field of [this.titleField, this.descriptionField]) {
      field.spellcheck = true;
      field.addEventListener('keydown', (e) => this.captionKey(e as KeyboardEvent, field));
      field.addEventListener('change', () => void this.saveCaption(field));
    }
    const heading = document.createElement('h3');
    heading.textContent = 'Organize';
    const captions = document.createElement('div');
    captions.className = 'org-captions';
    captions.append(this.titleField, this.descriptionField);
    this.body = document.createElement('div');
    this.el.append(heading, captions, this.body);
    this.el.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLElement>('button');
      if (b) void this.click(b);
    });
  }

  /** Shows photo `id`'s organization (loading it). */
  async show(id: number, keepTyping = true): Promise<void> {
    const other = this.id !== id;
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
    this.showCaptions(o, other || !keepTyping);
    this.render(o);
  }

  /** Reloads the photo shown; `saved`: after a caption save (the fields take the stored text even when focused). */
  refresh(saved = false): Promise<void> {
    return this.id === null ? Promise.resolve() : this.show(this.id, !saved);
  }

  /** The fields take the stored text, unless one is being typed in (and it is the same photo). */
  private showCaptions(o: PhotoOrganization, force: boolean): void {
    this.saved = { title: o.title ?? '', description: o.description ?? '' };
    for (const [field, text] of [
      [this.titleField, this.saved.title],
      [this.descriptionField, this.saved.description],
    ] as const) {
      if (force || document.activeElement !== field) field.value = text;
    }
  }

  private current: Marks | null = null;

  /** Keys stay in the field (no viewer shortcuts); Enter saves a title (Ctrl+Enter a description); Esc reverts. */
  private captionKey(e: KeyboardEvent, field: HTMLInputElement | HTMLTextAreaElement): void {
    e.stopPropagation();
    if (e.key === 'Escape') {
      field.value = field === this.titleField ? this.saved.title : this.saved.description;
      field.blur();
    } else if (e.key === 'Enter' && (field === this.titleField || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      field.blur(); // 'change' saves
    }
  }

  private async saveCaption(field: HTMLInputElement | HTMLTextAreaElement): Promise<void> {
    const id = this.id;
    if (id === null) return;
    const isTitle = field === this.titleField;
    if (field.value.trim() === (isTitle ? this.saved.title : this.saved.description)) return;
    const c: CaptionChange = isTitle ? { title: field.value, description: null } : { title: null, description: field.value };
    // A refused text (a line break in a title, too long) stays in the field to be mended; the toast says why.
    const done = await this.org.run(() => api.caption({ view: null, ranges: [], ids: [id] }, c));
    if (done) await this.refresh(true);
  }

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
    this.body.replaceChildren(frag);
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
