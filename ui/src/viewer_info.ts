// Owns the viewer's info panel: turns a PhotoInfo into labelled rows (date, camera, lens, exposure, sizes, path, GPS);
// a file date (no capture date: the Undated group) is labelled as such, and the path wraps only at '/'.
import { apertureText, bytesText, dateTimeTitle, exposureText, focalText, gpsText, pixelsText } from './format';
import type { PhotoInfo } from './types';

/** True when the photo's date is only its file's time (no capture date recorded: the Undated group). */
export function isFileDate(p: PhotoInfo): boolean {
  return !p.dated || p.takenAtSource === 'file' || p.takenAtSource === 'birth';
}

/** [label, value] rows for the panel, skipping what the photo does not have. */
export function infoRows(p: PhotoInfo): [string, string][] {
  const rows: [string, string][] = [];
  rows.push(['Date', dateTimeTitle(p.takenAt, p.takenAtOffset) + (isFileDate(p) ? ' (file time)' : '')]);
  const camera = [p.make, p.model].filter((x): x is string => !!x);
  // Models often repeat the make ("Canon" + "Canon EOS R6").
  if (camera.length === 2 && camera[1]!.toLowerCase().startsWith(camera[0]!.toLowerCase())) camera.shift();
  if (camera.length) rows.push(['Camera', camera.join(' ')]);
  if (p.lens) rows.push(['Lens', p.lens]);
  const exp: string[] = [];
  if (p.exposureTime !== null) exp.push(exposureText(p.exposureTime));
  if (p.aperture !== null) exp.push(apertureText(p.aperture));
  if (p.iso !== null) exp.push(`ISO ${p.iso}`);
  if (p.focalLength !== null) exp.push(focalText(p.focalLength));
  if (exp.length) rows.push(['Exposure', exp.join(' · ')]);
  rows.push(['Pixels', pixelsText(p.width, p.height)]);
  rows.push(['File', `${bytesText(p.size)} · ${p.format.toUpperCase()}`]);
  rows.push(['Path', p.path]);
  if (p.gpsLat !== null && p.gpsLon !== null) rows.push(['Location', gpsText(p.gpsLat, p.gpsLon)]);
  if (p.problem) rows.push(['Problem', p.problem]);
  if (p.metaWarning) rows.push(['Metadata', p.metaWarning]);
  return rows;
}

/** Last component of a path ("/a/b/IMG_1.JPG" -> "IMG_1.JPG"). */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** What the date row adds when the date is the file's, so it never reads as a capture date. */
export const FILE_DATE_NOTE = 'File date (no capture date in the photo)';

/** The path as text nodes with a <wbr> after each "/", so it wraps at folder boundaries, never mid-name. */
export function appendPath(el: HTMLElement, path: string): void {
  const parts = path.split('/');
  parts.forEach((part, i) => {
    if (i < parts.length - 1) {
      el.append(`${part}/`, document.createElement('wbr'));
    } else if (part) el.append(part);
  });
}

/** Fills the panel element with the rows. */
export function renderInfo(el: HTMLElement, p: PhotoInfo | null): void {
  el.replaceChildren();
  const h = document.createElement('h3');
  h.textContent = 'Info';
  el.appendChild(h);
  if (!p) {
    const s = document.createElement('p');
    s.className = 'dim';
    s.textContent = 'Loading…';
    el.appendChild(s);
    return;
  }
  const dl = document.createElement('dl');
  for (const [k, v] of infoRows(p)) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    if (k === 'Path') appendPath(dd, v);
    else dd.textContent = v;
    if (k === 'Date' && isFileDate(p)) {
      const note = document.createElement('small');
      note.className = 'date-note';
      note.textContent = FILE_DATE_NOTE;
      dd.append(document.createElement('br'), note);
    }
    dd.dataset['field'] = k.toLowerCase();
    dl.append(dt, dd);
  }
  el.appendChild(dl);
}
