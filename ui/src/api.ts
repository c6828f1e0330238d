// Owns every call into the Tauri backend (the generated commands and events, Channel, drag-drop, dialog); the rest of
// the UI imports these typed functions. A failed call rejects with a BackendError (kind + message).
import { Channel } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open } from '@tauri-apps/plugin-dialog';
import { commands, events, type CommandError } from './bindings';
import { BackendError } from './errors';
import type {
  Album,
  AlbumKind,
  AlbumSort,
  Backend,
  HistoryState,
  CaptionChange,
  ConflictPolicy,
  MarkChange,
  Outcome,
  SidecarMode,
  SidecarReport,
  XmpConflict,
  XmpStatus,
  DuplicateGroup,
  DuplicateMember,
  FileOutcome,
  GroupKind,
  GroupResolution,
  KeeperRule,
  ResolveGroup,
  Trashed,
  Place,
  PhotoOrganization,
  Tag,
  Targets,
  BackupOutcome,
  BackupProgress,
  BackupRemote,
  BackupSettings,
  Diagnostics,
  ExportProgress,
  ExportRequest,
  ExportSummary,
  Facet,
  FailureList,
  Folder,
  FolderRemoval,
  MonthCount,
  OpenedFile,
  PageRequest,
  PhotoInfo,
  PlaceCount,
  Progress,
  QueryProblem,
  RestoreProgress,
  RestoreRequest,
  RestoreSummary,
  ScanSummary,
  ThumbSize,
  TimelinePage,
  View,
} from './types';

export type * from './types';
export { BackendError, errorKind } from './errors';

/** True inside the Tauri webview; false in a plain browser (dev), where a fake in-memory library is used. */
export const inTauri: boolean =
  typeof window !== 'undefined' && (window as unknown as Record<string, unknown>)['__TAURI_INTERNALS__'] !== undefined;

const isWindows = typeof navigator !== 'undefined' && /Windows/i.test(navigator.userAgent);
const thumbBase = isWindows ? 'http://thumb.localhost/' : 'thumb://localhost/';

type Answer<T> = { status: 'ok'; data: T } | { status: 'error'; error: CommandError };

/** The command's value, or a BackendError with its kind. */
async function ok<T>(answer: Promise<Answer<T>>): Promise<T> {
  const a = await answer;
  if (a.status === 'ok') return a.data;
  throw BackendError.from(a.error);
}

const tauriBackend: Backend = {
  timelineMonths: (view) => ok(commands.timelineMonths(view)),
  timelinePage: (req: PageRequest) => ok(commands.timelinePage(req.view, req.cursor, req.fromMonth, req.limit)),
  photoInfo: (id) => ok(commands.photoInfo(id)),
  folders: () => ok(commands.folders()),
  importPaths: (paths, onProgress) => {
    const ch = new Channel<Progress>();
    ch.onmessage = onProgress;
    return ok(commands.importPaths(paths, ch));
  },
  picturesDir: () => commands.picturesDir().catch((e: unknown) => Promise.reject(BackendError.from(e))),
  openedFiles: () => ok(commands.openedFiles()),
  setViewport: async (visible, near) => {
    await ok(commands.setViewport(visible, near));
  },
  diagnostics: () => ok(commands.diagnostics()),
  onLibraryChanged: (cb) => events.libraryChanged.listen(() => cb()),
  onDrop: (cb, hover) =>
    getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === 'drop') {
        hover(false);
        if (p.paths.length > 0) cb(p.paths);
      } else hover(p.type !== 'leave');
    }),
  pickFolders: async () => {
    const picked = await open({ directory: true, multiple: true });
    if (picked === null) return [];
    return Array.isArray(picked) ? picked : [picked];
  },
  pickFolder: async () => {
    const picked = await open({ directory: true, multiple: false });
    return Array.isArray(picked) ? (picked[0] ?? null) : picked;
  },
  exportPhotos: (targets, request, onProgress) => {
    const ch = new Channel<ExportProgress>();
    ch.onmessage = onProgress;
    return ok(commands.exportPhotos(targets, request, ch));
  },
  cancelExport: () => commands.cancelExport(),
  restoreBackup: (request, onProgress) => {
    const ch = new Channel<RestoreProgress>();
    ch.onmessage = onProgress;
    return ok(commands.restoreBackup(request, ch));
  },
  cancelRestore: () => commands.cancelRestore(),
  backupSettings: () => ok(commands.backupSettings()),
  // Empty endpoint and region are sent as typed: the command treats them as none.
  saveBackupSettings: (r: BackupRemote) =>
    ok(commands.saveBackupSettings(r.url, r.endpoint, r.region, r.includeVariants)),
  startBackup: async () => {
    await ok(commands.startBackup());
  },
  cancelBackup: () => ok(commands.cancelBackup()),
  onBackupProgress: (cb) => events.backupProgress.listen((e) => cb(e.payload)),
  onBackupFinished: (cb) => events.backupFinished.listen((e) => cb(e.payload)),
  saveBackupKeys: (id, secret) => ok(commands.saveBackupKeys(id, secret)),
  forgetBackupKeys: () => ok(commands.forgetBackupKeys()),
  checkBackupRemote: async (r: BackupRemote) => {
    await ok(commands.checkBackupRemote(r.url, r.endpoint, r.region));
  },
  revealPhoto: async (id) => {
    await ok(commands.revealPhoto(id));
  },
  failures: () => ok(commands.failures()),
  revealPath: async (path) => {
    await ok(commands.revealPath(path));
  },
  removeFolder: (folderId) => ok(commands.removeFolder(folderId)),
  rescanFolder: (folderId, onProgress) => {
    const ch = new Channel<Progress>();
    ch.onmessage = onProgress;
    return ok(commands.rescanFolder(folderId, ch));
  },
  mark: (t, c) => ok(commands.mark(t, c)),
  caption: (t, c) => ok(commands.caption(t, c)),
  xmpStatus: () => ok(commands.xmpStatus()),
  setXmpSettings: (sidecars, conflicts) => ok(commands.setXmpSettings(sidecars, conflicts)),
  writeSidecars: () => ok(commands.writeSidecars()),
  xmpConflicts: (limit) => ok(commands.xmpConflicts(limit)),
  duplicateGroups: (kind) => ok(commands.duplicateGroups(kind)),
  duplicateMembers: (ids) => ok(commands.duplicateMembers(ids)),
  keeperRules: () => ok(commands.keeperRules()),
  setKeeperRules: (rules) => ok(commands.setKeeperRules(rules)),
  notDuplicates: (ids) => ok(commands.notDuplicates(ids)),
  resolveDuplicates: (groups) => ok(commands.resolveDuplicates(groups)),
  trashPhotos: (t) => ok(commands.trashPhotos(t)),
  trashedPhotos: () => ok(commands.trashedPhotos()),
  putBackPhotos: (ids) => ok(commands.putBackPhotos(ids)),
  albums: () => ok(commands.albums()),
  createAlbum: (name, parentId, kind) => ok(commands.createAlbum(name, parentId, kind)),
  renameAlbum: (id, name) => ok(commands.renameAlbum(id, name)),
  moveAlbum: (id, parentId) => ok(commands.moveAlbum(id, parentId)),
  deleteAlbum: (id) => ok(commands.deleteAlbum(id)),
  addToAlbum: (album, t) => ok(commands.addToAlbum(album, t)),
  removeFromAlbum: (album, t) => ok(commands.removeFromAlbum(album, t)),
  reorderAlbum: (album, t, place) => ok(commands.reorderAlbum(album, t, place)),
  setAlbumCover: (album, photo) => ok(commands.setAlbumCover(album, photo)),
  setAlbumSort: (album, sort) => ok(commands.setAlbumSort(album, sort)),
  tags: () => ok(commands.tags()),
  suggestTags: (prefix, limit) => ok(commands.suggestTags(prefix, limit)),
  tagPhotos: (path, t) => ok(commands.tagPhotos(path, t)),
  untagPhotos: (path, t) => ok(commands.untagPhotos(path, t)),
  renameTag: (from, to) => ok(commands.renameTag(from, to)),
  deleteTag: (path) => ok(commands.deleteTag(path)),
  photoOrganization: (id) => ok(commands.photoOrganization(id)),
  undo: () => ok(commands.undo()),
  redo: () => ok(commands.redo()),
  historyState: () => ok(commands.historyState()),
  onOrganizeChanged: (cb) => events.organizeChanged.listen((e) => cb(e.payload)),
  checkQuery: (query) => ok(commands.checkQuery(query)),
  facets: (view) => ok(commands.facets(view)),
  places: (view) => ok(commands.places(view)),
  createSmartAlbum: (name, parentId, query) => ok(commands.createSmartAlbum(name, parentId, query)),
  setAlbumQuery: (id, query) => ok(commands.setAlbumQuery(id, query)),
  thumbUrl: (id, size, rev) => `${thumbBase}${id}/${size}?v=${rev}`,
  fullUrl: (id, rev) => `${thumbBase}${id}/full?v=${rev}`,
};

let fake: Backend | null = null;
let fakeLoading: Promise<Backend> | null = null;

/** Loads the fake backend (its own chunk; never fetched inside Tauri). */
function fakeBackend(): Promise<Backend> {
  if (fake) return Promise.resolve(fake);
  fakeLoading ??= import('./fake_backend').then((m) => (fake = m.createFakeBackend(window.location.search)));
  return fakeLoading;
}

async function backend(): Promise<Backend> {
  return inTauri ? tauriBackend : fakeBackend();
}

/** Must be awaited once before thumbUrl() is used outside Tauri. */
export async function ready(): Promise<void> {
  await backend();
}

/** Answers requested ahead at start-up, each handed out once, keyed by the request. */
const early = new Map<string, Promise<unknown>>();

function takeEarly<T>(key: string): Promise<T> | undefined {
  const answer = early.get(key);
  early.delete(key);
  return answer as Promise<T> | undefined;
}

const monthsKey = (view: View): string => `months:${JSON.stringify(view)}`;
const pageKey = (r: PageRequest): string => `page:${JSON.stringify(r.view)}:${r.cursor}:${r.fromMonth}:${r.limit}`;

/**
 * Sends the first screen's two requests (the month table and the newest page) at once, in parallel,
 * while the rest of the UI is still being wired up; the first matching calls below receive them.
 */
export function prefetchStart(limit: number): void {
  if (!inTauri) return;
  const page: PageRequest = { view: ALL, cursor: null, fromMonth: null, limit };
  for (const [key, answer] of [
    [monthsKey(ALL), tauriBackend.timelineMonths(ALL)],
    [pageKey(page), tauriBackend.timelinePage(page)],
  ] as const) {
    answer.catch(() => undefined); // a failure surfaces when (if) the answer is taken
    early.set(key, answer);
  }
}

/** The whole library's view. */
export const ALL: View = { kind: 'all' };

export async function timelineMonths(view: View): Promise<MonthCount[]> {
  return takeEarly<MonthCount[]>(monthsKey(view)) ?? (await backend()).timelineMonths(view);
}

export async function timelinePage(req: PageRequest): Promise<TimelinePage> {
  return takeEarly<TimelinePage>(pageKey(req)) ?? (await backend()).timelinePage(req);
}

export async function photoInfo(id: number): Promise<PhotoInfo> {
  return (await backend()).photoInfo(id);
}

export async function folders(): Promise<Folder[]> {
  return (await backend()).folders();
}

/** Imports files/folders; progress arrives on a per-call Channel. */
export async function importPaths(paths: string[], onProgress: (p: Progress) => void): Promise<ScanSummary> {
  return (await backend()).importPaths(paths, onProgress);
}

export async function picturesDir(): Promise<string | null> {
  return (await backend()).picturesDir();
}

/** The photos the app was started with ("Open with Shoebox"), as the library knows them now. */
export async function openedFiles(): Promise<OpenedFile[]> {
  return (await backend()).openedFiles();
}

export async function setViewport(visible: number[], near: number[]): Promise<void> {
  return (await backend()).setViewport(visible, near);
}

export async function diagnostics(): Promise<Diagnostics> {
  return (await backend()).diagnostics();
}

/** Subscribes to the `library-changed` event; resolves to an unsubscribe function. */
export async function onLibraryChanged(cb: () => void): Promise<() => void> {
  return (await backend()).onLibraryChanged(cb);
}

/** Subscribes to files/folders dropped on the window (and to drags hovering it). */
export async function onDrop(cb: (paths: string[]) => void, hover: (over: boolean) => void): Promise<() => void> {
  return (await backend()).onDrop(cb, hover);
}

/** Native "choose folders" dialog; [] when cancelled. */
export async function pickFolders(): Promise<string[]> {
  return (await backend()).pickFolders();
}

/** Native "choose a folder" dialog for a destination; null when cancelled. */
export async function pickFolder(): Promise<string | null> {
  return (await backend()).pickFolder();
}

/** Exports photos; progress arrives on a per-call Channel, the summary lists each failure. */
export async function exportPhotos(
  targets: Targets,
  request: ExportRequest,
  onProgress: (p: ExportProgress) => void,
): Promise<ExportSummary> {
  return (await backend()).exportPhotos(targets, request, onProgress);
}

/** Stops the running export after the files in progress. */
export async function cancelExport(): Promise<boolean> {
  return (await backend()).cancelExport();
}

/** Restores a backup; progress arrives on a per-call Channel. */
export async function restoreBackup(request: RestoreRequest, onProgress: (p: RestoreProgress) => void): Promise<RestoreSummary> {
  return (await backend()).restoreBackup(request, onProgress);
}

/** Stops the running restore between files. */
export async function cancelRestore(): Promise<boolean> {
  return (await backend()).cancelRestore();
}

export async function backupSettings(): Promise<BackupSettings> {
  return (await backend()).backupSettings();
}

export async function saveBackupSettings(remote: BackupRemote): Promise<BackupSettings> {
  return (await backend()).saveBackupSettings(remote);
}

export async function startBackup(): Promise<void> {
  return (await backend()).startBackup();
}

export async function cancelBackup(): Promise<boolean> {
  return (await backend()).cancelBackup();
}

/** Subscribes to `backup-progress` events; resolves to an unsubscribe function. */
export async function onBackupProgress(cb: (p: BackupProgress) => void): Promise<() => void> {
  return (await backend()).onBackupProgress(cb);
}

/** Subscribes to the `backup-finished` event; resolves to an unsubscribe function. */
export async function onBackupFinished(cb: (o: BackupOutcome) => void): Promise<() => void> {
  return (await backend()).onBackupFinished(cb);
}

/** Stores the backup's access key in the system keyring (never in the library). */
export async function saveBackupKeys(accessKeyId: string, secretAccessKey: string): Promise<BackupSettings> {
  return (await backend()).saveBackupKeys(accessKeyId, secretAccessKey);
}

/** Forgets the access key stored in the system keyring. */
export async function forgetBackupKeys(): Promise<BackupSettings> {
  return (await backend()).forgetBackupKeys();
}

/** Validates the remote as typed and reaches its bucket (endpoint, keys, bucket); rejects with the reason (kind remote / invalidInput). */
export async function checkBackupRemote(remote: BackupRemote): Promise<void> {
  return (await backend()).checkBackupRemote(remote);
}

/** "Show in folder": the system file manager with the photo's file selected. */
export async function revealPhoto(id: number): Promise<void> {
  return (await backend()).revealPhoto(id);
}

/** The library's scan and decode failures (the first few hundred, and the total). */
export async function failures(): Promise<FailureList> {
  return (await backend()).failures();
}

/** "Show in folder" for a failure's file (a scan failure has no photo id); only paths the library knows. */
export async function revealPath(path: string): Promise<void> {
  return (await backend()).revealPath(path);
}

/** "Remove from library": a root folder's photos leave Shoebox; its files stay on disk. */
export async function removeFolder(folderId: number): Promise<FolderRemoval> {
  return (await backend()).removeFolder(folderId);
}

/** Rescans a folder (and its sub-folders); progress arrives on a per-call Channel. */
export async function rescanFolder(folderId: number, onProgress: (p: Progress) => void): Promise<ScanSummary> {
  return (await backend()).rescanFolder(folderId, onProgress);
}

/** Sets marks on photos (one undo step). */
export async function mark(targets: Targets, change: MarkChange): Promise<Outcome> {
  return (await backend()).mark(targets, change);
}

/** Sets or clears photos' title and / or description: one undo step. */
export async function caption(targets: Targets, change: CaptionChange): Promise<Outcome> {
  return (await backend()).caption(targets, change);
}

/** Whether sidecars are written, the conflict policy, and what waits to be written (with why). */
export async function xmpStatus(): Promise<XmpStatus> {
  return (await backend()).xmpStatus();
}

export async function setXmpSettings(sidecars: SidecarMode | null, conflicts: ConflictPolicy | null): Promise<XmpStatus> {
  return (await backend()).setXmpSettings(sidecars, conflicts);
}

export async function writeSidecars(): Promise<SidecarReport> {
  return (await backend()).writeSidecars();
}

export async function xmpConflicts(limit: number): Promise<XmpConflict[]> {
  return (await backend()).xmpConflicts(limit);
}

/** The duplicate groups to review (of one kind, or all). */
export async function duplicateGroups(kind: GroupKind | null): Promise<DuplicateGroup[]> {
  return (await backend()).duplicateGroups(kind);
}

export async function duplicateMembers(ids: number[]): Promise<DuplicateMember[]> {
  return (await backend()).duplicateMembers(ids);
}

export async function keeperRules(): Promise<KeeperRule[]> {
  return (await backend()).keeperRules();
}

export async function setKeeperRules(rules: KeeperRule[]): Promise<KeeperRule[]> {
  return (await backend()).setKeeperRules(rules);
}

export async function notDuplicates(ids: number[]): Promise<number> {
  return (await backend()).notDuplicates(ids);
}

export async function resolveDuplicates(groups: ResolveGroup[]): Promise<GroupResolution[]> {
  return (await backend()).resolveDuplicates(groups);
}

/** Moves photos to the system trash (never a permanent delete). */
export async function trashPhotos(targets: Targets): Promise<FileOutcome[]> {
  return (await backend()).trashPhotos(targets);
}

export async function trashedPhotos(): Promise<Trashed[]> {
  return (await backend()).trashedPhotos();
}

export async function putBackPhotos(ids: number[]): Promise<FileOutcome[]> {
  return (await backend()).putBackPhotos(ids);
}

/** Every album and album folder (one call; the sidebar builds the tree). */
export async function albums(): Promise<Album[]> {
  return (await backend()).albums();
}

export async function createAlbum(name: string, parentId: number | null, kind: AlbumKind): Promise<Album> {
  return (await backend()).createAlbum(name, parentId, kind);
}

export async function renameAlbum(id: number, name: string): Promise<Outcome> {
  return (await backend()).renameAlbum(id, name);
}

export async function moveAlbum(id: number, parentId: number | null): Promise<Outcome> {
  return (await backend()).moveAlbum(id, parentId);
}

export async function deleteAlbum(id: number): Promise<Outcome> {
  return (await backend()).deleteAlbum(id);
}

export async function addToAlbum(album: number, targets: Targets): Promise<Outcome> {
  return (await backend()).addToAlbum(album, targets);
}

export async function removeFromAlbum(album: number, targets: Targets): Promise<Outcome> {
  return (await backend()).removeFromAlbum(album, targets);
}

/** Moves photos, in the view's order, to `place` of the album's manual order. */
export async function reorderAlbum(album: number, targets: Targets, place: Place): Promise<Outcome> {
  return (await backend()).reorderAlbum(album, targets, place);
}

/** The album's cover (null: back to its first photo). */
export async function setAlbumCover(album: number, photo: number | null): Promise<Outcome> {
  return (await backend()).setAlbumCover(album, photo);
}

export async function setAlbumSort(album: number, sort: AlbumSort): Promise<Outcome> {
  return (await backend()).setAlbumSort(album, sort);
}

/** The tag tree, parents before children. */
export async function tags(): Promise<Tag[]> {
  return (await backend()).tags();
}

/** Autocomplete: tags with a path component starting with `prefix`. */
export async function suggestTags(prefix: string, limit: number): Promise<Tag[]> {
  return (await backend()).suggestTags(prefix, limit);
}

/** Tags photos with `path` ("Places/France"), creating it. */
export async function tagPhotos(path: string, targets: Targets): Promise<Outcome> {
  return (await backend()).tagPhotos(path, targets);
}

export async function untagPhotos(path: string, targets: Targets): Promise<Outcome> {
  return (await backend()).untagPhotos(path, targets);
}

/** Renames or moves a tag (onto an existing one: merges). */
export async function renameTag(from: string, to: string): Promise<Outcome> {
  return (await backend()).renameTag(from, to);
}

export async function deleteTag(path: string): Promise<Outcome> {
  return (await backend()).deleteTag(path);
}

/** A photo's marks, tags and albums (the info panel). */
export async function photoOrganization(id: number): Promise<PhotoOrganization> {
  return (await backend()).photoOrganization(id);
}

/** Undoes the last step; null when there is none. */
export async function undo(): Promise<Outcome | null> {
  return (await backend()).undo();
}

export async function redo(): Promise<Outcome | null> {
  return (await backend()).redo();
}

export async function historyState(): Promise<HistoryState> {
  return (await backend()).historyState();
}

/** Subscribes to organize changes (marks, albums, tags, history; from the app or the CLI). */
export async function onOrganizeChanged(cb: (h: HistoryState) => void): Promise<() => void> {
  return (await backend()).onOrganizeChanged(cb);
}

/** What is wrong with a search query (null: it parses). */
export async function checkQuery(query: string): Promise<QueryProblem | null> {
  return (await backend()).checkQuery(query);
}

/** Every facet's values with counts under the view and its query (each facet without its own terms). */
export async function facets(view: View): Promise<Facet[]> {
  return (await backend()).facets(view);
}

/** Photos per place (country, region, city) under the view. */
export async function places(view: View): Promise<PlaceCount[]> {
  return (await backend()).places(view);
}

/** Saves a query as a smart album named `name`. */
export async function createSmartAlbum(name: string, parentId: number | null, query: string): Promise<Album> {
  return (await backend()).createSmartAlbum(name, parentId, query);
}

/** Re-saves a smart album's query. */
export async function setAlbumQuery(id: number, query: string): Promise<Outcome> {
  return (await backend()).setAlbumQuery(id, query);
}

/**
 * Why an image URL failed: the protocol answers errors with the reason as plain text. Null when it loads now, or
 * the reason cannot be read (a plain browser's fake images).
 */
export async function imageFailure(url: string): Promise<string | null> {
  if (!inTauri || typeof fetch !== 'function') return null;
  try {
    const r = await fetch(url);
    if (r.ok) return null;
    const text = (await r.text()).trim();
    if (!text) return null;
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  } catch {
    return null;
  }
}

/** URL of the photo's original decoded at full size (long edge capped by the backend), cache-busted by rev. */
export function fullUrl(id: number, rev: number): string {
  if (inTauri) return tauriBackend.fullUrl(id, rev);
  if (!fake) throw new Error('api.ready() must resolve before fullUrl() in the browser');
  return fake.fullUrl(id, rev);
}

/** URL of a photo's variant (long edge `size`), cache-busted by rev. */
export function thumbUrl(id: number, size: ThumbSize, rev: number): string {
  if (inTauri) return tauriBackend.thumbUrl(id, size, rev);
  if (!fake) throw new Error('api.ready() must resolve before thumbUrl() in the browser');
  return fake.thumbUrl(id, size, rev);
}
