// Owns the Filters column (#filters): every facet the engine returns for the view and its query, each value with its
// live count (counted without the facet's own terms, so siblings stay choosable), selected values marked; a click
// adds or removes the value's token in the search box. Fetched only while open, newest request wins; redrawn in
// place when only counts changed (a redraw under the pointer would swallow a click).
import type { Facet, View } from '../types';
import { hasToken } from './query_text';

export interface FacetsHooks {
  facets(view: View): Promise<Facet[]>;
  /** A value was clicked: its token, and its facet's other tokens (a second value of one facet is ORed). */
  toggle(token: string, siblings: readonly string[]): void;
  /** "Clear" (every term). */
  clear(): void;
  /** The panel opened or closed. */
  onOpen(open: boolean): void;
}

/** How the engine's facet names are titled. */
export const FACET_TITLES: Record<string, string> = {
  year: 'Year', month: 'Month', camera: 'Camera', make: 'Make', lens: 'Lens', focal: 'Focal length',
  aperture: 'Aperture', iso: 'ISO', exposure: 'Shutter speed', format: 'Format', rating: 'Rating',
  favourite: 'Favourite', flag: 'Flag', label: 'Colour label', tag: 'Tag', album: 'Album', gps: 'GPS',
  country: 'Country', place: 'Place', orientation: 'Orientation', mp: 'Megapixels', size: 'File size',
};

/** Values shown per facet before "Show all". */
const FIRST = 8;

export class FacetsPanel {
  private facets: Facet[] = [];
  private query = '';
  private gen = 0;
  private drawnOrder = '';
  /** Each drawn facet's values (shapeOf). */
  private readonly shapes = new Map<string, string>();
  private readonly expanded = new Set<string>();
  private readonly collapsed = new Set<string>();
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private lastView: View | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly hooks: FacetsHooks,
    /** How long counts wait for the next change before they are asked for. */
    private readonly settleMs = 120,
  ) {
    el.setAttribute('aria-label', 'Filters');
    const head = document.createElement('div');
    head.className = 'filters-head';
    const h = document.createElement('h2');
    h.textContent = 'Filters';
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.id = 'filters-clear';
    clear.className = 'link';
    clear.textContent = 'Clear';
    clear.addEventListener('click', () => hooks.clear());
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'btn icon';
    close.id = 'filters-close';
    close.title = 'Close filters';
    close.setAttribute('aria-label', 'Close filters');
    close.textContent = '×';
    close.addEventListener('click', () => this.close());
    head.append(h, clear, close);
    this.status = document.createElement('p');
    this.status.className = 'filters-status dim small';
    this.list = document.createElement('div');
    this.list.className = 'filters-list';
    el.replaceChildren(head, this.status, this.list);
    this.list.addEventListener('click', (e) => {
      const t = e.target as Element;
      const more = t.closest<HTMLElement>('[data-more]');
      if (more) {
        const name = more.dataset['more']!;
        if (this.expanded.has(name)) this.expanded.delete(name);
        else this.expanded.add(name);
        this.draw(true);
        return;
      }
      const title = t.closest<HTMLElement>('.facet-title');
      if (title) {
        const name = title.dataset['facetTitle']!;
        if (this.collapsed.has(name)) this.collapsed.delete(name);
        else this.collapsed.add(name);
        this.draw(true);
        return;
      }
      const v = t.closest<HTMLElement>('.facet-value[data-query]');
      if (!v) return;
      const facet = this.facets.find((f) => f.name === v.closest<HTMLElement>('[data-facet]')?.dataset['facet']);
      const token = v.dataset['query']!;
      const siblings = (facet?.values ?? []).map((x) => x.query).filter((q) => q && q !== token);
      hooks.toggle(token, siblings);
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    this.el.hidden = false;
    this.hooks.onOpen(true);
    if (this.lastView) void this.update(this.lastView, this.query);
  }

  close(): void {
    this.el.hidden = true;
    this.hooks.onOpen(false);
  }

  /** The view (with its query) changed, or what it holds: counts again when open (a newer call supersedes). */
  async update(view: View, query: string): Promise<void> {
    this.lastView = view;
    this.query = query;
    if (!this.isOpen) return;
    const gen = ++this.gen;
    this.el.classList.add('loading');
    // Counts are not needed at keystroke speed: while the user types, the timeline's reads go first.
    if (this.settleMs > 0) await new Promise((r) => setTimeout(r, this.settleMs));
    if (gen !== this.gen) return;
    let facets: Facet[];
    try {
      facets = await this.hooks.facets(view);
    } catch (e) {
      if (gen !== this.gen) return;
      this.el.classList.remove('loading');
      this.status.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    if (gen !== this.gen) return;
    this.el.classList.remove('loading');
    this.facets = facets.filter((f) => f.values.length > 0);
    this.status.textContent = this.facets.length === 0 ? 'Nothing to filter by in this view.' : '';
    this.draw(false);
  }

  private selected(token: string, engineSays: boolean): boolean {
    return engineSays || (token !== '' && hasToken(this.query, token));
  }

  /**
   * Redraws; a facet whose values are the same as drawn (only counts and selection changed) is patched in place, the
   * others are rebuilt one section at a time.
   */
  private draw(force: boolean): void {
    const order = this.facets.map((f) => f.name).join('\u0000');
    if (force || order !== this.drawnOrder) {
      this.drawnOrder = order;
      this.shapes.clear();
      const frag = document.createDocumentFragment();
      for (const f of this.facets) frag.appendChild(this.section(f));
      this.list.replaceChildren(frag);
      return;
    }
    for (const f of this.facets) {
      const sec = [...this.list.children].find((c) => (c as HTMLElement).dataset['facet'] === f.name) as HTMLElement | undefined;
      if (!sec) continue;
      if (this.shapes.get(f.name) !== shapeOf(f)) {
        sec.replaceWith(this.section(f));
        continue;
      }
      const shown = new Map<string, HTMLElement>();
      for (const b of sec.querySelectorAll<HTMLElement>('.facet-value')) shown.set(b.dataset['query']!, b);
      for (const v of f.values) {
        const b = shown.get(v.query);
        if (!b) continue;
        const c = b.querySelector('.count');
        const text = v.count.toLocaleString('en-US');
        if (c && c.textContent !== text) c.textContent = text;
        const on = this.selected(v.query, v.selected);
        b.classList.toggle('selected', on);
        b.setAttribute('aria-pressed', String(on));
        b.classList.toggle('empty', v.count === 0);
      }
    }
  }

  private section(f: Facet): HTMLElement {
    this.shapes.set(f.name, shapeOf(f));
    const sec = document.createElement('section');
    sec.className = 'facet';
    sec.dataset['facet'] = f.name;
    const title = document.createElement('button');
    title.type = 'button';
    title.className = 'facet-title';
    title.dataset['facetTitle'] = f.name;
    const open = !this.collapsed.has(f.name);
    title.setAttribute('aria-expanded', String(open));
    title.textContent = FACET_TITLES[f.name] ?? f.name;
    sec.appendChild(title);
    if (!open) return sec;
    const all = this.expanded.has(f.name);
    // Selected values always show, even beyond the first few.
    const shown = all ? f.values : f.values.filter((v, i) => i < FIRST || this.selected(v.query, v.selected));
    const ul = document.createElement('ul');
    for (const v of shown) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'facet-value';
      if (!v.query) b.disabled = true;
      b.dataset['query'] = v.query;
      b.dataset['value'] = v.value;
      const on = this.selected(v.query, v.selected);
      b.classList.toggle('selected', on);
      b.classList.toggle('empty', v.count === 0);
      b.setAttribute('aria-pressed', String(on));
      b.title = v.query ? `${v.label}: ${v.query}` : v.label;
      const check = document.createElement('span');
      check.className = 'check';
      check.setAttribute('aria-hidden', 'true');
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = v.label;
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = v.count.toLocaleString('en-US');
      b.append(check, label, count);
      li.appendChild(b);
      ul.appendChild(li);
    }
    sec.appendChild(ul);
    if (f.values.length > FIRST) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'link facet-more';
      more.dataset['more'] = f.name;
      more.textContent = all ? 'Fewer' : `All ${f.values.length}`;
      sec.appendChild(more);
    }
    return sec;
  }
}

/** What a facet's section is drawn from, besides counts and selection: its values, in order. */
function shapeOf(f: Facet): string {
  return JSON.stringify(f.values.map((v) => v.query));
}
