// Owns the in-memory fake library used only in a plain browser (no Tauri): synthetic photos, pages, folders, imports.
// Query parameters: ?n=20000 (photos; 0 = empty library), ?latency=40 (ms per call), ?nopictures (no Pictures dir);
// the backup half is in fake_backup.ts, the organize half (marks, captions, albums, tags, history) in fake_organize.ts,
// the XMP half (sidecar settings, pending writes, conflicts) in fake_xmp.ts, clean up (duplicate groups, the
// pretend trash, put back) in fake_cleanup.ts, the query
// language, facets and places in fake_find.ts (over the attributes made here: camera, ISO, place, name).
import { rgbaToThumbHash } from 'thumbhash';
import { BackendError } from './errors';
import { createFakeBackup } from './fake_backup';
import { createFakeCleanup } from './fake_cleanup';
import { createFakeExport } from './fake_export';
import { createFakeRestore } from './fake_restore';
import { checkQuery, facetsOf, matcher, placesOf, type FakeAttrs } from './fake_find';
import { createFakeOrganize } from './fake_organize';
import { createFakeXmp } from './fake_xmp';
import { MANUAL, type Backend, type Failure, type Folder, type MonthCount, type PageRequest, type PhotoInfo, type Progress, type Tile, type TimelinePage, type View } from './types';

const HOME = '/home/you/Pictures';
const SHAPES: [number, number][] = [
  [4032, 3024], [4032, 3024], [3024, 4032], [6000, 4000], [4000, 6000], [1920, 1080], [3000, 3000], [1080, 1920], [8000, 2400],
];
/** Where a photo with a GPS fix was taken (one in two have one). */
const PLACES: [string, string][] = [
  ['Lisbon', 'Portugal'], ['Porto', 'Portugal'], ['Paris', 'France'], ['Lyon', 'France'], ['São Paulo', 'Brazil'],
];
const ISOS = [100, 200, 800, 3200];
const CAMERAS: [string, string, string | null][] = [
  ['Apple', 'iPhone 13 Pro', 'iPhone 13 Pro back triple camera 5.7mm f/1.5'],
  ['FUJIFILM', 'X-T4', 'XF23mmF1.4 R'],
  ['Canon', 'EOS R6', 'RF24-105mm F4 L IS USM'],
  ['Google', 'Pixel 7', null],
];

function hash(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function iso(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

interface Data {
  ids: Int32Array;
  ts: Float64Array;
  month: Int32Array;
  folder: Int32Array;
  byId: Map<number, number>;
}

/** Builds `base` photos going back in time from `start` in bursts (days with 1-40 photos, gaps of days), after
 * `extra` imported ones that are newer than `start` (so imports never move existing photos). */
function build(base: number, extra: number, start: number): Data {
  const n = base + extra;
  const ids = new Int32Array(n);
  const ts = new Float64Array(n);
  const month = new Int32Array(n);
  const folder = new Int32Array(n);
  let t = start;
  let day = 0;
  let left = 0;
  for (let i = 0; i < n; i++) {
    const isExtra = i < extra;
    if (isExtra) {
      ids[i] = 10_000_000 + (extra - i);
      ts[i] = start + (extra - i) * 97;
    } else {
      ids[i] = i - extra + 1;
      if (left === 0) {
        day++;
        left = 1 + (hash(day) % 40);
        t -= 86400 * (hash(day * 7) % 3) + 3600 * (2 + (hash(day * 13) % 20));
      }
      left--;
      t -= 30 + (hash(i - extra) % 900);
      ts[i] = t;
    }
    const d = new Date(ts[i]! * 1000);
    month[i] = d.getUTCFullYear() * 12 + d.getUTCMonth();
    folder[i] = isExtra ? 1 : 2 + (d.getUTCFullYear() % 1000) * 2 + (hash(day) % 4 === 0 ? 1 : 0);
  }
  const byId = new Map<number, number>();
  for (let i = 0; i < n; i++) byId.set(ids[i]!, i);
  return { ids, ts, month, folder, byId };
}

function monthKey(m: string): number {
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

function monthStr(k: number): string {
  return `${Math.floor(k / 12)}-${pad((k % 12) + 1)}`;
}

export function createFakeBackend(search: string): Backend {
  const q = new URLSearchParams(search);
  const latency = Number(q.get('latency') ?? 15);
  const base = Number(q.get('n') ?? 20000);
  let extra = 0;
  const start = Date.UTC(2025, 10, 20, 18, 0, 0) / 1000;
  let data = build(base, extra, start);
  const hashes = new Map<number, string | null>();
  const filters = new Map<string, Int32Array>();
  const changed = new Set<() => void>();
  let served = 0;
  let lastNear = 0;

  const sleep = (ms = latency): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const shapeOf = (i: number): [number, number] => SHAPES[hash(data.ids[i]! * 3) % SHAPES.length]!;
  const colorOf = (i: number): [number, number, number] => {
    const dayHue = hash(Math.floor(data.ts[i]! / 86400)) % 360;
    return hsl((dayHue + (hash(data.ids[i]!) % 50)) % 360, 0.45, 0.32 + (hash(data.ids[i]! * 5) % 30) / 100);
  };

  function folderList(): Folder[] {
    const counts = new Map<number, number>();
    for (let i = 0; i < data.folder.length; i++) counts.set(data.folder[i]!, (counts.get(data.folder[i]!) ?? 0) + 1);
    const out: Folder[] = [{ id: 1, path: HOME, name: 'Pictures', parentId: null, count: counts.get(1) ?? 0, isRoot: true }];
    const yearIds = new Set<number>();
    for (const k of counts.keys()) if (k > 1) yearIds.add(k - (k % 2));
    for (const yearId of [...yearIds].sort((a, b) => b - a)) {
      const year = 2000 + (yearId - 2) / 2;
      out.push({ id: yearId, path: `${HOME}/${year}`, name: String(year), parentId: 1, count: counts.get(yearId) ?? 0, isRoot: false });
      const trips = counts.get(yearId + 1);
      if (trips) out.push({ id: yearId + 1, path: `${HOME}/${year}/Trips`, name: 'Trips', parentId: yearId, count: trips, isRoot: false });
    }
    return out;
  }

  const organize = createFakeOrganize({
    ids: () => data.ids,
    viewIds: (view) => Int32Array.from(indices(view), (i) => data.ids[i]!),
    has: (id) => data.byId.has(id),
    sleep: () => sleep(),
    matching: (query) => Array.from(indices({ kind: 'all', query }), (i) => data.ids[i]!),
    problem: (query) => checkQuery(query),
  });

  /** What a query reads of photo index `i`. */
  function attrs(i: number): FakeAttrs {
    const id = data.ids[i]!;
    const cam = CAMERAS[hash(id * 17) % CAMERAS.length]!;
    const place = hash(id * 19) % 2 === 0 ? PLACES[hash(id * 47) % PLACES.length]! : null;
    const m = organize.marksOf(id);
    return {
      id,
      name: `IMG_${pad(id, 5)}.JPG`,
      make: cam[0],
      model: cam[1],
      year: new Date(data.ts[i]! * 1000).getUTCFullYear(),
      iso: ISOS[hash(id * 41) % ISOS.length]!,
      rating: m.rating,
      favourite: m.favourite,
      city: place ? place[0] : null,
      country: place ? place[1] : null,
    };
  }
  /** The attributes of a view's photos (without its query). */
  const viewAttrs = (view: View): FakeAttrs[] => Array.from(indices({ ...view, query: null }), attrs);
  /** Refuses a query that does not parse, as the engine does (invalidInput, its message). */
  function parsed(query: string | null | undefined): string {
    const q = query ?? '';
    const p = checkQuery(q);
    if (p) throw new BackendError('invalidInput', p.message);
    return q;
  }
  organize.onChange = () => filters.clear();
  const xmp = createFakeXmp(q, HOME);
  organize.onStep = (photos) => xmp.noteChanged(photos);
  const cleanup = createFakeCleanup(q, {
    sleep: () => sleep(),
    has: (id) => data.byId.has(id),
    info: (id) => backend.photoInfo(id),
    organization: (id) => organize.photoOrganization(id),
    resolve: (t) => organize.resolve(t),
    changed: () => emitChanged(),
  });

  /** Photo indices of a view, in its order (a folder's include its sub-folders'), narrowed by its query. */
  function indices(view: View): Int32Array {
    const key = JSON.stringify(view);
    const hit = filters.get(key);
    if (hit) return hit;
    if (view.query?.trim()) {
      const keep = matcher(parsed(view.query));
      const arr = indices({ ...view, query: null }).filter((i) => keep(attrs(i)));
      filters.set(key, arr);
      return arr;
    }
    const own = organize.viewIds(view);
    if (own) {
      const arr = Int32Array.from(own.filter((id) => !cleanup.isTrashed(id)), (id) => data.byId.get(id) ?? 0);
      filters.set(key, arr);
      return arr;
    }
    const folderId = view.kind === 'folder' ? view.id : null;
    const keep = new Set<number>();
    if (folderId !== null) {
      keep.add(folderId);
      const fl = folderList();
      let grew = true;
      while (grew) {
        grew = false;
        for (const f of fl) {
          if (f.parentId !== null && keep.has(f.parentId) && !keep.has(f.id)) {
            keep.add(f.id);
            grew = true;
          }
        }
      }
    }
    const out: number[] = [];
    for (let i = 0; i < data.ids.length; i++) {
      if ((folderId === null || keep.has(data.folder[i]!)) && !cleanup.isTrashed(data.ids[i]!)) out.push(i);
    }
    const arr = Int32Array.from(out);
    filters.set(key, arr);
    return arr;
  }

  function thumbhashOf(i: number): string | null {
    const id = data.ids[i]!;
    if (hash(id * 11) % 3 === 0) return null;
    let h = hashes.get(id);
    if (h !== undefined) return h;
    const [w, ht] = shapeOf(i);
    const tw = w >= ht ? 16 : Math.max(4, Math.round((16 * w) / ht));
    const th = ht >= w ? 16 : Math.max(4, Math.round((16 * ht) / w));
    const [r, g, b] = colorOf(i);
    const rgba = new Uint8Array(tw * th * 4);
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const k = (y * tw + x) * 4;
        const sky = y < th * 0.55;
        const f = sky ? 1.35 - (y / th) * 0.5 : 0.6 + (x / tw) * 0.2;
        rgba[k] = Math.min(255, r * f);
        rgba[k + 1] = Math.min(255, g * f);
        rgba[k + 2] = Math.min(255, b * (sky ? f * 1.2 : f));
        rgba[k + 3] = 255;
      }
    }
    const bytes = rgbaToThumbHash(tw, th, rgba);
    h = btoa(String.fromCharCode(...bytes));
    hashes.set(id, h);
    return h;
  }

  /** A few photos whose thumbnails "failed" (about one in 500), with the reason the page carries. */
  function brokenOf(id: number): string | null {
    return hash(id * 43) % 500 === 0 ? 'Not a JPEG file: starts with 0x00 0x00.' : null;
  }

  function tile(i: number): Tile {
    const [w, h] = shapeOf(i);
    return { id: data.ids[i]!, width: w, height: h, takenAt: iso(data.ts[i]!), dated: true, color: hex(colorOf(i)), thumbhash: thumbhashOf(i), rev: 1, broken: brokenOf(data.ids[i]!), marks: organize.marksOf(data.ids[i]!) };
  }

  /** A JPEG data URL (decoded off the main thread, like the real WebP thumbnails), shared per colour/shape/size. */
  const images = new Map<string, string>();
  function imageUrl(id: number, size: number): string {
    const i = data.byId.get(id);
    if (i === undefined) return 'data:,';
    const shape = hash(id * 3) % SHAPES.length;
    const [w, h] = SHAPES[shape]!;
    const c = colorOf(i);
    const q = c.map((v) => Math.round(v / 24) * 24) as [number, number, number];
    const key = `${q.join(',')}/${shape}/${size}`;
    const hit = images.get(key);
    if (hit) return hit;
    const s = size / Math.max(w, h);
    const W = Math.round(w * s);
    const H = Math.round(h * s);
    const cv = document.createElement('canvas');
    cv.width = W;
    cv.height = H;
    const g = cv.getContext('2d');
    if (!g) return 'data:,';
    const grad = g.createLinearGradient(0, 0, 0, H);
    grad.addColorStop(0, hex(q.map((v) => Math.min(255, Math.round(v * 1.35))) as [number, number, number]));
    grad.addColorStop(1, hex(q));
    g.fillStyle = grad;
    g.fillRect(0, 0, W, H);
    g.fillStyle = hex(hsl((hash(shape) % 60) + 20, 0.9, 0.7));
    g.beginPath();
    g.arc(W * 0.72, H * 0.3, Math.min(W, H) * 0.1, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = hex([Math.round(q[0] * 0.55), Math.round(q[1] * 0.55), Math.round(q[2] * 0.55)]);
    g.beginPath();
    g.moveTo(0, H * 0.7);
    g.lineTo(W * 0.3, H * 0.45);
    g.lineTo(W * 0.55, H * 0.65);
    g.lineTo(W * 0.8, H * 0.5);
    g.lineTo(W, H * 0.62);
    g.lineTo(W, H);
    g.lineTo(0, H);
    g.fill();
    const url = cv.toDataURL('image/jpeg', 0.82);
    images.set(key, url);
    return url;
  }

  function emitChanged(): void {
    filters.clear();
    for (const cb of changed) cb();
  }

  const backend: Backend = {
    async timelineMonths(view): Promise<MonthCount[]> {
      await sleep();
      const idx = indices(view);
      if (organize.isManual(view)) return idx.length > 0 ? [{ month: MANUAL, count: idx.length }] : [];
      const out: MonthCount[] = [];
      let cur = -1;
      for (let k = 0; k < idx.length; k++) {
        const m = data.month[idx[k]!]!;
        if (m !== cur) {
          out.push({ month: monthStr(m), count: 0 });
          cur = m;
        }
        out[out.length - 1]!.count++;
      }
      return out;
    },
    async timelinePage(req: PageRequest): Promise<TimelinePage> {
      await sleep();
      const idx = indices(req.view);
      let p = 0;
      if (req.fromMonth !== null && !organize.isManual(req.view)) {
        const mk = monthKey(req.fromMonth);
        let lo = 0;
        let hi = idx.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (data.month[idx[mid]!]! > mk) lo = mid + 1;
          else hi = mid;
        }
        p = lo;
      } else if (req.cursor !== null) p = Number(req.cursor);
      const end = Math.min(idx.length, p + Math.min(1000, req.limit));
      const photos: Tile[] = [];
      for (let k = p; k < end; k++) photos.push(tile(idx[k]!));
      served += photos.length;
      return { photos, next: end < idx.length ? String(end) : null };
    },
    async photoInfo(id): Promise<PhotoInfo> {
      await sleep();
      const i = data.byId.get(id) ?? 0;
      const [w, h] = shapeOf(i);
      const cam = CAMERAS[hash(id * 17) % CAMERAS.length]!;
      const withGps = hash(id * 19) % 2 === 0;
      const f = folderList().find((x) => x.id === data.folder[i]) ?? { path: HOME };
      return {
        id,
        path: `${f.path}/IMG_${pad(id, 5)}.JPG`,
        takenAt: iso(data.ts[i]!),
        takenAtOffset: hash(id) % 4 === 0 ? null : '+01:00',
        takenAtSource: hash(id) % 10 === 0 ? 'file' : 'exif',
        dated: hash(id) % 10 !== 0,
        width: w,
        height: h,
        orientation: 1,
        format: 'jpeg',
        size: 1_500_000 + (hash(id * 23) % 6_000_000),
        make: cam[0],
        model: cam[1],
        lens: cam[2],
        focalLength: [24, 35, 50, 85][hash(id * 29) % 4]!,
        aperture: [1.4, 2.8, 4, 8][hash(id * 31) % 4]!,
        exposureTime: 1 / [60, 125, 250, 1000][hash(id * 37) % 4]!,
        iso: [100, 200, 800, 3200][hash(id * 41) % 4]!,
        gpsLat: withGps ? 48.8584 + (hash(id) % 1000) / 1e4 : null,
        gpsLon: withGps ? 2.2945 + (hash(id * 3) % 1000) / 1e4 : null,
        problem: null,
        metaWarning: null,
      };
    },
    async folders() {
      await sleep();
      return folderList();
    },
    async importPaths(paths: string[], onProgress: (p: Progress) => void) {
      const add = base === 0 ? 3000 : 300;
      for (let k = 0; k <= 10; k++) {
        await sleep(80);
        onProgress({ phase: 'scan', done: k * 37, total: null });
      }
      extra += add;
      data = build(base, extra, start);
      emitChanged();
      void (async () => {
        for (let k = 0; k <= 20; k++) {
          await sleep(100);
          onProgress({ phase: 'thumbs', done: Math.round((add * k) / 20), total: add });
        }
      })();
      return { seen: add + paths.length, added: add, updated: 0, unchanged: paths.length, removed: 0, failed: 0 };
    },
    async picturesDir() {
      return q.has('nopictures') ? null : HOME;
    },
    async openedFiles() {
      return [];
    },
    async setViewport(visible, near) {
      lastNear = visible.length + near.length;
    },
    async diagnostics() {
      await sleep(5);
      return {
        photos: data.ids.length,
        folders: folderList().length,
        failed: 3,
        hashed: data.ids.length - 12,
        queueDepth: lastNear,
        generated: served,
        thumbsPerSec: 120 + (hash(Date.now() / 1000) % 60),
        memCacheBytes: 64 * 1024 * 1024,
        memCacheEntries: 4096,
        memHitRate: 0.93,
        serveP50Us: 420,
        serveP99Us: 3800,
        watching: 'off',
      };
    },
    async onLibraryChanged(cb) {
      changed.add(cb);
      return () => changed.delete(cb);
    },
    async onDrop(cb, hover) {
      const over = (e: DragEvent): void => {
        e.preventDefault();
        hover(true);
      };
      const leave = (e: DragEvent): void => {
        if (e.relatedTarget === null) hover(false);
      };
      const drop = (e: DragEvent): void => {
        e.preventDefault();
        hover(false);
        const names = Array.from(e.dataTransfer?.files ?? []).map((f) => `${HOME}/${f.name}`);
        cb(names.length ? names : [`${HOME}/Dropped`]);
      };
      window.addEventListener('dragover', over);
      window.addEventListener('dragleave', leave);
      window.addEventListener('drop', drop);
      return () => {
        window.removeEventListener('dragover', over);
        window.removeEventListener('dragleave', leave);
        window.removeEventListener('drop', drop);
      };
    },
    async pickFolders() {
      await sleep(50);
      return [`${HOME}/Imported`];
    },
    ...createFakeBackup(q, () => data.ids.length),
    ...createFakeExport(q, HOME),
    ...createFakeRestore(),
    ...organize,
    xmpStatus: xmp.xmpStatus,
    setXmpSettings: xmp.setXmpSettings,
    writeSidecars: xmp.writeSidecars,
    xmpConflicts: xmp.xmpConflicts,
    duplicateGroups: cleanup.duplicateGroups,
    duplicateMembers: cleanup.duplicateMembers,
    keeperRules: cleanup.keeperRules,
    setKeeperRules: cleanup.setKeeperRules,
    notDuplicates: cleanup.notDuplicates,
    resolveDuplicates: cleanup.resolveDuplicates,
    trashPhotos: cleanup.trashPhotos,
    trashedPhotos: cleanup.trashedPhotos,
    putBackPhotos: cleanup.putBackPhotos,
    async revealPhoto(id) {
      if (!data.byId.has(id)) throw new BackendError('notFound', `no photo ${id}`);
    },
    async failures() {
      await sleep(5);
      const failures: Failure[] = [
        { stage: 'scan', path: `${HOME}/2019/notes.jpg`, reason: 'Not an image (plain text).', photoId: null, at: start * 1000 },
      ];
      for (let i = 0; i < data.ids.length && failures.length < 6; i++) {
        const id = data.ids[i]!;
        const why = brokenOf(id);
        if (why) failures.push({ stage: 'decode', path: `${HOME}/IMG_${pad(id, 5)}.JPG`, reason: why, photoId: id, at: start * 1000 });
      }
      return { total: failures.length, failures };
    },
    async revealPath(path) {
      if (!path.startsWith(HOME)) throw new BackendError('notFound', `${path} is neither a photo nor a failure the library knows.`);
    },
    async removeFolder(folderId) {
      await sleep();
      const f = folderList().find((x) => x.id === folderId);
      if (!f) throw new BackendError('notFound', `There is no folder ${folderId} in the library.`);
      if (!f.isRoot) throw new BackendError('invalidInput', `${f.path} is inside the library folder ${HOME}: remove ${HOME} to take it out of the library.`);
      const photos = data.ids.length;
      const folders = folderList().length;
      extra = 0;
      data = build(0, 0, start);
      emitChanged();
      return { path: f.path, photos, folders, stillCoveredBy: null };
    },
    async rescanFolder(_folderId, onProgress) {
      onProgress({ phase: 'scan', done: 0, total: null });
      await sleep(100);
      return { seen: 0, added: 0, updated: 0, unchanged: 0, removed: 0, failed: 0 };
    },
    async checkQuery(query) {
      await sleep(2);
      return checkQuery(query);
    },
    async facets(view) {
      await sleep();
      return facetsOf(viewAttrs(view), parsed(view.query));
    },
    async places(view) {
      await sleep();
      return placesOf(viewAttrs(view), parsed(view.query));
    },
    thumbUrl: (id, size) => imageUrl(id, size),
    fullUrl: (id) => imageUrl(id, 2560),
  };
  return backend;
}
