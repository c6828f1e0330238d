// Owns the performance probes the end-to-end tests read through window.__shoebox.perf.

export interface Perf {
  /** ms since navigation start until the first visible tiles (up to 20) had their images loaded. */
  firstTilesPaintedMs: number | null;
  /** ms from the last scrubber jump until the tiles on screen had their images loaded. */
  lastJumpPaintedMs: number | null;
  /** ms from the last keystroke in the search box until its results were painted (tiles or "no match" on screen). */
  lastSearchPaintedMs: number | null;
  /** requestAnimationFrame intervals (ms) recorded while `recording` is true. */
  frameGaps: number[];
  recording: boolean;
  domCount(): number;
  /** First time (ms since navigation start) each start-up milestone was reached. */
  marks: Record<string, number>;
  mark(name: string): void;
}

function createPerf(): Perf {
  let recording = false;
  let last = 0;
  const tick = (t: number): void => {
    if (!recording) return;
    if (last > 0) perf.frameGaps.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  const perf: Perf = {
    firstTilesPaintedMs: null,
    lastJumpPaintedMs: null,
    lastSearchPaintedMs: null,
    frameGaps: [],
    get recording() {
      return recording;
    },
    set recording(on: boolean) {
      if (on === recording) return;
      recording = on;
      if (on) {
        last = 0;
        requestAnimationFrame(tick);
      }
    },
    domCount: () => document.getElementsByTagName('*').length,
    marks: {},
    mark(name: string) {
      this.marks[name] ??= Math.round(performance.now());
    },
  };
  return perf;
}

export const perf: Perf = createPerf();
