// Owns a tag field with autocomplete: suggestions from the backend as one types (any path component starting with
// the text), ↑/↓ to choose, Enter or a click to commit, Esc to give up; the list (.tag-suggestions li[data-path]) is
// capped and debounced so typing never waits on it.
import * as api from './api';
import type { Tag } from './types';

const LIMIT = 8;
const DEBOUNCE_MS = 80;

/** Which suggestion ↑/↓ moves to (-1: none, the typed text); wraps around. */
export function moveChoice(at: number, n: number, dir: 1 | -1): number {
  if (n === 0) return -1;
  if (at < 0) return dir === 1 ? 0 : n - 1;
  const next = at + dir;
  return next < 0 || next >= n ? -1 : next;
}

export class TagInput {
  readonly el: HTMLDivElement;
  readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private items: Tag[] = [];
  private at = -1;
  private timer = 0;
  private seq = 0;

  constructor(
    id: string,
    private readonly onCommit: (path: string) => void,
    private readonly onCancel: () => void = () => undefined,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'tag-input';
    this.input = document.createElement('input');
    this.input.id = id;
    this.input.type = 'text';
    this.input.placeholder = 'Add a tag (a/b for a sub-tag)';
    this.input.spellcheck = false;
    this.input.autocomplete = 'off';
    this.input.setAttribute('aria-label', 'Tag');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.list = document.createElement('ul');
    this.list.className = 'tag-suggestions';
    this.list.setAttribute('role', 'listbox');
    this.list.hidden = true;
    this.el.append(this.input, this.list);
    this.input.addEventListener('input', () => this.queue());
    this.input.addEventListener('focus', () => this.queue());
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.input.addEventListener('blur', () => setTimeout(() => this.hide(), 150));
    this.list.addEventListener('mousedown', (e) => {
      const li = (e.target as Element).closest<HTMLElement>('li[data-path]');
      if (!li) return;
      e.preventDefault();
      this.commit(li.dataset['path']!);
    });
  }

  focus(): void {
    this.input.focus();
  }

  private key(e: KeyboardEvent): void {
    e.stopPropagation();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.at = moveChoice(this.at, this.items.length, e.key === 'ArrowDown' ? 1 : -1);
      this.paint();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = this.items[this.at];
      this.commit(chosen ? chosen.path : this.input.value);
    } else if (e.key === 'Tab' && this.items[this.at]) {
      e.preventDefault();
      this.input.value = this.items[this.at]!.path;
      this.queue();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (!this.list.hidden) this.hide();
      else this.onCancel();
    }
  }

  private commit(path: string): void {
    this.hide();
    this.input.value = '';
    this.onCommit(path);
  }

  private queue(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.fetch(), DEBOUNCE_MS);
  }

  private async fetch(): Promise<void> {
    const seq = ++this.seq;
    const text = this.input.value;
    const last = text.split('/').pop() ?? '';
    let items: Tag[] = [];
    try {
      items = await api.suggestTags(last.trim(), LIMIT);
    } catch {
      items = [];
    }
    if (seq !== this.seq || document.activeElement !== this.input) return;
    this.items = items;
    this.at = -1;
    this.paint();
  }

  private paint(): void {
    this.list.replaceChildren(
      ...this.items.map((t, i) => {
        const li = document.createElement('li');
        li.dataset['path'] = t.path;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === this.at));
        li.className = i === this.at ? 'chosen' : '';
        li.textContent = t.path;
        const c = document.createElement('span');
        c.className = 'count';
        c.textContent = String(t.count);
        li.appendChild(c);
        return li;
      }),
    );
    this.list.hidden = this.items.length === 0;
  }

  private hide(): void {
    this.list.hidden = true;
    this.items = [];
    this.at = -1;
  }
}
