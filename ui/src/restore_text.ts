// Owns the restore screen's words: the form checked into a request (or the reason it cannot be sent), the progress
// label by phase, the bar's fraction and the summary line; pure.
import { durationText, megabytes } from './backup_text';
import { countText } from './format';
import type { RestorePhase, RestoreProgress, RestoreRequest, RestoreSummary } from './types';

const PHASES: Record<RestorePhase, string> = {
  snapshot: 'Reading the backup',
  plan: 'Checking what is already here',
  attach: 'Bringing back albums, marks and tags',
  download: 'Downloading photos',
  variants: 'Downloading thumbnails',
};

/** The request the form asks for, or the reason it cannot be sent (a sentence naming the field). */
export function restoreRequestOf(url: string, endpoint: string, region: string, dest: string): { request: RestoreRequest } | { problem: string; field: 'url' | 'dest' } {
  const u = url.trim();
  if (u === '') return { problem: 'Type the backup’s remote, e.g. s3://bucket/prefix.', field: 'url' };
  if (!u.startsWith('s3://')) return { problem: `“${u}” is not a backup remote: it starts with s3://, e.g. s3://bucket/prefix.`, field: 'url' };
  const d = dest.trim();
  if (d === '') return { problem: 'Choose a folder to restore the photos into.', field: 'dest' };
  if (!d.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(d)) return { problem: `Choose a folder to restore into: “${d}” is not a full path.`, field: 'dest' };
  return { request: { url: u, endpoint: endpoint.trim(), region: region.trim(), dest: d } };
}

/** "Downloading photos · 12 / 60 · 1.2 / 5.0 MB". */
export function restoreProgressText(p: RestoreProgress): string {
  const parts = [PHASES[p.phase] ?? p.phase];
  if (p.filesTotal > 0) parts.push(`${countText(p.filesDone)} / ${countText(p.filesTotal)}`);
  if (p.bytesTotal > 0) parts.push(`${megabytes(p.bytesDone)} / ${megabytes(p.bytesTotal)}`);
  return parts.join(' · ');
}

/** How full the bar is (by bytes when known, else files), null while unknown. */
export function restoreFraction(p: RestoreProgress): number | null {
  const [done, total] = p.bytesTotal > 0 ? [p.bytesDone, p.bytesTotal] : [p.filesDone, p.filesTotal];
  return total > 0 ? Math.min(1, done / total) : null;
}

function n(count: number, one: string, many: string): string {
  return `${countText(count)} ${count === 1 ? one : many}`;
}

/** "Restored 60 photos, 3 albums and 12 tags into /home/me/Restored: 58 downloaded (120.0 MB), 2 already here, in 4.1 s." */
export function restoreSummaryText(s: RestoreSummary): string {
  const what = `${n(s.photos, 'photo', 'photos')}, ${n(s.albums, 'album', 'albums')} and ${n(s.tags, 'tag', 'tags')}`;
  const got = [`${countText(s.downloaded)} downloaded (${megabytes(s.bytes)})`];
  if (s.skipped > 0) got.push(`${countText(s.skipped)} already here`);
  const parts = [`Restored ${what} into ${s.dest}: ${got.join(', ')}, in ${durationText(s.elapsedMs)}.`];
  if (s.conflictsTotal > 0) parts.push(`${n(s.conflictsTotal, 'file was', 'files were')} already there and kept; the restored copies are beside them.`);
  if (s.failed > 0) parts.push(`${n(s.failed, 'file', 'files')} could not be restored (listed below): restore again to retry them.`);
  return parts.join(' ');
}
