// Owns the selection bar (#selection-bar): how many photos are selected and what can be done to them: favourite,
// pick, reject, add to an album (a menu of albums), tag (a field with autocomplete), and in an album: remove from it,
// set as its cover; export them (the export dialog); move them to the system trash; × (or Esc) clears the selection.
import * as api from './api';
import type { Collections } from './collections';
import type { ContextMenu } from './context_menu';
import { countText } from './format';
import type { Organizer } from './organize';
import { change } from './selection/marks';
import { TagInput } from './tag_input';
import type { TimelineView } from './timeline/view';

/** "1 photo selected" / "12,345 photos selected". */
export function selectedText(n: number): string {
  return `${countText(n)} ${n === 1 ? 'photo' : 'photos'} selected`;
}

export class SelectionBar {
  readonly el: HTMLElement;
  private readonly count: HTMLElement;
  private readonly tagField: TagInput;
  private version = -1;
  private viewKind = '';

  constructor(
    private readonly view: TimelineView,
    private readonly org: Organizer,
    private readonly collections: Collections,
    private readonly menu: ContextMenu,
    /** After the selection changed here (the × button). */
    private readonly onCleared: () => void,
    /** The Export… button: opens the export dialog on the selection. */
    private readonly onExport: () => void,
    /** The trash button: the selection to the system trash, after the confirm step. */
    private readonly onTrash: () => void,
  ) {
    const el = document.createElement('div');
    el.id = 'selection-bar';
    el.setAttribute('role', 'toolbar');
    el.setAttribute('aria-label', 'Selected photos');
    el.hidden = true;
    this.count = document.createElement('span');
    this.count.id = 'selection-count';
    el.appendChild(this.count);
    for (const [action, label, text] of [
      ['favourite', 'Favourite (F)', '♥'],
      ['pick', 'Pick (P)', '⚑'],
      ['reject', 'Reject (X)', '✕'],
      ['album', 'Add to album', 'Album…'],
      ['tag', 'Tag (T)', 'Tag…'],
      ['remove', 'Remove from this album', 'Remove'],
      ['cover', 'Set as the album cover', 'Cover'],
      ['export', 'Export… (Ctrl+Shift+E)', 'Export…'],
      ['trash', 'Move to the system trash… (Delete)', 'Trash…'],
      ['clear', 'Clear the selection (Esc)', '×'],
    ] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn small';
      b.dataset['action'] = action;
      b.title = label;
      b.setAttribute('aria-label', label);
      b.textContent = text;
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        this.act(action, b);
      });
      el.appendChild(b);
    }
    this.tagField = new TagInput(
      'selection-tag',
      (path) => {
        this.tagField.el.hidden = true;
        const t = this.org.targets();
        if (t) void this.org.run(() => api.tagPhotos(path, t));
      },
      () => {
        this.tagField.el.hidden = true;
      },
    );
    this.tagField.el.hidden = true;
    el.appendChild(this.tagField.el);
    document.getElementById('main')?.appendChild(el);
    this.el = el;
  }

  /** Brings the bar in line with the selection (cheap when nothing changed). */
  update(): void {
    const sel = this.view.selection;
    const kind = this.view.view.kind;
    if (sel.version === this.version && kind === this.viewKind) return;
    this.version = sel.version;
    this.viewKind = kind;
    const n = sel.count;
    this.el.hidden = n === 0;
    this.count.textContent = selectedText(n);
    const v = this.view.view;
    // A smart album's photos are its query's: nothing to remove by hand, no cover to pick.
    const inAlbum = v.kind === 'album' && this.collections.album(v.id)?.kind === 'album';
    this.button('remove').hidden = !inAlbum;
    this.button('cover').hidden = !inAlbum || n !== 1;
    if (n === 0) this.tagField.el.hidden = true;
  }

  /** Opens the tag field (the T key). */
  openTag(): void {
    if (this.el.hidden) return;
    this.tagField.el.hidden = false;
    this.tagField.focus();
  }

  private button(action: string): HTMLButtonElement {
    return this.el.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  }

  private act(action: string, from: HTMLElement): void {
    const t = this.org.targets();
    const v = this.view.view;
    switch (action) {
      case 'favourite':
      case 'pick':
      case 'reject':
        if (t) {
          const cur = this.org.referenceMarks();
          const c =
            action === 'favourite'
              ? change({ favourite: !(cur?.favourite ?? false) })
              : change({ flag: cur?.flag === action ? 'none' : action });
          void this.org.mark(t, c);
        }
        return;
      case 'album': {
        const r = from.getBoundingClientRect();
        const items = this.collections.photoAlbums().map((a) => ({
          action: `album-${a.id}`,
          label: a.name,
          run: () => {
            if (t) void this.org.run(() => api.addToAlbum(a.id, t));
          },
        }));
        items.push({ action: 'new-album', label: 'New album…', run: () => this.collections.startNew('album', null) });
        this.menu.open(r.left, r.bottom + 4, items, from);
        return;
      }
      case 'tag':
        this.openTag();
        return;
      case 'remove':
        if (t && v.kind === 'album') void this.org.run(() => api.removeFromAlbum(v.id, t));
        return;
      case 'cover': {
        const id = t?.ids[0];
        if (v.kind === 'album' && id !== undefined) void this.org.run(() => api.setAlbumCover(v.id, id));
        return;
      }
      case 'export':
        this.onExport();
        return;
      case 'trash':
        this.onTrash();
        return;
      case 'clear':
        this.view.selection.clear();
        this.view.redraw();
        this.onCleared();
        return;
    }
  }
}
