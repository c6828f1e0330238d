// Owns start-up and wiring: builds the timeline, scrubber, viewer, sidebar, import, diagnostics and backup pane, and global keys.
import * as api from './api';
import { BackupPane } from './backup';
import { confirmAction } from './confirm';
import { ContextMenu } from './context_menu';
import { DiagnosticsPanel } from './diagnostics';
import { FolderList } from './folders';
import { Importer } from './import';
import { perf, type Perf } from './perf';
import { Scrubber } from './scrubber';
import { Sidebar } from './sidebar';
import { gridKey } from './timeline/keys';
import { START_LIMIT } from './timeline/loader';
import { TimelineView } from './timeline/view';
import type { MonthCount, ScanSummary } from './types';
import { Viewer } from './viewer';

declare global {
  interface Window {
    __shoebox: { importPaths(paths: string[]): Promise<ScanSummary>; perf: Perf };
  }
}

perf.mark('script');
api.prefetchStart(START_LIMIT);

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as T;
}

const empty = byId<HTMLElement>('empty-state');
/** After anything that changes what the library holds: the timeline and the folder list again. */
function refreshAll(): void {
  void view.refresh();
  void folders.reload();
}
const importer = new Importer(byId('progress'), refreshAll);
// The same function the drop handler calls.
window.__shoebox = { importPaths: (paths) => importer.run(paths), perf };

let hasPhotos = false;
const view = new TimelineView(byId('timeline'), {
  onOpen: (id) => viewer.open(id),
  onGeometry: () => scrubber.queueRebuild(),
  onScroll: () => scrubber.updateThumb(),
  onMonths: (months: readonly MonthCount[]) => {
    const n = months.reduce((s, m) => s + m.count, 0);
    if (view.folderId === null) hasPhotos = n > 0;
    empty.hidden = hasPhotos;
    document.body.classList.toggle('library-empty', !hasPhotos);
    byId('folder-empty').hidden = n > 0 || view.folderId === null;
  },
});
const scrubber = new Scrubber(byId('scrubber'), view);
const viewer = new Viewer(view);
const viewTitle = byId<HTMLElement>('view-title');
const folders = new FolderList(byId('folders'), (id) => {
  viewTitle.textContent = folders.nameOf(id);
  void view.load(id);
});
new Sidebar(byId<HTMLButtonElement>('sidebar-toggle'), byId('sidebar-resizer'));
const menu = new ContextMenu();
const diagnostics = new DiagnosticsPanel(byId('diagnostics'), view);
const backup = new BackupPane(byId('backup-pane'), byId('backup-button'));

const report = (e: unknown): void => console.warn('import failed', e);
byId('add-folder').addEventListener('click', () => importer.pickAndRun().catch(report));
byId('empty-choose').addEventListener('click', () => importer.pickAndRun().catch(report));
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
    menu.open(x, y, [
      { action: 'open', label: 'Open', run: () => view.open(id) },
      { action: 'reveal', label: 'Show in folder', run: () => void api.revealPhoto(id).catch(report) },
    ], tile);
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
const addPictures = byId<HTMLButtonElement>('add-pictures');

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (menu.isOpen) return;
  if (viewer.isOpen) {
    if (viewer.key(e)) e.preventDefault();
    return;
  }
  if (backup.isOpen) {
    if (e.key === 'Escape') {
      backup.close();
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
  if (target.closest('#folders, button')) return;
  if (gridKey(view, e.key)) e.preventDefault();
});

async function start(): Promise<void> {
  await api.ready();
  // The timeline first: its requests go out before the listeners' round trips.
  const loading = Promise.all([view.load(null), folders.reload()]);
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
  await loading;
  const pictures = await api.picturesDir().catch(() => null);
  if (pictures) {
    addPictures.hidden = false;
    byId('pictures-path').textContent = pictures;
    addPictures.addEventListener('click', () => void importer.run([pictures]).catch(report));
  }
  byId('timeline').focus({ preventScroll: true });
}

start().catch((e: unknown) => {
  console.error(e);
  document.body.dataset['error'] = String(e);
});
