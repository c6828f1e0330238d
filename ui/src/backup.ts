// Owns the backup pane: the one remote's settings form, the access key kept in the system keyring (or why it cannot
// be), "Back up now" / Cancel, live progress and the last outcome.
import * as api from './api';
import { credentialsText, keyringText, lastRunText, outcomeText, progressFraction, progressText } from './backup_text';
import { byId, closeOnBackdrop, showBar } from './pane_parts';
import type { BackupOutcome, BackupProgress, BackupRemote, BackupSettings } from './types';

type StatusState = 'idle' | 'running' | BackupOutcome['status'];

export class BackupPane {
  private readonly url = byId<HTMLInputElement>('backup-url');
  private readonly endpoint = byId<HTMLInputElement>('backup-endpoint');
  private readonly region = byId<HTMLInputElement>('backup-region');
  private readonly variants = byId<HTMLInputElement>('backup-variants');
  private readonly message = byId<HTMLElement>('backup-message');
  private readonly status = byId<HTMLElement>('backup-status');
  private readonly progress = byId<HTMLElement>('backup-progress');
  private readonly startBtn = byId<HTMLButtonElement>('backup-start');
  private readonly cancelBtn = byId<HTMLButtonElement>('backup-cancel');
  private readonly keyId = byId<HTMLInputElement>('backup-key-id');
  private readonly secret = byId<HTMLInputElement>('backup-secret');
  private readonly keyring = byId<HTMLElement>('backup-keyring');
  private readonly forgetBtn = byId<HTMLButtonElement>('backup-keys-forget');
  private saved: BackupSettings | null = null;
  private running = false;

  constructor(
    private readonly el: HTMLElement,
    private readonly button: HTMLElement,
  ) {
    byId('backup-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    byId('backup-keys-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.storeKeys();
    });
    this.forgetBtn.addEventListener('click', () => void this.forgetKeys());
    this.startBtn.addEventListener('click', () => void this.start());
    this.cancelBtn.addEventListener('click', () => void api.cancelBackup());
    byId('backup-close').addEventListener('click', () => this.close());
    closeOnBackdrop(el, () => this.close());
  }

  /** Follows backups from now on (they run on while the pane is closed). */
  async listen(): Promise<void> {
    await api.onBackupProgress((p) => this.showProgress(p));
    await api.onBackupFinished((o) => this.finished(o));
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
    this.say('');
    try {
      this.fill(await api.backupSettings());
    } catch (e) {
      this.say(String(e), true);
    }
    this.url.focus();
  }

  close(): void {
    this.el.hidden = true;
    this.button.classList.remove('on');
    this.button.focus({ preventScroll: true }); // back to what opened the pane
  }

  private fill(s: BackupSettings): void {
    this.saved = s;
    this.url.value = s.url ?? '';
    this.endpoint.value = s.endpoint ?? '';
    this.region.value = s.region ?? '';
    this.variants.checked = s.includeVariants;
    const creds = byId('backup-credentials');
    creds.textContent = credentialsText(s);
    creds.dataset['found'] = String(s.credentialsFound);
    this.showKeyring(s);
    this.setRunning(s.running);
    if (s.running && s.progress) this.showProgress(s.progress);
    else if (!s.running && s.last) this.setStatus(s.last.status, lastRunText(s.last));
    else if (!s.running) this.setStatus('idle', s.url ? 'Not backed up yet.' : 'No remote set up yet.');
  }

  private showKeyring(s: BackupSettings): void {
    const k = s.keyring;
    this.keyring.textContent = keyringText(k, s.credentialsFrom === 'environment');
    this.keyring.dataset['available'] = String(k.available);
    this.keyring.dataset['stored'] = String(k.stored);
    this.keyId.disabled = !k.available;
    this.secret.disabled = !k.available;
    byId<HTMLButtonElement>('backup-keys-save').disabled = !k.available;
    this.forgetBtn.hidden = !k.stored;
  }

  /** Stores the typed key id and secret in the keyring; the inputs are cleared either way (never kept in the page). */
  private async storeKeys(): Promise<void> {
    this.say('');
    const id = this.keyId.value;
    const secret = this.secret.value;
    this.secret.value = '';
    try {
      this.fill(await api.saveBackupKeys(id, secret));
      this.keyId.value = '';
      this.say('Keys stored in the system keyring.');
    } catch (e) {
      this.say(String(e), true);
    }
  }

  private async forgetKeys(): Promise<void> {
    this.say('');
    try {
      this.fill(await api.forgetBackupKeys());
      this.say('Stored keys forgotten.');
    } catch (e) {
      this.say(String(e), true);
    }
  }

  private remote(): BackupRemote {
    return {
      url: this.url.value,
      endpoint: this.endpoint.value,
      region: this.region.value,
      includeVariants: this.variants.checked,
    };
  }

  /** Checks the remote (valid, endpoint answering), then saves the form; false (with the reason shown) when refused. */
  private async save(): Promise<boolean> {
    const remote = this.remote();
    this.say('');
    const saveBtn = byId<HTMLButtonElement>('backup-save');
    saveBtn.setAttribute('aria-busy', 'true');
    try {
      await api.checkBackupRemote(remote).finally(() => saveBtn.removeAttribute('aria-busy'));
      this.fill(await api.saveBackupSettings(remote));
      this.say('Saved.');
      return true;
    } catch (e) {
      this.say(String(e), true);
      if (api.errorKind(e) === 'invalidInput') this.url.focus(); // the remote as typed is what was refused
      return false;
    }
  }

  private unsaved(): boolean {
    const s = this.saved;
    const r = this.remote();
    return (
      !s ||
      r.url.trim() !== (s.url ?? '') ||
      r.endpoint.trim() !== (s.endpoint ?? '') ||
      r.region.trim() !== (s.region ?? '') ||
      r.includeVariants !== s.includeVariants
    );
  }

  private async start(): Promise<void> {
    if (this.running) return;
    this.say(''); // an old error is about an old attempt
    if (this.unsaved() && !(await this.save())) return;
    this.setRunning(true);
    try {
      await api.startBackup();
    } catch (e) {
      switch (api.errorKind(e)) {
        case 'busy':
          // A backup is under way already (started before this pane knew): follow it; its events end it.
          this.say('A backup is already running.');
          break;
        case 'invalidInput':
          // Nothing valid to back up to: the form is where that is fixed, and nothing ran.
          this.setRunning(false);
          this.setStatus('idle', 'Not backed up.');
          this.say(String(e), true);
          this.url.focus();
          break;
        default:
          this.setRunning(false);
          this.setStatus('failed', `Backup failed: ${sentence(String(e))}`);
      }
    }
  }

  private setRunning(running: boolean): void {
    const started = running && !this.running;
    this.running = running;
    this.startBtn.disabled = running;
    this.cancelBtn.hidden = !running;
    this.button.classList.toggle('running', running);
    this.progress.hidden = !running;
    if (started) {
      this.setStatus('running', 'Backing up…');
      this.showProgress({ phase: 'plan', objectsDone: 0, objectsTotal: 0, bytesDone: 0, bytesTotal: 0 });
    }
  }

  private showProgress(p: BackupProgress): void {
    if (!this.running) return; // a late event after the run ended
    this.progress.dataset['phase'] = p.phase;
    showBar(this.progress, progressFraction(p), progressText(p));
  }

  private finished(o: BackupOutcome): void {
    this.setRunning(false);
    this.setStatus(o.status, outcomeText(o));
  }

  private setStatus(state: StatusState, text: string): void {
    this.status.dataset['state'] = state;
    this.status.textContent = text;
  }

  private say(text: string, error = false): void {
    if (error) text = sentence(text);
    this.message.hidden = text === '';
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }
}

/** A message as a sentence: capitalised, ending with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}
