// Owns the backup pane's words and numbers: progress labels, the bar's fraction, the outcome line, what the keyring
// and credentials lines say (the restore screen says the same about credentials); pure.
import { countText } from './format';
import type { BackupOutcome, BackupPhase, BackupProgress, BackupSettings, KeyringState } from './types';

const PHASES: Record<BackupPhase, string> = {
  hash: 'Hashing new photos',
  plan: 'Comparing with the remote',
  upload: 'Uploading',
  manifest: 'Saving albums, marks and tags',
  prune: 'Removing what left the library',
};

function mb(bytes: number): string {
  const v = bytes / 1e6;
  return v > 0 && v < 0.1 ? '<0.1' : v.toFixed(1);
}

/** 1_234_567 -> "1.2 MB" (always MB, so done and total compare at a glance). */
export function megabytes(bytes: number): string {
  return `${mb(bytes)} MB`;
}

/** 3400 -> "3.4 s", 125000 -> "2 min 5 s". */
export function durationText(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const whole = Math.round(s);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${rest} s`;
}

/** "Uploading · 12 / 60 objects · 1.2 / 5.0 MB"; phases without totals show only what they have. */
export function progressText(p: BackupProgress): string {
  const parts = [PHASES[p.phase] ?? p.phase];
  if (p.objectsTotal > 0) {
    const noun = p.phase === 'hash' ? 'photos' : 'objects';
    parts.push(`${countText(p.objectsDone)} / ${countText(p.objectsTotal)} ${noun}`);
  }
  if (p.bytesTotal > 0) parts.push(`${mb(p.bytesDone)} / ${megabytes(p.bytesTotal)}`);
  return parts.join(' · ');
}

/** How full the bar is (0..1), by bytes when known, else by objects; null when unknown (indeterminate). */
export function progressFraction(p: BackupProgress): number | null {
  const [done, total] = p.bytesTotal > 0 ? [p.bytesDone, p.bytesTotal] : [p.objectsDone, p.objectsTotal];
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, done / total));
}

/** "Backed up: 60 uploaded, 0 skipped, 0 failed · 1.2 MB in 3.4 s", or the error, or the cancellation. */
export function outcomeText(o: BackupOutcome): string {
  if (o.status === 'failed') return `Backup failed: ${o.error ?? 'unknown error'}`;
  if (o.status === 'cancelled') return 'Backup cancelled. Run it again to pick up where it stopped.';
  const s = o.summary;
  if (!s) return 'Backed up.';
  const counts = `${countText(s.uploaded)} uploaded, ${countText(s.skipped)} skipped, ${countText(s.failed)} failed`;
  const adopted = s.adopted > 0 ? `, ${countText(s.adopted)} already there` : '';
  return `Backed up: ${counts}${adopted} · ${megabytes(s.bytesUploaded)} in ${durationText(s.elapsedMs)}`;
}

/** The outcome line with when the run ended ("… · finished 14 Mar 2025, 09:05"), for the pane after a restart. */
export function lastRunText(o: BackupOutcome): string {
  const text = outcomeText(o);
  const at = o.finishedAt;
  if (typeof at !== 'number' || !Number.isFinite(at)) return text;
  const d = new Date(at);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number): string => String(n).padStart(2, '0');
  const when = `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`;
  return `${text} (finished ${when})`;
}

/** The keyring line: stored keys, the offer to store some, or why the keyring cannot be used (and what still works). */
export function keyringText(k: KeyringState, environmentKeys: boolean): string {
  if (!k.available) {
    const why = k.message ?? 'The system keyring is not available.';
    return `${why} Keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or ~/.aws/credentials still work.`;
  }
  if (k.stored && environmentKeys) return 'Keys are stored in the system keyring; the environment\'s keys are used first.';
  if (k.stored) return 'Keys are stored in the system keyring and used for backups. Store new ones to replace them.';
  return 'Or store an access key here: it is kept in the system keyring, never in the library.';
}

const CREDENTIALS_FOUND =
  'AWS credentials found (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials). ' +
  'Shoebox only signs requests with them; it never stores or logs them.';
const CREDENTIALS_KEYRING = 'AWS credentials found in the system keyring. Shoebox only signs requests with them.';
const CREDENTIALS_MISSING =
  'No AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before starting Shoebox, or add ' +
  'them to ~/.aws/credentials (profile AWS_PROFILE, else default). Shoebox never stores them.';

/** Where the keys a backup or restore signs with were found, or what to do when there are none. */
export function credentialsText(s: BackupSettings): string {
  return s.credentialsFrom === 'keyring' ? CREDENTIALS_KEYRING : s.credentialsFound ? CREDENTIALS_FOUND : CREDENTIALS_MISSING;
}
