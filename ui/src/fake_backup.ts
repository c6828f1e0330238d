// Owns the fake backup used only in a plain browser (no Tauri): the remote kept in memory and a simulated
// run that sends progress and finished events. Query parameters: ?nocreds (no credentials found), ?nokeyring (the
// system keyring is not available).
import { BackendError } from './errors';
import type { Backend, BackupOutcome, BackupProgress, BackupRemote, BackupSettings } from './types';

type FakeBackup = Pick<
  Backend,
  'backupSettings' | 'saveBackupSettings' | 'saveBackupKeys' | 'forgetBackupKeys' | 'checkBackupRemote' | 'startBackup' | 'cancelBackup' | 'onBackupProgress' | 'onBackupFinished'
>;

const BYTES_PER_PHOTO = 2_400_000;

export function createFakeBackup(q: URLSearchParams, photos: () => number): FakeBackup {
  let remote: BackupRemote | null = null;
  let running = false;
  let cancelled = false;
  let progress: BackupProgress | null = null;
  let last: BackupOutcome | null = null;
  let keysStored = false;
  const onProgress = new Set<(p: BackupProgress) => void>();
  const onFinished = new Set<(o: BackupOutcome) => void>();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const none = (s: string): string | null => (s.trim() === '' ? null : s.trim());

  const settings = (): BackupSettings => ({
    url: remote?.url ?? null,
    endpoint: remote ? none(remote.endpoint) : null,
    region: remote ? none(remote.region) : null,
    includeVariants: remote?.includeVariants ?? false,
    credentialsFound: !q.has('nocreds') || keysStored,
    credentialsFrom: !q.has('nocreds') ? 'environment' : keysStored ? 'keyring' : null,
    keyring: q.has('nokeyring')
      ? { available: false, stored: false, message: 'The system keyring is not available (no Secret Service on the session bus).' }
      : { available: true, stored: keysStored, message: null },
    running,
    progress,
    last,
  });
  const tell = (p: BackupProgress): void => {
    progress = p;
    onProgress.forEach((cb) => cb(p));
  };
  const finish = (o: BackupOutcome): void => {
    running = false;
    progress = null;
    last = o;
    onFinished.forEach((cb) => cb(o));
  };

  async function run(): Promise<void> {
    const started = Date.now();
    const total = Math.min(photos(), 400);
    tell({ phase: 'plan', objectsDone: 0, objectsTotal: 0, bytesDone: 0, bytesTotal: 0 });
    await sleep(300);
    if (q.has('nocreds')) {
      finish({ status: 'failed', error: 'No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.', summary: null, finishedAt: Date.now() });
      return;
    }
    for (let k = 0; k <= 30; k++) {
      if (cancelled) return finish({ status: 'cancelled', error: null, summary: null, finishedAt: Date.now() });
      const done = Math.round((total * k) / 30);
      tell({ phase: 'upload', objectsDone: done, objectsTotal: total, bytesDone: done * BYTES_PER_PHOTO, bytesTotal: total * BYTES_PER_PHOTO });
      await sleep(100);
    }
    const summary = {
      uploaded: total,
      skipped: photos() - total,
      failed: 0,
      adopted: 0,
      bytesUploaded: total * BYTES_PER_PHOTO,
      elapsedMs: Date.now() - started,
      librarySaved: true,
      failures: [],
    };
    finish({ status: 'done', error: null, summary, finishedAt: Date.now() });
  }

  return {
    async backupSettings() {
      return settings();
    },
    async saveBackupSettings(r) {
      const url = r.url.trim().replace(/\/+$/, '');
      if (!/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/.test(url)) throw new BackendError('invalidInput', `invalid remote: "${r.url}": expected s3://BUCKET[/PREFIX]`);
      if (none(r.endpoint) && !/^https?:\/\//.test(r.endpoint.trim())) throw new BackendError('invalidInput', `invalid remote: endpoint "${r.endpoint}": expected http:// or https://`);
      remote = { ...r, url };
      return settings();
    },
    async saveBackupKeys(id, secret) {
      if (q.has('nokeyring')) throw new BackendError('io', 'The system keyring is not available (no Secret Service on the session bus).');
      if (!id.trim() || !secret.trim()) throw new BackendError('invalidInput', 'Give both the access key id and the secret access key.');
      keysStored = true;
      return settings();
    },
    async forgetBackupKeys() {
      keysStored = false;
      return settings();
    },
    async checkBackupRemote(r) {
      if (!/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/.test(r.url.trim().replace(/\/+$/, ''))) throw new BackendError('invalidInput', `invalid remote: "${r.url}": expected s3://BUCKET[/PREFIX]`);
      if (/unreachable|:1(\/|$)/.test(r.endpoint)) throw new BackendError('remote', `Could not reach ${r.endpoint.trim()}: connection refused. Check the endpoint and that the server is running.`);
    },
    async startBackup() {
      if (running) throw new BackendError('busy', 'a backup is already running');
      if (!remote) throw new BackendError('invalidInput', 'no backup remote is set up yet: save one first');
      running = true;
      cancelled = false;
      void run();
    },
    async cancelBackup() {
      cancelled = running;
      return running;
    },
    async onBackupProgress(cb) {
      onProgress.add(cb);
      return () => onProgress.delete(cb);
    },
    async onBackupFinished(cb) {
      onFinished.add(cb);
      return () => onFinished.delete(cb);
    },
  };
}
