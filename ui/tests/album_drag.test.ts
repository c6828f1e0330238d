// @vitest-environment jsdom
// Tests moving albums by drag in the sidebar: where an album may go (never into itself or a descendant, not where it
// is), and the pointer drag on the real sidebar rows: onto a folder, onto the Albums heading, refused places not lit
// and not moved, Esc cancelling, a press without movement still opening the album.
import { describe, expect, it } from 'vitest';
import { AlbumDrag } from '../src/album_drag';
import { canMoveInto } from '../src/collections_tree';
import type { Album } from '../src/types';

const A = (id: number, parentId: number | null, kind: Album['kind']): Album =>
  ({ id, parentId, kind, name: `a${id}`, count: 0, coverId: null, firstTakenAt: null, lastTakenAt: null, sort: 'date', query: null }) as unknown as Album;

// 1 folder ⊃ 2 folder ⊃ 3 album; 4 album at the top; 5 folder at the top.
const TREE = [A(1, null, 'folder'), A(2, 1, 'folder'), A(3, 2, 'album'), A(4, null, 'album'), A(5, null, 'folder')];
const isFolder = (a: Album): boolean => a.kind === 'folder';

describe('canMoveInto', () => {
  it('into a folder, or to the top from inside one', () => {
    expect(canMoveInto(TREE, 4, 1, isFolder)).toBe(true);
    expect(canMoveInto(TREE, 3, 5, isFolder)).toBe(true);
    expect(canMoveInto(TREE, 3, null, isFolder)).toBe(true);
    expect(canMoveInto(TREE, 2, 5, isFolder)).toBe(true);
  });
  it('never into itself, its own descendant, where it already is, an album, or an unknown place', () => {
    expect(canMoveInto(TREE, 1, 1, isFolder)).toBe(false);
    expect(canMoveInto(TREE, 1, 2, isFolder)).toBe(false);
    expect(canMoveInto(TREE, 3, 2, isFolder)).toBe(false);
    expect(canMoveInto(TREE, 4, null, isFolder)).toBe(false);
    expect(canMoveInto(TREE, 4, 3, isFolder)).toBe(false);
    expect(canMoveInto(TREE, 4, 99, isFolder)).toBe(false);
    expect(canMoveInto(TREE, 99, 1, isFolder)).toBe(false);
  });
  it('a cycle in the data does not hang it', () => {
    const cyc = [A(1, 2, 'folder'), A(2, 1, 'folder'), A(3, null, 'album')];
    expect(canMoveInto(cyc, 3, 1, isFolder)).toBe(true);
  });
});

function pointer(type: string, x: number, y: number): Event {
  const e = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0 });
  Object.defineProperty(e, 'pointerId', { value: 1 });
  return e;
}

describe('AlbumDrag on sidebar rows', () => {
  function setup(): { host: HTMLElement; moves: [number, number | null][]; clicks: number[]; rows: Map<string, HTMLElement> } {
    document.body.replaceChildren();
    const host = document.createElement('div');
    const rows = new Map<string, HTMLElement>();
    const add = (key: string, attrs: Record<string, string>): void => {
      const el = document.createElement('div');
      for (const [k, v] of Object.entries(attrs)) el.dataset[k] = v;
      host.appendChild(el);
      rows.set(key, el);
    };
    add('top', { drop: 'albums-top' });
    for (const a of TREE) add(String(a.id), { albumId: String(a.id), kind: a.kind });
    document.body.appendChild(host);
    const clicks: number[] = [];
    host.addEventListener('click', (e) => clicks.push(Number((e.target as HTMLElement).dataset['albumId'])));
    const moves: [number, number | null][] = [];
    new AlbumDrag(host, { albums: () => TREE, onMove: (id, p) => moves.push([id, p]) });
    return { host, moves, clicks, rows };
  }
  /** Presses on `from`, moves over `over` (elementFromPoint answers it), releases there. */
  function drag(rows: Map<string, HTMLElement>, from: string, over: string, { esc = false } = {}): boolean {
    const src = rows.get(from)!;
    const dst = rows.get(over)!;
    document.elementFromPoint = () => dst;
    src.dispatchEvent(pointer('pointerdown', 10, 10));
    window.dispatchEvent(pointer('pointermove', 10, 40));
    const lit = dst.classList.contains('drop-target');
    if (esc) window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    window.dispatchEvent(pointer('pointerup', 10, 40));
    src.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return lit;
  }

  it('an album dropped on a folder moves into it, and the drop is not a click', () => {
    const { moves, clicks, rows } = setup();
    expect(drag(rows, '4', '1')).toBe(true);
    expect(moves).toEqual([[4, 1]]);
    expect(clicks).toEqual([]);
    expect(rows.get('1')!.classList.contains('drop-target')).toBe(false);
    expect(document.getElementById('drag-ghost')).toBeNull();
  });

  it('onto the Albums heading: to the top level', () => {
    const { moves, rows } = setup();
    expect(drag(rows, '3', 'top')).toBe(true);
    expect(moves).toEqual([[3, null]]);
  });

  it('a folder over its own descendant, or an album over an album, is not lit and does not move', () => {
    const { moves, rows } = setup();
    expect(drag(rows, '1', '2')).toBe(false);
    expect(drag(rows, '4', '3')).toBe(false);
    expect(drag(rows, '4', 'top')).toBe(false);
    expect(moves).toEqual([]);
  });

  it('Esc cancels the drag', () => {
    const { moves, rows } = setup();
    drag(rows, '4', '5', { esc: true });
    expect(moves).toEqual([]);
  });

  it('a press without movement is an ordinary click', () => {
    const { moves, clicks, rows } = setup();
    const row = rows.get('4')!;
    row.dispatchEvent(pointer('pointerdown', 10, 10));
    window.dispatchEvent(pointer('pointermove', 12, 11));
    window.dispatchEvent(pointer('pointerup', 12, 11));
    row.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(moves).toEqual([]);
    expect(clicks).toEqual([4]);
  });
});
