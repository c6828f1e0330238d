// @vitest-environment jsdom
// Tests the settings pane and the info panel's caption fields against the fake backend: the XMP state in words
// (off, waiting, written, "not written: folder is read-only"), the setting saved from the select, "Write now", the
// conflicts listed; a title typed in the info panel saved as one undoable step, Esc putting the saved text back, and
// keys staying in the field (no viewer shortcuts).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { $, mountApp, until } from './pane';
import * as api from '../src/api';
import { SettingsPane } from '../src/settings_pane';
import { conflictText, failureLines, reportText, statusText } from '../src/settings_text';
import { OrganizeEditor } from '../src/viewer_organize';
import type { Collections } from '../src/collections';
import type { Organizer } from '../src/organize';
import type { XmpStatus } from '../src/types';

const status = (s: Partial<XmpStatus>): XmpStatus => ({
  sidecars: 'write',
  conflicts: 'newest',
  pending: 0,
  failed: [],
  conflictsRecorded: 0,
  ...s,
});
const one = (id: number) => ({ view: null, ranges: [] as [number, number][], ids: [id] });

describe('settings text', () => {
  it('says what waits and why', () => {
    expect(statusText(status({}))).toBe('All sidecars are written.');
    expect(statusText(status({ sidecars: 'off' }))).toMatch(/^Sidecars are off: Shoebox writes nothing/);
    expect(statusText(status({ sidecars: 'off', pending: 1 }))).toMatch(/^Sidecars are off: 1 photo has changes/);
    expect(statusText(status({ pending: 1200 }))).toBe('1,200 photos waiting to be written.');
    const failing = status({ pending: 12, failed: [{ reason: 'folder is read-only', photos: 12 }] });
    expect(statusText(failing)).toBe('12 photos not written; Shoebox tries again after the next change.');
    expect(failureLines(failing)).toEqual(['12 photos not written: folder is read-only']);
    expect(statusText(status({ pending: 15, failed: [{ reason: 'disk full', photos: 12 }] }))).toBe('3 photos waiting to be written.');
  });

  it('reports a write run and lists a conflict with both sides', () => {
    expect(reportText({ written: 1, unchanged: 0, failed: [], failedCount: 0, merged: 0, conflicts: 0, elapsedMs: 1 })).toBe('1 sidecar written.');
    expect(reportText({ written: 0, unchanged: 4, failed: [], failedCount: 0, merged: 0, conflicts: 0, elapsedMs: 1 })).toBe(
      'Nothing was waiting to be written.',
    );
    expect(reportText({ written: 10, unchanged: 0, failed: ['a'], failedCount: 2, merged: 3, conflicts: 1, elapsedMs: 1 })).toBe(
      '10 sidecars written, 3 merged with changes made elsewhere, 2 could not be written.',
    );
    const c = { photoId: 3, path: '/p/2019/IMG_3.JPG', field: 'title', library: 'Dusk', sidecar: '', kept: '', policy: 'sidecar', at: 0 };
    expect(conflictText(c)).toBe('IMG_3.JPG — title: library Dusk, sidecar (none); kept (none) (the sidecar)');
  });
});

let pane: SettingsPane;

beforeAll(async () => {
  mountApp('/?n=50&latency=0');
  pane = new SettingsPane($('settings-pane'), $('settings-button'));
  await api.ready();
});

describe('SettingsPane', () => {
  it('opens with sidecars off by default and lists the settled conflicts', async () => {
    await pane.open();
    expect($<HTMLSelectElement>('settings-sidecars').value).toBe('off');
    expect($('settings-xmp-status').textContent).toMatch(/^Sidecars are off: Shoebox writes nothing/);
    expect($<HTMLButtonElement>('settings-write').disabled).toBe(true);
    expect($('settings-conflict-list').textContent).toMatch(/IMG_00001\.JPG — rating: library 3, sidecar 5; kept 5 \(the newest\)/);
    expect($('settings-no-conflicts').hidden).toBe(true);
  });

  it('counts changes as waiting while off, and writes them when sidecars are turned on', async () => {
    const [first] = (await api.timelinePage({ view: { kind: 'all', query: null }, cursor: null, fromMonth: null, limit: 3 })).photos;
    await api.caption(one(first!.id), { title: 'Harbour', description: null });
    await pane.refresh();
    expect($('settings-xmp-status').textContent).toMatch(/^Sidecars are off: 1 photo has changes/);
    expect($<HTMLButtonElement>('settings-write').disabled).toBe(false);
    const select = $<HTMLSelectElement>('settings-sidecars');
    select.value = 'write';
    select.dispatchEvent(new Event('change'));
    await until('written', () => $('settings-xmp-status').textContent === 'All sidecars are written.');
    expect($('settings-message').textContent).toMatch(/Sidecars are on/);
    expect((await api.xmpStatus()).sidecars).toBe('write');
    pane.close();
    expect($('settings-button').classList.contains('on')).toBe(false);
  });
});

describe('the info panel caption fields', () => {
  it('save a typed title as one step, revert on Esc and keep keys to themselves', async () => {
    const [photo] = (await api.timelinePage({ view: { kind: 'all', query: null }, cursor: null, fromMonth: null, limit: 3 })).photos;
    const id = photo!.id;
    // As the Organizer does: a refused action is toasted and answers null.
    const run = async (write: () => Promise<unknown>): Promise<unknown> => write().catch(() => null);
    const org = { run, mark: vi.fn() } as unknown as Organizer;
    const collections = { photoAlbums: () => [] } as unknown as Collections;
    const editor = new OrganizeEditor(org, collections, () => undefined);
    document.body.appendChild(editor.el);
    await editor.show(id);
    const title = $<HTMLInputElement>('info-title');
    expect(title.value).toBe('Harbour'); // from the test above

    const seen: string[] = [];
    document.addEventListener('keydown', (e) => seen.push(e.key));
    title.focus();
    title.value = 'Harbour at dusk';
    title.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true }));
    expect(seen).toEqual([]); // the viewer never rates from a key typed in the field
    title.dispatchEvent(new Event('change'));
    await settle();
    expect((await api.photoOrganization(id)).title).toBe('Harbour at dusk');
    expect((await api.historyState()).undo).toBe('Set title (1 photo)');

    const description = $<HTMLTextAreaElement>('info-description');
    description.focus();
    description.value = 'Gulls';
    description.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(description.value).toBe('');
    expect((await api.photoOrganization(id)).description).toBeNull();

    // A title over the limit is refused; it stays in the field to be mended, and nothing changes.
    title.focus();
    title.value = 'x'.repeat(1001);
    title.dispatchEvent(new Event('change'));
    await settle();
    expect(title.value).toHaveLength(1001);
    expect((await api.photoOrganization(id)).title).toBe('Harbour at dusk');
    title.value = 'Harbour at dusk';
    title.blur();

    // A title with a line break is refused by the backend rules; nothing changes.
    await expect(api.caption(one(id), { title: 'two\nlines', description: null })).rejects.toThrow(/one line/);
    await api.undo();
    expect((await api.photoOrganization(id)).title).toBe('Harbour');
  });
});

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
