// @vitest-environment jsdom
// Tests finding in the UI: the query's terms and facet tokens (add, remove, OR within a facet), the live run as the
// user types (debounce, superseded requests, an invalid query keeps the last good results), the search box (the
// engine's message with the bad span underlined, the help popover, Esc), the Filters column (a click toggles a token,
// counts patched in place), Places folding, and smart albums over the fake backend (saved from the box, live count,
// not a drop target, query edited in place).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveQuery, type QueryProblem } from '../src/find/live_query';
import { errorPieces, hasToken, removeTokens, terms, toggleToken } from '../src/find/query_text';
import { foldPlaces } from '../src/find/places_tree';
import { checkQuery } from '../src/fake_find';
import type { Facet } from '../src/types';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('query text', () => {
  it('splits top-level terms, keeping quotes, groups and OR chains whole', () => {
    expect(terms('camera:fuji tag:"Family/Kids" (a OR b) x OR y -tag:work').map((t) => t.text)).toEqual([
      'camera:fuji',
      'tag:"Family/Kids"',
      '(a OR b)',
      'x OR y',
      '-tag:work',
    ]);
    expect(terms('  ')).toEqual([]);
  });

  it('adds a token, and removes it on the second click (case and quotes ignored)', () => {
    let q = toggleToken('beach', 'camera:"X-T4"');
    expect(q).toBe('beach camera:"X-T4"');
    expect(hasToken(q, 'Camera:x-t4')).toBe(true);
    q = toggleToken(q, 'camera:"X-T4"');
    expect(q).toBe('beach');
  });

  it('ORs a second value of the same facet, ANDs another facet, and unwinds the group', () => {
    const sib = ['year:2024', 'year:2023', 'year:2022'];
    let q = toggleToken('', 'year:2024', sib);
    q = toggleToken(q, 'year:2023', sib);
    expect(q).toBe('(year:2024 OR year:2023)');
    q = toggleToken(q, 'iso:800', ['iso:100', 'iso:800']);
    expect(q).toBe('(year:2024 OR year:2023) iso:800');
    expect(hasToken(q, 'year:2023')).toBe(true);
    q = toggleToken(q, 'year:2024', sib);
    expect(q).toBe('year:2023 iso:800');
    expect(removeTokens(q, ['ISO:800'])).toBe('year:2023');
  });

  it('cuts a query around an error span; an empty span still marks a place', () => {
    expect(errorPieces('iso:>=abc', 6, 9)).toEqual(['iso:>=', 'abc', '']);
    expect(errorPieces('tag:"x', 6, 6)).toEqual(['tag:"x', ' ', '']);
  });

  it('the fake engine names what is wrong and where', () => {
    expect(checkQuery('camera:fuji iso:>=3200 rating:>=4 year:2019 -tag:work')).toMatchObject({ message: "unknown key 'tag'" });
    expect(checkQuery('camera:fuji iso:>=3200 rating:>=4 year:2019')).toBeNull();
    expect(checkQuery('iso:>=abc')).toEqual({ message: "iso wants a number, got 'abc'", start: 6, end: 9 });
    expect(checkQuery('foo:1')).toEqual({ message: "unknown key 'foo'", start: 0, end: 3 });
    expect(checkQuery('name:"IMG')?.message).toBe('unbalanced quote');
  });
});

describe('live query', () => {
  it('runs once typing pauses, superseding every earlier text', async () => {
    const applied: string[] = [];
    const checked: string[] = [];
    let t = 0;
    const live = new LiveQuery(
      { check: async (q) => (checked.push(q), null), apply: async (q) => void applied.push(q), onProblem: () => undefined },
      () => t,
      20,
    );
    live.input('c'); // quiet before: sent at once, then superseded while it is checked
    for (const q of ['ca', 'cam', 'came']) {
      t += 10;
      live.input(q);
    }
    await live.settled();
    expect(checked).toEqual(['c', 'came']);
    expect(applied).toEqual(['came']);
  });

  it('a slow answer for an older text never lands after a newer one', async () => {
    const applied: string[] = [];
    const live = new LiveQuery({
      check: async (q) => {
        await sleep(q === 'slow' ? 40 : 1);
        return null;
      },
      apply: async (q) => void applied.push(q),
      onProblem: () => undefined,
    });
    void live.set('slow');
    await live.set('fast');
    await sleep(60);
    expect(applied).toEqual(['fast']);
    expect(live.applied).toBe('fast');
  });

  it('an invalid query reports its problem and keeps the last good results', async () => {
    const problems: (QueryProblem | null)[] = [];
    const apply = vi.fn(async () => undefined);
    const live = new LiveQuery({ check: async (q) => checkQuery(q), apply, onProblem: (_t, p) => problems.push(p) });
    await live.set('iso:800');
    await live.set('iso:>=abc');
    expect(apply).toHaveBeenCalledTimes(1);
    expect(live.applied).toBe('iso:800');
    expect(problems[1]).toEqual({ message: "iso wants a number, got 'abc'", start: 6, end: 9 });
  });
});

describe('places', () => {
  it('folds place counts country → city, most photos first', () => {
    const rows = foldPlaces([
      { country: 'France', countryCode: 'FR', region: 'Île-de-France', city: 'Paris', placeId: 1, count: 2 },
      { country: 'Portugal', countryCode: 'PT', region: 'Lisboa', city: 'Lisbon', placeId: 2, count: 5 },
      { country: 'Portugal', countryCode: 'PT', region: 'Porto', city: 'Porto', placeId: 3, count: 1 },
      { country: 'Brazil', countryCode: 'BR', region: 'São Paulo', city: 'São Paulo', placeId: 4, count: 2 },
    ]);
    expect(rows.map((r) => [r.country, r.count])).toEqual([['Portugal', 6], ['Brazil', 2], ['France', 2]]);
    expect(rows[0]!.cities.map((c) => c.token)).toEqual(['city:Lisbon', 'city:Porto']);
    expect(rows[1]!.cities[0]!.token).toBe('city:"São Paulo"');
  });
});

describe('search box, filters and smart albums (fake backend, 3,000 photos)', () => {
  let api: typeof import('../src/api');
  let box: import('../src/find/search_box').SearchBox;
  const shown: string[] = [];

  beforeAll(async () => {
    window.history.replaceState({}, '', '/?n=3000&latency=0');
    api = await import('../src/api');
    await api.ready();
    const { SearchBox } = await import('../src/find/search_box');
    const root = document.createElement('div');
    root.id = 'search';
    document.body.appendChild(root);
    box = new SearchBox(root, {
      check: (t) => api.checkQuery(t),
      apply: async (q) => void shown.push(q),
      save: () => undefined,
      toggleFilters: () => undefined,
    });
  });

  const type = async (text: string): Promise<void> => {
    box.input.value = text;
    box.input.dispatchEvent(new Event('input'));
    await box.live.settled();
  };

  it('a query narrows the timeline, its months and counts', async () => {
    const all = await api.timelineMonths(api.ALL);
    const fuji = await api.timelineMonths({ kind: 'all', query: 'camera:fuji' });
    const n = (ms: { count: number }[]): number => ms.reduce((s, m) => s + m.count, 0);
    expect(n(fuji)).toBeGreaterThan(0);
    expect(n(fuji)).toBeLessThan(n(all));
    const page = await api.timelinePage({ view: { kind: 'all', query: 'camera:fuji' }, cursor: null, fromMonth: null, limit: 1000 });
    for (const p of page.photos.slice(0, 5)) expect((await api.photoInfo(p.id)).make).toBe('FUJIFILM');
  });

  it('an invalid query shows the message with the bad span underlined, and keeps the last good results', async () => {
    await type('iso:800');
    expect(shown.at(-1)).toBe('iso:800');
    await type('iso:>=abc');
    const err = document.getElementById('search-error')!;
    expect(err.hidden).toBe(false);
    expect(err.querySelector('.search-message')!.textContent).toBe("Iso wants a number, got 'abc'");
    expect(err.querySelector('mark.bad')!.textContent).toBe('abc');
    expect(box.input.getAttribute('aria-invalid')).toBe('true');
    expect(box.query).toBe('iso:800');
    expect(shown.at(-1)).toBe('iso:800');
    await type('iso:>=800');
    expect(err.hidden).toBe(true);
    expect(shown.at(-1)).toBe('iso:>=800');
  });

  it('the ? button opens the syntax help; an example goes into the box; Esc clears', async () => {
    const help = document.getElementById('search-help')!;
    expect(help.hidden).toBe(true);
    document.getElementById('search-help-toggle')!.click();
    expect(help.hidden).toBe(false);
    expect(help.textContent).toContain('rating:>=4');
    expect(help.textContent).toContain('-tag:work');
    const ex = help.querySelector<HTMLButtonElement>('.help-example')!;
    ex.click();
    await box.live.settled();
    expect(help.hidden).toBe(true);
    expect(box.text).toBe(ex.dataset['example']);
    box.input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await box.live.settled();
    expect(box.text).toBe('');
    expect(shown.at(-1)).toBe('');
  });

  it('facets count under the filter without their own terms; a click toggles the token; counts patch in place', async () => {
    const { FacetsPanel } = await import('../src/find/facets_panel');
    const el = document.createElement('aside');
    el.id = 'filters';
    el.hidden = true;
    document.body.appendChild(el);
    const toggled: [string, readonly string[]][] = [];
    let query = '';
    const panel = new FacetsPanel(el, {
      facets: (v) => api.facets(v),
      toggle: (t, s) => void toggled.push([t, s]),
      clear: () => undefined,
      onOpen: () => undefined,
    });
    panel.open();
    await panel.update(api.ALL, query);
    const year = el.querySelector<HTMLElement>('[data-facet="camera"] .facet-value')!;
    const token = year.dataset['query']!;
    year.click();
    expect(toggled[0]![0]).toBe(token);
    expect(toggled[0]![1].length).toBeGreaterThan(0);
    expect(toggled[0]![1]).not.toContain(token);
    query = toggleToken(query, token);
    const facets: Facet[] = await api.facets({ kind: 'all', query });
    // The camera facet still offers the other cameras (its own term left out); ISOs are counted within the camera.
    expect(facets.find((f) => f.name === 'camera')!.values.length).toBeGreaterThan(1);
    const cams = facets.find((f) => f.name === 'iso')!.values.reduce((s, v) => s + v.count, 0);
    const months = await api.timelineMonths({ kind: 'all', query });
    expect(cams).toBe(months.reduce((s, m) => s + m.count, 0));
    await panel.update({ kind: 'all', query }, query);
    const same = [...el.querySelectorAll<HTMLElement>('[data-facet="camera"] .facet-value')].find((b) => b.dataset['query'] === token)!;
    expect(same).toBe(year);
    expect(same.classList.contains('selected')).toBe(true);
    expect(same.getAttribute('aria-pressed')).toBe('true');
  });

  it('a smart album saved from a query: its own icon, a live count, not a drop target, its query editable', async () => {
    const { Collections } = await import('../src/collections');
    const el = document.createElement('nav');
    el.id = 'collections';
    document.body.appendChild(el);
    const saved: number[] = [];
    const runs: string[] = [];
    const col = new Collections(el, {
      onSelect: () => undefined,
      run: async (w) => {
        const o = await w();
        runs.push(o.label);
        return o;
      },
      onSmartSaved: (a) => void saved.push(a.id),
    });
    await col.reload();
    col.startNewSmart('camera:fuji');
    await sleep(0);
    const input = document.getElementById('collection-name') as HTMLInputElement;
    expect(el.querySelector('.smart-query')!.textContent).toBe('camera:fuji');
    input.value = 'Fuji';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    for (let i = 0; i < 50 && saved.length === 0; i++) await sleep(2);
    expect(saved).toHaveLength(1);
    const row = el.querySelector<HTMLElement>(`[data-album-id="${saved[0]}"]`)!;
    expect(row.dataset['kind']).toBe('smart');
    expect(row.querySelector('.icon')!.textContent).toBe('⚙');
    const fuji = (await api.timelineMonths({ kind: 'all', query: 'camera:fuji' })).reduce((s, m) => s + m.count, 0);
    expect(row.querySelector('.count')!.textContent!.replace(/,/g, '')).toBe(String(fuji));
    // Drop targets are [data-kind="album"] rows only.
    expect(row.matches('[data-album-id][data-kind="album"]')).toBe(false);
    const months = await api.timelineMonths({ kind: 'album', id: saved[0]! });
    expect(months.reduce((s, m) => s + m.count, 0)).toBe(fuji);
    // A bad query is refused with the reason under the field; a good one is saved.
    col.startEditQuery(saved[0]!);
    await sleep(0);
    const q = document.getElementById('smart-query-edit') as HTMLInputElement;
    expect(q.value).toBe('camera:fuji');
    q.value = 'iso:>=abc';
    q.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    for (let i = 0; i < 50 && !el.querySelector('.side-error'); i++) await sleep(2);
    expect(el.querySelector('.side-error')!.textContent).toContain('iso wants a number');
    const q2 = document.getElementById('smart-query-edit') as HTMLInputElement;
    q2.value = 'camera:canon';
    q2.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    for (let i = 0; i < 50 && runs.length === 0; i++) await sleep(2);
    expect(runs[0]).toContain('query');
    expect((await api.albums()).find((a) => a.id === saved[0])!.query).toBe('camera:canon');
  });
});
