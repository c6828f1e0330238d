// Owns the organize half of the in-memory fake backend (plain browser and Vitest): marks, albums (manual order,
// covers, folders, smart albums answered by their query), the tag tree, the views they define, and an undo history of inverse steps; names are checked
// like the engine does (a clear invalidInput error, nothing changed).
import { BackendError } from './errors';
import { applyChange, changeText, NO_MARKS } from './selection/marks';
import type { Album, AlbumKind, AlbumSort, Backend, HistoryState, MarkChange, Marks, Outcome, PhotoOrganization, QueryProblem, Tag, Targets, View } from './types';

/** What the organize half needs from the photo half. */
export interface PhotoSource {
  /** Every photo id, in date order (newest first). */
  ids(): Int32Array;
  /** The view's photo ids in its order (views the photo half owns: all, folder). */
  viewIds(view: View): Int32Array;
  has(id: number): boolean;
  sleep(): Promise<void>;
  /** Ids matching a query, in date order (a smart album's photos). */
  matching(query: string): number[];
  /** What is wrong with a query (null: it parses). */
  problem(query: string): QueryProblem | null;
}

interface Step {
  label: string;
  undo(): void;
  redo(): void;
}

interface FakeAlbum {
  id: number;
  name: string;
  kind: AlbumKind | 'smart';
  parentId: number | null;
  query: string | null;
  members: number[];
  cover: number | null;
  sort: AlbumSort;
}

type OrganizeBackend = Pick<
  Backend,
  | 'mark'
  | 'caption'
  | 'albums'
  | 'createAlbum'
  | 'renameAlbum'
  | 'moveAlbum'
  | 'deleteAlbum'
  | 'addToAlbum'
  | 'removeFromAlbum'
  | 'reorderAlbum'
  | 'setAlbumCover'
  | 'setAlbumSort'
  | 'tags'
  | 'suggestTags'
  | 'tagPhotos'
  | 'untagPhotos'
  | 'renameTag'
  | 'deleteTag'
  | 'photoOrganization'
  | 'undo'
  | 'redo'
  | 'historyState'
  | 'onOrganizeChanged'
  | 'createSmartAlbum'
  | 'setAlbumQuery'
>;

export interface FakeOrganize extends OrganizeBackend {
  marksOf(id: number): Marks;
  /** Ids of a view this half owns (album, tag, favourites, picks, rejected), in its order; null for the others. */
  viewIds(view: View): number[] | null;
  /** True for a manual-order album (its timeline is one section, "manual"). */
  isManual(view: View): boolean;
  /** Called after every change (the photo half drops its caches). */
  onChange: (() => void) | null;
  /** Called with the photos each new step changed (the XMP half counts them as pending). */
  onStep: ((photos: number) => void) | null;
  /** The ids of targets: the view's ranges, then the explicit ids, each once (the clean-up half trashes them). */
  resolve(t: Targets): number[];
}

const MAX_TITLE = 1000;
const MAX_DESCRIPTION = 20000;

/** The engine's caption rules: trimmed, blank clears, a title is one line, no other control characters, limits. */
export function checkCaption(what: 'title' | 'description', text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const max = what === 'title' ? MAX_TITLE : MAX_DESCRIPTION;
  const n = [...t].length;
  if (n > max) throw new BackendError('invalidInput', `the ${what} is ${n} characters long; at most ${max} are kept`);
  const bad = what === 'title' ? /[\u0000-\u001f\u007f]/ : /[\u0000-\u0008\u000b-\u001f\u007f]/;
  const hit = bad.exec(t);
  if (hit) {
    const code = hit[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new BackendError('invalidInput', `the ${what} holds the control character U+${code}${what === 'title' ? ' (a title is one line)' : ''}`);
  }
  return t;
}

const MAX_NAME = 255;

/** The engine's name rules: not empty, at most 255 characters, no control characters; tag paths split on '/'. */
export function checkName(what: string, name: string, slashes = false): string {
  const n = name.trim();
  if (n.length === 0) throw new BackendError('invalidInput', `${what} name is empty.`);
  if ([...n].length > MAX_NAME) throw new BackendError('invalidInput', `${what} name is ${[...n].length} characters long; at most ${MAX_NAME}.`);
  if (/[\u0000-\u001f\u007f]/.test(n)) throw new BackendError('invalidInput', `${what} name contains a control character.`);
  if (slashes && n.split('/').some((p) => p.trim() === '')) throw new BackendError('invalidInput', `${what} “${n}” has an empty part.`);
  return slashes ? n.split('/').map((p) => p.trim()).join('/') : n;
}

export function createFakeOrganize(src: PhotoSource): FakeOrganize {
  const marks = new Map<number, Marks>();
  const captions = new Map<number, { title: string | null; description: string | null }>();
  const albums = new Map<number, FakeAlbum>();
  const tagged = new Map<string, Set<number>>();
  const tagIds = new Map<string, number>();
  const listeners = new Set<(h: HistoryState) => void>();
  const done: Step[] = [];
  const undone: Step[] = [];
  let nextAlbum = 1;
  let nextTag = 1;
  let rev = 0;

  const state = (): HistoryState => ({ rev, undo: done[done.length - 1]?.label ?? null, redo: undone[undone.length - 1]?.label ?? null });
  function changed(): void {
    rev++;
    self.onChange?.();
    const h = state();
    for (const cb of listeners) cb(h);
  }
  function record(label: string, changedN: number, undo: () => void, redo: () => void): Outcome {
    done.push({ label, undo, redo });
    undone.length = 0;
    changed();
    if (changedN > 0) self.onStep?.(changedN);
    return { changed: changedN, step: done.length, label };
  }
  function album(id: number): FakeAlbum {
    const a = albums.get(id);
    if (!a) throw new BackendError('notFound', `There is no album ${id}.`);
    return a;
  }
  function photoAlbum(id: number): FakeAlbum {
    const a = album(id);
    if (a.kind === 'smart') throw new BackendError('invalidInput', `“${a.name}” is a smart album: it holds the photos its query finds.`);
    if (a.kind !== 'album') throw new BackendError('invalidInput', `“${a.name}” is an album folder: it holds albums, not photos.`);
    return a;
  }
  function resolve(t: Targets): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    const add = (id: number): void => {
      if (!seen.has(id)) {
        seen.add(id);
        out.push(id);
      }
    };
    if (t.ranges.length > 0) {
      if (!t.view) throw new BackendError('invalidInput', 'Index ranges need a view.');
      const ids = Array.from(src.viewIds(t.view));
      for (const [a, b] of t.ranges) {
        if (a < 0 || b > ids.length || a >= b) throw new BackendError('invalidInput', `The range ${a}..${b} is outside the view's ${ids.length} photos.`);
        for (let i = a; i < b; i++) add(ids[i]!);
      }
    }
    for (const id of t.ids) {
      if (!src.has(id)) throw new BackendError('notFound', `There is no photo ${id}.`);
      add(id);
    }
    return out;
  }
  const plural = (n: number): string => `${n.toLocaleString('en-US')} photo${n === 1 ? '' : 's'}`;
  /** Tag paths with this one and its descendants. */
  const subtree = (path: string): string[] => [...tagged.keys()].filter((p) => p === path || p.startsWith(`${path}/`));
  function ensureTag(path: string): void {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (!tagged.has(p)) tagged.set(p, new Set());
      if (!tagIds.has(p)) tagIds.set(p, nextTag++);
    }
  }
  function tagList(): Tag[] {
    const paths = [...tagged.keys()].sort((a, b) => a.localeCompare(b));
    return paths.map((p) => {
      const union = new Set<number>();
      for (const q of subtree(p)) for (const id of tagged.get(q)!) union.add(id);
      const cut = p.lastIndexOf('/');
      return { id: tagIds.get(p)!, parentId: cut < 0 ? null : (tagIds.get(p.slice(0, cut)) ?? null), name: p.slice(cut + 1), path: p, count: union.size };
    });
  }
  function albumDto(a: FakeAlbum): Album {
    if (a.kind === 'smart') {
      const ids = src.matching(a.query ?? '');
      return { id: a.id, name: a.name, kind: a.kind, parentId: a.parentId, count: ids.length, coverId: ids[0] ?? null, sort: 'date', query: a.query };
    }
    const count = a.kind === 'album' ? a.members.length : 0;
    const first = a.sort === 'manual' ? a.members[0] : dateOrder(a.members)[0];
    return { id: a.id, name: a.name, kind: a.kind, parentId: a.parentId, count, coverId: a.cover ?? first ?? null, sort: a.sort, query: null };
  }
  function checkQuery(query: string): string {
    if (query.trim() === '') throw new BackendError('invalidInput', 'A smart album needs a query.');
    const p = src.problem(query);
    if (p) throw new BackendError('invalidInput', p.message);
    return query.trim();
  }
  function dateOrder(members: readonly number[]): number[] {
    const set = new Set(members);
    return Array.from(src.ids()).filter((id) => set.has(id));
  }
  function snapshotMarks(ids: readonly number[]): Map<number, Marks | undefined> {
    return new Map(ids.map((id) => [id, marks.get(id)]));
  }
  function restoreMarks(snap: Map<number, Marks | undefined>): void {
    for (const [id, m] of snap) {
      if (m) marks.set(id, m);
      else marks.delete(id);
    }
  }
  function checkRating(c: MarkChange): void {
    if (c.rating !== null && (c.rating < 0 || c.rating > 5 || !Number.isInteger(c.rating))) {
      throw new BackendError('invalidInput', `A rating is 0 to 5 stars, not ${c.rating}.`);
    }
  }

  const self: FakeOrganize = {
    onChange: null,
    onStep: null,
    marksOf: (id) => marks.get(id) ?? NO_MARKS,
    resolve,
    isManual: (view) => view.kind === 'album' && !view.query?.trim() && albums.get(view.id)?.sort === 'manual' && albums.get(view.id)?.kind === 'album',
    viewIds(view) {
      switch (view.kind) {
        case 'album': {
          const a = albums.get(view.id);
          if (!a) return [];
          if (a.kind === 'smart') return src.matching(a.query ?? '');
          return a.sort === 'manual' ? a.members.slice() : dateOrder(a.members);
        }
        case 'tag': {
          const path = [...tagIds].find(([, id]) => id === view.id)?.[0];
          const set = new Set<number>();
          if (path) for (const p of subtree(path)) for (const id of tagged.get(p)!) set.add(id);
          return Array.from(src.ids()).filter((id) => set.has(id));
        }
        case 'favourites':
        case 'picks':
        case 'rejected': {
          const want = (m: Marks): boolean =>
            view.kind === 'favourites' ? m.favourite : view.kind === 'picks' ? m.flag === 'pick' : m.flag === 'reject';
          const hit = new Set([...marks].filter(([, m]) => want(m)).map(([id]) => id));
          return Array.from(src.ids()).filter((id) => hit.has(id));
        }
        default:
          return null;
      }
    },
    async mark(targets, c) {
      await src.sleep();
      checkRating(c);
      const ids = resolve(targets);
      const before = snapshotMarks(ids);
      const apply = (): void => {
        for (const id of ids) marks.set(id, applyChange(marks.get(id) ?? NO_MARKS, c));
      };
      apply();
      return record(`${changeText(c)} (${plural(ids.length)})`, ids.length, () => restoreMarks(before), apply);
    },
    async caption(targets, c) {
      await src.sleep();
      const title = c.title === null ? undefined : checkCaption('title', c.title);
      const description = c.description === null ? undefined : checkCaption('description', c.description);
      if (title === undefined && description === undefined) throw new BackendError('invalidInput', 'nothing to change: give a title or a description');
      const ids = resolve(targets).filter((id) => {
        const old = captions.get(id) ?? { title: null, description: null };
        return (title !== undefined && old.title !== title) || (description !== undefined && old.description !== description);
      });
      const before = new Map(ids.map((id) => [id, captions.get(id)]));
      const apply = (): void => {
        for (const id of ids) {
          const old = captions.get(id) ?? { title: null, description: null };
          captions.set(id, { title: title === undefined ? old.title : title, description: description === undefined ? old.description : description });
        }
      };
      const restore = (): void => before.forEach((v, id) => (v ? captions.set(id, v) : captions.delete(id)));
      apply();
      const verb = (v: string | null | undefined): string => (v === null ? 'Clear' : 'Set');
      const what = title !== undefined && description !== undefined ? 'Edit caption' : title !== undefined ? `${verb(title)} title` : `${verb(description)} description`;
      if (ids.length === 0) return { changed: 0, step: null, label: `${what} (0 photos)` };
      return record(`${what} (${plural(ids.length)})`, ids.length, restore, apply);
    },
    async albums() {
      await src.sleep();
      return [...albums.values()].map(albumDto);
    },
    async createAlbum(name, parentId, kind) {
      await src.sleep();
      const n = checkName(kind === 'folder' ? 'An album folder' : 'An album', name);
      if (parentId !== null && album(parentId).kind !== 'folder') throw new BackendError('invalidInput', 'Albums go inside album folders, not inside albums.');
      const a: FakeAlbum = { id: nextAlbum++, name: n, kind, parentId, query: null, members: [], cover: null, sort: 'manual' };
      albums.set(a.id, a);
      record(`Create ${kind === 'folder' ? 'album folder' : 'album'} “${n}”`, 0, () => albums.delete(a.id), () => albums.set(a.id, a));
      return albumDto(a);
    },
    async createSmartAlbum(name, parentId, query) {
      await src.sleep();
      const n = checkName('A smart album', name);
      const q = checkQuery(query);
      if (parentId !== null && album(parentId).kind !== 'folder') throw new BackendError('invalidInput', 'Albums go inside album folders, not inside albums.');
      const a: FakeAlbum = { id: nextAlbum++, name: n, kind: 'smart', parentId, query: q, members: [], cover: null, sort: 'date' };
      albums.set(a.id, a);
      record(`Create smart album “${n}”`, 0, () => albums.delete(a.id), () => albums.set(a.id, a));
      return albumDto(a);
    },
    async setAlbumQuery(id, query) {
      await src.sleep();
      const a = album(id);
      if (a.kind !== 'smart') throw new BackendError('invalidInput', `“${a.name}” is not a smart album: its photos are chosen by hand.`);
      const q = checkQuery(query);
      const old = a.query;
      a.query = q;
      return record(`Change the query of “${a.name}”`, 0, () => (a.query = old), () => (a.query = q));
    },
    async renameAlbum(id, name) {
      await src.sleep();
      const a = album(id);
      const n = checkName('An album', name);
      const old = a.name;
      a.name = n;
      return record(`Rename “${old}” to “${n}”`, 0, () => (a.name = old), () => (a.name = n));
    },
    async moveAlbum(id, parentId) {
      await src.sleep();
      const a = album(id);
      for (let p = parentId; p !== null; p = album(p).parentId) {
        if (p === id) throw new BackendError('invalidInput', `“${a.name}” cannot move into itself or one of its own folders.`);
      }
      if (parentId !== null && album(parentId).kind !== 'folder') throw new BackendError('invalidInput', 'Albums go inside album folders, not inside albums.');
      const old = a.parentId;
      a.parentId = parentId;
      return record(`Move “${a.name}”`, 0, () => (a.parentId = old), () => (a.parentId = parentId));
    },
    async deleteAlbum(id) {
      await src.sleep();
      const a = album(id);
      const gone = [...albums.values()].filter((x) => {
        for (let p: number | null = x.id; p !== null; p = albums.get(p)?.parentId ?? null) if (p === id) return true;
        return false;
      });
      const del = (): void => gone.forEach((x) => albums.delete(x.id));
      del();
      return record(`Delete “${a.name}”`, 0, () => gone.forEach((x) => albums.set(x.id, x)), del);
    },
    async addToAlbum(id, targets) {
      await src.sleep();
      const a = photoAlbum(id);
      const have = new Set(a.members);
      const add = resolve(targets).filter((x) => !have.has(x));
      const before = a.members.slice();
      const after = a.members.concat(add);
      a.members = after;
      return record(`Add ${plural(add.length)} to “${a.name}”`, add.length, () => (a.members = before), () => (a.members = after));
    },
    async removeFromAlbum(id, targets) {
      await src.sleep();
      const a = photoAlbum(id);
      const drop = new Set(resolve(targets));
      const before = a.members.slice();
      const after = a.members.filter((x) => !drop.has(x));
      const cover = a.cover;
      a.members = after;
      if (a.cover !== null && drop.has(a.cover)) a.cover = null;
      return record(`Remove ${plural(before.length - after.length)} from “${a.name}”`, before.length - after.length, () => {
        a.members = before;
        a.cover = cover;
      }, () => (a.members = after));
    },
    async reorderAlbum(id, targets, place) {
      await src.sleep();
      const a = photoAlbum(id);
      const moving = resolve(targets);
      const set = new Set(moving);
      if (moving.some((x) => !a.members.includes(x))) throw new BackendError('invalidInput', `Only photos in “${a.name}” can be reordered in it.`);
      const rest = a.members.filter((x) => !set.has(x));
      let at: number;
      if (place.kind === 'first') at = 0;
      else if (place.kind === 'last') at = rest.length;
      else {
        if (set.has(place.id)) throw new BackendError('invalidInput', 'Photos cannot move next to themselves.');
        const k = rest.indexOf(place.id);
        if (k < 0) throw new BackendError('notFound', `Photo ${place.id} is not in “${a.name}”.`);
        at = place.kind === 'before' ? k : k + 1;
      }
      const before = a.members.slice();
      const after = [...rest.slice(0, at), ...moving, ...rest.slice(at)];
      a.members = after;
      return record(`Reorder ${plural(moving.length)} in “${a.name}”`, moving.length, () => (a.members = before), () => (a.members = after));
    },
    async setAlbumCover(id, photo) {
      await src.sleep();
      const a = photoAlbum(id);
      if (photo !== null && !a.members.includes(photo)) throw new BackendError('invalidInput', `Photo ${photo} is not in “${a.name}”.`);
      const old = a.cover;
      a.cover = photo;
      return record(`Set the cover of “${a.name}”`, 1, () => (a.cover = old), () => (a.cover = photo));
    },
    async setAlbumSort(id, sort) {
      await src.sleep();
      const a = photoAlbum(id);
      const old = a.sort;
      a.sort = sort;
      return record(`Sort “${a.name}” by ${sort === 'manual' ? 'manual order' : 'date'}`, 0, () => (a.sort = old), () => (a.sort = sort));
    },
    async tags() {
      await src.sleep();
      return tagList();
    },
    async suggestTags(prefix, limit) {
      await src.sleep();
      const p = prefix.trim().toLowerCase();
      return tagList()
        .filter((t) => p === '' || t.path.toLowerCase().split('/').some((c) => c.startsWith(p)))
        .slice(0, limit);
    },
    async tagPhotos(path, targets) {
      await src.sleep();
      const p = checkName('A tag', path, true);
      const ids = resolve(targets);
      const existed = new Set(tagged.keys());
      ensureTag(p);
      const set = tagged.get(p)!;
      const add = ids.filter((id) => !set.has(id));
      const apply = (): void => {
        ensureTag(p);
        for (const id of add) tagged.get(p)!.add(id);
      };
      apply();
      return record(`Tag ${plural(add.length)} “${p}”`, add.length, () => {
        for (const id of add) tagged.get(p)?.delete(id);
        for (const k of [...tagged.keys()]) if (!existed.has(k)) tagged.delete(k);
      }, apply);
    },
    async untagPhotos(path, targets) {
      await src.sleep();
      const set = tagged.get(path);
      if (!set) throw new BackendError('notFound', `There is no tag “${path}”.`);
      const drop = resolve(targets).filter((id) => set.has(id));
      const apply = (): void => drop.forEach((id) => set.delete(id));
      apply();
      return record(`Untag ${plural(drop.length)} “${path}”`, drop.length, () => drop.forEach((id) => set.add(id)), apply);
    },
    async renameTag(from, to) {
      await src.sleep();
      if (!tagged.has(from)) throw new BackendError('notFound', `There is no tag “${from}”.`);
      const dest = checkName('A tag', to, true);
      if (dest === from || dest.startsWith(`${from}/`)) throw new BackendError('invalidInput', `“${from}” cannot move into itself.`);
      const before = new Map([...tagged].map(([k, v]) => [k, new Set(v)]));
      const merged = tagged.has(dest);
      const apply = (): void => {
        for (const p of subtree(from)) {
          const q = dest + p.slice(from.length);
          ensureTag(q);
          for (const id of tagged.get(p)!) tagged.get(q)!.add(id);
          tagged.delete(p);
        }
      };
      apply();
      return record(`${merged ? 'Merge' : 'Rename'} tag “${from}” ${merged ? 'into' : 'to'} “${dest}”${merged ? ' (merged)' : ''}`, 0, () => {
        tagged.clear();
        for (const [k, v] of before) tagged.set(k, new Set(v));
      }, apply);
    },
    async deleteTag(path) {
      await src.sleep();
      if (!tagged.has(path)) throw new BackendError('notFound', `There is no tag “${path}”.`);
      const gone = subtree(path).map((p) => [p, tagged.get(p)!] as const);
      const del = (): void => gone.forEach(([p]) => tagged.delete(p));
      del();
      return record(`Delete tag “${path}”`, 0, () => gone.forEach(([p, s]) => tagged.set(p, s)), del);
    },
    async photoOrganization(id): Promise<PhotoOrganization> {
      await src.sleep();
      if (!src.has(id)) throw new BackendError('notFound', `There is no photo ${id}.`);
      return {
        marks: marks.get(id) ?? NO_MARKS,
        title: captions.get(id)?.title ?? null,
        description: captions.get(id)?.description ?? null,
        tags: [...tagged].filter(([, s]) => s.has(id)).map(([p]) => p).sort(),
        albums: [...albums.values()].filter((a) => a.members.includes(id)).map((a) => ({ id: a.id, name: a.name })),
      };
    },
    async undo() {
      await src.sleep();
      const s = done.pop();
      if (!s) return null;
      s.undo();
      undone.push(s);
      changed();
      return { changed: 0, step: done.length, label: s.label };
    },
    async redo() {
      await src.sleep();
      const s = undone.pop();
      if (!s) return null;
      s.redo();
      done.push(s);
      changed();
      return { changed: 0, step: done.length, label: s.label };
    },
    async historyState() {
      return state();
    },
    async onOrganizeChanged(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  return self;
}
