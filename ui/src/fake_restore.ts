// Owns the fake restore used only in a plain browser (no Tauri): a simulated run through the phases with progress,
// Cancel, and a summary; a remote whose bucket is named "missing" has no backup in it (the real command's refusal).
import { BackendError } from './errors';
import type { Backend, RestorePhase, RestoreSummary } from './types';

type FakeRestore = Pick<Backend, 'restoreBackup' | 'cancelRestore'>;

const PHOTOS = 24;
const BYTES_PER_PHOTO = 2_400_000;

export function createFakeRestore(): FakeRestore {
  let running = false;
  let cancelled = false;
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  return {
    async restoreBackup(request, onProgress) {
      if (running) throw new BackendError('busy', 'A restore is already running.');
      if (/^s3:\/\/missing(\/|$)/.test(request.url)) {
        throw new BackendError('remote', `There is no Shoebox backup at ${request.url} (no library/latest.json).`);
      }
      running = true;
      cancelled = false;
      const started = Date.now();
      try {
        const tell = (phase: RestorePhase, filesDone: number, filesTotal: number, bytesDone = 0, bytesTotal = 0): void =>
          onProgress({ phase, filesDone, filesTotal, bytesDone, bytesTotal });
        tell('snapshot', 0, 0);
        await sleep(60);
        tell('plan', 0, PHOTOS);
        tell('attach', 0, PHOTOS);
        for (let i = 1; i <= PHOTOS; i++) {
          if (cancelled) throw new BackendError('cancelled', 'The restore was cancelled; what was restored stays, and restoring again continues.');
          await sleep(30);
          tell('download', i, PHOTOS, i * BYTES_PER_PHOTO, PHOTOS * BYTES_PER_PHOTO);
        }
      } finally {
        running = false;
      }
      const summary: RestoreSummary = {
        snapshot: 'fake',
        photos: PHOTOS,
        photosAdded: PHOTOS,
        photosPresent: 0,
        albums: 2,
        tags: 5,
        downloaded: PHOTOS,
        skipped: 0,
        failed: 0,
        bytes: PHOTOS * BYTES_PER_PHOTO,
        thumbnails: 0,
        elapsedMs: Date.now() - started,
        dest: request.dest,
        failures: [],
        conflicts: [],
        conflictsTotal: 0,
      };
      return summary;
    },
    async cancelRestore() {
      cancelled = running;
      return running;
    },
  };
}
