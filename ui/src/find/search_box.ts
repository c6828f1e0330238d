// Owns the top bar's search box (#search): the field, its live run as the user types (live_query.ts), the engine's
// message under it with the bad span underlined (the last good results stay), the result count, the clear, help (?),
// "Save as smart album" and Filters buttons, and its keys (/ or Ctrl+F focus it, Esc clears); facet and place clicks
// add or remove their token here.
import { buildHelp } from './help';
import { LiveQuery, type QueryProblem } from './live_query';
import { errorPieces, hasToken, toggleToken } from './query_text';

export interface SearchHooks {
  /** What the engine says of a query (null: it parses). */
  check(text: string): Promise<QueryProblem | null>;
  /** Shows the view narrowed by `query` ('' for none); resolves when it is loaded. */
  apply(query: string): Promise<void>;
  /** "Save as smart album" for the query applied now. */
  save(query: string): void;
  /** The Filters button. */
  toggleFilters(): void;
}

function button(id: string, cls: string, label: string, html: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.className = cls;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.innerHTML = html;
  return b;
}

const ICON_SEARCH = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><circle cx="10.5" cy="10.5" r="6" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M15 15l5 5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';
const ICON_CLEAR = '<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true"><path d="M7 7l10 10M17 7L7 17" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';
const ICON_SAVE = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M6 4h12v16l-6-4-6 4z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><path d="M12 7v6M9 10h6" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>';
const ICON_FILTERS = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path d="M4 6h16M7 12h10M10 18h4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';

export class SearchBox {
  readonly input: HTMLInputElement;
  readonly live: LiveQuery;
  private readonly clearBtn: HTMLButtonElement;
  private readonly saveBtn: HTMLButtonElement;
  readonly filtersBtn: HTMLButtonElement;
  private readonly helpBtn: HTMLButtonElement;
  private readonly help: HTMLElement;
  private readonly error: HTMLElement;
  private readonly count: HTMLElement;
  private problem: QueryProblem | null = null;

  constructor(
    private readonly root: HTMLElement,
    hooks: SearchHooks,
  ) {
    root.setAttribute('role', 'search');
    const field = document.createElement('div');
    field.className = 'search-field';
    const icon = document.createElement('span');
    icon.className = 'search-icon';
    icon.innerHTML = ICON_SEARCH;
    this.input = document.createElement('input');
    this.input.id = 'search-input';
    this.input.type = 'text';
    this.input.spellcheck = false;
    this.input.autocomplete = 'off';
    this.input.placeholder = 'Search    camera:fuji  year:2019  rating:>=4';
    this.input.setAttribute('aria-label', 'Search photos (/)');
    this.input.setAttribute('aria-describedby', 'search-error');
    this.count = document.createElement('span');
    this.count.id = 'search-count';
    this.count.hidden = true;
    this.clearBtn = button('search-clear', 'search-btn', 'Clear the search (Esc)', ICON_CLEAR);
    this.clearBtn.hidden = true;
    this.helpBtn = button('search-help-toggle', 'search-btn help', 'Search syntax', '?');
    this.helpBtn.setAttribute('aria-expanded', 'false');
    this.helpBtn.setAttribute('aria-controls', 'search-help');
    field.append(icon, this.input, this.count, this.clearBtn, this.helpBtn);
    this.saveBtn = button('search-save', 'btn icon', 'Save as smart album', ICON_SAVE);
    this.saveBtn.disabled = true;
    this.filtersBtn = button('filters-toggle', 'btn icon', 'Filters: every value with its count', ICON_FILTERS);
    this.filtersBtn.setAttribute('aria-pressed', 'false');
    this.filtersBtn.setAttribute('aria-controls', 'filters');
    this.error = document.createElement('div');
    this.error.id = 'search-error';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.help = document.createElement('div');
    this.help.id = 'search-help';
    this.help.setAttribute('role', 'dialog');
    this.help.setAttribute('aria-label', 'Search syntax');
    this.help.hidden = true;
    buildHelp(this.help, (ex) => {
      this.closeHelp();
      void this.set(ex);
      this.input.focus();
    });
    root.append(field, this.saveBtn, this.filtersBtn, this.error, this.help);

    this.live = new LiveQuery({
      check: (t) => hooks.check(t),
      apply: (t) => {
        this.saveBtn.disabled = t.trim() === '';
        return hooks.apply(t);
      },
      onProblem: (t, p) => this.showProblem(t, p),
    });
    this.input.addEventListener('input', () => {
      this.syncButtons();
      this.live.input(this.input.value);
    });
    this.input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') {
        e.preventDefault();
        if (!this.help.hidden) this.closeHelp();
        else if (this.input.value !== '') void this.set('');
        else this.input.blur();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        void this.live.set(this.input.value);
      }
    });
    this.clearBtn.addEventListener('click', () => {
      void this.set('');
      this.input.focus();
    });
    this.helpBtn.addEventListener('click', () => (this.help.hidden ? this.openHelp() : this.closeHelp()));
    this.saveBtn.addEventListener('click', () => {
      if (this.live.applied.trim()) hooks.save(this.live.applied.trim());
    });
    this.filtersBtn.addEventListener('click', () => hooks.toggleFilters());
    document.addEventListener('pointerdown', (e) => {
      if (!this.help.hidden && !(e.target as Element).closest('#search-help, #search-help-toggle')) this.closeHelp();
    });
  }

  /** The query shown now (valid; '' for none). */
  get query(): string {
    return this.live.applied.trim();
  }

  /** The text as typed. */
  get text(): string {
    return this.input.value;
  }

  get helpOpen(): boolean {
    return !this.help.hidden;
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  /** Puts `text` in the box and runs it at once (no debounce). */
  set(text: string): Promise<void> {
    this.input.value = text;
    this.syncButtons();
    return this.live.set(text);
  }

  /** Empties the box without running anything (a smart album was saved and opens instead). */
  clearQuiet(): void {
    this.input.value = '';
    this.live.reset();
    this.syncButtons();
    this.showProblem('', null);
    this.saveBtn.disabled = true;
    this.setCount(null);
  }

  /** The backend refused to show the query's results (not a parse error): its reason under the box. */
  fail(message: string): void {
    this.showProblem(this.input.value, { message, start: -1, end: -1 });
  }

  /** Adds a facet's or place's token to the query, or removes it when it is there. */
  toggle(token: string, siblings: readonly string[] = []): Promise<void> {
    return this.set(toggleToken(this.input.value, token, siblings));
  }

  /** Whether the box's query holds `token`. */
  has(token: string): boolean {
    return hasToken(this.input.value, token);
  }

  /** The number of photos found (null: no query, nothing shown). */
  setCount(n: number | null): void {
    this.count.hidden = n === null || this.query === '';
    if (n !== null) this.count.textContent = n.toLocaleString('en-US');
    this.count.title = n === null ? '' : `${n.toLocaleString('en-US')} ${n === 1 ? 'photo' : 'photos'} found`;
  }

  setFiltersOpen(open: boolean): void {
    this.filtersBtn.classList.toggle('on', open);
    this.filtersBtn.setAttribute('aria-pressed', String(open));
  }

  openHelp(): void {
    this.help.hidden = false;
    this.helpBtn.setAttribute('aria-expanded', 'true');
  }

  closeHelp(): void {
    this.help.hidden = true;
    this.helpBtn.setAttribute('aria-expanded', 'false');
  }

  private syncButtons(): void {
    this.clearBtn.hidden = this.input.value === '';
    this.root.classList.toggle('active', this.input.value.trim() !== '');
  }

  /** The engine's message under the box, the query with the bad span underlined; none clears it. */
  private showProblem(text: string, p: QueryProblem | null): void {
    this.problem = p;
    this.input.classList.toggle('invalid', p !== null);
    this.input.setAttribute('aria-invalid', String(p !== null));
    this.saveBtn.disabled = p !== null || this.live.applied.trim() === '';
    if (!p) {
      this.error.hidden = true;
      this.error.replaceChildren();
      return;
    }
    const msg = document.createElement('p');
    msg.className = 'search-message';
    msg.textContent = p.message.charAt(0).toUpperCase() + p.message.slice(1);
    const code = document.createElement('code');
    if (p.start >= 0) {
      const [before, bad, after] = errorPieces(text, p.start, p.end);
      const mark = document.createElement('mark');
      mark.className = 'bad';
      mark.textContent = bad;
      code.append(before, mark, after);
    } else code.textContent = text;
    const keep = document.createElement('p');
    keep.className = 'dim small';
    if (p.start < 0) keep.textContent = 'The results could not be shown.';
    else keep.textContent = this.live.applied.trim() ? `Still showing: ${this.live.applied.trim()}` : 'Still showing every photo.';
    this.error.replaceChildren(msg, code, keep);
    this.error.hidden = false;
  }

  /** The problem shown now (tests). */
  get shownProblem(): QueryProblem | null {
    return this.problem;
  }
}
