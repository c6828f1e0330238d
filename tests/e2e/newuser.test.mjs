// What a new user meets on the 222 real photos of ../shared/corpus (copied, scanned by run.sh): folder
// watching from launch, no absurd date on top and an Undated group, broken photos that say so, a viewer
// that names the photo and its place and zooms, a keyboard-driven folder tree with a heading for the
// view, a tile menu, and a backup Save that refuses an unreachable endpoint.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

import { Session, startDriver } from "./webdriver.mjs";

const TEST_TIMEOUT_MS = 120_000;
const HOOK = { timeout: 150_000 };
const SLOW = 90_000;
const ART = process.env.SHOEBOX_E2E_ARTIFACTS ?? ".";
const CORPUS = process.env.SHOEBOX_E2E_CORPUS;

let driver;
let s;

/** Calls a command through Tauri's IPC; resolves with `{ error }` when it rejects. */
const invoke = (name, args = {}) => s.invoke(name, args);

before(async () => {
  assert.ok(CORPUS, "run through tests/e2e/run.sh (it copies and scans the corpus)");
  const env = {
    ...process.env,
    SHOEBOX_LIBRARY: process.env.SHOEBOX_E2E_CORPUS_LIBRARY,
    SHOEBOX_CACHE_DIR: process.env.SHOEBOX_E2E_CORPUS_CACHE,
  };
  const started = await startDriver(4456, env);
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length > 0", SLOW, "the first tiles");
}, HOOK);

// A test that failed with the viewer, a pane or a menu open must not break the next one.
beforeEach(async () => {
  if (!s) return;
  await s.execute(
    `for (const id of ['viewer', 'backup-pane', 'context-menu']) {
       const el = document.getElementById(id);
       if (el && !el.hidden && el.offsetParent !== null) document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
     }`,
  );
  await s.keys("\uE00C").catch(() => {});
}, HOOK);

after(async () => {
  await s?.end();
  await driver?.kill();
}, HOOK);

test("folders are watched from launch: a photo copied into a known folder appears", { timeout: TEST_TIMEOUT_MS }, async () => {
  // Watching starts with the app (its catch-up rescan comes first), with no import or click.
  const before = await pollDiagnostics((d) => d.watching === "inotify", "watching to start", 15_000);
  const copy = join(CORPUS, "exif-samples", "jpg", "copied-after-launch.jpg");
  copyFileSync(join(CORPUS, "exif-samples", "jpg", "Canon_40D.jpg"), copy);
  try {
    const grown = await pollDiagnostics((d) => d.photos === before.photos + 1, "one more photo");
    assert.equal(grown.photos, before.photos + 1);
  } finally {
    unlinkSync(copy);
  }
  await pollDiagnostics((d) => d.photos === before.photos, "the copy gone again");
});

async function pollDiagnostics(ok, what, timeoutMs = SLOW) {
  const started = Date.now();
  let last;
  while (Date.now() - started < timeoutMs) {
    last = await invoke("diagnostics");
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

test("the newest month is a real one, and photos without a date are grouped as Undated", { timeout: TEST_TIMEOUT_MS }, async () => {
  const months = await invoke("timeline_months", { view: { kind: "all" } });
  assert.ok(Array.isArray(months) && months.length > 0, JSON.stringify(months));
  const newest = months[0].month;
  assert.ok(newest <= new Date().toISOString().slice(0, 7), `the library opens on ${newest}`);
  assert.ok(!months.some((m) => m.month.startsWith("2099")), "no photo is dated 2099");
  const label = await s.execute(
    "const m = document.querySelector('#scrubber [data-month=\"undated\"]'); return m && m.textContent;",
  );
  assert.ok(label && /undated/i.test(label), `scrubber entry for Undated: ${label}`);
  await s.clickAt('#scrubber [data-month="undated"]');
  await s.waitFor(
    `const h = document.querySelector('.month-header[data-month="undated"]');
     if (!h) return null;
     const r = h.getBoundingClientRect(), root = document.getElementById('timeline').getBoundingClientRect();
     return r.bottom > root.top && r.top < root.bottom && /undated/i.test(h.textContent);`,
    SLOW,
    "the Undated header on screen",
  );
  // What is on screen there fills in: every visible tile shows its image, or looks broken.
  await s.waitFor(
    `const root = document.getElementById('timeline').getBoundingClientRect();
     const tiles = [...document.querySelectorAll('.tile[data-photo-id]')].filter((t) => {
       const r = t.getBoundingClientRect(); return r.bottom > root.top + 1 && r.top < root.bottom - 1 && r.width > 0; });
     return tiles.length > 0 && tiles.every((t) => t.classList.contains('broken') ||
       (t.querySelector('img.loaded') && t.querySelector('img').naturalWidth > 0));`,
    SLOW,
    "the Undated tiles on screen loaded or marked broken",
  );
  writeFileSync(join(ART, "undated.png"), await s.screenshot());
});

test("the viewer names the photo, says where it is, and stops at the ends", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.execute("document.getElementById('timeline').scrollTop = 0");
  // The newest photo: the tile nearest the top left (DOM order is not timeline order: tiles are recycled),
  // once it is the view's first photo — the watcher test's copy may still be arriving, and a photo
  // picked before it lands is rightly "2 of N".
  let first = null;
  for (const until = Date.now() + SLOW; first === null && Date.now() < until; ) {
    const newest = (await invoke("timeline_page", { view: { kind: "all" }, cursor: null, fromMonth: null, limit: 1 })).photos[0]?.id;
    const top = await s.execute(
      `const tiles = [...document.querySelectorAll('.tile[data-photo-id]')].map((t) => [t.getBoundingClientRect(), t]);
       tiles.sort((a, b) => a[0].top - b[0].top || a[0].left - b[0].left);
       return tiles.length > 0 ? Number(tiles[0][1].dataset.photoId) : null;`,
    );
    if (top !== null && top === newest) first = top;
    else await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(first !== null, "the grid's top-left tile never became the view's newest photo");
  const info = await invoke("photo_info", { id: first });
  await s.openTile(`.tile[data-photo-id="${first}"]`);
  await s.waitFor("const v = document.getElementById('viewer'); return v && !v.hidden;", 10_000, "the viewer");
  const name = await s.waitFor("const n = document.getElementById('viewer-name'); return n && n.textContent.trim();", 10_000, "the file name");
  assert.equal(name, basename(info.path));
  const diag = await invoke("diagnostics");
  // The total is the view's photo count (once the month table caught up with the watcher test's copy).
  const position = await s
    .waitFor(
      `const t = document.getElementById('viewer-position').textContent.trim();
       return t.replace(/,/g, '') === '1 of ' + arguments[0] ? t : null;`,
      20_000,
      `"1 of ${diag.photos}"`,
      diag.photos,
    )
    .catch(async (e) => {
      const shown = await s.execute("return document.getElementById('viewer-position').textContent");
      throw new Error(`${e.message}; the viewer shows "${shown}" for a view of ${diag.photos} photos`);
    });
  assert.match(position, /^1 of [\d,]+$/);
  assert.equal(await s.execute("return document.getElementById('viewer-prev').disabled"), true, "previous is disabled on the first photo");
  assert.equal(await s.execute("return document.getElementById('viewer-next').disabled"), false);
  await s.keys("\uE014"); // ArrowRight
  await s.waitFor("return /^2 of /.test(document.getElementById('viewer-position').textContent.trim())", 10_000, "2 of N");
  assert.equal(await s.execute("return document.getElementById('viewer-prev').disabled"), false);
  writeFileSync(join(ART, "viewer-position.png"), await s.screenshot());
  await closeViewer();
});

async function closeViewer() {
  await s.keys("\uE00C"); // Escape
  await s.waitFor("const v = document.getElementById('viewer'); return !v || v.hidden || v.offsetParent === null;", 10_000, "viewer closed");
}

/** Clicks the sidebar folder whose name is `name` and waits until it is the active one. */
async function openFolder(name) {
  const id = await s.waitFor(
    `const named = (e, name) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() === name);
     const el = [...document.querySelectorAll('#folders [data-folder-id]')].find((e) => named(e, arguments[0]));
     return el && el.dataset.folderId;`,
    10_000,
    `folder ${name} in the sidebar`,
    name,
  );
  await s.click(`#folders [data-folder-id="${id}"]`);
  await s.waitFor(`return document.querySelector('#folders [data-folder-id="${id}"]').classList.contains('active');`, 10_000, "folder active");
  return id;
}

test("the viewer zooms a large photo to 100 % and back to fit, and with the wheel", { timeout: TEST_TIMEOUT_MS }, async () => {
  await openFolder("exif-orientation-examples"); // 1800 × 1200 photos, larger than the window
  const id = await s.waitFor("const t = document.querySelector('.tile[data-photo-id]'); return t && t.dataset.photoId;", SLOW, "a tile");
  await s.openTile(`.tile[data-photo-id="${id}"]`);
  await s.waitFor("const v = document.getElementById('viewer'); return v && !v.hidden;", 10_000, "the viewer");
  const zoom = () => s.execute("return document.getElementById('viewer').dataset.zoom");
  assert.equal(await zoom(), "fit");
  await s.keys("z");
  await s.waitFor("return document.getElementById('viewer').dataset.zoom === '100'", 10_000, "100 %");
  await s.keys("z");
  await s.waitFor("return document.getElementById('viewer').dataset.zoom === 'fit'", 10_000, "fit again");
  await s.execute(
    `const img = document.getElementById('viewer-img'); const r = img.getBoundingClientRect();
     for (let i = 0; i < 5; i++) img.dispatchEvent(new WheelEvent('wheel', { deltaY: -120, ctrlKey: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));`,
  );
  await s.waitFor("const z = document.getElementById('viewer').dataset.zoom; return z !== 'fit' && Number(z) > 0", 10_000, "zoomed by the wheel");
  await closeViewer();
  await s.click('#folders [data-folder-id="all"]');
});

test("the folder tree is one Tab stop, walked with the arrow keys, and the view names the folder", { timeout: TEST_TIMEOUT_MS }, async () => {
  const stops = await s.execute("return document.querySelectorAll('#folders [role=treeitem][tabindex=\"0\"]').length");
  assert.equal(stops, 1, "exactly one tree item is in the Tab order");
  await s.execute("document.querySelector('#folders [role=treeitem][tabindex=\"0\"]').focus()");
  const before = await s.execute("return document.activeElement.textContent");
  await s.keys("\uE015"); // ArrowDown
  const moved = await s.execute(
    "const a = document.activeElement; return a && a.getAttribute('role') === 'treeitem' ? a.textContent : null;",
  );
  assert.ok(moved && moved !== before, `focus moved from ${before} to ${moved}`);
  await s.keys("\uE007"); // Enter selects it
  await s.waitFor(
    "const t = document.getElementById('view-title'); return t && t.textContent.trim().length > 0 && !/^All photos$/i.test(t.textContent.trim());",
    10_000,
    "a heading naming the folder",
  );
  await s.click('#folders [data-folder-id="all"]');
  await s.waitFor("return /All photos/i.test(document.getElementById('view-title').textContent)", 10_000, "All photos again");
});

test("a photo that cannot be decoded looks broken and says why", { timeout: TEST_TIMEOUT_MS }, async () => {
  await openFolder("pillow"); // Pillow's test images: truncated, corrupt and unsupported files among them
  let broken = null;
  for (let step = 0; step < 60 && !broken; step++) {
    broken = await s.execute(
      `const t = document.querySelector('.tile.broken[data-photo-id]');
       if (t) { t.scrollIntoView({ block: 'center' }); return { id: Number(t.dataset.photoId), title: t.getAttribute('title') || '' }; }
       const tl = document.getElementById('timeline'); tl.scrollTop += tl.clientHeight / 2; return null;`,
    );
    if (!broken) await new Promise((r) => setTimeout(r, 1000));
  }
  assert.ok(broken, "a broken tile in Pillow's test images");
  const look = await s.execute(
    `const b = document.querySelector('.tile.broken'), ok = document.querySelector('.tile:not(.broken) img.loaded');
     return { broken: getComputedStyle(b).backgroundColor + '|' + getComputedStyle(b).borderColor, ok: ok ? getComputedStyle(ok.closest('.tile')).backgroundColor + '|' + getComputedStyle(ok.closest('.tile')).borderColor : null };`,
  );
  assert.notEqual(look.broken, look.ok, "a broken tile does not look like a loading one");
  await s.openTile(`.tile.broken[data-photo-id="${broken.id}"]`);
  const message = await s.waitFor(
    "const e = document.getElementById('viewer-error'); return e && !e.hidden && e.textContent.trim();",
    SLOW,
    "the viewer's message",
  );
  assert.ok(message.length > 10, `viewer says: ${message}`);
  assert.ok(broken.title && message.includes(broken.title), `the viewer gives the tile's reason "${broken.title}": ${message}`);
  await s.keys("i");
  const problem = await s.waitFor(
    "const d = document.querySelector('#viewer-info [data-field=problem]'); return d && d.textContent.trim();",
    10_000,
    "the info panel's Problem row",
  );
  assert.ok(problem.length > 5 && broken.title.includes(problem), `Problem row "${problem}" vs tile "${broken.title}"`);
  await s.keys("i");
  writeFileSync(join(ART, "broken.png"), await s.screenshot());
  await closeViewer();
  await s.click('#folders [data-folder-id="all"]');
});

test("a right click on a tile offers Open and Show in folder", { timeout: TEST_TIMEOUT_MS }, async () => {
  const id = await s.waitFor(
    "const t = document.querySelector('.tile[data-photo-id]'); return t && t.dataset.photoId;",
    SLOW,
    "a tile",
  );
  await s.execute(
    `const t = document.querySelector('.tile[data-photo-id="${id}"]'); const r = t.getBoundingClientRect();
     t.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + 5, clientY: r.top + 5, button: 2 }));`,
  );
  await s.waitFor(
    "const m = document.getElementById('context-menu'); return m && !m.hidden && m.querySelector('[data-action=open]') && m.querySelector('[data-action=reveal]');",
    10_000,
    "the tile menu",
  );
  await s.keys("\uE00C");
  await s.waitFor("const m = document.getElementById('context-menu'); return !m || m.hidden;", 10_000, "menu closed");
});

test("backup Save refuses an unreachable endpoint with the reason, and saves nothing", { timeout: TEST_TIMEOUT_MS }, async () => {
  const port = await new Promise((resolve) => {
    import("node:net").then(({ createServer }) => {
      const srv = createServer();
      srv.listen(0, "127.0.0.1", () => {
        const p = srv.address().port;
        srv.close(() => resolve(p));
      });
    });
  });
  await s.click("#backup-button");
  await s.waitFor("const p = document.getElementById('backup-pane'); return !p.hidden;", 10_000, "the backup pane");
  await s.type("#backup-url", "s3://nowhere/prefix");
  await s.type("#backup-endpoint", `http://127.0.0.1:${port}`);
  await s.click("#backup-save");
  const message = await s.waitFor(
    "const m = document.getElementById('backup-message'); return m && !m.hidden && m.textContent.trim();",
    30_000,
    "the refusal",
  );
  assert.match(message, /reach|connect|unreachable|refused/i, message);
  assert.match(message, new RegExp(String(port)), "the message names the endpoint");
  const saved = await invoke("backup_settings");
  assert.notEqual(saved.url, "s3://nowhere/prefix", JSON.stringify(saved));
  writeFileSync(join(ART, "backup-unreachable.png"), await s.screenshot());
  await s.keys("\uE00C");
  await s.waitFor(
    "return document.activeElement && document.activeElement.id === 'backup-button'",
    10_000,
    "focus back on the Backup button",
  );
});
