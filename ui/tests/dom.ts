// Test support for jsdom timeline tests: a scroller with a size and a working scrollTop, frames on timers, no canvas.

/** jsdom has no layout: give the scroller a size and a working scrollTop, and run frames on timers. */
export function setupTimelineDom(url: string, W: number, H: number): HTMLElement {
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe(): void {}
    disconnect(): void {}
  };
  // No canvas in jsdom: the fake backend falls back to empty image URLs.
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  globalThis.requestAnimationFrame = (cb: FrameRequestCallback): number => setTimeout(() => cb(performance.now()), 0) as unknown as number;
  window.history.replaceState({}, '', url);
  const el = document.createElement('div');
  el.id = 'timeline';
  document.body.appendChild(el);
  let top = 0;
  Object.defineProperty(el, 'clientWidth', { get: () => W });
  Object.defineProperty(el, 'clientHeight', { get: () => H });
  Object.defineProperty(el, 'scrollTop', {
    get: () => top,
    set: (v: number) => {
      const space = parseFloat(el.querySelector<HTMLElement>('#timeline-space')!.style.height) || 0;
      top = Math.max(0, Math.min(v, space - H));
      el.dispatchEvent(new Event('scroll'));
    },
  });
  return el;
}
