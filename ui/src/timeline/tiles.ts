// Owns tile DOM elements: creation, recycling, placeholder (colour + thumbhash), position and image source, and the
// broken look (.tile.broken, with the reason as its title) of a photo whose image cannot be made: at once when its
// page says so (Tile.broken, the engine's recorded failure), else after two failed loads; the marks' badges (one
// picture per distinct look, drawn once by badge_art, chosen by one attribute when the marks change) and the selected look.
import * as api from '../api';
import { badgeCode } from '../selection/marks';
import { badgeArt } from './badge_art';
import { thumbhashUrl } from '../thumbhash';
import type { Marks, Tile } from '../types';

/** Failed loads before a tile shows as broken. */
const BROKEN_AFTER = 2;
const BROKEN_TEXT = 'Could not decode this photo.';
/** Photos with a long edge below this are drawn at their size (scaled up at most 8x, pixelated). */
export const TINY_EDGE = 32;

export class TileEl {
  readonly el: HTMLDivElement;
  readonly img: HTMLImageElement;
  tile: Tile | null = null;
  x = NaN;
  y = NaN;
  w = NaN;
  h = NaN;
  src: string | null = null;
  loaded = false;
  /** Thumbhash still to paint (decoding is budgeted per frame). */
  hashPending = false;
  errors = 0;
  retryAt = 0;
  /** The image failed twice: shown as broken, not retried until the photo changes (a new rev). */
  broken = false;
  gen = 0;
  /** badgeCode of the marks shown (0: no badges element content). */
  private badges = 0;
  private badgeEl: HTMLSpanElement | null = null;
  private selectedOn = false;

  constructor(onLoad: (t: TileEl) => void, onError: (t: TileEl) => void) {
    const el = document.createElement('div');
    el.className = 'tile';
    el.tabIndex = -1;
    const img = document.createElement('img');
    img.decoding = 'async';
    img.alt = '';
    img.draggable = false;
    img.addEventListener('load', () => {
      if (!this.src) return;
      this.loaded = true;
      this.errors = 0;
      img.classList.add('loaded');
      onLoad(this);
    });
    img.addEventListener('error', () => {
      const url = this.src;
      if (!url) return;
      this.errors++;
      this.src = null;
      img.removeAttribute('src');
      this.retryAt = performance.now() + Math.min(8000, 500 * 2 ** this.errors);
      if (this.errors >= BROKEN_AFTER) this.markBroken(url);
      onError(this);
    });
    el.appendChild(img);
    this.el = el;
    this.img = img;
  }

  /** Shows `tile` in this element: placeholder colour now, thumbhash when paintHash() runs. */
  bind(tile: Tile): void {
    const prev = this.tile;
    this.tile = tile;
    if (prev && prev.id === tile.id && prev.rev === tile.rev) {
      // Same image; the placeholder may have arrived since (thumbnails made after the photo was listed).
      if (prev.color !== tile.color) this.el.style.backgroundColor = tile.color ?? '';
      if (prev.thumbhash !== tile.thumbhash) this.hashPending = tile.thumbhash !== null;
      if (tile.broken !== null && tile.broken !== prev.broken) this.showBroken(tile.broken);
      return;
    }
    if (!prev || prev.id !== tile.id) {
      this.el.dataset['photoId'] = String(tile.id);
      this.el.setAttribute('aria-label', tile.takenAt.replace('T', ' '));
    }
    this.el.style.backgroundColor = tile.color ?? '';
    this.el.style.backgroundImage = '';
    this.hashPending = tile.thumbhash !== null;
    this.setSrc(null);
    this.errors = 0;
    this.retryAt = 0;
    this.setBroken(false);
    if (tile.broken !== null) this.showBroken(tile.broken);
    // A photo far smaller than its tile (1x1, 8x8) is drawn small and crisp, not stretched into a big square.
    this.el.classList.toggle('tiny', Math.max(tile.width, tile.height) < TINY_EDGE);
  }

  /** Broken with the engine's reason (no image is requested for it). */
  private showBroken(reason: string): void {
    this.setBroken(true);
    this.el.title = `${BROKEN_TEXT} ${reason}`.trim();
  }

  private markBroken(url: string): void {
    const tile = this.tile;
    this.setBroken(true);
    void api.imageFailure(url).then((reason) => {
      if (this.broken && this.tile === tile) this.el.title = `${BROKEN_TEXT} ${reason ?? ''}`.trim();
    });
  }

  private setBroken(on: boolean): void {
    if (this.broken === on) return;
    this.broken = on;
    this.el.classList.toggle('broken', on);
    if (on) this.el.title = BROKEN_TEXT;
    else this.el.removeAttribute('title');
  }

  /** Shows the marks as badges (one ready-made picture: the pill, the colour dot, stars, heart, flag); `.rejected` dims the image. */
  setMarks(m: Marks | undefined): void {
    const code = badgeCode(m);
    if (code === this.badges) return;
    this.badges = code;
    this.el.classList.toggle('rejected', m?.flag === 'reject');
    const art = m ? badgeArt(m) : null;
    if (!art || !m) {
      this.badgeEl?.remove();
      this.badgeEl = null;
      delete this.el.dataset['marks'];
      return;
    }
    let b = this.badgeEl;
    if (!b) {
      b = document.createElement('span');
      b.className = 'badges';
      b.setAttribute('role', 'img');
      this.badgeEl = b;
      this.el.appendChild(b);
    }
    b.dataset['art'] = art.key;
    b.setAttribute('aria-label', art.text);
    // For tests and assistive tech: "rating=4 flag=reject label=none favourite=false".
    this.el.dataset['marks'] = `rating=${m.rating} flag=${m.flag} label=${m.label} favourite=${m.favourite}`;
  }

  setSelected(on: boolean): void {
    if (on === this.selectedOn) return;
    this.selectedOn = on;
    this.el.classList.toggle('selected', on);
    this.el.setAttribute('aria-selected', String(on));
  }

  /** Paints the thumbhash placeholder (call within the per-frame decode budget). */
  paintHash(): void {
    this.hashPending = false;
    const h = this.tile?.thumbhash;
    if (!h || this.loaded) return;
    const url = thumbhashUrl(h);
    if (url) this.el.style.backgroundImage = `url("${url}")`;
  }

  place(x: number, y: number, w: number, h: number): void {
    if (x !== this.x || y !== this.y) {
      this.x = x;
      this.y = y;
      this.el.style.transform = `translate(${x}px,${y}px)`;
    }
    if (w !== this.w) {
      this.w = w;
      this.el.style.width = `${w}px`;
    }
    if (h !== this.h) {
      this.h = h;
      this.el.style.height = `${h}px`;
    }
  }

  /** Sets or removes the image source; removing cancels a pending load in WebKit. */
  setSrc(url: string | null): void {
    if (url === this.src) return;
    this.src = url;
    this.loaded = false;
    this.img.classList.remove('loaded');
    if (url === null) this.img.removeAttribute('src');
    else this.img.src = url;
  }
}

/** Recycles tile elements so fast scrolling does not churn the DOM and the GC. */
export class TilePool {
  private free: TileEl[] = [];

  constructor(
    private readonly onLoad: (t: TileEl) => void,
    private readonly onError: (t: TileEl) => void,
    private readonly max = 300,
  ) {}

  acquire(): TileEl {
    return this.free.pop() ?? new TileEl(this.onLoad, this.onError);
  }

  release(t: TileEl): void {
    t.setSrc(null);
    t.el.classList.remove('focused', 'drop-before', 'drop-after');
    t.el.remove();
    if (this.free.length < this.max) this.free.push(t);
  }
}
