// Owns the mechanics shared by every drag in the app, with pointer events rather than HTML5 drag and drop (it
// behaves the same under WebDriver and over virtualized rows): the press, the threshold that makes it a drag, the
// ghost beside the pointer, the marked drop place, Esc to cancel, and the click that ends a drag not counting as one.

/** Pixels the pointer moves before a press becomes a drag. */
export const DRAG_THRESHOLD = 6;

/** A drop place under the pointer: what it means, and the element that lights up with `cls`. */
export interface DropPlace<T> {
  target: T;
  el: HTMLElement;
  cls: string;
}

export interface DragSpec<T> {
  /** The id a left press on `target` may start dragging, or null (not draggable). */
  pressed(target: Element): number | null;
  /** The press became a drag: the ghost's text. */
  begin(id: number): string;
  /** The drop place at (x, y) for the dragged `id`, or null where it cannot go. */
  placeAt(id: number, x: number, y: number): DropPlace<T> | null;
  /** Released over `target`. */
  drop(id: number, target: T): void;
  /** After each move while dragging (e.g. scrolling near an edge). */
  moved?(x: number, y: number): void;
}

const MARKS = ['drop-target', 'drop-before', 'drop-after'];

interface Press {
  id: number;
  x: number;
  y: number;
  pointer: number;
}

export class PointerDrag<T> {
  private press: Press | null = null;
  private dragging = false;
  private ghost: HTMLElement | null = null;
  private place: DropPlace<T> | null = null;
  private suppressClick = false;

  constructor(
    el: HTMLElement,
    private readonly spec: DragSpec<T>,
  ) {
    el.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const id = spec.pressed(e.target as Element);
      if (id !== null) this.press = { id, x: e.clientX, y: e.clientY, pointer: e.pointerId };
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
    if (this.ghost) this.ghost.style.transform = `translate(${e.clientX + 14}px,${e.clientY + 10}px)`;
    this.mark(this.spec.placeAt(p.id, e.clientX, e.clientY));
    this.spec.moved?.(e.clientX, e.clientY);
  }

  private start(p: Press): void {
    this.dragging = true;
    const g = document.createElement('div');
    g.id = 'drag-ghost';
    g.textContent = this.spec.begin(p.id);
    document.body.appendChild(g);
    document.body.classList.add('dragging-photos');
    this.ghost = g;
  }

  private mark(place: DropPlace<T> | null): void {
    const old = this.place;
    if (old && (old.el !== place?.el || old.cls !== place.cls)) old.el.classList.remove(...MARKS);
    place?.el.classList.add(place.cls);
    this.place = place;
    this.ghost?.classList.toggle('over-target', place !== null);
  }

  private up(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.pointer !== e.pointerId) return;
    if (!this.dragging) {
      this.press = null;
      return;
    }
    this.mark(this.spec.placeAt(p.id, e.clientX, e.clientY));
    const target = this.place?.target;
    const dropped = this.place !== null;
    // The click that ends a drag is not a click on what it started on.
    this.suppressClick = true;
    setTimeout(() => {
      this.suppressClick = false;
    }, 0);
    this.end();
    if (dropped) this.spec.drop(p.id, target as T);
  }

  private end(): void {
    this.press = null;
    this.dragging = false;
    this.place?.el.classList.remove(...MARKS);
    this.place = null;
    this.ghost?.remove();
    this.ghost = null;
    document.body.classList.remove('dragging-photos');
  }
}
