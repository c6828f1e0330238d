// Owns start-up and wiring: builds the timeline, scrubber, viewer, sidebar (folders, collections and places), the
// search box with its filters column (the view shown is the sidebar's, narrowed by the query), selection bar and
// drag, import, diagnostics, backup pane, settings pane, export dialog, restore screen and clean-up screen, and the global keys
// (marks, selection, Delete, undo / redo, / and Ctrl+F, Ctrl+Shift+E).
import * as api from './api';
import { AlbumDrag } from './album_drag';
import { Collections } from './collections';
import { BackupPane } from './backup';
import { SettingsPane } from './settings_pane';
import { CleanupPane } from './cleanup_pane';
import { trashTargets } from './trash_action';
import { confirmAction } from './confirm';
import { ContextMenu } from './context_menu';
import { DiagnosticsPanel } from './diagnostics';
import { ExportPane } from './export_pane';
import { RestorePane } from './restore_pane';
import { byId } from './pane_parts';
import { FacetsPanel } from './find/facets_panel';
import { PlacesList } from './find/places';
import { SearchBox } from './find/search_box';
import { FolderList } from './folders';
import { Importer } from './import';
import { openLaunchFiles } from './open_with';
import { Organizer } from './organize';
import { SelectionDrag, type DropTarget } from './selection/drag';
import { SelectionBar } from './selection_bar';
import { perf, type Perf } from './perf';
import { Scrubber } from './scrubber';
import { Sidebar } from './sidebar';
import { gridKey } from './timeline/keys';
import { START_LIMIT } from './timeline/loader';
import { TimelineView } from './timeline/view';
import { toast } from './toast';
import type { MarkChange, MonthCount, ScanSummary, View } from './types';
import { Viewer } from './viewer';
import { OrganizeEditor } from './viewer_organize';

declare global {
  interface Window {
    __shoebox: {
      importPaths(paths: string[]): Promise<ScanSummary>;
      perf: Perf;
      /** Selects photos [start, end) of the view (Ctrl+A: 0..count) and marks them as the keys do; how long the
       * reply took and after how many frames the tiles on screen showed it. */
      markRange(start: number, end: number, change: MarkChange): Promise<{ ms: number; frames: number; count: number }>;
      /** The search box's applied query and the view shown (tests). */
      search(): { query: string; view: View };
    };
  }
}

perf.mark('script');
api.prefetchStart(START_LIMIT);

const empty = byId<HTMLElement>('empty-state');
/** After anything that changes what the library holds: the timeline, the folder list and the collections again. */
function refreshAll(): void {
  void view.refresh();
  void folders.reload();
  void collections.reload();
  void places.reload();
  void facets.update(view.view, search.query);
}
const importer = new Importer(byId('progress'), refreshAll);
// The same function the drop handler calls.
window.__shoebox = {
  importPaths: (paths) => importer.run(paths),
  perf,
  markRange: async (start, end, c) => {
    const sel = view.selection;
    sel.click(start);
    sel.extendTo(end - 1);
    view.redraw();
    selBar.update();
    const t = org.targets();
    if (!t) throw new Error('nothing selected');
    const t0 = performance.now();
    const out = await org.mark(t, c);
    const ms = performance.now() - t0;
    if (!out) throw new Error('the mark failed');
    // What the tiles' data-marks must say ("rating=4", "flag=reject"), drawn from the DOM, not the model.
    const want = Object.entries(c)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k}=${String(v)}`);
    const shown = (): boolean =>
      view.visibleIds().every((id) => {
        const i = view.tl.indexOf(id);
        if (i === null || i < start || i >= end) return true;
        const marks = document.querySelector<HTMLElement>(`.tile[data-photo-id="${id}"]`)?.dataset['marks'] ?? '';
        return want.every((w) => marks.split(' ').includes(w));
      });
    let frames = 0;
    while (!shown() && frames < 60) {
      await new Promise((r) => requestAnimationFrame(r));
      frames++;
    }
    return { ms, frames, count: out.changed };
  },
  search: () => ({ query: search.query, view: view.view }),
};

let hasPhotos = false;
const view = new TimelineView(byId('timeline'), {
  onOpen: (id) => viewer.open(id),
  onTileClick: (_id, index, e) => {
    const sel = view.selection;
    if (e.shiftKey) sel.extendTo(index);
    else if (e.ctrlKey || e.metaKey) sel.toggle(index);
    else sel.click(index);
    view.redraw();
    selBar.update();
  },
  onGeometry: () => scrubber.queueRebuild(),
  onScroll: () => scrubber.updateThumb(),
  onMonths: (months: readonly MonthCount[]) => {
    const n = months.reduce((s, m) => s + m.count, 0);
    const searching = !!view.view.query;
    if (view.view.kind === 'all' && !searching) hasPhotos = n > 0;
    empty.hidden = hasPhotos;
    document.body.classList.toggle('library-empty', !hasPhotos);
    const viewEmpty = byId('folder-empty');
    viewEmpty.hidden = n > 0 || (view.view.kind === 'all' && !searching) || !hasPhotos;
    viewEmpty.textContent = searching ? `No photos match “${view.view.query}” here.` : EMPTY_TEXT[view.view.kind];
    search.setCount(searching ? n : null);
    selBar.update();
  },
});
const EMPTY_TEXT: Record<View['kind'], string> = {
  all: '',
  folder: 'No photos in this folder.',
  album: 'No photos in this album yet: select photos and drag them onto it in the sidebar.',
  tag: 'No photos with this tag.',
  favourites: 'No favourites yet: press F on a photo.',
  picks: 'No picks yet: press P on a photo.',
  rejected: 'No rejected photos: X rejects one.',
};
const scrubber = new Scrubber(byId('scrubber'), view);
const org = new Organizer(view, () => {
  void collections.reload();
  // Membership of these views (and of a query) follows marks, albums and tags: shown at once, not after the event.
  if ((view.view.kind !== 'all' && view.view.kind !== 'folder') || view.view.query) void view.refresh();
  void facets.update(view.view, search.query);
});
const collections = new Collections(byId('collections'), {
  onSelect: (v, title) => {
    folders.deselect();
    openView(v, title);
  },
  run: (w) => org.run(w),
  onSmartSaved: (a) => {
    // The saved search is the album now: it opens, the box empties (the album is its query).
    search.clearQuiet();
    collections.select({ kind: 'album', id: a.id });
  },
});
new AlbumDrag(byId('collections'), {
  albums: () => collections.allAlbums(),
  onMove: (id, parentId) => {
    if (parentId !== null) collections.expand(parentId);
    void org.run(() => api.moveAlbum(id, parentId));
  },
});
const editor = new OrganizeEditor(org, collections, () => viewer.marksChanged());
const viewer = new Viewer(view, org, editor);
viewer.onTrash = (id) => trashTargets({ view: null, ranges: [], ids: [id] }, 1, refreshAll);
const viewTitle = byId<HTMLElement>('view-title');
const albumSort = byId<HTMLSelectElement>('album-sort');
const folders = new FolderList(byId('folders'), (id) => {
  collections.setActive(null);
  openView(id === null ? api.ALL : { kind: 'folder', id }, folders.nameOf(id));
});
/** The sidebar's view (what the search box's query narrows). */
let sidebarView: View = api.ALL;
/** The sidebar's view narrowed by `query`. */
function withQuery(v: View, query: string): View {
  const { query: _old, ...plain } = v;
  return query ? { ...plain, query } : (plain as View);
}
/** Shows the sidebar view narrowed by the search box's query; resolves when the month table is in. */
async function showView(): Promise<void> {
  const v = withQuery(sidebarView, search.query);
  const t0 = search.live.inputAt;
  try {
    await view.load(v);
  } catch (e) {
    console.warn('the view failed', e);
    if (search.query) search.fail(e instanceof Error ? e.message : String(e));
    return;
  }
  selBar.update();
  void facets.update(v, search.query);
  places.markActive();
  if (view.view === v && search.query) void paintedAfter(v, t0);
}
/** perf.lastSearchPaintedMs: from the keystroke until the results are on screen and a frame is painted. */
async function paintedAfter(v: View, t0: number): Promise<void> {
  for (let i = 0; i < 300 && view.view === v; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    if (view.tl.count === 0 || view.visibleIds().length > 0) {
      await new Promise((r) => requestAnimationFrame(r));
      if (view.view === v) perf.lastSearchPaintedMs = performance.now() - t0;
      return;
    }
  }
}
/** Opens a view in the timeline (a new view starts with nothing selected). */
function openView(v: View, title: string): void {
  viewTitle.textContent = title;
  sidebarView = v;
  syncAlbumSort(v);
  shown = showView();
}
/** The last view opened from the sidebar, resolved when its month table is in. */
let shown: Promise<void> = Promise.resolve();
function syncAlbumSort(v: View): void {
  const a = v.kind === 'album' ? collections.album(v.id) : null;
  albumSort.hidden = !a || a.kind !== 'album';
  if (a) albumSort.value = a.sort;
}
const search = new SearchBox(byId('search'), {
  check: (text) => api.checkQuery(text),
  apply: () => showView(),
  save: (query) => {
    sidebar.setCollapsed(false, false);
    collections.startNewSmart(query);
  },
  toggleFilters: () => facets.toggle(),
});
const facets = new FacetsPanel(byId('filters'), {
  facets: (v) => api.facets(v),
  toggle: (token, siblings) => void search.toggle(token, siblings),
  clear: () => void search.set(''),
  onOpen: (open) => search.setFiltersOpen(open),
});
const places = new PlacesList(byId('places'), {
  places: () => api.places(api.ALL),
  toggle: (token) => void search.toggle(token),
  has: (token) => search.has(token),
});
albumSort.addEventListener('change', () => {
  const v = view.view;
  if (v.kind !== 'album') return;
  const sort = albumSort.value === 'date' ? 'date' : 'manual';
  void org.run(() => api.setAlbumSort(v.id, sort)).then(() => void view.load(v));
});
const sidebar = new Sidebar(byId<HTMLButtonElement>('sidebar-toggle'), byId('sidebar-resizer'));
const menu = new ContextMenu();
const exportPane = new ExportPane(byId('export-pane'));
/** The export dialog on the selection (else the focused photo). */
const openExport = (): void => exportPane.open(org.targets(), org.targetCount());
/** "Move to trash" on the selection (else the focused photo), after the confirm step. */
const trashSelected = (): void => {
  void trashTargets(org.targets(), org.targetCount(), () => {
    view.selection.clear();
    view.redraw();
    selBar.update();
    refreshAll();
  });
};
const selBar = new SelectionBar(view, org, collections, menu, () => selBar.update(), openExport, trashSelected);
new SelectionDrag(view, {
  canReorder: () => view.view.kind === 'album' && view.tl.manual,
  onSelect: () => selBar.update(),
  onDrop: (target: DropTarget) => {
    const t = org.targets();
    if (!t) return;
    if (target.kind === 'album') void org.run(() => api.addToAlbum(target.id, t));
    else if (target.kind === 'tag') void org.run(() => api.tagPhotos(target.path, t));
    else {
      const v = view.view;
      if (v.kind === 'album') void org.run(() => api.reorderAlbum(v.id, t, target.place)).then(() => void view.refresh());
    }
  },
});
const diagnostics = new DiagnosticsPanel(byId('diagnostics'), view);
const backup = new BackupPane(byId('backup-pane'), byId('backup-button'));
const settings = new SettingsPane(byId('settings-pane'), byId('settings-button'));
const cleanup = new CleanupPane(byId('cleanup-pane'), byId('cleanup-button'), () => refreshAll());
const restorePane = new RestorePane(byId('restore-pane'), () => refreshAll());
/** The restore screen, over whatever opened it (the first-run screen, the backup pane). */
const openRestore = (): void => {
  if (backup.isOpen) backup.close();
  void restorePane.open();
};

const report = (e: unknown): void => console.warn('import failed', e);
byId('add-folder').addEventListener('click', () => importer.pickAndRun().catch(report));
byId('empty-choose').addEventListener('click', () => importer.pickAndRun().catch(report));
byId('empty-restore').addEventListener('click', openRestore);
byId('backup-restore').addEventListener('click', openRestore);
byId('diag-toggle').addEventListener('click', () => diagnostics.toggle());

// Right-click menus: a tile (open, show in folder) and a folder (rescan, remove from library).
const rescan = (folderId: number): void => {
  void api
    .rescanFolder(folderId, () => undefined)
    .then(() => {
      refreshAll();
    })
    .catch(report);
};
/** "Remove from library…": asks first, then takes the root folder out (files stay on disk) and refreshes. */
async function removeFolder(folderId: number): Promise<void> {
  const f = folders.folder(folderId);
  if (!f) return;
  const yes = await confirmAction({
    title: `Remove “${f.name}” from the library?`,
    text: `Its photos leave Shoebox and it is no longer watched. The files stay on disk, untouched: ${f.path}`,
    confirm: 'Remove',
  });
  if (!yes) return;
  try {
    await api.removeFolder(folderId);
  } catch (e) {
    report(e);
  }
  refreshAll();
}
function openMenu(target: HTMLElement, x: number, y: number): boolean {
  const tile = target.closest<HTMLElement>('.tile[data-photo-id]');
  if (tile) {
    const id = Number(tile.dataset['photoId']);
    view.setFocus(id, false);
    const items = [
      { action: 'open', label: 'Open', run: () => view.open(id) },
      { action: 'reveal', label: 'Show in folder', run: () => void api.revealPhoto(id).catch(report) },
      {
        action: 'trash',
        label: 'Move to trash…',
        run: () => {
          // The selection when the tile is in it, else this photo.
          const at = view.tl.indexOf(id);
          if (at !== null && view.selection.has(at)) trashSelected();
          else void trashTargets({ view: null, ranges: [], ids: [id] }, 1, refreshAll);
        },
      },
    ];
    const v = view.view;
    if (v.kind === 'album') {
      items.push({ action: 'cover', label: 'Set as album cover', run: () => void org.run(() => api.setAlbumCover(v.id, id)) });
    }
    menu.open(x, y, items, tile);
    return true;
  }
  const albumRow = target.closest<HTMLElement>('#collections [data-album-id]');
  if (albumRow) {
    const a = collections.album(Number(albumRow.dataset['albumId']));
    if (!a) return false;
    const items = [{ action: 'rename', label: 'Rename…', run: () => collections.startRenameAlbum(a.id) }];
    if (a.kind === 'smart') items.unshift({ action: 'edit-query', label: 'Edit query…', run: () => collections.startEditQuery(a.id) });
    if (a.kind === 'folder') {
      items.push({ action: 'new-album', label: 'New album inside…', run: () => collections.startNew('album', a.id) });
      items.push({ action: 'new-folder', label: 'New folder inside…', run: () => collections.startNew('folder', a.id) });
    }
    if (a.parentId !== null) items.push({ action: 'move-top', label: 'Move to the top level', run: () => void org.run(() => api.moveAlbum(a.id, null)) });
    for (const f of collections.albumFolders()) {
      if (f.id !== a.id && f.id !== a.parentId) items.push({ action: `move-${f.id}`, label: `Move into “${f.name}”`, run: () => void org.run(() => api.moveAlbum(a.id, f.id)) });
    }
    if (a.kind === 'album' && a.coverId !== null) items.push({ action: 'cover-reset', label: 'Cover: first photo', run: () => void org.run(() => api.setAlbumCover(a.id, null)) });
    items.push({ action: 'delete', label: a.kind === 'folder' ? 'Delete folder and its albums' : 'Delete album', run: () => void org.run(() => api.deleteAlbum(a.id)) });
    menu.open(x, y, items, albumRow);
    return true;
  }
  const tagRow = target.closest<HTMLElement>('#collections [data-tag-id]');
  if (tagRow) {
    const path = tagRow.dataset['tagPath']!;
    menu.open(x, y, [
      { action: 'rename', label: 'Rename or move…', run: () => collections.startRenameTag(path) },
      { action: 'delete', label: 'Delete tag', run: () => void org.run(() => api.deleteTag(path)) },
    ], tagRow);
    return true;
  }
  const folder = target.closest<HTMLElement>('#folders [data-folder-id]');
  const raw = folder?.dataset['folderId'];
  if (folder && raw && raw !== 'all') {
    const id = Number(raw);
    const isRoot = folders.folder(id)?.isRoot === true;
    const root = folders.rootOf(id);
    menu.open(x, y, [
      { action: 'rescan', label: 'Rescan folder', run: () => rescan(id) },
      {
        action: 'remove',
        label: 'Remove from library…',
        disabled: !isRoot,
        title: isRoot
          ? 'Its photos leave Shoebox; the files stay on disk.'
          : `Only a folder you added can be removed: remove ${root ? root.path : 'its top folder'} instead.`,
        run: () => void removeFolder(id),
      },
    ], folder);
    return true;
  }
  return false;
}
document.addEventListener('contextmenu', (e) => {
  if (openMenu(e.target as HTMLElement, e.clientX, e.clientY)) e.preventDefault();
});
document.addEventListener('keydown', (e) => {
  if (!(e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) return;
  const el = document.activeElement as HTMLElement | null;
  if (!el) return;
  const r = el.getBoundingClientRect();
  if (openMenu(el, r.left + r.width / 2, r.top + r.height / 2)) e.preventDefault();
});
byId('backup-button').addEventListener('click', () => backup.toggle());
byId('settings-button').addEventListener('click', () => settings.toggle());
byId('cleanup-button').addEventListener('click', () => cleanup.toggle());
const addPictures = byId<HTMLButtonElement>('add-pictures');

/** Ctrl+F (anywhere but the viewer) focuses the search box. */
document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'f') return;
  if (viewer.isOpen || backup.isOpen || settings.isOpen || exportPane.isOpen || restorePane.isOpen || cleanup.isOpen) return;
  e.preventDefault();
  search.focus();
});

/** Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere but in a text field; Ctrl+A selects the whole view. */
document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey) return;
  if ((e.target as HTMLElement).closest('input, textarea, select')) return;
  if (menu.isOpen || backup.isOpen || settings.isOpen || exportPane.isOpen || restorePane.isOpen || cleanup.isOpen) return;
  const k = e.key.toLowerCase();
  if (k === 'e' && e.shiftKey && !viewer.isOpen) {
    e.preventDefault();
    openExport();
  } else if (k === 'z' || k === 'y') {
    e.preventDefault();
    void (k === 'y' || e.shiftKey ? org.redo() : org.undo()).then(() => viewer.marksChanged());
  } else if (k === 'a' && !viewer.isOpen) {
    e.preventDefault();
    view.selection.selectAll(view.tl.count);
    view.redraw();
    selBar.update();
  }
});

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (menu.isOpen) return;
  if (viewer.isOpen) {
    if (viewer.key(e)) e.preventDefault();
    return;
  }
  for (const pane of [backup, settings, exportPane, restorePane, cleanup]) {
    if (!pane.isOpen) continue;
    if (e.key === 'Escape') {
      pane.close();
      e.preventDefault();
    }
    return;
  }
  const target = e.target as HTMLElement;
  if (target.closest('input, textarea, select')) return;
  if (e.key === 'd' || e.key === 'D') {
    diagnostics.toggle();
    e.preventDefault();
    return;
  }
  if (e.key === '/') {
    search.focus();
    e.preventDefault();
    return;
  }
  if (target.closest('#folders, #collections, #places, #filters, button')) return;
  if (e.key === 'Escape' && !view.selection.isEmpty) {
    view.selection.clear();
    view.redraw();
    selBar.update();
    e.preventDefault();
    return;
  }
  if (e.key === 'Escape' && search.query) {
    void search.set('');
    e.preventDefault();
    return;
  }
  if (e.key === 'Delete') {
    trashSelected();
    e.preventDefault();
    return;
  }
  if (e.key === 't' || e.key === 'T') {
    selBar.openTag();
    e.preventDefault();
    return;
  }
  if (org.markKey(e.key)) {
    e.preventDefault();
    return;
  }
  if (gridKey(view, e.key)) e.preventDefault();
});

async function start(): Promise<void> {
  await api.ready();
  // The timeline first: its requests go out before the listeners' round trips.
  const loading = Promise.all([view.load(api.ALL), folders.reload(), collections.reload(), places.reload()]);
  const overlay = byId('drop-overlay');
  await api.onDrop(
    (paths) => void importer.run(paths).catch(report),
    (over) => {
      overlay.hidden = !over;
    },
  );
  let timer = 0;
  let first = 0;
  await backup.listen();
  await api.onLibraryChanged(() => {
    // Debounced, but never held back more than a second while changes keep coming.
    const now = performance.now();
    if (timer === 0) first = now;
    window.clearTimeout(timer);
    timer = window.setTimeout(
      () => {
        timer = 0;
        refreshAll();
      },
      now - first > 1000 ? 0 : 250,
    );
  });
  let orgTimer = 0;
  await api.onOrganizeChanged(() => {
    // Marks, albums, tags or the history changed (here or from the CLI): the view and the sidebar again, once.
    window.clearTimeout(orgTimer);
    orgTimer = window.setTimeout(() => {
      void view.refresh();
      void facets.update(view.view, search.query);
      void collections.reload().then(() => syncAlbumSort(view.view));
      viewer.marksChanged();
      void settings.refresh();
    }, 60);
  });
  await loading;
  const pictures = await api.picturesDir().catch(() => null);
  if (pictures) {
    addPictures.hidden = false;
    byId('pictures-path').textContent = pictures;
    addPictures.addEventListener('click', () => void importer.run([pictures]).catch(report));
  }
  // Keyboard focus starts on the grid, unless the user already put it somewhere while the sidebar loaded
  // (pressing / as the first tiles show must not have the search box's focus taken back).
  if (document.activeElement === null || document.activeElement === document.body) {
    byId('timeline').focus({ preventScroll: true });
  }
  document.body.dataset['ready'] = 'true';
  // "Open with Shoebox": the photo the app was started with, in the viewer (or the offer to add its folder).
  void openLaunchFiles({
    openFolder: async (id) => {
      await folders.reload();
      folders.select(id); // opens the folder's view (as a click on its row does)
      await shown;
    },
    reveal: (id, month) => view.revealPhoto(id, month),
    openViewer: (id) => viewer.open(id),
    addFolders: async (paths) => {
      await importer.run(paths);
    },
    notify: (text) => toast(text),
  }).catch(report);
  if (!api.inTauri) {
    // Browser-only dev knobs: ?q=QUERY starts with a search, ?filters opens the Filters column, ?help the syntax.
    const p = new URLSearchParams(window.location.search);
    if (p.has('filters')) facets.open();
    if (p.has('help')) search.openHelp();
    if (p.get('q')) await search.set(p.get('q')!);
  }
}

start().catch((e: unknown) => {
  console.error(e);
  document.body.dataset['error'] = String(e);
});
