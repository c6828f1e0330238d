// Owns the settings pane's words (pure, no DOM): the XMP state as one line ("All sidecars are written.", "12 photos
// not written: folder is read-only"), a "Write now" run's outcome, and a settled conflict as a line.
import type { SidecarReport, XmpConflict, XmpStatus } from './types';

const photos = (n: number): string => `${n.toLocaleString('en-US')} photo${n === 1 ? '' : 's'}`;

/** The status line: what waits and why, in the words the setting explains. */
export function statusText(s: XmpStatus): string {
  if (s.pending === 0) return s.sidecars === 'write' ? 'All sidecars are written.' : 'Sidecars are off: Shoebox writes nothing next to your photos.';
  if (s.sidecars === 'off') return `Sidecars are off: ${photos(s.pending)} ${s.pending === 1 ? 'has' : 'have'} changes that “Write now” or turning sidecars on would write.`;
  const failing = s.failed.reduce((n, f) => n + f.photos, 0);
  const waiting = s.pending - failing;
  return waiting > 0 ? `${photos(waiting)} waiting to be written.` : `${photos(failing)} not written; Shoebox tries again after the next change.`;
}

/** One line per reason the last writes failed: "12 photos not written: folder is read-only". */
export function failureLines(s: XmpStatus): string[] {
  return s.failed.map((f) => `${photos(f.photos)} not written: ${f.reason}`);
}

/** What "Write now" did. */
export function reportText(r: SidecarReport): string {
  const parts: string[] = [];
  if (r.written > 0) parts.push(`${r.written.toLocaleString('en-US')} sidecar${r.written === 1 ? '' : 's'} written`);
  if (r.merged > 0) parts.push(`${r.merged.toLocaleString('en-US')} merged with changes made elsewhere`);
  if (r.failedCount > 0) parts.push(`${r.failedCount.toLocaleString('en-US')} could not be written`);
  if (parts.length === 0) return 'Nothing was waiting to be written.';
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const POLICY: Record<string, string> = { newest: 'the newest', sidecar: 'the sidecar', library: 'the library' };

/** A conflict as listed: the file, the field, both sides and what was kept by which policy. */
export function conflictText(c: XmpConflict): string {
  const name = c.path.split(/[\\/]/).pop() ?? c.path;
  const shown = (v: string): string => (v === '' ? '(none)' : v);
  const policy = POLICY[c.policy] ?? c.policy;
  return `${name} — ${c.field}: library ${shown(c.library)}, sidecar ${shown(c.sidecar)}; kept ${shown(c.kept)} (${policy})`;
}
