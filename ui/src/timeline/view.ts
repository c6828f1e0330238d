// Owns the virtualized timeline DOM: which headers/tiles exist, their positions, image sources, badges, the selected
// look, anchoring and loads, for one view (all photos, a folder, an album, a tag, favourites, picks, rejected).
import * as api from '../api';
import { ScrollSpace } from '../layout/scroll_space';
import { perf } from '../perf';
import { Selection } from '../selection/model';
import type { MonthCount, ThumbSize, TimelinePage, View } from '../types';
import { captureAnchor, resolveAnchor, type Anchor } from './anchor';
import { dayHeader, div, monthHeader } from './headers';
import { Loader } from './loader';
import { Timeline, type TileBox } from './model';
import type { LoadRequest, Section } from './section';
import { TilePool, type TileEl } from './tiles';
import { ViewportReporter } from './viewport_report';

/** Viewports above and below kept in the DOM / with images loading / with pages fetched. */
const DOM_MARGIN = 1;
const NEAR_MARGIN = 0.5;
const DATA_MARGIN = 3;
/** Photos kept loaded before far sections fall back to estimates. */
const LOADED_BUDGET = 60_000;
/** Horizontal padding of the content. */
export const PAD_X = 16;
/** Thumbhash decodes per frame (each is ~0.1-0.3 ms). */
const HASHES_PER_FRAME = 24;

export interface ViewHooks {
  onOpen(id: number): void;
  /** A click on a tile (the view's index of the photo, and the event's modifier keys). */
  onTileClick?(id: number, index: number, e: MouseEvent): void;
  /** Section tops or the total height changed. */
  onGeometry(): void;
  /** The viewport moved. */
  onScroll(): void;
  /** A new month table arrived (empty library, scrubber). */
  onMonths(months: readonly MonthCount[]): void;
}

interface Other {
  el: HTMLElement;
  gen: number;
  y: number;
  h: number;
}

export class TimelineView {
  readonly tl = new Timeline();
  readonly space = new ScrollSpace();
  readonly content: HTMLDivElement;
  readonly loader: Loader;
  /** The view shown. */
  view: View = { kind: 'all' };
  /** What is selected, as index ranges over the view's order. */
  readonly selection = new Selection();
  focusedId: number | null = null;
  /** Virtual y of the viewport top, and viewport height. */
  vTop = 0;
  vh = 0;
  private readonly tiles = new Map<number, TileEl>();
  private readonly others = new Map<string, Other>();
  private readonly pool: TilePool;
  private gen = 0;
  private raf = 0;
  /** Kept in place across data changes until the user scrolls (set by jumps). */
  private pin: Anchor | null = null;
  private visible: number[] = [];
  /** Images just off screen held back until those on screen loaded. */
  private nearDeferred = false;
  private skeletonOnScreen = false;
  private jumpStart: number | null = null;
  private readonly viewport = new ViewportReporter();
  private refreshing = false;
  private refreshAgain = false;

  constructor(
    readonly scroller: HTMLElement,
    private readonly hooks: ViewHooks,
  ) {
    this.content = document.createElement('div');
    this.content.id = 'timeline-space';
    scroller.appendChild(this.content);
    this.pool = new TilePool(
      () => this.onImageLoad(),
      () => this.schedule(),
    );
    const view = this;
    this.loader = new Loader({
      tl: this.tl,
      get view() {
        return view.view;
      },
      onPage: (req, page) => this.applyPage(req, page),
      onIdle: () => this.schedule(),
    });
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    const userMoved = (): void => {
      this.pin = null;
    };
    for (const ev of ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const) {
      scroller.addEventListener(ev, userMoved, { passive: true });
    }
    this.content.addEventListener('click', (e) => {
      const el = (e.target as Element).closest<HTMLElement>('.tile');
      const id = Number(el?.dataset['photoId']);
      if (!el || !Number.isFinite(id)) return;
      const index = this.tl.indexOf(id);
      this.setFocus(id, false);
      if (index !== null && this.hooks.onTileClick) this.hooks.onTileClick(id, index, e);
      else this.open(id);
    });
    this.content.addEventListener('dblclick', (e) => {
      const el = (e.target as Element).closest<HTMLElement>('.tile');
      const id = Number(el?.dataset['photoId']);
      if (el && Number.isFinite(id) && this.hooks.onTileClick) this.open(id);
    });
    new ResizeObserver(() => this.resize()).observe(scroller);
    this.resize();
  }

  /** Shows a view from the top (a new view starts with nothing selected). */
  async load(view: View): Promise<void> {
    this.view = view;
    this.tl.epoch++;
    const months = await api.timelineMonths(view);
    perf.mark('months');
    if (view !== this.view) return;
    this.clearDom();
    this.pin = null;
    this.focusedId = null;
    this.selection.clear();
    this.tl.setMonths(months);
    this.syncSpace();
    this.space.place(0, this.vh);
    this.scroller.scrollTop = 0;
    this.vTop = 0;
    this.hooks.onMonths(months);
    this.hooks.onGeometry();
    this.render();
  }

  /** Re-reads the month table after a library change, keeping the first visible tile where it is. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      const view = this.view;
      const months = await api.timelineMonths(view);
      if (view === this.view) {
        const keep = { y0: this.vTop - this.vh * DATA_MARGIN, y1: this.vTop + this.vh * (1 + DATA_MARGIN) };
        const before = this.tl.count;
        this.mutate(() => this.tl.setMonths(months, keep));
        // Indices shift when the view's photos change: a selection is kept only while the count is the same.
        if (this.tl.count !== before) this.selection.clear();
        this.hooks.onMonths(months);
      }
    } finally {
      this.refreshing = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refresh();
      }
    }
  }

  /** Lands on a month at once; its page is fetched directly (no pages in between). */
  jumpTo(month: string): void {
    const s = this.tl.byMonth.get(month);
    if (!s) return;
    this.pin = { kind: 'top', month, offset: 0 };
    this.jumpStart = performance.now();
    perf.lastJumpPaintedMs = null;
    this.setVirtualTop(s.top);
    if (!s.inflight && (s.photos.length === 0 || s.stale)) void this.loader.loadSection(s);
    this.render();
  }

  /** Brings photo `id` of `month` into the loaded timeline (jumps to the month, pages it until the photo is in) and
   * focuses it; false when the view has no such month or the month no such photo. */
  async revealPhoto(id: number, month: string): Promise<boolean> {
    const s = this.tl.byMonth.get(month);
    if (!s) return false;
    this.jumpTo(month);
    for (let page = 0; page < 10_000; page++) {
      if (this.tl.locate(id)) {
        this.setFocus(id, true);
        return true;
      }
      if (s.complete && s.photos.length > 0) return false;
      await this.loader.loadSection(s);
    }
    return false;
  }

  /** Scrolls (without a pin) so virtual y is at the top. */
  scrollToVirtual(y: number): void {
    this.pin = null;
    this.setVirtualTop(y);
    this.render();
  }

  open(id: number): void {
    this.hooks.onOpen(id);
  }

  /** Draws badges and the selection again in the next frame (after marks or the selection changed). */
  redraw(): void {
    this.schedule();
  }

  schedule(): void {
    if (this.raf === 0) this.raf = requestAnimationFrame(this.frame);
  }

  /** Moves keyboard focus to a photo; optionally scrolls it into view. */
  setFocus(id: number, reveal: boolean): void {
    if (this.focusedId !== null) this.tiles.get(this.focusedId)?.el.classList.remove('focused');
    this.focusedId = id;
    if (reveal) {
      const box = this.tl.locate(id);
      if (box) this.reveal(box);
    }
    const t = this.tiles.get(id);
    if (t) {
      t.el.classList.add('focused');
      t.el.focus({ preventScroll: true });
    }
  }

  /** Scrolls the least needed to show a tile fully (with room for its day header above). */
  reveal(box: TileBox): void {
    const m = this.tl.metrics;
    const top = box.y - m.dayHeaderHeight;
    if (top < this.vTop) this.scrollToVirtual(top);
    else if (box.y + box.h > this.vTop + this.vh) this.scrollToVirtual(box.y + box.h + m.gap * 2 - this.vh);
  }

  /** Ids of tiles on screen, top-left first (as of the last frame). */
  visibleIds(): readonly number[] {
    return this.visible;
  }

  /** Runs `fn` (which changes heights) and scrolls so what was on screen stays put. */
  private mutate(fn: () => void): void {
    this.vTop = this.space.toVirtual(this.scroller.scrollTop);
    const atTop = this.vTop < 1 && this.pin === null;
    const a = atTop ? null : (this.pin ?? captureAnchor(this.tl, this.vTop, this.vh));
    fn();
    this.syncSpace();
    const y = a ? resolveAnchor(this.tl, a) : null;
    this.setVirtualTop(y ?? this.vTop);
    this.hooks.onGeometry();
    this.render();
  }

  private applyPage(req: LoadRequest, page: TimelinePage): void {
    perf.mark('first-page');
    this.mutate(() => {
      const res = this.tl.apply(req, page);
      if (res.tableStale) void this.refresh();
      const y0 = this.vTop - this.vh * DATA_MARGIN;
      this.tl.evict(y0, this.vTop + this.vh * (1 + DATA_MARGIN), LOADED_BUDGET);
    });
  }

  private syncSpace(): void {
    this.space.setTotal(this.tl.total);
    this.content.style.height = `${this.space.spaceHeight}px`;
  }

  private setVirtualTop(v: number): void {
    const y = Math.max(0, Math.min(v, this.tl.total - this.vh));
    let st = y - this.space.base;
    if (this.space.total > this.space.max && (st < 0 || st > this.space.max - this.vh)) st = this.space.place(y, this.vh);
    if (Math.abs(this.scroller.scrollTop - st) >= 1) this.scroller.scrollTop = st;
    this.vTop = y;
  }

  private resize(): void {
    const width = this.scroller.clientWidth - 2 * PAD_X;
    this.vh = this.scroller.clientHeight;
    if (width <= 0) return;
    if (this.tl.sections.length > 0) this.mutate(() => this.tl.setWidth(width));
    else this.tl.setWidth(width);
    this.schedule();
  }

  private readonly frame = (): void => {
    this.raf = 0;
    const st0 = this.scroller.scrollTop;
    this.vh = this.scroller.clientHeight;
    const re = this.space.rebase(st0, this.vh);
    if (re !== null) this.scroller.scrollTop = re;
    this.vTop = this.space.toVirtual(re ?? st0);
    this.render();
    this.hooks.onScroll();
  };

  private clearDom(): void {
    for (const t of this.tiles.values()) this.pool.release(t);
    this.tiles.clear();
    for (const o of this.others.values()) o.el.remove();
    this.others.clear();
  }

  /** Brings the DOM in line with the viewport: O(items near the viewport). */
  private render(): void {
    const { vTop, vh, tl } = this;
    const base = this.space.base;
    const gen = ++this.gen;
    const vBot = vTop + vh;
    const nearTop = vTop - vh * NEAR_MARGIN;
    const nearBot = vBot + vh * NEAR_MARGIN;
    const dpr = window.devicePixelRatio || 1;
    const visible: number[] = [];
    const near: number[] = [];
    let hashBudget = HASHES_PER_FRAME;
    let hashLeft = false;
    let retryLeft = false;
    const now = performance.now();
    // At start-up and after a jump, images on screen go first; those just off screen wait for them.
    const deferNear = perf.firstTilesPaintedMs === null || this.jumpStart !== null;
    let deferred = 0;
    const sel = this.selection;
    this.skeletonOnScreen = false;
    tl.visit(vTop - vh * DOM_MARGIN, vBot + vh * DOM_MARGIN, {
      month: (s, y) => this.other(`m:${s.month}:${s.count}`, gen, y - base, -1, () => monthHeader(s, tl.metrics.monthHeaderHeight)),
      day: (_s, day, y) => this.other(`d:${day}`, gen, y - base, -1, () => dayHeader(day, tl.metrics.dayHeaderHeight)),
      skeleton: (s, y, h) => {
        if (y < vBot && y + h > vTop) this.skeletonOnScreen = true;
        this.other(`s:${s.month}`, gen, y - base, h, () => div('skeleton'));
      },
      tile: (b) => {
        const id = b.tile.id;
        let t = this.tiles.get(id);
        if (!t) {
          t = this.pool.acquire();
          t.bind(b.tile);
          if (id === this.focusedId) t.el.classList.add('focused');
          this.content.appendChild(t.el);
          this.tiles.set(id, t);
        } else if (t.tile !== b.tile) t.bind(b.tile);
        t.setMarks(b.tile.marks);
        t.setSelected(sel.has(b.sec.start + b.index));
        t.gen = gen;
        t.place(b.x + PAD_X, b.y - base, b.w, b.h);
        if (b.y < nearBot && b.y + b.h > nearTop) {
          if (t.hashPending) {
            if (hashBudget > 0) {
              hashBudget--;
              t.paintHash();
            } else hashLeft = true;
          }
          const onScreen = b.y < vBot && b.y + b.h > vTop;
          if (t.src === null && !t.broken) {
            if (now >= t.retryAt) {
              const size: ThumbSize = Math.max(b.w, b.h) * dpr <= 256 ? 256 : 512;
              const url = api.thumbUrl(id, size, b.tile.rev);
              if (onScreen || !deferNear) t.setSrc(url);
              else deferred++;
            } else retryLeft = true;
          }
          (onScreen ? visible : near).push(id);
        } else t.setSrc(null);
      },
    });
    for (const [id, t] of this.tiles) {
      if (t.gen === gen) continue;
      if (document.activeElement === t.el) this.scroller.focus({ preventScroll: true });
      this.pool.release(t);
      this.tiles.delete(id);
    }
    for (const [key, o] of this.others) {
      if (o.gen === gen) continue;
      o.el.remove();
      this.others.delete(key);
    }
    this.visible = visible;
    this.viewport.report(visible, near);
    this.loader.pump(tl.wants(vTop - vh * DATA_MARGIN, vBot + vh * DATA_MARGIN, vTop + vh / 2));
    this.checkPerf();
    this.nearDeferred = deferred > 0;
    if (hashLeft) this.schedule();
    if (retryLeft) setTimeout(() => this.schedule(), 500);
  }

  private other(key: string, gen: number, y: number, h: number, make: () => HTMLElement): void {
    let o = this.others.get(key);
    if (!o) {
      o = { el: make(), gen, y: NaN, h: NaN };
      this.content.appendChild(o.el);
      this.others.set(key, o);
    }
    o.gen = gen;
    if (o.y !== y) {
      o.y = y;
      o.el.style.transform = `translate(${PAD_X}px,${y}px)`;
    }
    if (h >= 0 && o.h !== h) {
      o.h = h;
      o.el.style.height = `${h}px`;
    }
  }

  private onImageLoad(): void {
    perf.mark('first-image');
    if (perf.firstTilesPaintedMs === null || this.jumpStart !== null) this.checkPerf();
    if (this.nearDeferred) this.schedule();
  }

  private checkPerf(): void {
    const v = this.visible;
    if (v.length === 0) return;
    const loaded = (id: number): boolean => this.tiles.get(id)?.loaded === true;
    if (perf.firstTilesPaintedMs === null && v.slice(0, 20).every(loaded)) perf.firstTilesPaintedMs = performance.now();
    if (this.jumpStart !== null && !this.skeletonOnScreen && v.every(loaded)) {
      perf.lastJumpPaintedMs = performance.now() - this.jumpStart;
      this.jumpStart = null;
    }
  }

  /** Section of the viewport top (for the scrubber's "you are here"). */
  currentSection(): Section | null {
    const i = this.tl.sectionIndexAt(this.vTop + 1);
    return i >= 0 ? this.tl.sections[i]! : null;
  }
}
