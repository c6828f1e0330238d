// The real app in its real webview: tiles show real images, scrolling and scrubber jumps land on
// loaded images, the viewer opens/steps/closes, the folder filter works, and a folder imported
// through the drop handler's code path appears.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { Session, startDriver } from "./webdriver.mjs";

/** Each test fails on its own, well before the runner's limit for the whole file. */
const TEST_TIMEOUT_MS = 150_000;
const HOOK = { timeout: 150_000 };

const ART = process.env.SHOEBOX_E2E_ARTIFACTS ?? ".";
const SLOW = 90_000; // a debug build making thumbnails on 2 cores

/** Tiles intersecting the scroller's viewport, and how many show a decoded image. */
const VISIBLE = `
  const root = document.getElementById('timeline').getBoundingClientRect();
  const tiles = [...document.querySelectorAll('.tile[data-photo-id]')].filter((t) => {
    const r = t.getBoundingClientRect();
    return r.bottom > root.top + 1 && r.top < root.bottom - 1 && r.width > 0;
  });
  const loaded = tiles.filter((t) => {
    const img = t.querySelector('img');
    return img && img.classList.contains('loaded') && img.complete && img.naturalWidth > 0;
  });
  return { visible: tiles.length, loaded: loaded.length, ids: tiles.map((t) => Number(t.dataset.photoId)),
           src: loaded.slice(0, 1).map((t) => t.querySelector('img').src) };`;

const allLoaded = `const v = (() => {${VISIBLE}})(); return v.visible > 0 && v.loaded === v.visible ? v : null;`;

let driver;
let s;
const results = {};

before(async () => {
  const started = await startDriver(4444);
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
}, HOOK);

after(async () => {
  writeFileSync(join(ART, "results.json"), JSON.stringify(results, null, 2));
  await s?.end();
  await driver?.kill();
}, HOOK);

test("the first screen shows real thumbnails (none made beforehand)", { timeout: TEST_TIMEOUT_MS }, async () => {
  const v = await s.waitFor(`const v = (() => {${VISIBLE}})(); return v.visible >= 12 && v.loaded === v.visible ? v : null;`, SLOW, "first screen loaded");
  assert.match(v.src[0], /^thumb:\/\/localhost\/\d+\/(256|512)/);
  results.firstTilesPaintedMs = await s.execute("return window.__shoebox.perf.firstTilesPaintedMs");
  results.domAfterFirstScreen = await s.execute("return window.__shoebox.perf.domCount()");
  assert.ok(results.domAfterFirstScreen < 1500, `DOM has ${results.domAfterFirstScreen} elements`);
  writeFileSync(join(ART, "gallery.png"), await s.screenshot());
});

test("scrolling far shows loaded images at the new place, with a bounded DOM", { timeout: TEST_TIMEOUT_MS }, async () => {
  const before = await s.execute(`return (() => {${VISIBLE}})()`);
  await s.execute("const t = document.getElementById('timeline'); t.scrollTop = t.scrollTop + t.clientHeight * 40;");
  const after = await s.waitFor(allLoaded, SLOW, "tiles loaded after scrolling");
  assert.ok(after.ids.every((id) => !before.ids.includes(id)), "a different set of photos is on screen");
  const dom = await s.execute("return window.__shoebox.perf.domCount()");
  assert.ok(dom < 1500, `DOM has ${dom} elements`);
  results.domAfterScroll = dom;
});

test("a scrubber jump to the oldest month lands there with loaded images", { timeout: TEST_TIMEOUT_MS }, async () => {
  const month = await s.execute(
    "const ms = [...document.querySelectorAll('#scrubber [data-month]')]; return ms[ms.length - 1].dataset.month;",
  );
  await s.execute(`document.querySelector('#scrubber [data-month="${month}"]').scrollIntoView?.();`);
  await s.click(`#scrubber [data-month="${month}"]`);
  await s.waitFor(
    `const h = document.querySelector('.month-header[data-month="${month}"]');
     if (!h) return null;
     const r = h.getBoundingClientRect(), root = document.getElementById('timeline').getBoundingClientRect();
     return r.bottom > root.top && r.top < root.bottom;`,
    SLOW,
    `month header ${month} on screen`,
  );
  const v = await s.waitFor(allLoaded, SLOW, "tiles loaded after the jump");
  const info = await s.executeAsync(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('photo_info', { id: arguments[0] }).then(done, (e) => done(String(e)));",
    v.ids[v.ids.length - 1],
  );
  assert.ok(String(info.takenAt).startsWith(month.slice(0, 4)), `${JSON.stringify(info)} is from ${month}`);
  results.jumpPaintedMs = await s.execute("return window.__shoebox.perf.lastJumpPaintedMs");
});

test("the viewer opens a photo large, steps with arrows and closes back to the same place", { timeout: TEST_TIMEOUT_MS }, async () => {
  const v = await s.waitFor(allLoaded, SLOW, "tiles loaded");
  const scrollBefore = await s.execute("return document.getElementById('timeline').scrollTop");
  await s.openTile(`.tile[data-photo-id="${v.ids[0]}"]`);
  const first = await s.waitFor(
    `const img = document.getElementById('viewer-img');
     return img && img.complete && img.naturalWidth > 0 && /\\/(1920|2560)/.test(img.src) ? img.src : null;`,
    SLOW,
    "large variant in the viewer",
  );
  writeFileSync(join(ART, "viewer.png"), await s.screenshot());
  await s.keys("\uE014"); // ArrowRight
  await s.waitFor(
    `const img = document.getElementById('viewer-img'); return img && img.src !== arguments[0] && img.naturalWidth > 0;`,
    SLOW,
    "the next photo",
    first,
  );
  await s.keys("i");
  await s.waitFor("const p = document.getElementById('viewer-info'); return p && !p.hidden && /Shoebox/.test(p.textContent);", 10_000, "info panel with the camera");
  await s.keys("\uE00C"); // Escape
  await s.waitFor("const v = document.getElementById('viewer'); return !v || v.hidden || v.offsetParent === null;", 10_000, "viewer closed");
  const scrollAfter = await s.execute("return document.getElementById('timeline').scrollTop");
  assert.ok(Math.abs(scrollAfter - scrollBefore) < 2, `scroll ${scrollBefore} -> ${scrollAfter}`);
});

test("the folder filter shows only that folder's photos", { timeout: TEST_TIMEOUT_MS }, async () => {
  const id = await s.execute(
    `const named = (e, name) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() === name);
     const el = [...document.querySelectorAll('#folders [data-folder-id]')].find((e) => named(e, '0003'));
     return el && el.dataset.folderId;`,
  );
  assert.ok(id, "folder 0003 is listed");
  await s.click(`#folders [data-folder-id="${id}"]`);
  await s.waitFor(`return document.querySelector('#folders [data-folder-id="${id}"]').classList.contains('active');`, 10_000, "folder active");
  const v = await s.waitFor(allLoaded, SLOW, "filtered tiles loaded");
  for (const photo of v.ids.slice(0, 8)) {
    const info = await s.executeAsync(
      "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('photo_info', { id: arguments[0] }).then(done, (e) => done(String(e)));",
      photo,
    );
    assert.match(info.path, /\/0003\//);
  }
  await s.click('#folders [data-folder-id="all"]');
});

test("a folder imported through the drop handler's code path appears", { timeout: TEST_TIMEOUT_MS }, async () => {
  const summary = await s.executeAsync(
    "const done = arguments[arguments.length - 1]; window.__shoebox.importPaths([arguments[0]]).then(done, (e) => done({ error: String(e) }));",
    process.env.SHOEBOX_E2E_DROP,
  );
  assert.equal(summary.added, 24, JSON.stringify(summary));
  const id = await s.waitFor(
    `const named = (e, name) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() === name);
     const el = [...document.querySelectorAll('#folders [data-folder-id]')].find((e) => named(e, 'dropped'));
     return el && el.dataset.folderId;`,
    20_000,
    "the dropped folder in the sidebar",
  );
  await s.click(`#folders [data-folder-id="${id}"]`);
  // The background backlog may refresh the gallery meanwhile (library-changed): wait for the settled state.
  await s.waitFor(
    `const v = (() => {${VISIBLE}})();
     return document.querySelectorAll('.tile[data-photo-id]').length === 24 && v.visible > 0 && v.loaded === v.visible;`,
    SLOW,
    "exactly the 24 imported photos, loaded",
  );
  writeFileSync(join(ART, "imported.png"), await s.screenshot());
});

test("the watcher shows a photo added on disk, and drops it when deleted, live", { timeout: TEST_TIMEOUT_MS }, async () => {
  // Still filtered to the imported folder (previous test): 24 tiles. The import restarted the watcher,
  // whose catch-up rescan of all 20,000 photos runs first (the change is queued meanwhile).
  const folder = join(process.env.SHOEBOX_E2E_DROP, "0000");
  const copy = join(folder, "IMG_999999.jpg");
  copyFileSync(join(folder, "IMG_000001.jpg"), copy);
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length === 25", SLOW, "the new photo's tile");
  unlinkSync(copy);
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length === 24", SLOW, "the deleted photo gone");
  const watching = await s.executeAsync(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('diagnostics').then((d) => done(d.watching), (e) => done(String(e)));",
  );
  assert.equal(watching, "inotify");
});
