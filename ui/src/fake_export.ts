// Owns the fake export used only in a plain browser (no Tauri): a simulated run over the targets' photos that sends
// progress, can be cancelled, and fails every 25th photo so the summary's failure list shows. ?noexport makes every
// request fail as the real command refuses a bad destination.
import { BackendError } from './errors';
import type { Backend, ExportSummary, Targets } from './types';

type FakeExport = Pick<Backend, 'pickFolder' | 'exportPhotos' | 'cancelExport'>;

const BYTES_PER_PHOTO = 480_000;

/** How many photos the targets name (ranges are [start, end) of a view). */
export function targetCount(t: Targets): number {
  return t.ids.length + t.ranges.reduce((n, [a, b]) => n + Math.max(0, b - a), 0);
}

export function createFakeExport(q: URLSearchParams, home: string): FakeExport {
  let running = false;
  let cancelled = false;
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  return {
    async pickFolder() {
      await sleep(50);
      return `${home}/Exported`;
    },
    async exportPhotos(targets, request, onProgress) {
      if (q.has('noexport')) throw new BackendError('invalidInput', `cannot create ${request.dest}: permission denied`);
      if (running) throw new BackendError('busy', 'An export is already running.');
      const total = targetCount(targets);
      if (total === 0) throw new BackendError('invalidInput', 'Select the photos to export.');
      running = true;
      cancelled = false;
      const started = Date.now();
      const summary: ExportSummary = { written: 0, failed: 0, skipped: 0, bytes: 0, elapsedMs: 0, cancelled: false, dest: request.dest, failures: [] };
      try {
        for (let i = 0; i < total; i++) {
          if (cancelled) {
            summary.cancelled = true;
            summary.skipped = total - i;
            break;
          }
          await sleep(40);
          if ((i + 1) % 25 === 0) {
            summary.failed++;
            summary.failures.push({ name: `IMG_${String(i + 1).padStart(4, '0')}.jpg`, reason: 'cannot decode: Premature end of JPEG file' });
          } else {
            summary.written++;
            summary.bytes += request.preset === 'original' ? BYTES_PER_PHOTO * 5 : BYTES_PER_PHOTO;
          }
          onProgress({ done: i + 1, total });
        }
      } finally {
        running = false;
      }
      summary.elapsedMs = Date.now() - started;
      return summary;
    },
    async cancelExport() {
      cancelled = running;
      return running;
    },
  };
}
