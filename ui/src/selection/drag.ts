// Owns dragging the selection with pointer events (no HTML5 drag and drop: it works the same under WebDriver and in a
// virtualized grid): onto a sidebar album or tag, or, in a manual-order album, between tiles to reorder; a ghost
// says how many photos move; Esc cancels.
import type { TimelineView } from '../timeline/view';
import type { Place } from '../types';

/** Pixels the pointer moves before a press becomes a drag. */
export const DRAG_THRESHOLD = 6;

export type DropTarget = { kind: 'album'; id: number } | { kind: 'tag'; path: string } | { kind: 'reorder'; place: Place; over: number };

/** Before or after the tile under the pointer, by which half of it the pointer is in. */
export function placeAt(x: number, left: number, width: number, id: number): Place {
  return x < left + width / 2 ? { kind: 'before', id } : { kind: 'after', id };
}

export interface DragHooks {
  /** Reordering by drag applies (a manual-order album is open). */
  canReorder(): boolean;
  /** The dragged photos were dropped on `target`. */
  onDrop(target: DropTarget): void;
  /** The selection changed because a drag started on a photo that was not selected. */
  onSelect(): void;
}

interface Press {
  id: number;
  x: number;
  y: number;
  pointer: number;
}

export class SelectionDrag {
  private press: Press | null = null;
  private dragging = false;
  private ghost: HTMLElement | null = null;
  private target: DropTarget | null = null;
  private marked: HTMLElement | null = null;
  private suppressClick = false;

  constructor(
    private readonly view: TimelineView,
    private readonly hooks: DragHooks,
  ) {
    view.content.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const tile = (e.target as Element).closest<HTMLElement>('.tile[data-photo-id]');
      if (!tile) return;
      this.press = { id: Number(tile.dataset['photoId']), x: e.clientX, y: e.clientY, pointer: e.pointerId };
    });
    window.addEventListener('pointermove', (e) => this.move(e));
    window.addEventListener('pointerup', (e) => this.up(e));
    window.addEventListener('pointercancel', () => this.end());
    window.addEventListener(
      'keydown',
      (e) => {
        if (this.dragging && e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          this.end();
        }
      },
      true,
    );
    // The click that ends a drag is not a selection click.
    window.addEventListener(
      'click',
      (e) => {
        if (!this.suppressClick) return;
        this.suppressClick = false;
        e.stopPropagation();
        e.preventDefault();
      },
      true,
    );
  }

  get isDragging(): boolean {
    return this.dragging;
  }

  private move(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.pointer !== e.pointerId) return;
    if (!this.dragging) {
      if (Math.hypot(e.clientX - p.x, e.clientY - p.y) < DRAG_THRESHOLD) return;
      this.start(p);
    }
    e.preventDefault();
    this.placeGhost(e.clientX, e.clientY);
    this.findTarget(e.clientX, e.clientY);
    this.autoScroll(e.clientY);
  }

  private start(p: Press): void {
    const sel = this.view.selection;
    const index = this.view.tl.indexOf(p.id);
    if (index !== null && !sel.has(index)) {
      sel.click(index);
      this.view.redraw();
      this.hooks.onSelect();
    }
    this.dragging = true;
    const g = document.createElement('div');
    g.id = 'drag-ghost';
    const n = sel.count;
    g.textContent = `${n.toLocaleString('en-US')} ${n === 1 ? 'photo' : 'photos'}`;
    document.body.appendChild(g);
    document.body.classList.add('dragging-photos');
    this.ghost = g;
  }

  private placeGhost(x: number, y: number): void {
    if (this.ghost) this.ghost.style.transform = `translate(${x + 14}px,${y + 10}px)`;
  }

  private findTarget(x: number, y: number): void {
    const under = document.elementFromPoint(x, y);
    let target: DropTarget | null = null;
    let mark: HTMLElement | null = null;
    let cls = 'drop-target';
    const album = under?.closest<HTMLElement>('[data-album-id][data-kind="album"]');
    const tag = under?.closest<HTMLElement>('[data-tag-id]');
    const tile = under?.closest<HTMLElement>('.tile[data-photo-id]');
    if (album) {
      target = { kind: 'album', id: Number(album.dataset['albumId']) };
      mark = album;
    } else if (tag) {
      target = { kind: 'tag', path: tag.dataset['tagPath']! };
      mark = tag;
    } else if (tile && this.hooks.canReorder()) {
      const id = Number(tile.dataset['photoId']);
      const index = this.view.tl.indexOf(id);
      if (index !== null && !this.view.selection.has(index)) {
        const r = tile.getBoundingClientRect();
        const place = placeAt(x, r.left, r.width, id);
        target = { kind: 'reorder', place, over: id };
        mark = tile;
        cls = place.kind === 'before' ? 'drop-before' : 'drop-after';
      }
    }
    if (this.marked && (this.marked !== mark || !this.marked.classList.contains(cls))) {
      this.marked.classList.remove('drop-target', 'drop-before', 'drop-after');
    }
    mark?.classList.add(cls);
    this.marked = mark;
    this.target = target;
    this.ghost?.classList.toggle('over-target', target !== null);
  }

  private autoScroll(y: number): void {
    if (!this.hooks.canReorder()) return;
    const r = this.view.scroller.getBoundingClientRect();
    const edge = 48;
    if (y < r.top + edge) this.view.scroller.scrollTop -= 24;
    else if (y > r.bottom - edge) this.view.scroller.scrollTop += 24;
  }

  private up(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.pointer !== e.pointerId) return;
    if (!this.dragging) {
      this.press = null;
      return;
    }
    this.findTarget(e.clientX, e.clientY);
    const target = this.target;
    this.suppressClick = true;
    setTimeout(() => {
      this.suppressClick = false;
    }, 0);
    this.end();
    if (target) this.hooks.onDrop(target);
  }

  private end(): void {
    this.press = null;
    this.dragging = false;
    this.target = null;
    this.ghost?.remove();
    this.ghost = null;
    this.marked?.classList.remove('drop-target', 'drop-before', 'drop-after');
    this.marked = null;
    document.body.classList.remove('dragging-photos');
  }
}
