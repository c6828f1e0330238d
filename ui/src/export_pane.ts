// Owns the export dialog (#export-pane): what is exported (the selection, else the focused photo, taken when it
// opens), the preset and its overrides, metadata, file names and the folder (typed or chosen), Export / Cancel with
// live progress, then the summary with each failure. The last settings are remembered for the next export.
import * as api from './api';
import { DEFAULT_FORM, PRESET_HINTS, failureLine, progressFraction, progressLabel, requestOf, summaryText, type ExportForm } from './export_text';
import { byId, closeOnBackdrop, chooseFolderInto, fillList, say, setStatus, showBar } from './pane_parts';
import type { ExportFormat, ExportMetadata, ExportPreset, ExportProgress, ExportSummary, Targets } from './types';

const REMEMBERED = 'shoebox.export';

/** The settings of the last export, or the defaults (a stored value of the wrong shape is ignored). */
function remembered(): ExportForm {
  try {
    const raw = localStorage.getItem(REMEMBERED);
    const v = raw ? (JSON.parse(raw) as Partial<ExportForm>) : {};
    const form = { ...DEFAULT_FORM };
    for (const k of Object.keys(DEFAULT_FORM) as (keyof ExportForm)[]) {
      const x = v[k];
      if (typeof x === 'string') (form as Record<string, string>)[k] = x;
    }
    return form;
  } catch {
    return { ...DEFAULT_FORM };
  }
}

export class ExportPane {
  private readonly preset = byId<HTMLSelectElement>('export-preset');
  private readonly edge = byId<HTMLInputElement>('export-edge');
  private readonly format = byId<HTMLSelectElement>('export-format');
  private readonly quality = byId<HTMLInputElement>('export-quality');
  private readonly metadata = byId<HTMLSelectElement>('export-metadata');
  private readonly names = byId<HTMLInputElement>('export-names');
  private readonly dest = byId<HTMLInputElement>('export-dest');
  private readonly message = byId<HTMLElement>('export-message');
  private readonly status = byId<HTMLElement>('export-status');
  private readonly progress = byId<HTMLElement>('export-progress');
  private readonly failures = byId<HTMLUListElement>('export-failures');
  private readonly startBtn = byId<HTMLButtonElement>('export-start');
  private readonly cancelBtn = byId<HTMLButtonElement>('export-cancel');
  private targets: Targets | null = null;
  private running = false;
  private returnFocus: HTMLElement | null = null;

  constructor(private readonly el: HTMLElement) {
    byId('export-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start();
    });
    this.preset.addEventListener('change', () => this.showPreset());
    this.format.addEventListener('change', () => this.showPreset());
    byId('export-choose').addEventListener('click', () => void chooseFolderInto(this.dest, this.message));
    this.cancelBtn.addEventListener('click', () => void api.cancelExport());
    byId('export-close').addEventListener('click', () => this.close());
    closeOnBackdrop(el, () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Opens the dialog on `targets` (`count` photos); an export under way keeps its own photos and shows on. */
  open(targets: Targets | null, count: number): void {
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.el.hidden = false;
    if (!this.running) {
      this.targets = targets;
      this.fill(remembered());
      this.say('');
      this.setStatus('idle', '');
      this.failures.hidden = true;
      byId('export-what').textContent =
        count === 0 ? 'Select photos to export first.' : `${count.toLocaleString('en-US')} ${count === 1 ? 'photo' : 'photos'} to export.`;
      this.startBtn.disabled = count === 0;
    }
    (this.dest.value === '' ? this.dest : this.startBtn).focus();
  }

  /** Closes the dialog; a running export goes on and its summary waits for the next open. */
  close(): void {
    this.el.hidden = true;
    this.returnFocus?.focus({ preventScroll: true });
  }

  private fill(f: ExportForm): void {
    this.preset.value = f.preset;
    this.edge.value = f.longEdge;
    this.format.value = f.format;
    this.quality.value = f.quality;
    this.metadata.value = f.metadata;
    this.names.value = f.names;
    this.dest.value = f.dest;
    this.showPreset();
  }

  private form(): ExportForm {
    return {
      preset: this.preset.value as ExportPreset,
      longEdge: this.edge.value,
      format: this.format.value as ExportFormat,
      quality: this.quality.value,
      metadata: this.metadata.value as ExportMetadata,
      names: this.names.value,
      dest: this.dest.value,
    };
  }

  /** Custom shows its fields (quality only for lossy formats); an original's metadata is the file's own. */
  private showPreset(): void {
    const p = this.preset.value as ExportPreset;
    byId('export-preset-hint').textContent = PRESET_HINTS[p] ?? '';
    byId('export-custom').hidden = p !== 'custom';
    byId('export-quality-label').hidden = this.format.value === 'png';
    byId('export-metadata-label').hidden = p === 'original';
  }

  private async start(): Promise<void> {
    if (this.running || !this.targets) return;
    const form = this.form();
    const asked = requestOf(form);
    if ('problem' in asked) {
      this.say(asked.problem, true);
      (form.dest.trim() === '' || asked.problem.includes('folder') ? this.dest : this.edge).focus();
      return;
    }
    localStorage.setItem(REMEMBERED, JSON.stringify(form));
    this.say('');
    this.failures.hidden = true;
    this.setRunning(true);
    try {
      const summary = await api.exportPhotos(this.targets, asked.request, (p) => this.showProgress(p));
      this.finished(summary);
    } catch (e) {
      this.setStatus('failed', '');
      this.say(String(e), true);
      if (api.errorKind(e) === 'invalidInput') this.dest.focus();
    } finally {
      this.setRunning(false);
    }
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.startBtn.disabled = running;
    this.cancelBtn.hidden = !running;
    this.progress.hidden = !running;
    for (const f of this.el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('#export-form input, #export-form select')) {
      f.disabled = running;
    }
    if (running) {
      this.setStatus('running', '');
      this.showProgress({ done: 0, total: null });
    }
  }

  private showProgress(p: ExportProgress): void {
    if (this.running) showBar(this.progress, progressFraction(p), progressLabel(p));
  }

  private finished(s: ExportSummary): void {
    this.setStatus(s.cancelled ? 'cancelled' : s.failed > 0 ? 'partial' : 'done', summaryText(s));
    fillList(this.failures, s.failures.map((f) => failureLine(f.name, f.reason)));
    if (s.failed > s.failures.length) {
      const li = document.createElement('li');
      li.className = 'dim';
      li.textContent = `… and ${(s.failed - s.failures.length).toLocaleString('en-US')} more.`;
      this.failures.appendChild(li);
      this.failures.hidden = false;
    }
  }

  private setStatus(state: string, text: string): void {
    setStatus(this.status, state, text);
  }

  private say(text: string, error = false): void {
    say(this.message, text, error);
  }
}
