// Owns the diagnostics panel: engine counters polled every second while open, the UI's own numbers, and the list of
// scan and decode failures (failures.ts; polled every 5 s, re-rendered only when it changed).
import * as api from './api';
import { failuresKey, renderFailures } from './failures';
import { bytesText, countText, microsText } from './format';
import { perf } from './perf';
import type { TimelineView } from './timeline/view';
import type { Diagnostics } from './types';

/** A measured rate or latency; the backend sends null for a value that is not a number (nothing measured). */
function measured(v: number | null, text: (v: number) => string): string {
  return v === null ? '–' : text(v);
}

/** Seconds between two reads of the failures list while the panel is open. */
const FAILURES_EVERY = 5;

export class DiagnosticsPanel {
  private timer = 0;
  private ticks = 0;
  private readonly stats = document.createElement('div');
  private readonly failuresEl = document.createElement('div');
  private failuresShown = '';

  constructor(
    private readonly el: HTMLElement,
    private readonly view: TimelineView,
  ) {
    el.append(this.stats, this.failuresEl);
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    this.el.hidden = false;
    document.getElementById('diag-toggle')?.classList.add('on');
    void this.poll();
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => void this.poll(), 1000);
  }

  close(): void {
    const wasOpen = this.isOpen;
    this.el.hidden = true;
    this.ticks = 0;
    const toggle = document.getElementById('diag-toggle');
    toggle?.classList.remove('on');
    // Focus goes back to the button that opened the panel when it was inside the panel.
    if (wasOpen && (this.el.contains(document.activeElement) || document.activeElement === document.body)) toggle?.focus({ preventScroll: true });
    window.clearInterval(this.timer);
    this.timer = 0;
  }

  private async poll(): Promise<void> {
    if (this.ticks++ % FAILURES_EVERY === 0) void this.pollFailures();
    let d: Diagnostics | null = null;
    try {
      d = await api.diagnostics();
    } catch (e) {
      console.warn('diagnostics failed', e);
    }
    if (this.isOpen) this.render(d);
  }

  private async pollFailures(): Promise<void> {
    let list;
    try {
      list = await api.failures();
    } catch (e) {
      console.warn('failures failed', e);
      return;
    }
    const key = failuresKey(list);
    if (!this.isOpen || key === this.failuresShown) return;
    this.failuresShown = key;
    const sec = renderFailures(list, (f) => {
      api.revealPath(f.path).catch((e: unknown) => {
        const p = document.createElement('p');
        p.className = 'failure-error';
        p.setAttribute('role', 'alert');
        p.textContent = String(e);
        sec.querySelector('.failure-error')?.remove();
        sec.appendChild(p);
      });
    });
    this.failuresEl.replaceChildren(sec);
  }

  private render(d: Diagnostics | null): void {
    const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v)} ms`);
    const groups: [string, [string, string][]][] = [];
    if (d) {
      groups.push(['Library', [
        ['Photos', countText(d.photos)],
        ['Folders', countText(d.folders)],
        ['Failed', countText(d.failed)],
        ['Hashed', countText(d.hashed)],
        ['Watching', d.watching],
      ]]);
      groups.push(['Thumbnails', [
        ['Queue depth', countText(d.queueDepth)],
        ['Generated', countText(d.generated)],
        ['Per second', measured(d.thumbsPerSec, (v) => v.toFixed(1))],
      ]]);
      groups.push(['Memory cache', [
        ['Size', bytesText(d.memCacheBytes)],
        ['Entries', countText(d.memCacheEntries)],
        ['Hit rate', measured(d.memHitRate, (v) => `${(v * 100).toFixed(1)}%`)],
      ]]);
      groups.push(['Serving', [
        ['p50', measured(d.serveP50Us, microsText)],
        ['p99', measured(d.serveP99Us, microsText)],
      ]]);
    }
    groups.push(['Gallery', [
      ['DOM elements', countText(perf.domCount())],
      ['Photos loaded', countText(this.view.tl.loaded)],
      ['Months', countText(this.view.tl.sections.length)],
      ['First tiles', ms(perf.firstTilesPaintedMs)],
      ['Last jump', ms(perf.lastJumpPaintedMs)],
    ]]);
    const frag = document.createDocumentFragment();
    const h = document.createElement('h3');
    h.textContent = 'Diagnostics';
    frag.appendChild(h);
    if (!d) {
      const p = document.createElement('p');
      p.className = 'dim';
      p.textContent = 'Engine not answering.';
      frag.appendChild(p);
    }
    for (const [title, rows] of groups) {
      const sec = document.createElement('section');
      const t = document.createElement('h4');
      t.textContent = title;
      const dl = document.createElement('dl');
      for (const [k, v] of rows) {
        const dt = document.createElement('dt');
        dt.textContent = k;
        const dd = document.createElement('dd');
        dd.textContent = v;
        dl.append(dt, dd);
      }
      sec.append(t, dl);
      frag.appendChild(sec);
    }
    this.stats.replaceChildren(frag);
  }
}
