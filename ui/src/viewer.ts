// Owns the full-window photo viewer: grid variant at once, large variant swapped in, neighbours, prefetch, info panel.
import * as api from './api';
import { dateTimeTitle } from './format';
import { neighbor } from './timeline/keys';
import type { TimelineView } from './timeline/view';
import type { PhotoInfo, ThumbSize, Tile } from './types';
import { renderInfo } from './viewer_info';

/** The large variant for this window: 2560 when the window needs more than 1920 device pixels. */
export function largeSize(w: number, h: number, dpr: number): ThumbSize {
  return Math.max(w, h) * dpr > 1920 ? 2560 : 1920;
}

export class Viewer {
  private root: HTMLDivElement | null = null;
  private img: HTMLImageElement | null = null;
  private info: HTMLElement | null = null;
  private title: HTMLElement | null = null;
  private tile: Tile | null = null;
  private openedId: number | null = null;
  private infoOpen = false;
  private readonly infos = new Map<number, PhotoInfo>();
  /** Holds neighbour prefetches so they are not dropped. */
  prefetched: HTMLImageElement[] = [];
  private navSeq = 0;

  constructor(private readonly view: TimelineView) {}

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
    this.root = this.img = this.info = this.title = null;
    this.prefetched = [];
    this.tile = null;
    document.body.classList.remove('viewer-open');
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
      default:
        return false;
    }
  }

  private build(): void {
    const root = document.createElement('div');
    root.id = 'viewer';
    root.setAttribute('role', 'dialog');
    root.setAttribute('aria-modal', 'true');
    root.setAttribute('aria-label', 'Photo viewer');
    const stage = document.createElement('div');
    stage.className = 'viewer-stage';
    const img = document.createElement('img');
    img.id = 'viewer-img';
    img.alt = '';
    img.decoding = 'async';
    img.draggable = false;
    stage.appendChild(img);
    const bar = document.createElement('div');
    bar.className = 'viewer-bar';
    const close = button('viewer-close', 'Close (Esc)', ICONS.close, () => this.close());
    const title = document.createElement('div');
    title.className = 'viewer-title';
    const info = button('viewer-info-toggle', 'Info (I)', ICONS.info, () => this.toggleInfo());
    bar.append(close, title, info);
    const prev = button('viewer-prev', 'Previous (←)', ICONS.prev, () => void this.step(-1));
    const next = button('viewer-next', 'Next (→)', ICONS.next, () => void this.step(1));
    const panel = document.createElement('aside');
    panel.id = 'viewer-info';
    panel.hidden = !this.infoOpen;
    root.append(stage, bar, prev, next, panel);
    root.classList.toggle('with-info', this.infoOpen);
    document.body.appendChild(root);
    document.body.classList.add('viewer-open');
    this.root = root;
    this.img = img;
    this.info = panel;
    this.title = title;
    root.tabIndex = -1;
    root.focus({ preventScroll: true });
  }

  private show(tile: Tile): void {
    const img = this.img;
    if (!img) return;
    this.tile = tile;
    const seq = ++this.navSeq;
    // The grid variant is probably cached: show it scaled up at once, then swap in the large one when decoded.
    img.src = api.thumbUrl(tile.id, 512, tile.rev);
    img.dataset['photoId'] = String(tile.id);
    img.dataset['variant'] = '512';
    const size = largeSize(window.innerWidth, window.innerHeight, window.devicePixelRatio || 1);
    const big = new Image();
    big.decoding = 'async';
    big.src = api.thumbUrl(tile.id, size, tile.rev);
    const swap = (): void => {
      if (seq !== this.navSeq || this.img !== img) return;
      img.src = big.src;
      img.dataset['variant'] = String(size);
    };
    big.decode().then(swap, () => {
      if (big.complete && big.naturalWidth > 0) swap();
    });
    if (this.title) this.title.textContent = dateTimeTitle(tile.takenAt, null);
    if (this.infoOpen) void this.loadInfo(tile.id);
    void this.prefetchNeighbours(tile, size, seq);
  }

  private async prefetchNeighbours(tile: Tile, size: ThumbSize, seq: number): Promise<void> {
    const [a, b] = await Promise.all([neighbor(this.view, tile.id, 1), neighbor(this.view, tile.id, -1)]);
    if (seq !== this.navSeq) return;
    this.prefetched = [a, b]
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
  }

  private async loadInfo(id: number): Promise<void> {
    const panel = this.info;
    if (!panel) return;
    const hit = this.infos.get(id);
    renderInfo(panel, hit ?? null);
    if (hit) return;
    try {
      const info = await api.photoInfo(id);
      this.infos.set(id, info);
      if (this.tile?.id === id && this.info === panel) renderInfo(panel, info);
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
} as const;

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
