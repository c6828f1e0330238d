// Owns the export dialog's words and the request it sends: the form's values checked and turned into an
// ExportRequest (or the reason they cannot be), the progress label and the summary line; pure.
import { durationText, megabytes } from './backup_text';
import { countText } from './format';
import type { ExportFormat, ExportMetadata, ExportPreset, ExportProgress, ExportRequest, ExportSummary } from './types';

/** What the form holds, as typed (numbers as the text of their fields). */
export interface ExportForm {
  preset: ExportPreset;
  longEdge: string;
  format: ExportFormat;
  quality: string;
  metadata: ExportMetadata;
  names: string;
  dest: string;
}

export const DEFAULT_FORM: ExportForm = {
  preset: 'web',
  longEdge: '',
  format: 'jpeg',
  quality: '90',
  metadata: 'keep',
  names: '',
  dest: '',
};

/** What each preset makes, as the dialog says it. */
export const PRESET_HINTS: Record<ExportPreset, string> = {
  original: 'The original files, byte for byte (metadata and all).',
  web: 'JPEG, 2048 px on the long edge, quality 85: for sharing and the web.',
  email: 'JPEG, 1024 px on the long edge, quality 75: small enough to attach.',
  custom: 'Your own size, format and quality.',
};

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** The request the form asks for, or the reason it cannot be sent (a sentence naming the field). */
export function requestOf(f: ExportForm): { request: ExportRequest } | { problem: string } {
  const dest = f.dest.trim();
  if (dest === '') return { problem: 'Choose a folder to export to.' };
  if (!dest.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dest)) {
    return { problem: `Choose a folder to export to: “${dest}” is not a full path.` };
  }
  let longEdge: number | null = null;
  let format: ExportFormat | null = null;
  let quality: number | null = null;
  if (f.preset === 'custom') {
    if (f.longEdge.trim() !== '') {
      longEdge = wholeNumber(f.longEdge);
      if (longEdge === null || longEdge < 1) return { problem: 'The long edge is a number of pixels, at least 1 (empty: full size).' };
    }
    format = f.format;
    if (format !== 'png') {
      quality = wholeNumber(f.quality);
      if (quality === null || quality < 1 || quality > 100) return { problem: 'Quality is a number from 1 to 100.' };
    }
  }
  return {
    request: {
      dest,
      preset: f.preset,
      longEdge,
      format,
      quality,
      // An original is copied byte for byte: it keeps what it has (the engine refuses to strip it).
      metadata: f.preset === 'original' ? 'keep' : f.metadata,
      nameTemplate: f.names.trim(),
    },
  };
}

/** "Exporting 3 of 12 photos…" */
export function progressLabel(p: ExportProgress): string {
  if (p.total === null) return `Exporting… ${countText(p.done)} done`;
  return `Exporting ${countText(Math.min(p.done + 1, p.total))} of ${countText(p.total)} ${p.total === 1 ? 'photo' : 'photos'}…`;
}

/** The bar's fraction, or null while the total is unknown. */
export function progressFraction(p: ExportProgress): number | null {
  return p.total ? Math.min(1, p.done / p.total) : null;
}

function photos(n: number): string {
  return `${countText(n)} ${n === 1 ? 'photo' : 'photos'}`;
}

/** "Exported 12 photos (3.4 MB) in 2.1 s to /home/me/Out." with what failed or was not started. */
export function summaryText(s: ExportSummary): string {
  const parts = [`Exported ${photos(s.written)} (${megabytes(s.bytes)}) in ${durationText(s.elapsedMs)} to ${s.dest}.`];
  if (s.cancelled) parts.unshift('Cancelled.');
  if (s.failed > 0) parts.push(`${photos(s.failed)} could not be exported (listed below).`);
  if (s.skipped > 0) parts.push(`${photos(s.skipped)} not started.`);
  return parts.join(' ');
}

/** One failure's line: "IMG_1.jpg: the reason". */
export function failureLine(name: string | null, reason: string): string {
  return `${name ?? 'A photo no longer in the library'}: ${reason}`;
}
