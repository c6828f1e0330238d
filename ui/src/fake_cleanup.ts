// Owns the clean-up half of the in-memory fake backend: a few duplicate groups over the first photos (exact, copies,
// a burst), their members' compared fields, the keeper rules, "not duplicates", resolving (the others to a pretend
// trash), trashing a selection, "Recently deleted" and putting back. `?trashfail` makes every move fail as a volume
// without a trash does (nothing moves; the reason is reported per photo).
import { BackendError } from './errors';
import type {
  Backend,
  DuplicateGroup,
  DuplicateMember,
  FileOutcome,
  KeeperRule,
  PhotoInfo,
  PhotoOrganization,
  Targets,
  Trashed,
} from './types';

type CleanupBackend = Pick<
  Backend,
  | 'duplicateGroups'
  | 'duplicateMembers'
  | 'keeperRules'
  | 'setKeeperRules'
  | 'notDuplicates'
  | 'resolveDuplicates'
  | 'trashPhotos'
  | 'trashedPhotos'
  | 'putBackPhotos'
>;

export interface FakeCleanup extends CleanupBackend {
  /** Whether photo `id` is in the pretend trash (views leave it out). */
  isTrashed(id: number): boolean;
}

export interface CleanupDeps {
  sleep(): Promise<void>;
  has(id: number): boolean;
  info(id: number): Promise<PhotoInfo>;
  organization(id: number): Promise<PhotoOrganization>;
  /** The ids of targets (explicit ids and a view's ranges). */
  resolve(t: Targets): number[];
  /** After photos left or came back: views, counts. */
  changed(): void;
}

const DEFAULT_RULES: KeeperRule[] = ['resolution', 'format', 'exifDate', 'oldest', 'preferredFolder'];
const NO_TRASH = 'this volume has no usable trash: Shoebox deletes nothing permanently, so the file stays';
const SEEDS: Pick<DuplicateGroup, 'kind' | 'photos'>[] = [
  { kind: 'exact', photos: [3, 4] },
  { kind: 'copy', photos: [8, 9, 10] },
  { kind: 'copy', photos: [15, 16] },
  { kind: 'similar', photos: [21, 22, 23, 24] },
];

export function createFakeCleanup(q: URLSearchParams, deps: CleanupDeps): FakeCleanup {
  const failing = q.has('trashfail');
  let rules = [...DEFAULT_RULES];
  const apart = new Set<string>();
  const trash = new Map<number, Trashed>();
  const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

  async function member(id: number): Promise<DuplicateMember> {
    const p = await deps.info(id);
    const o = await deps.organization(id);
    const slash = p.path.lastIndexOf('/');
    return {
      id,
      rev: 0,
      name: p.path.slice(slash + 1),
      folder: p.path.slice(0, slash),
      path: p.path,
      // The copies of a group differ the way real ones do: a smaller size, another format.
      width: id % 2 === 0 ? p.width : Math.round(p.width / 2),
      height: id % 2 === 0 ? p.height : Math.round(p.height / 2),
      format: id % 3 === 0 ? 'webp' : p.format,
      size: p.size,
      takenAt: p.takenAt,
      takenAtSource: p.takenAtSource,
      dated: p.dated,
      modifiedMs: 1_700_000_000_000 + id * 60_000,
      marks: o.marks,
      albums: o.albums.map((a) => a.name),
      tags: o.tags,
    };
  }

  async function moveToTrash(ids: number[]): Promise<FileOutcome[]> {
    const out: FileOutcome[] = [];
    for (const id of ids) {
      const p = await deps.info(id);
      if (failing) out.push({ photo: id, path: p.path, ok: false, to: null, error: NO_TRASH, note: null });
      else if (trash.has(id) || !deps.has(id)) {
        out.push({ photo: id, path: p.path, ok: false, to: null, error: 'the file is already gone', note: null });
      } else {
        const slash = p.path.lastIndexOf('/');
        trash.set(id, {
          photo: id,
          rev: 0,
          name: p.path.slice(slash + 1),
          path: p.path,
          trashedAt: Math.floor(Date.now() / 1000),
          sidecars: [],
        });
        out.push({ photo: id, path: p.path, ok: true, to: `/home/you/.local/share/Trash/files/${p.path.slice(slash + 1)}`, error: null, note: null });
      }
    }
    if (out.some((o) => o.ok)) deps.changed();
    return out;
  }

  return {
    isTrashed: (id) => trash.has(id),
    async duplicateGroups(kind) {
      await deps.sleep();
      return SEEDS.filter((g) => (kind === null || g.kind === kind) && g.photos.every((id) => deps.has(id) && !trash.has(id)))
        .filter((g) => !g.photos.some((a, i) => g.photos.slice(i + 1).some((b) => apart.has(pairKey(a, b)))))
        .map((g) => ({
          ...g,
          keep: rules[0] === 'oldest' ? g.photos[0]! : g.photos.find((id) => id % 2 === 0) ?? g.photos[0]!,
          reason: rules[0] === 'oldest' ? 'oldest file' : 'largest resolution',
        }));
    },
    async duplicateMembers(ids) {
      await deps.sleep();
      return Promise.all(ids.map(member));
    },
    async keeperRules() {
      await deps.sleep();
      return [...rules];
    },
    async setKeeperRules(next) {
      await deps.sleep();
      rules = [...new Set([...next, ...DEFAULT_RULES])];
      return [...rules];
    },
    async notDuplicates(ids) {
      await deps.sleep();
      let added = 0;
      for (const a of ids) {
        for (const b of ids) {
          if (a < b && !apart.has(pairKey(a, b))) {
            apart.add(pairKey(a, b));
            added++;
          }
        }
      }
      return added;
    },
    async resolveDuplicates(groups) {
      await deps.sleep();
      const out = [];
      for (const g of groups) {
        if (!g.photos.includes(g.keep)) {
          out.push({ ...g, merged: 0, trashed: [], error: `photo ${g.keep} is not in the group it should be kept from` });
          continue;
        }
        const trashed = await moveToTrash(g.photos.filter((id) => id !== g.keep));
        out.push({ ...g, merged: 0, trashed, error: null });
      }
      return out;
    },
    async trashPhotos(t) {
      await deps.sleep();
      return moveToTrash(deps.resolve(t));
    },
    async trashedPhotos() {
      await deps.sleep();
      return [...trash.values()].reverse();
    },
    async putBackPhotos(ids) {
      await deps.sleep();
      const out: FileOutcome[] = [];
      for (const id of ids) {
        const t = trash.get(id);
        if (!t) throw new BackendError('notFound', `photo ${id} is not in the trash`);
        trash.delete(id);
        out.push({ photo: id, path: t.path, ok: true, to: t.path, error: null, note: null });
      }
      deps.changed();
      return out;
    },
  };
}
