// @vitest-environment jsdom
// Tests organizing against the fake backend and the real timeline DOM: a Shift range over unloaded months marked by
// index ranges, badges and the selected look on the tiles in the next frame, Ctrl+A by count, albums (bad names
// refused with the reason, add by ranges, manual order, reorder, cover, undo / redo), tags with autocomplete, and the
// mark views.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Organizer } from '../src/organize';
import type { TimelineView } from '../src/timeline/view';
import type { BackendError } from '../src/errors';
import { setupTimelineDom } from './dom';

const W = 1200;
const H = 800;

const frame = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
async function idle(): Promise<void> {
  for (let i = 0; i < 40; i++) await frame();
}

describe('organize (fake backend, 20,000 photos)', () => {
  let scroller: HTMLElement;
  let view: TimelineView;
  let org: Organizer;
  let api: typeof import('../src/api');

  beforeAll(async () => {
    scroller = setupTimelineDom('/?n=20000&latency=0', W, H);
    api = await import('../src/api');
    await api.ready();
    const { TimelineView } = await import('../src/timeline/view');
    const { Organizer } = await import('../src/organize');
    view = new TimelineView(scroller, { onOpen() {}, onGeometry() {}, onScroll() {}, onMonths() {} });
    org = new Organizer(view, () => undefined);
    await view.load(api.ALL);
    await idle();
  }, 30_000);

  const tileEl = (id: number): HTMLElement | null => scroller.querySelector<HTMLElement>(`.tile[data-photo-id="${id}"]`);

  it('a Shift range reaching photos never loaded is sent as index ranges and marked; loaded tiles show it next frame', async () => {
    const sel = view.selection;
    sel.click(2);
    sel.extendTo(15_000);
    expect(view.tl.loaded).toBeLessThan(15_000);
    const t = org.targets()!;
    expect(t.ids).toEqual([]);
    expect(t.ranges).toEqual([[2, 15_001]]);
    expect(t.view).toEqual({ kind: 'all' });
    const out = await org.mark(t, { favourite: null, rating: 4, flag: null, label: null });
    expect(out?.changed).toBe(14_999);
    await frame();
    const third = view.tl.tileAt(2)!;
    expect(tileEl(third.id)?.querySelector('.badges')?.getAttribute('aria-label')).toBe('★★★★');
    expect(tileEl(third.id)?.classList.contains('selected')).toBe(true);
    const first = view.tl.tileAt(0)!;
    expect(tileEl(first.id)?.querySelector('.badges')).toBeNull();
    expect(tileEl(first.id)?.classList.contains('selected')).toBe(false);
    // The backend has it too: a photo far down, never loaded here.
    const far = await api.timelinePage({ view: api.ALL, cursor: '14000', fromMonth: null, limit: 1 });
    expect(far.photos[0]!.marks.rating).toBe(4);
  });

  it('X rejects and keeps the four stars', async () => {
    const out = await org.mark(org.targets()!, { favourite: null, rating: null, flag: 'reject', label: null });
    expect(out).not.toBeNull();
    await frame();
    const el = tileEl(view.tl.tileAt(3)!.id)!;
    expect(el.dataset['marks']).toBe('rating=4 flag=reject label=none favourite=false');
    expect(el.querySelector('.badges')!.getAttribute('aria-label')).toBe('★★★★ ✕');
    const months = await api.timelineMonths({ kind: 'rejected' });
    expect(months.reduce((s, m) => s + m.count, 0)).toBe(14_999);
  });

  it('Ctrl+A selects the whole view by count; a small loaded selection is sent as ids', () => {
    view.selection.selectAll(view.tl.count);
    expect(view.selection.count).toBe(20_000);
    expect(org.targets()!.ranges).toEqual([[0, 20_000]]);
    view.selection.click(1);
    view.selection.extendTo(4);
    const t = org.targets()!;
    expect(t.ranges).toEqual([]);
    expect(t.ids).toEqual([1, 2, 3, 4].map((i) => view.tl.tileAt(i)!.id));
    view.selection.clear();
  });

  it('refuses bad album names with the reason and changes nothing', async () => {
    const bad = ['', '   ', 'x'.repeat(10_000), 'a\u0007b'];
    for (const name of bad) {
      const e = (await api.createAlbum(name, null, 'album').catch((x: unknown) => x)) as BackendError;
      expect(e.kind).toBe('invalidInput');
      expect(e.message.length).toBeGreaterThan(5);
    }
    expect(await api.albums()).toEqual([]);
    const slash = await api.createAlbum('2024/25 season', null, 'album');
    expect(slash.name).toBe('2024/25 season');
    await api.deleteAlbum(slash.id);
    const emoji = await api.createAlbum('Holidays 🏖️', null, 'album');
    expect(emoji.name).toBe('Holidays 🏖️');
    const e = (await api.addToAlbum(9999, { view: null, ranges: [], ids: [1] }).catch((x: unknown) => x)) as BackendError;
    expect(e.kind).toBe('notFound');
    await api.deleteAlbum(emoji.id);
  });

  it('an album: add by ranges, manual order in one section, reorder, cover, undo the reorder', async () => {
    const album = await api.createAlbum('Best', null, 'album');
    await api.addToAlbum(album.id, { view: api.ALL, ranges: [[0, 5]], ids: [] });
    const v = { kind: 'album' as const, id: album.id };
    await view.load(v);
    await idle();
    expect(view.tl.manual).toBe(true);
    expect(view.tl.sections.map((s) => s.month)).toEqual(['manual']);
    const order = (): number[] => view.tl.sections[0]!.photos.map((p) => p.id);
    const before = order();
    expect(before.length).toBe(5);
    await api.reorderAlbum(album.id, { view: null, ranges: [], ids: [before[4]!] }, { kind: 'before', id: before[0]! });
    await view.refresh();
    await idle();
    expect(order()).toEqual([before[4], before[0], before[1], before[2], before[3]]);
    await api.setAlbumCover(album.id, before[2]!);
    expect((await api.albums()).find((a) => a.id === album.id)!.coverId).toBe(before[2]);
    const h = await api.historyState();
    expect(h.undo).toMatch(/cover/i);
    await api.undo(); // the cover
    const undone = await api.undo(); // the reorder
    expect(undone!.label).toMatch(/Reorder/);
    await view.refresh();
    await idle();
    expect(order()).toEqual(before);
    await api.redo();
    await view.refresh();
    await idle();
    expect(order()[0]).toBe(before[4]);
    await view.load(api.ALL);
    await idle();
  });

  it('tags: a path creates the tree, suggestions match any component, a tag view shows its photos', async () => {
    await api.tagPhotos('Places/France/Paris', { view: null, ranges: [], ids: [1, 2] });
    await api.tagPhotos('Places/Italy', { view: null, ranges: [], ids: [3] });
    const tags = await api.tags();
    expect(tags.map((t) => [t.path, t.count])).toEqual([
      ['Places', 3],
      ['Places/France', 2],
      ['Places/France/Paris', 2],
      ['Places/Italy', 1],
    ]);
    expect((await api.suggestTags('par', 5)).map((t) => t.path)).toEqual(['Places/France/Paris']);
    expect((await api.suggestTags('PL', 5)).length).toBe(4);
    const places = tags.find((t) => t.path === 'Places')!;
    const months = await api.timelineMonths({ kind: 'tag', id: places.id });
    expect(months.reduce((s, m) => s + m.count, 0)).toBe(3);
    const org1 = await api.photoOrganization(1);
    expect(org1.tags).toEqual(['Places/France/Paris']);
    const e = (await api.tagPhotos('a//b', { view: null, ranges: [], ids: [1] }).catch((x: unknown) => x)) as BackendError;
    expect(e.kind).toBe('invalidInput');
  });

  it('the viewer: a mark key on the shown photo, then auto-advance to the next one', async () => {
    (HTMLImageElement.prototype as unknown as { decode: () => Promise<void> }).decode = () => Promise.resolve();
    const { Viewer } = await import('../src/viewer');
    await view.load(api.ALL);
    await idle();
    const viewer = new Viewer(view, org, null);
    const first = view.tl.tileAt(0)!;
    const second = view.tl.tileAt(1)!;
    viewer.open(first.id);
    viewer.setAutoAdvance(true);
    expect(viewer.key(new KeyboardEvent('keydown', { key: '2' }))).toBe(true);
    await idle();
    expect(first.marks.rating).toBe(2);
    expect(viewer.photoId).toBe(second.id);
    viewer.setAutoAdvance(false);
    expect(viewer.key(new KeyboardEvent('keydown', { key: 'p' }))).toBe(true);
    await idle();
    expect(view.tl.tileAt(1)!.marks.flag).toBe('pick');
    expect(viewer.photoId).toBe(second.id);
    expect(document.getElementById('viewer-marks')!.textContent).toContain('⚑');
    expect(viewer.key(new KeyboardEvent('keydown', { key: 'q' }))).toBe(false);
    viewer.close();
  });

  it('the sidebar keeps its rows when a reload finds nothing changed (a redraw mid-click swallows the click)', async () => {
    const { Collections } = await import('../src/collections');
    const host = document.createElement('div');
    document.body.appendChild(host);
    const opened: string[] = [];
    const c = new Collections(host, { onSelect: (_v, title) => opened.push(title), run: (w) => w() });
    await c.reload();
    const row = host.querySelector<HTMLElement>('[data-view="favourites"]')!;
    await c.reload();
    expect(host.querySelector('[data-view="favourites"]')).toBe(row);
    row.click();
    expect(opened).toEqual(['Favourites']);
    await api.createAlbum('Echo test', null, 'album');
    await c.reload();
    expect(host.querySelector('[data-view="favourites"]')).not.toBe(row);
    expect(host.textContent).toContain('Echo test');
    host.remove();
  });
});
