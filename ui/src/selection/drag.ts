// Owns what dragging the selection means (the pointer mechanics are pointer_drag.ts): onto a sidebar album or tag,
// or, in a manual-order album, between tiles to reorder; the ghost says how many photos move.
import { PointerDrag, type DropPlace } from '../pointer_drag';
import type { TimelineView } from '../timeline/view';
import type { Place } from '../types';

export { DRAG_THRESHOLD } from '../pointer_drag';

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

export class SelectionDrag {
  private readonly drag: PointerDrag<DropTarget>;

  constructor(
    private readonly view: TimelineView,
    private readonly hooks: DragHooks,
  ) {
    this.drag = new PointerDrag<DropTarget>(view.content, {
      pressed: (t) => {
        const tile = t.closest<HTMLElement>('.tile[data-photo-id]');
        return tile ? Number(tile.dataset['photoId']) : null;
      },
      begin: (id) => this.begin(id),
      placeAt: (_id, x, y) => this.placeUnder(x, y),
      drop: (_id, target) => hooks.onDrop(target),
      moved: (_x, y) => this.autoScroll(y),
    });
  }

  get isDragging(): boolean {
    return this.drag.isDragging;
  }

  /** A drag from a photo that is not selected selects it alone first. */
  private begin(id: number): string {
    const sel = this.view.selection;
    const index = this.view.tl.indexOf(id);
    if (index !== null && !sel.has(index)) {
      sel.click(index);
      this.view.redraw();
      this.hooks.onSelect();
    }
    const n = sel.count;
    return `${n.toLocaleString('en-US')} ${n === 1 ? 'photo' : 'photos'}`;
  }

  private placeUnder(x: number, y: number): DropPlace<DropTarget> | null {
    const under = document.elementFromPoint(x, y);
    const album = under?.closest<HTMLElement>('[data-album-id][data-kind="album"]');
    if (album) return { target: { kind: 'album', id: Number(album.dataset['albumId']) }, el: album, cls: 'drop-target' };
    const tag = under?.closest<HTMLElement>('[data-tag-id]');
    if (tag) return { target: { kind: 'tag', path: tag.dataset['tagPath']! }, el: tag, cls: 'drop-target' };
    const tile = under?.closest<HTMLElement>('.tile[data-photo-id]');
    if (!tile || !this.hooks.canReorder()) return null;
    const id = Number(tile.dataset['photoId']);
    const index = this.view.tl.indexOf(id);
    if (index === null || this.view.selection.has(index)) return null;
    const r = tile.getBoundingClientRect();
    const place = placeAt(x, r.left, r.width, id);
    return { target: { kind: 'reorder', place, over: id }, el: tile, cls: place.kind === 'before' ? 'drop-before' : 'drop-after' };
  }

  private autoScroll(y: number): void {
    if (!this.hooks.canReorder()) return;
    const r = this.view.scroller.getBoundingClientRect();
    const edge = 48;
    if (y < r.top + edge) this.view.scroller.scrollTop -= 24;
    else if (y > r.bottom - edge) this.view.scroller.scrollTop += 24;
  }
}
