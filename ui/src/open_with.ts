// Owns "Open with Shoebox": once the app has started, shows the first photo it was started with in the viewer (in
// its folder's view, so the arrows step through that folder), or, when the library lacks it, offers to add its
// folder and then shows it.
import * as api from './api';
import { confirmAction } from './confirm';
import type { OpenedFile, OpenedPhoto } from './types';

export interface OpenWithHost {
  /** Opens a folder's view in the timeline; resolves when its month table is in. */
  openFolder(folderId: number): Promise<void>;
  /** Brings a photo of the view into the loaded timeline and focuses it; false when the view does not have it. */
  reveal(id: number, month: string): Promise<boolean>;
  /** Opens the viewer on a photo of the view. */
  openViewer(id: number): void;
  /** Adds folders to the library (the importer); resolves when they are scanned. */
  addFolders(paths: string[]): Promise<void>;
  /** A short message for the user (a toast). */
  notify(text: string): void;
}

/** Handles the files the app was started with (none: nothing happens). */
export async function openLaunchFiles(host: OpenWithHost): Promise<void> {
  const first = (await api.openedFiles())[0];
  if (!first) return;
  if (first.photo) {
    await show(host, first.photo, first);
    return;
  }
  const add = await confirmAction(offer(first));
  if (!add) return;
  await host.addFolders([first.folder]);
  const again = (await api.openedFiles()).find((f) => f.path === first.path);
  if (again?.photo) await show(host, again.photo, again);
  else host.notify(`${first.name} is not a photo Shoebox can read.`);
}

/** The question asked when the library does not have the opened photo. */
export function offer(f: OpenedFile): { title: string; text: string; confirm: string; tone: 'primary' } {
  return {
    title: `${f.name} is not in your library`,
    text: f.insideRoot
      ? `Its folder, ${f.folder}, is in your library but has changed since Shoebox last read it. Read it again to show the photo.`
      : `Add its folder, ${f.folder}, to your library to show it with the photos beside it. Shoebox only reads your photos; it never changes them.`,
    confirm: f.insideRoot ? 'Read folder again' : 'Add folder',
    tone: 'primary',
  };
}

async function show(host: OpenWithHost, p: OpenedPhoto, f: OpenedFile): Promise<void> {
  await host.openFolder(p.folderId);
  if (await host.reveal(p.id, p.month)) host.openViewer(p.id);
  else host.notify(`${f.name} could not be found in its folder's view.`);
}
