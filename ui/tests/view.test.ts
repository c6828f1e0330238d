// @vitest-environment jsdom
// Tests the virtualized timeline DOM against the fake backend: bounded DOM at 500,000 photos, jumps, near-zone images.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTimelineDom } from './dom';

const W = 1200;
const H = 800;

const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Lets pages load and frames run until nothing changes. */
async function idle(): Promise<void> {
  for (let i = 0; i < 40; i++) await settle(5);
}

/** y of an element's transform relative to the scroller's viewport top (base + scrollTop). */
function yOf(el: HTMLElement): number {
  const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(el.style.transform);
  return m ? Number(m[2]) : NaN;
}

describe('TimelineView (fake backend, 500,000 photos)', () => {
  let scroller: HTMLElement;
  let view: import('../src/timeline/view').TimelineView;

  beforeAll(async () => {
    scroller = setupTimelineDom('/?n=500000&latency=0', W, H);
    const api = await import('../src/api');
    await api.ready();
    const { TimelineView } = await import('../src/timeline/view');
    view = new TimelineView(scroller, { onOpen() {}, onGeometry() {}, onScroll() {}, onMonths() {} });
    await view.load({ kind: 'all' });
    await idle();
  }, 30_000);

  it('shows the newest photos first, with images only near the viewport', () => {
    const tiles = [...scroller.querySelectorAll<HTMLElement>('.tile[data-photo-id]')];
    expect(tiles.length).toBeGreaterThan(10);
    expect(tiles.length).toBeLessThan(200);
    expect(tiles.some((t) => t.dataset['photoId'] === '1')).toBe(true);
    for (const t of tiles) {
      const y = yOf(t) - scroller.scrollTop;
      const img = t.querySelector('img')!;
      // DOM zone is one viewport above/below; images only within half a viewport.
      expect(y).toBeGreaterThan(-H * 1.1 - 300);
      expect(y).toBeLessThan(H * 2.1);
      if (y > H * 1.5 + 1) expect(img.hasAttribute('src')).toBe(false);
      if (y < H && y + t.offsetHeight >= 0) expect(img.hasAttribute('src')).toBe(true);
    }
    expect(scroller.querySelector('.month-header[data-month="2025-11"]')).not.toBeNull();
    expect(scroller.querySelectorAll('.day-header').length).toBeGreaterThan(0);
  });

  it('jumps to any month directly and keeps the DOM small', async () => {
    const months = view.tl.sections.map((s) => s.month);
    expect(months.length).toBeGreaterThan(500);
    for (const m of [months[400]!, months[months.length - 1]!, months[250]!]) {
      view.jumpTo(m);
      await idle();
      const header = scroller.querySelector<HTMLElement>(`.month-header[data-month="${m}"]`);
      expect(header).not.toBeNull();
      const sec = view.tl.byMonth.get(m)!;
      expect(sec.photos.length).toBeGreaterThan(0);
      // Landed with the month header at the viewport top (or as close as the end of the timeline allows).
      const atEnd = view.vTop + H >= view.tl.total - 1;
      if (!atEnd) expect(yOf(header!) - scroller.scrollTop).toBe(0);
      expect(document.getElementsByTagName('*').length).toBeLessThan(1500);
      // Only a few pages were fetched: nothing like the 500,000 photos in between.
      expect(view.tl.loaded).toBeLessThan(5000);
    }
  });

  it('removes image sources of tiles that leave the near zone while scrolling', async () => {
    const before = [...scroller.querySelectorAll<HTMLElement>('.tile')].find((t) => t.querySelector('img')!.hasAttribute('src'))!;
    const id = before.dataset['photoId'];
    scroller.scrollTop += H * 1.3;
    await idle();
    // Still in the DOM (within a viewport above) but out of the near zone: its request is cancelled.
    const same = scroller.querySelector<HTMLElement>(`.tile[data-photo-id="${id}"]`);
    expect(same).not.toBeNull();
    expect(same!.querySelector('img')!.hasAttribute('src')).toBe(false);
    for (let i = 0; i < 30; i++) {
      scroller.scrollTop += 600;
      await settle(2);
    }
    await idle();
    expect(document.getElementsByTagName('*').length).toBeLessThan(1500);
    expect(scroller.querySelectorAll('.tile img[src]').length).toBeGreaterThan(5);
  });
});
