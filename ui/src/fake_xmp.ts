// Owns the XMP half of the in-memory fake backend: the sidecar setting and conflict policy, the photos waiting for
// their sidecars (counted from organize steps), "Write now", and a settled conflict to list. `?xmpfail` makes
// every write fail as a read-only folder would (the pane's "not written" line).
import { BackendError } from './errors';
import type { Backend, ConflictPolicy, SidecarMode, XmpConflict, XmpStatus } from './types';

type XmpBackend = Pick<Backend, 'xmpStatus' | 'setXmpSettings' | 'writeSidecars' | 'xmpConflicts'>;

export interface FakeXmp extends XmpBackend {
  /** A step changed `photos` photos: their sidecars wait (written at once while the setting is on). */
  noteChanged(photos: number): void;
}

const MODES: SidecarMode[] = ['off', 'write'];
const POLICIES: ConflictPolicy[] = ['newest', 'sidecar', 'library'];
const READ_ONLY = 'folder is read-only';

export function createFakeXmp(q: URLSearchParams, home: string): FakeXmp {
  const failing = q.has('xmpfail');
  let sidecars: SidecarMode = 'off';
  let conflicts: ConflictPolicy = 'newest';
  let pending = 0;
  let failed = 0;
  const settled: XmpConflict[] = [
    {
      photoId: 1,
      path: `${home}/2019/IMG_00001.JPG`,
      field: 'rating',
      library: '3',
      sidecar: '5',
      kept: '5',
      policy: 'newest',
      at: Math.floor(Date.now() / 1000) - 3600,
    },
  ];
  const status = (): XmpStatus => ({
    sidecars,
    conflicts,
    pending,
    failed: failed > 0 ? [{ reason: READ_ONLY, photos: failed }] : [],
    conflictsRecorded: settled.length,
  });
  const write = (): { written: number; failedNow: number } => {
    if (failing) {
      failed = pending;
      return { written: 0, failedNow: pending };
    }
    const written = pending;
    pending = 0;
    failed = 0;
    return { written, failedNow: 0 };
  };
  return {
    noteChanged(photos) {
      pending += photos;
      if (sidecars === 'write') write();
    },
    async xmpStatus() {
      return status();
    },
    async setXmpSettings(mode, policy) {
      if (mode !== null && !MODES.includes(mode)) throw new BackendError('invalidInput', `xmp.sidecars is off or write, not "${mode}"`);
      if (policy !== null && !POLICIES.includes(policy)) throw new BackendError('invalidInput', `xmp.conflicts is newest, sidecar or library, not "${policy}"`);
      sidecars = mode ?? sidecars;
      conflicts = policy ?? conflicts;
      if (sidecars === 'write') write();
      return status();
    },
    async writeSidecars() {
      const { written, failedNow } = write();
      const paths = Array.from({ length: Math.min(failedNow, 20) }, (_, i) => `${home}/2019/IMG_${String(i + 1).padStart(5, '0')}.JPG.xmp: ${READ_ONLY}`);
      return { written, unchanged: 0, failed: paths, failedCount: failedNow, merged: 0, conflicts: 0, elapsedMs: 3 };
    },
    async xmpConflicts(limit) {
      return settled.slice(0, limit);
    },
  };
}
