// Finding in the real app, on a copy of the real photos of ../shared/corpus (real cameras, GPS; run.sh copies and
// scans it for this file alone): type a query, the grid, the scrubber's months and the count follow it; a bad query
// says what is wrong under the box and keeps the results; the help popover; pick a facet value in Filters; save the
// search as a smart album; copy a matching photo into the watched folder and see it appear in the smart album; a
// place in the sidebar narrows the view. Every wait is bounded.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { Session, startDriver } from "./webdriver.mjs";

const TEST_TIMEOUT_MS = 150_000;
const HOOK = { timeout: 150_000 };
const SLOW = 60_000;
const ART = process.env.SHOEBOX_E2E_ARTIFACTS ?? ".";
const CORPUS = process.env.SHOEBOX_E2E_FIND_CORPUS;
const ENV = {
  ...process.env,
  SHOEBOX_LIBRARY: process.env.SHOEBOX_E2E_FIND_LIBRARY,
  SHOEBOX_CACHE_DIR: process.env.SHOEBOX_E2E_FIND_CACHE,
};
const PORT = 4476;
const CTRL = "\uE009";
const SMART = "Coolpix 🛰️";
/** The GPS photos of the corpus: a Nikon COOLPIX P6000 (their folder is watched; the test adds one more). */
const GPS_DIR = () => join(CORPUS, "exif-samples", "jpg", "gps");
const COPY = () => join(GPS_DIR(), "find-added-while-running.jpg");

let driver;
let s;
const seen = {};

const invoke = (name, args = {}) => s.invoke(name, args);
/** `text` inside a double-quoted CSS attribute value. */
const cssString = (text) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
const total = (months) => months.reduce((n, m) => n + m.count, 0);
/** A view's photo count, as the engine answers it. */
async function count(view) {
  const months = await invoke("timeline_months", { view });
  assert.ok(Array.isArray(months), JSON.stringify(months));
  return { months, n: total(months) };
}
/** How many photos the view shown holds, as the app says it: the search box's count, or the smart album's row. */
const VIEW_COUNT = `(() => {
  const q = window.__shoebox.search().query;
  const c = document.getElementById('search-count');
  if (q) return Number(c.textContent.replace(/,/g, ''));
  const v = window.__shoebox.search().view;
  const row = v.kind === 'album' && document.querySelector('#collections [data-album-id="' + v.id + '"] .count');
  return row ? Number(row.textContent.replace(/,/g, '')) : -1;
})()`;
/** The photo ids the grid holds (the tiles near the screen). */
const GRID = "return [...document.querySelectorAll('.tile[data-photo-id]')].map((t) => Number(t.dataset.photoId)).sort((a, b) => a - b)";
/** Every photo id of a view (one page: the views here are small). */
async function ids(view) {
  const page = await invoke("timeline_page", { view, cursor: null, fromMonth: null, limit: 1000 });
  assert.ok(!page.error, JSON.stringify(page));
  return page.photos.map((p) => p.id).sort((a, b) => a - b);
}
/**
 * Waits until the view holds exactly as many photos as `want` (ids) and every tile in the grid is one of them (the
 * grid keeps only tiles near the screen).
 */
async function gridIs(want, what) {
  await s
    .waitFor(
      `const got = (() => {${GRID}})();
       return ${VIEW_COUNT} === arguments[0].length && got.length >= Math.min(arguments[0].length, 6) &&
         got.every((id) => arguments[0].includes(id));`,
      20_000,
      what,
      want,
    )
    .catch(async (e) => {
      const state = await s.execute(
        `const e = document.getElementById('search-error');
         return { typed: document.getElementById('search-input').value, applied: window.__shoebox.search(),
                  error: e && !e.hidden ? e.textContent : null, grid: (() => {${GRID}})() };`,
      );
      throw new Error(`${e.message}; want ${JSON.stringify(want)}, the app: ${JSON.stringify(state)}`);
    });
}
/** Replaces the search box's text by typing it (real keys: each one runs the live search). */
async function typeQuery(text) {
  await s.clickAt("#search-input");
  await s.chord([CTRL], "a");
  await s.keys(`\uE003${text}`);
}

before(async () => {
  assert.ok(CORPUS && ENV.SHOEBOX_LIBRARY, "run through tests/e2e/run.sh (it copies and scans the corpus for find)");
  if (existsSync(COPY())) unlinkSync(COPY());
  const started = await startDriver(PORT, ENV, "driver-find");
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length > 0", SLOW, "the first tiles");
}, HOOK);

after(async () => {
  writeFileSync(join(ART, "find.json"), JSON.stringify(seen, null, 2));
  if (CORPUS && existsSync(COPY())) unlinkSync(COPY());
  await s?.end();
  await driver?.kill();
}, HOOK);

test("typing a query narrows the grid, the scrubber and the count; a bad one says why and keeps the results", { timeout: TEST_TIMEOUT_MS }, async () => {
  const all = await count({ kind: "all" });
  const nikon = await count({ kind: "all", query: "make:nikon" });
  assert.ok(nikon.n > 0 && nikon.n < all.n, `make:nikon finds some photos: ${nikon.n} of ${all.n}`);
  seen.all = all.n;
  seen.nikon = nikon.n;
  // The / key focuses the box from the grid.
  await s.execute("document.getElementById('timeline').focus()");
  await s.keys("/");
  await s.waitFor("return document.activeElement?.id === 'search-input'", 10_000, "/ focuses the search box");
  // The app may still be loading the sidebar; when it finishes it must not take the focus back to the grid
  // (it did: 1 run in 4 typed the query into the grid).
  await s.waitFor("return document.body.dataset.ready === 'true'", SLOW, "the app's start finished");
  assert.equal(await s.execute("return document.activeElement?.id"), "search-input", "the search box keeps the focus");
  await s.keys("make:nikon");
  await gridIs(await ids({ kind: "all", query: "make:nikon" }), "the grid shows the Nikon photos");
  await s.waitFor(`return document.getElementById('search-count').textContent.replace(/,/g, '') === String(arguments[0])`, 10_000, "the count", nikon.n);
  const scrub = await s.execute("return [...document.querySelectorAll('#scrubber [data-month]')].map((e) => e.dataset.month)");
  for (const m of scrub) assert.ok(nikon.months.some((x) => x.month === m), `scrubber month ${m} is one of the query's`);

  // A bad value: the engine's message under the box, the bad span underlined, the Nikon photos still shown.
  // Inserted as one edit (one input event, as a paste is): typed key by key on a loaded machine, the live
  // search ran on " is" between two keys — a good query with no results, which then were the last good ones.
  await s.execute("document.execCommand('insertText', false, arguments[0])", " iso:>=abc");
  const msg = await s.waitFor(
    "const e = document.getElementById('search-error'); return e && !e.hidden && e.querySelector('.search-message').textContent",
    10_000,
    "the message under the box",
  );
  assert.match(msg, /iso/i);
  const bad = await s.execute("return document.querySelector('#search-error mark.bad').textContent");
  assert.ok(bad.includes("abc"), `the underlined span: ${bad}`);
  assert.equal(await s.execute("return document.getElementById('search-input').getAttribute('aria-invalid')"), "true");
  await gridIs(await ids({ kind: "all", query: "make:nikon" }), "the last good results kept");
  writeFileSync(join(ART, "find-error.png"), await s.screenshot());

  // The help popover documents the syntax.
  await s.clickAt("#search-help-toggle");
  const help = await s.waitFor("const h = document.getElementById('search-help'); return h && !h.hidden && h.textContent", 10_000, "the help");
  for (const word of ["rating:>=4", "-tag:work", "OR", "place:lisbon", "iso:>=3200"]) assert.ok(help.includes(word), `the help mentions ${word}`);
  await s.clickAt("#search-input");
  await s.keys("\uE00C"); // Esc: closes the help first
  await s.waitFor("return document.getElementById('search-help').hidden", 10_000, "the help closed");
  await typeQuery("make:nikon");
  await s.waitFor("return document.getElementById('search-error').hidden", 10_000, "the error gone");
});

test("a facet value narrows further; the search saved as a smart album; a matching photo copied in appears there", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.clickAt("#filters-toggle");
  await s.waitFor("return document.querySelectorAll('#filters [data-facet] .facet-value').length > 0", 20_000, "the facets");
  const camera = await s.waitFor(
    `const b = [...document.querySelectorAll('#filters [data-facet="camera"] .facet-value')].find((e) => /P6000/i.test(e.textContent));
     return b && { query: b.dataset.query, count: Number(b.querySelector('.count').textContent.replace(/,/g, '')) };`,
    20_000,
    "the COOLPIX P6000 value of the camera facet",
  );
  const want = `make:nikon ${camera.query}`;
  const expected = await count({ kind: "all", query: want });
  assert.equal(camera.count, expected.n, "the facet's count is what choosing it finds");
  assert.ok(expected.n < seen.nikon, "the facet narrows the Nikon photos");
  const valueCss = `#filters .facet-value[data-query="${cssString(camera.query)}"]`;
  await s.clickAt(valueCss);
  await s.waitFor(`return window.__shoebox.search().query === arguments[0]`, 10_000, "the token in the box", want);
  await gridIs(await ids({ kind: "all", query: want }), "the grid shows the P6000 photos");
  await s.waitFor(
    "const b = document.querySelector(arguments[0]); return b && b.getAttribute('aria-pressed') === 'true'",
    10_000,
    "the value marked selected",
    valueCss,
  );
  writeFileSync(join(ART, "find-facets.png"), await s.screenshot());

  // Save as a smart album: the name typed in place; it opens, with its own icon and its count.
  await s.clickAt("#search-save");
  await s.waitFor("return document.activeElement?.id === 'collection-name'", 10_000, "the name field");
  await s.keys(`${SMART}\uE007`);
  const id = await s.waitFor(
    `const named = (e, name) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() === name);
     const el = [...document.querySelectorAll('#collections [data-album-id][data-kind="smart"]')].find((e) => named(e, arguments[0]));
     return el && Number(el.dataset.albumId);`,
    10_000,
    "the smart album in the sidebar",
    SMART,
  );
  seen.smartId = id;
  const albums = await invoke("albums");
  const album = albums.find((a) => a.id === id);
  assert.equal(album.kind, "smart");
  assert.equal(album.count, expected.n);
  await s.waitFor(`return document.getElementById('view-title').textContent === arguments[0]`, 10_000, "the smart album open", SMART);
  const inAlbum = await ids({ kind: "album", id });
  assert.equal(inAlbum.length, expected.n);
  await gridIs(inAlbum, "the smart album's photos");

  // A matching photo arrives in the watched folder: the open smart album and its count follow.
  const source = (await invoke("photo_info", { id: inAlbum[0] })).path;
  copyFileSync(source, COPY());
  const grown = await s.waitFor(
    `const c = document.querySelector('#collections [data-album-id="${id}"] .count');
     return c && Number(c.textContent.replace(/,/g, '')) === arguments[0] + 1 ? c.textContent : null;`,
    45_000,
    "the smart album's count grows by one",
    expected.n,
  );
  assert.ok(grown);
  const after = await ids({ kind: "album", id });
  assert.equal(after.length, expected.n + 1);
  await gridIs(after, "the copied photo in the open smart album");
  writeFileSync(join(ART, "find-smart.png"), await s.screenshot());
});

test("a place in the sidebar narrows the view", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.clickAt('#folders [data-folder-id="all"]');
  await typeQuery("");
  await s.waitFor("return window.__shoebox.search().query === '' && window.__shoebox.search().view.kind === 'all'", 10_000, "all photos, no query");
  const place = await s.waitFor(
    "const r = document.querySelector('#places [data-place-query]'); return r && r.dataset.placeQuery;",
    20_000,
    "a place in the sidebar (the corpus has GPS photos)",
  );
  const found = await count({ kind: "all", query: place });
  assert.ok(found.n > 0, `${place} finds photos`);
  const placeCss = `#places [data-place-query="${cssString(place)}"]`;
  await s.clickAt(placeCss);
  await s.waitFor(`return window.__shoebox.search().query === arguments[0]`, 10_000, "the place's token in the box", place);
  await gridIs(await ids({ kind: "all", query: place }), "the place's photos");
  await s.waitFor("return document.querySelector(arguments[0]).classList.contains('active')", 10_000, "the place marked", placeCss);
  seen.place = { place, photos: found.n };
});
