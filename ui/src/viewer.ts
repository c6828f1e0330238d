// Owns the full-window photo viewer: name and position, grid variant at once then the large one (the original at
// full size for deep zoom), zoom (z, wheel, pinch) and pan, neighbours with prefetch, failures, the info panel
// (with the organize editor), the mark keys on the photo shown and auto-advance after a mark (A, or the button).
import * as api from './api';
import { dateTimeTitle } from './format';
import { clampPan, displaySize, fitState, sourceFor, toggleZoom, wheelFactor, zoomAround, zoomLabel, type Frame, type ZoomState } from './layout/zoom';
import type { Organizer } from './organize';
import { badgeText, markForKey } from './selection/marks';
import { neighbor } from './timeline/keys';
import { positionOf } from './timeline/nav';
import type { TimelineView } from './timeline/view';
import type { PhotoInfo, ThumbSize, Tile } from './types';
import { fileName, renderInfo } from './viewer_info';
import type { OrganizeEditor } from './viewer_organize';

const KEY_ADVANCE = 'shoebox.viewer.advance';

/** The large variant for this window: 2560 when the window needs more than 1920 device pixels. */
export function largeSize(w: number, h: number, dpr: number): ThumbSize {
  return Math.max(w, h) * dpr > 1920 ? 2560 : 1920;
}

/** Shown when the backend gives no reason. */
export const DECODE_FAILED = 'Could not decode this photo.';

export class Viewer {
  private root: HTMLDivElement | null = null;
  private stage: HTMLElement | null = null;
  private img: HTMLImageElement | null = null;
  private info: HTMLElement | null = null;
  private nameEl: HTMLElement | null = null;
  private positionEl: HTMLElement | null = null;
  private dateEl: HTMLElement | null = null;
  private errorEl: HTMLElement | null = null;
  private prevBtn: HTMLButtonElement | null = null;
  private nextBtn: HTMLButtonElement | null = null;
  private tile: Tile | null = null;
  private openedId: number | null = null;
  private infoOpen = false;
  private readonly infos = new Map<number, PhotoInfo>();
  /** Holds neighbour prefetches so they are not dropped. */
  prefetched: HTMLImageElement[] = [];
  private navSeq = 0;
  private zoom: ZoomState = { zoom: 1, x: 0, y: 0, fit: true };
  private large: ThumbSize = 1920;
  /** The source shown or being loaded for the current photo: a size or 'full'. */
  private source: number | 'full' = 512;
  private drag: { id: number; x: number; y: number } | null = null;
  private readonly onResize = (): void => this.relayout();
  private infoRows: HTMLElement | null = null;
  private marksEl: HTMLElement | null = null;
  private advanceBtn: HTMLButtonElement | null = null;
  /** Step to the next photo after a mark (fast culling). */
  private advance = readAdvance();

  constructor(
    private readonly view: TimelineView,
    private readonly org: Organizer | null = null,
    private readonly editor: OrganizeEditor | null = null,
  ) {}

  /** Delete on the photo shown: asks, moves it to the system trash; resolves true when it went (the viewer closes). */
  onTrash: ((id: number) => Promise<boolean>) | null = null;

  /** The photo shown (null when closed). */
  get photoId(): number | null {
    return this.root ? (this.tile?.id ?? null) : null;
  }

  get autoAdvance(): boolean {
    return this.advance;
  }

  setAutoAdvance(on: boolean): void {
    this.advance = on;
    try {
      window.localStorage.setItem(KEY_ADVANCE, String(on));
    } catch {
      // storage refused: this session only
    }
    if (this.advanceBtn) {
      this.advanceBtn.setAttribute('aria-pressed', String(on));
      this.advanceBtn.classList.toggle('on', on);
    }
  }

  /** The shown photo's marks may have changed (a mark here, an undo, the CLI): the bar's badges and the editor. */
  marksChanged(): void {
    const tile = this.tile;
    if (!tile || !this.root) return;
    if (this.marksEl) this.marksEl.textContent = badgeText(tile.marks);
    if (this.infoOpen) void this.editor?.refresh();
    // An undo or another process changed them without this tile knowing: ask.
    void api.photoOrganization(tile.id).then(
      (o) => {
        tile.marks = o.marks;
        if (this.tile === tile && this.marksEl) this.marksEl.textContent = badgeText(o.marks);
      },
      () => undefined,
    );
  }

  get isOpen(): boolean {
    return this.root !== null;
  }

  open(id: number): void {
    const box = this.view.tl.locate(id);
    if (!box) return;
    this.openedId = id;
    if (!this.root) this.build();
    this.show(box.tile);
  }

  close(): void {
    if (!this.root) return;
    const id = this.tile?.id ?? null;
    this.root.remove();
    window.removeEventListener('resize', this.onResize);
    this.root = this.stage = this.img = this.info = this.nameEl = this.positionEl = this.dateEl = this.errorEl = null;
    this.infoRows = this.marksEl = this.advanceBtn = null;
    this.prevBtn = this.nextBtn = null;
    this.prefetched = [];
    this.tile = null;
    document.body.classList.remove('viewer-open');
    // Focus goes back to the tile (the one opened, or the one navigated to, scrolled into view).
    if (id !== null) this.view.setFocus(id, id !== this.openedId);
  }

  /** Viewer keys; returns true when handled. */
  key(e: KeyboardEvent): boolean {
    switch (e.key) {
      case 'Escape':
        this.close();
        return true;
      case 'ArrowLeft':
        void this.step(-1);
        return true;
      case 'ArrowRight':
        void this.step(1);
        return true;
      case 'i':
      case 'I':
        this.toggleInfo();
        return true;
      case 'z':
      case 'Z': {
        const f = this.frame();
        if (f) this.setZoom(toggleZoom(f, this.zoom));
        return true;
      }
      case 'a':
      case 'A':
        this.setAutoAdvance(!this.advance);
        return true;
      case 'Delete': {
        const tile = this.tile;
        if (!tile || !this.onTrash) return false;
        void this.onTrash(tile.id).then((moved) => {
          if (moved && this.tile === tile) this.close();
        });
        return true;
      }
      default:
        return this.markKey(e.key);
    }
  }

  /** A mark key on the photo shown; then the next photo when auto-advance is on. */
  private markKey(key: string): boolean {
    const tile = this.tile;
    const org = this.org;
    if (!tile || !org) return false;
    const c = markForKey(key, tile.marks);
    if (!c) return false;
    void org.mark({ view: null, ranges: [], ids: [tile.id] }, c).then((out) => {
      if (!out || this.tile !== tile) return;
      this.marksChanged();
      if (this.advance) void this.step(1);
    });
    return true;
  }

  private build(): void {
    const root = document.createElement('div');
    root.id = 'viewer';
    root.setAttribute('role', 'dialog');
    root.setAttribute('aria-modal', 'true');
    root.setAttribute('aria-label', 'Photo viewer');
    root.dataset['zoom'] = 'fit';
    const stage = document.createElement('div');
    stage.className = 'viewer-stage';
    const img = document.createElement('img');
    img.id = 'viewer-img';
    img.alt = '';
    img.decoding = 'async';
    img.draggable = false;
    img.addEventListener('error', () => this.imageFailed(img));
    img.addEventListener('load', () => {
      if (this.errorEl && img.naturalWidth > 0) this.errorEl.hidden = true;
    });
    const error = document.createElement('p');
    error.id = 'viewer-error';
    error.setAttribute('role', 'alert');
    error.hidden = true;
    stage.append(img, error);
    const bar = document.createElement('div');
    bar.className = 'viewer-bar';
    const close = button('viewer-close', 'Close (Esc)', ICONS.close, () => this.close());
    const title = document.createElement('div');
    title.className = 'viewer-title';
    const name = document.createElement('span');
    name.id = 'viewer-name';
    const position = document.createElement('span');
    position.id = 'viewer-position';
    const date = document.createElement('span');
    date.className = 'viewer-date';
    title.append(name, position, date);
    const marks = document.createElement('span');
    marks.id = 'viewer-marks';
    marks.className = 'viewer-marks';
    title.appendChild(marks);
    const advance = button('viewer-advance', 'Auto-advance after a mark (A)', ICONS.advance, () => this.setAutoAdvance(!this.advance));
    advance.id = 'viewer-advance';
    advance.setAttribute('aria-pressed', String(this.advance));
    advance.classList.toggle('on', this.advance);
    const info = button('viewer-info-toggle', 'Info (I)', ICONS.info, () => this.toggleInfo());
    bar.append(close, title, advance, info);
    const prev = button('viewer-prev', 'Previous (←)', ICONS.prev, () => void this.step(-1));
    const next = button('viewer-next', 'Next (→)', ICONS.next, () => void this.step(1));
    prev.id = 'viewer-prev';
    next.id = 'viewer-next';
    const panel = document.createElement('aside');
    panel.id = 'viewer-info';
    panel.hidden = !this.infoOpen;
    const rows = document.createElement('div');
    rows.className = 'info-rows';
    panel.appendChild(rows);
    if (this.editor) panel.appendChild(this.editor.el);
    root.append(stage, bar, prev, next, panel);
    root.classList.toggle('with-info', this.infoOpen);
    document.body.appendChild(root);
    document.body.classList.add('viewer-open');
    this.root = root;
    this.stage = stage;
    this.img = img;
    this.info = panel;
    this.infoRows = rows;
    this.marksEl = marks;
    this.advanceBtn = advance;
    this.nameEl = name;
    this.positionEl = position;
    this.dateEl = date;
    this.errorEl = error;
    this.prevBtn = prev;
    this.nextBtn = next;
    this.wireZoom(stage);
    window.addEventListener('resize', this.onResize);
    root.tabIndex = -1;
    root.focus({ preventScroll: true });
  }

  private wireZoom(stage: HTMLElement): void {
    stage.addEventListener(
      'wheel',
      (e) => {
        const f = this.frame();
        if (!f) return;
        e.preventDefault();
        const r = stage.getBoundingClientRect();
        const factor = wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey);
        this.setZoom(zoomAround(f, this.zoom, this.zoom.zoom * factor, e.clientX - r.left, e.clientY - r.top));
      },
      { passive: false },
    );
    stage.addEventListener('dblclick', (e) => {
      const f = this.frame();
      if (!f) return;
      const r = stage.getBoundingClientRect();
      this.setZoom(toggleZoom(f, this.zoom, e.clientX - r.left, e.clientY - r.top));
    });
    stage.addEventListener('pointerdown', (e) => {
      if (this.zoom.fit || e.button !== 0) return;
      this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
      stage.setPointerCapture(e.pointerId);
      stage.classList.add('panning');
    });
    stage.addEventListener('pointermove', (e) => {
      const d = this.drag;
      const f = this.frame();
      if (!d || d.id !== e.pointerId || !f) return;
      const z = this.zoom;
      this.setZoom(clampPan(f, { ...z, x: z.x + e.clientX - d.x, y: z.y + e.clientY - d.y }));
      d.x = e.clientX;
      d.y = e.clientY;
    });
    const end = (e: PointerEvent): void => {
      if (this.drag?.id !== e.pointerId) return;
      this.drag = null;
      stage.classList.remove('panning');
    };
    stage.addEventListener('pointerup', end);
    stage.addEventListener('pointercancel', end);
  }

  /** The stage and the current photo's real size; null before layout (or with no photo). */
  private frame(): Frame | null {
    const tile = this.tile;
    const stage = this.stage;
    if (!tile || !stage) return null;
    const r = stage.getBoundingClientRect();
    return { boxW: r.width, boxH: r.height, natW: tile.width, natH: tile.height, dpr: window.devicePixelRatio || 1 };
  }

  private relayout(): void {
    const f = this.frame();
    if (f) this.setZoom(this.zoom.fit ? fitState(f) : clampPan(f, this.zoom));
  }

  private setZoom(z: ZoomState): void {
    this.zoom = z;
    const f = this.frame();
    const img = this.img;
    if (this.root) this.root.dataset['zoom'] = zoomLabel(z);
    this.stage?.classList.toggle('zoomed', !z.fit);
    if (!f || !img) return;
    if (f.boxW > 0 && f.natW > 0) {
      const { w, h } = displaySize(f, z.zoom);
      img.style.width = `${w}px`;
      img.style.height = `${h}px`;
      img.style.transform = `translate(${z.x}px,${z.y}px)`;
    }
    const want = sourceFor(f, z.zoom, this.large);
    if (want !== this.large && this.source !== want && this.source !== 'full' && this.tile) {
      this.swapIn(this.tile, want, this.navSeq);
    }
  }

  private show(tile: Tile): void {
    const img = this.img;
    if (!img) return;
    this.tile = tile;
    const seq = ++this.navSeq;
    if (this.errorEl) this.errorEl.hidden = true;
    img.style.visibility = '';
    if (tile.broken) {
      // Known not to decode: say why at once instead of asking for images that cannot come.
      img.removeAttribute('src');
      img.dataset['photoId'] = String(tile.id);
      this.showError(tile.broken);
      this.showPosition(tile);
      if (this.dateEl) this.dateEl.textContent = dateTimeTitle(tile.takenAt, null) + (tile.dated ? '' : ' · file date, no capture date');
      void this.loadInfo(tile.id);
      return;
    }
    this.large = largeSize(window.innerWidth, window.innerHeight, window.devicePixelRatio || 1);
    // The large variant is asked for first; the grid variant (probably cached) shows at once meanwhile.
    this.swapIn(tile, this.large, seq);
    this.source = 512;
    img.src = api.thumbUrl(tile.id, 512, tile.rev);
    img.dataset['photoId'] = String(tile.id);
    img.dataset['variant'] = '512';
    const f = this.frame();
    if (f) this.setZoom(fitState(f));
    if (this.dateEl) this.dateEl.textContent = dateTimeTitle(tile.takenAt, null) + (tile.dated ? '' : ' · file date, no capture date');
    this.showPosition(tile);
    void this.loadInfo(tile.id);
    void this.prefetchNeighbours(tile, this.large, seq);
  }

  /** Loads `size` (or the original) off screen and swaps it in once decoded, if still on the same photo. */
  private swapIn(tile: Tile, size: number | 'full', seq: number): void {
    const img = this.img;
    if (!img) return;
    const big = new Image();
    big.decoding = 'async';
    big.src = size === 'full' ? api.fullUrl(tile.id, tile.rev) : api.thumbUrl(tile.id, size as ThumbSize, tile.rev);
    if (size === 'full') this.source = 'full';
    const swap = (): void => {
      if (seq !== this.navSeq || this.img !== img) return;
      img.src = big.src;
      img.dataset['variant'] = String(size);
      this.source = size;
    };
    big.decode().then(swap, () => {
      if (big.complete && big.naturalWidth > 0) swap();
      else if (seq === this.navSeq && size === this.large && !(img.complete && img.naturalWidth > 0)) this.imageFailed(big);
    });
  }

  private showPosition(tile: Tile): void {
    const pos = positionOf(this.view.tl, tile.id);
    if (this.positionEl) this.positionEl.textContent = pos ? `${pos.index.toLocaleString('en-US')} of ${pos.total.toLocaleString('en-US')}` : '';
    if (this.prevBtn) this.prevBtn.disabled = pos !== null && pos.index <= 1;
    if (this.nextBtn) this.nextBtn.disabled = pos !== null && pos.index >= pos.total;
  }

  /** The viewer's message for a photo that cannot be shown, with its reason; no empty image frame. */
  private showError(reason: string): void {
    if (this.img) this.img.style.visibility = 'hidden';
    if (!this.errorEl) return;
    this.errorEl.hidden = false;
    this.errorEl.textContent = `${DECODE_FAILED} ${reason}`;
  }

  /** Shows why the photo cannot be shown (the protocol's reason when it gives one) instead of a broken image. */
  private imageFailed(img: HTMLImageElement): void {
    const el = this.errorEl;
    const src = img.currentSrc || img.src;
    if (!el || !src) return;
    if (this.img && this.img.complete && this.img.naturalWidth > 0) return; // something is shown
    const seq = this.navSeq;
    if (this.tile?.broken) {
      this.showError(this.tile.broken);
      return;
    }
    el.hidden = false;
    el.textContent = DECODE_FAILED;
    void api.imageFailure(src).then((reason) => {
      if (reason && seq === this.navSeq && this.errorEl === el) el.textContent = `${DECODE_FAILED} ${reason}`;
    });
  }

  private async prefetchNeighbours(tile: Tile, size: ThumbSize, seq: number): Promise<void> {
    const [a, b] = await Promise.all([neighbor(this.view, tile.id, 1), neighbor(this.view, tile.id, -1)]);
    if (seq !== this.navSeq) return;
    const next2 = a ? await neighbor(this.view, a.id, 1) : null;
    if (seq !== this.navSeq) return;
    // The large variants of the neighbours (a HEIC decode takes seconds), so stepping shows them sharp at once.
    this.prefetched = [a, b, next2]
      .filter((t): t is Tile => t !== null)
      .map((t) => {
        const im = new Image();
        im.decoding = 'async';
        im.src = api.thumbUrl(t.id, size, t.rev);
        return im;
      });
  }

  private async step(dir: 1 | -1): Promise<void> {
    const cur = this.tile;
    if (!cur) return;
    const next = await neighbor(this.view, cur.id, dir);
    if (next && this.tile === cur && this.root) this.show(next);
  }

  private toggleInfo(): void {
    this.infoOpen = !this.infoOpen;
    if (this.info) this.info.hidden = !this.infoOpen;
    this.root?.classList.toggle('with-info', this.infoOpen);
    if (this.infoOpen && this.tile) void this.loadInfo(this.tile.id);
    this.relayout();
  }

  /** The photo's details: its file name in the bar, and the panel when open. */
  private async loadInfo(id: number): Promise<void> {
    const panel = this.infoRows;
    if (!panel) return;
    if (this.marksEl && this.tile?.id === id) this.marksEl.textContent = badgeText(this.tile.marks);
    if (this.infoOpen) void this.editor?.show(id);
    const hit = this.infos.get(id);
    if (this.nameEl) this.nameEl.textContent = hit ? fileName(hit.path) : '';
    if (this.infoOpen) renderInfo(panel, hit ?? null);
    if (hit) return;
    try {
      const info = await api.photoInfo(id);
      this.infos.set(id, info);
      if (this.tile?.id !== id || this.infoRows !== panel) return;
      if (this.nameEl) this.nameEl.textContent = fileName(info.path);
      if (this.infoOpen) renderInfo(panel, info);
    } catch (e) {
      console.warn('photo_info failed', e);
    }
  }
}

/** 24x24 stroke icons (no icon font: nothing remote, no missing glyphs). */
const ICONS = {
  close: 'M6 6l12 12M18 6L6 18',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v6M12 7.5v.5',
  prev: 'M15 5l-7 7 7 7',
  next: 'M9 5l7 7-7 7',
  advance: 'M5 12h11M12 7l5 5-5 5M19 6v12',
} as const;

function readAdvance(): boolean {
  try {
    return window.localStorage.getItem(KEY_ADVANCE) === 'true';
  } catch {
    return false;
  }
}

function button(cls: string, title: string, path: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.className = `viewer-btn ${cls}`;
  b.type = 'button';
  b.title = title;
  b.setAttribute('aria-label', title);
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(NS, 'path');
  p.setAttribute('d', path);
  p.setAttribute('fill', 'none');
  p.setAttribute('stroke', 'currentColor');
  p.setAttribute('stroke-width', '2');
  p.setAttribute('stroke-linecap', 'round');
  p.setAttribute('stroke-linejoin', 'round');
  svg.appendChild(p);
  b.appendChild(svg);
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}
