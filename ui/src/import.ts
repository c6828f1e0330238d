// Owns importing: the one function drops, buttons and tests call, and the progress bar fed by the Channel.
import * as api from './api';
import { countText } from './format';
import type { Progress, ScanSummary } from './types';

export class Importer {
  private readonly label: HTMLElement;
  private readonly fill: HTMLElement;
  private running = 0;
  private hideTimer = 0;
  private lastThumbs: Progress | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly onFinished: (s: ScanSummary) => void,
  ) {
    this.label = el.querySelector<HTMLElement>('.label')!;
    this.fill = el.querySelector<HTMLElement>('.fill')!;
  }

  /** Imports files/folders (drop handler, "Add folder…", empty state, window.__shoebox.importPaths). */
  async run(paths: string[]): Promise<ScanSummary> {
    if (paths.length === 0) throw new Error('nothing to import');
    this.running++;
    this.lastThumbs = null;
    this.show({ phase: 'scan', done: 0, total: null });
    try {
      const summary = await api.importPaths(paths, (p) => this.show(p));
      this.onFinished(summary);
      this.finish(summary);
      return summary;
    } catch (e) {
      this.fail(e);
      throw e;
    } finally {
      this.running--;
    }
  }

  /** Asks for folders with the native dialog, then imports them; null when cancelled. */
  async pickAndRun(): Promise<ScanSummary | null> {
    const paths = await api.pickFolders();
    return paths.length > 0 ? this.run(paths) : null;
  }

  private show(p: Progress): void {
    window.clearTimeout(this.hideTimer);
    this.el.hidden = false;
    this.el.dataset['phase'] = p.phase;
    const pct = p.total ? Math.min(100, (100 * p.done) / p.total) : null;
    this.el.classList.toggle('indeterminate', pct === null);
    this.fill.style.width = pct === null ? '' : `${pct}%`;
    if (p.phase === 'scan') {
      this.label.textContent = p.total ? `Scanning ${countText(p.done)} / ${countText(p.total)}` : `Scanning… ${countText(p.done)} files`;
    } else {
      this.lastThumbs = p;
      this.label.textContent = p.total
        ? `Thumbnails ${countText(p.done)} / ${countText(p.total)}`
        : `Thumbnails ${countText(p.done)}`;
      if (p.total !== null && p.done >= p.total && this.running === 0) {
        this.el.dataset['phase'] = 'done';
        this.label.textContent = `Thumbnails done · ${countText(p.total)}`;
        this.hideSoon(2500);
      }
    }
  }

  private finish(s: ScanSummary): void {
    const t = this.lastThumbs;
    if (t && t.total !== null && t.done < t.total) return; // thumbnails still coming; the bar stays
    this.el.dataset['phase'] = 'done';
    this.el.classList.remove('indeterminate');
    this.fill.style.width = '100%';
    const parts = [`${countText(s.added)} added`];
    if (s.updated) parts.push(`${countText(s.updated)} updated`);
    if (s.removed) parts.push(`${countText(s.removed)} removed`);
    if (s.failed) parts.push(`${countText(s.failed)} failed`);
    this.label.textContent = parts.join(' · ');
    this.hideSoon(4000);
  }

  private fail(e: unknown): void {
    this.el.dataset['phase'] = 'error';
    this.el.classList.remove('indeterminate');
    this.label.textContent = `Import failed: ${String(e)}`;
    this.hideSoon(8000);
  }

  private hideSoon(ms: number): void {
    window.clearTimeout(this.hideTimer);
    this.hideTimer = window.setTimeout(() => {
      if (this.running > 0) return;
      this.el.hidden = true;
      this.el.dataset['phase'] = 'idle';
    }, ms);
  }
}
