// Owns the settings pane: the XMP sidecar setting (off by default: Shoebox writes nothing next to the photos unless
// asked) and the conflict policy, what waits to be written and why ("12 photos not written: folder is read-only"),
// "Write now", and the conflicts settled by policy. While open it refreshes on every organize change and every two
// seconds (the backend writes sidecars on its own thread after each change).
import * as api from './api';
import { byId, closeOnBackdrop, fillList, say, setStatus } from './pane_parts';
import { conflictText, failureLines, reportText, statusText } from './settings_text';
import type { ConflictPolicy, SidecarMode, XmpStatus } from './types';

/** Conflicts listed (newest first). */
const LISTED_CONFLICTS = 50;
/** How often the open pane reloads the state. */
const REFRESH_MS = 2000;

export class SettingsPane {
  private readonly sidecars = byId<HTMLSelectElement>('settings-sidecars');
  private readonly conflicts = byId<HTMLSelectElement>('settings-conflicts');
  private readonly status = byId<HTMLElement>('settings-xmp-status');
  private readonly failures = byId<HTMLElement>('settings-xmp-failures');
  private readonly message = byId<HTMLElement>('settings-message');
  private readonly writeBtn = byId<HTMLButtonElement>('settings-write');
  private readonly conflictList = byId<HTMLElement>('settings-conflict-list');
  private readonly noConflicts = byId<HTMLElement>('settings-no-conflicts');
  private seq = 0;
  private timer = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly button: HTMLElement,
  ) {
    this.sidecars.addEventListener('change', () => void this.save(this.sidecars.value as SidecarMode, null));
    this.conflicts.addEventListener('change', () => void this.save(null, this.conflicts.value as ConflictPolicy));
    this.writeBtn.addEventListener('click', () => void this.writeNow());
    byId('settings-close').addEventListener('click', () => this.close());
    closeOnBackdrop(el, () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else void this.open();
  }

  async open(): Promise<void> {
    this.el.hidden = false;
    this.button.classList.add('on');
    say(this.message, '');
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => void this.refresh(), REFRESH_MS);
    await this.refresh();
    this.sidecars.focus();
  }

  close(): void {
    window.clearInterval(this.timer);
    this.el.hidden = true;
    this.button.classList.remove('on');
    this.button.focus({ preventScroll: true });
  }

  /** Reloads the state and the conflicts (after an organize change the poller may have written sidecars). */
  async refresh(): Promise<void> {
    if (!this.isOpen) return;
    const seq = ++this.seq;
    try {
      const [status, conflicts] = await Promise.all([api.xmpStatus(), api.xmpConflicts(LISTED_CONFLICTS)]);
      if (seq !== this.seq) return;
      this.show(status);
      fillList(this.conflictList, conflicts.map(conflictText));
      this.noConflicts.hidden = conflicts.length > 0;
    } catch (e) {
      say(this.message, String(e), true);
    }
  }

  private show(s: XmpStatus): void {
    this.sidecars.value = s.sidecars;
    this.conflicts.value = s.conflicts;
    const state = s.failed.length > 0 ? 'failed' : s.pending > 0 ? 'pending' : 'done';
    setStatus(this.status, state, statusText(s));
    fillList(this.failures, failureLines(s));
    this.writeBtn.disabled = s.pending === 0;
  }

  private async save(sidecars: SidecarMode | null, conflicts: ConflictPolicy | null): Promise<void> {
    say(this.message, '');
    try {
      this.show(await api.setXmpSettings(sidecars, conflicts));
      if (sidecars === 'write') say(this.message, 'Sidecars are on: changes are written next to each photo (photo.jpg.xmp).');
    } catch (e) {
      say(this.message, String(e), true);
      await this.refresh();
    }
  }

  private async writeNow(): Promise<void> {
    say(this.message, '');
    this.writeBtn.disabled = true;
    setStatus(this.status, 'running', 'Writing sidecars…');
    try {
      const report = await api.writeSidecars();
      say(this.message, reportText(report), report.failedCount > 0);
    } catch (e) {
      say(this.message, String(e), true);
    }
    await this.refresh();
  }
}
