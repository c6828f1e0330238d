// Owns the mapping between the virtual timeline height (any size) and the browser's limited scroll height (pure).

/** Browsers cap element heights (~17.9M px in Firefox, ~33.5M in WebKit/Chromium); stay well below. */
export const MAX_SCROLL_HEIGHT = 12_000_000;

/**
 * Virtual y = base + scrollTop. When the timeline is taller than `max`, the scrolled element is `max` tall and
 * `base` slides (rebase) whenever the viewport nears either end, so 1 px of scrolling is always 1 px of content.
 */
export class ScrollSpace {
  base = 0;
  total = 0;

  constructor(readonly max: number = MAX_SCROLL_HEIGHT) {}

  /** Height to give the scrolled content. */
  get spaceHeight(): number {
    return Math.min(this.total, this.max);
  }

  setTotal(total: number): void {
    this.total = Math.max(0, total);
    this.base = clamp(this.base, 0, Math.max(0, this.total - this.max));
  }

  toVirtual(scrollTop: number): number {
    return this.base + scrollTop;
  }

  toScroll(virtualY: number): number {
    return virtualY - this.base;
  }

  /** Chooses base (and returns the scrollTop) to show virtual y at the viewport top. */
  place(virtualY: number, viewport: number): number {
    const y = clamp(virtualY, 0, Math.max(0, this.total - viewport));
    if (this.total <= this.max) {
      this.base = 0;
      return y;
    }
    this.base = clamp(Math.round(y - this.max / 2), 0, this.total - this.max);
    return y - this.base;
  }

  /**
   * If the viewport at `scrollTop` is within a quarter of the space from an end that has more content beyond,
   * recentres: returns the new scrollTop (base updated) or null when no rebase is needed.
   */
  rebase(scrollTop: number, viewport: number): number | null {
    if (this.total <= this.max) return null;
    const margin = this.max / 4;
    const nearTop = scrollTop < margin && this.base > 0;
    const nearBottom = scrollTop + viewport > this.max - margin && this.base < this.total - this.max;
    if (!nearTop && !nearBottom) return null;
    return this.place(this.base + scrollTop, viewport);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
