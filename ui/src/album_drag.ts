// Owns what dragging an album, smart album or album folder in the sidebar means (the pointer mechanics are
// pointer_drag.ts): onto an album folder it moves inside, onto the Albums heading to the top level; only places it
// may go light up (never into itself or its own descendant).
import { canMoveInto } from './collections_tree';
import { PointerDrag, type DropPlace } from './pointer_drag';
import type { Album } from './types';

export interface AlbumDragHooks {
  /** The albums as the sidebar last drew them. */
  albums(): readonly Album[];
  /** The album `id` was dropped inside `parentId` (null: the top level). */
  onMove(id: number, parentId: number | null): void;
}

/** A folder row (its id) or the Albums heading (null) under a point, if `id` may move there. */
function placeUnder(albums: readonly Album[], id: number, x: number, y: number): DropPlace<number | null> | null {
  const under = document.elementFromPoint(x, y);
  const folder = under?.closest<HTMLElement>('[data-album-id][data-kind="folder"]');
  const top = folder ? null : under?.closest<HTMLElement>('[data-drop="albums-top"]');
  const el = folder ?? top;
  if (!el) return null;
  const parentId = folder ? Number(folder.dataset['albumId']) : null;
  if (!canMoveInto(albums, id, parentId, (a) => a.kind === 'folder')) return null;
  return { target: parentId, el, cls: 'drop-target' };
}

export class AlbumDrag {
  private readonly drag: PointerDrag<number | null>;

  constructor(el: HTMLElement, hooks: AlbumDragHooks) {
    this.drag = new PointerDrag<number | null>(el, {
      pressed: (t) => {
        if (t.closest('input, button, .twisty')) return null;
        const row = t.closest<HTMLElement>('[data-album-id]');
        return row ? Number(row.dataset['albumId']) : null;
      },
      begin: (id) => hooks.albums().find((a) => a.id === id)?.name ?? 'Album',
      placeAt: (id, x, y) => placeUnder(hooks.albums(), id, x, y),
      drop: (id, parentId) => hooks.onMove(id, parentId),
    });
  }

  get isDragging(): boolean {
    return this.drag.isDragging;
  }
}
