// Owns the restore screen (#restore-pane, "Restore from a backup…" on the first-run screen and in the backup pane):
// the backup's remote (the saved backup remote offered), the folder the photos come back into, whether credentials
// were found, Restore / Cancel with progress by phase, then the summary with each failure. After a restore the gallery
// is refreshed by the library-changed event the command sends.
import * as api from './api';
import { credentialsText } from './backup_text';
import { restoreFraction, restoreProgressText, restoreRequestOf, restoreSummaryText } from './restore_text';
import { byId, closeOnBackdrop, chooseFolderInto, fillList, say, setStatus, showBar } from './pane_parts';
import type { RestoreProgress, RestoreSummary } from './types';

export class RestorePane {
  private readonly url = byId<HTMLInputElement>('restore-url');
  private readonly endpoint = byId<HTMLInputElement>('restore-endpoint');
  private readonly region = byId<HTMLInputElement>('restore-region');
  private readonly dest = byId<HTMLInputElement>('restore-dest');
  private readonly message = byId<HTMLElement>('restore-message');
  private readonly status = byId<HTMLElement>('restore-status');
  private readonly progress = byId<HTMLElement>('restore-progress');
  private readonly failures = byId<HTMLUListElement>('restore-failures');
  private readonly startBtn = byId<HTMLButtonElement>('restore-start');
  private readonly cancelBtn = byId<HTMLButtonElement>('restore-cancel');
  private running = false;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly el: HTMLElement,
    /** After a restore that brought photos back (the gallery and sidebar reload). */
    private readonly onRestored: () => void,
  ) {
    byId('restore-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.start();
    });
    byId('restore-choose').addEventListener('click', () => void chooseFolderInto(this.dest, this.message));
    this.cancelBtn.addEventListener('click', () => void api.cancelRestore());
    byId('restore-close').addEventListener('click', () => this.close());
    closeOnBackdrop(el, () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Opens the screen; empty fields get the saved backup remote and a folder in Pictures. A run under way shows on. */
  async open(): Promise<void> {
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.el.hidden = false;
    this.url.focus();
    if (this.running) return;
    this.say('');
    try {
      const [saved, pictures] = await Promise.all([api.backupSettings(), api.picturesDir().catch(() => null)]);
      if (this.url.value === '' && saved.url) {
        this.url.value = saved.url;
        this.endpoint.value = saved.endpoint ?? '';
        this.region.value = saved.region ?? '';
      }
      if (this.dest.value === '' && pictures) this.dest.value = `${pictures}/Restored`;
      const creds = byId('restore-credentials');
      creds.textContent = credentialsText(saved);
      creds.dataset['found'] = String(saved.credentialsFound);
    } catch (e) {
      this.say(String(e), true);
    }
  }

  close(): void {
    this.el.hidden = true;
    this.returnFocus?.focus({ preventScroll: true });
  }

  private async start(): Promise<void> {
    if (this.running) return;
    const asked = restoreRequestOf(this.url.value, this.endpoint.value, this.region.value, this.dest.value);
    if ('problem' in asked) {
      this.say(asked.problem, true);
      (asked.field === 'url' ? this.url : this.dest).focus();
      return;
    }
    this.say('');
    this.failures.hidden = true;
    this.setRunning(true);
    try {
      const summary = await api.restoreBackup(asked.request, (p) => this.showProgress(p));
      this.finished(summary);
      this.onRestored();
    } catch (e) {
      const cancelled = api.errorKind(e) === 'cancelled';
      this.setStatus(cancelled ? 'cancelled' : 'failed', String(e));
      if (cancelled) this.onRestored(); // what came back before the cancel is in the library
      if (api.errorKind(e) === 'invalidInput') this.url.focus();
    } finally {
      this.setRunning(false);
    }
  }

  private setRunning(running: boolean): void {
    this.running = running;
    this.startBtn.disabled = running;
    this.cancelBtn.hidden = !running;
    this.progress.hidden = !running;
    for (const f of this.el.querySelectorAll<HTMLInputElement>('#restore-form input')) f.disabled = running;
    if (running) {
      this.setStatus('running', '');
      this.showProgress({ phase: 'snapshot', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 });
    }
  }

  private showProgress(p: RestoreProgress): void {
    if (!this.running) return;
    this.progress.dataset['phase'] = p.phase;
    showBar(this.progress, restoreFraction(p), restoreProgressText(p));
  }

  private finished(s: RestoreSummary): void {
    this.setStatus(s.failed > 0 ? 'partial' : 'done', restoreSummaryText(s));
    fillList(this.failures, [
      ...s.failures.map((f) => `${f.key}: ${f.reason}`),
      ...s.conflicts.map((c) => `${c.existing} was already there: restored as ${c.restoredAs}`),
    ]);
  }

  private setStatus(state: string, text: string): void {
    setStatus(this.status, state, text);
  }

  private say(text: string, error = false): void {
    say(this.message, text, error);
  }
}
