// Organizing in the real app, with real pointer and key input (3,000 generated photos of its own, from
// run.sh): Shift-click a range across months (photos never rendered included), 4 (four stars), X
// (rejected, still four stars), drag the selection onto a new album, open it, reorder by drag, set the
// cover, Ctrl+Z undoes (the cover, then the reorder), restart the app: everything is still there, the
// history too (Ctrl+Shift+Z redoes). Then a mark made with the CLI shows in the running app, and the album is
// dragged into a new album folder and back to the top (Ctrl+Z undoes a move). Last, four photos of the album are
// exported from the selection bar (custom size, numbered names) and checked on disk. Last, Settings turns XMP
// sidecars on and a title typed in the info panel is read back from the photo's sidecar by exiftool.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Session, startDriver } from "./webdriver.mjs";

const TEST_TIMEOUT_MS = 150_000;
const HOOK = { timeout: 150_000 };
const SLOW = 60_000;
const ART = process.env.SHOEBOX_E2E_ARTIFACTS ?? ".";
const ENV = {
  ...process.env,
  SHOEBOX_LIBRARY: process.env.SHOEBOX_E2E_ORG_LIBRARY,
  SHOEBOX_CACHE_DIR: process.env.SHOEBOX_E2E_ORG_CACHE,
};
const PORT = 4466;
const CTRL = "\uE009";
const SHIFT = "\uE008";
const ALBUM = "E2E picks 🏔️";

let driver;
let s;
/** What the scenario learns and later checks again (after the restart). */
const seen = {};

/** Calls a command through Tauri's IPC; resolves with `{ error }` when it rejects. */
const invoke = (name, args = {}) => s.invoke(name, args);

async function launch() {
  const started = await startDriver(PORT, ENV, "driver-organize");
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length > 10", SLOW, "the first tiles");
}

async function quit() {
  await s?.end();
  await driver?.kill();
  s = null;
  driver = null;
}

before(async () => {
  assert.ok(ENV.SHOEBOX_LIBRARY, "run through tests/e2e/run.sh (it generates and scans the organize library)");
  await launch();
}, HOOK);

after(async () => {
  writeFileSync(join(ART, "organize.json"), JSON.stringify(seen, null, 2));
  await quit();
}, HOOK);

/** Tiles on screen sorted top-left first (DOM order is not view order: tiles are recycled). */
const ON_SCREEN = `
  const root = document.getElementById('timeline').getBoundingClientRect();
  return [...document.querySelectorAll('.tile[data-photo-id]')]
    .map((t) => [t.getBoundingClientRect(), t])
    .filter(([r]) => r.top >= root.top - 1 && r.bottom <= root.bottom + 1 && r.width > 0)
    .sort((a, b) => a[0].top - b[0].top || a[0].left - b[0].left)
    .map(([, t]) => Number(t.dataset.photoId));`;

const tile = (id) => `.tile[data-photo-id="${id}"]`;

/** Every photo id of a view in its order (paged as the UI does). */
async function viewIds(view) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const page = await invoke("timeline_page", { view, cursor, fromMonth: null, limit: 1000 });
    assert.ok(!page.error, JSON.stringify(page));
    out.push(...page.photos.map((p) => p.id));
    if (page.next === null) return out;
    cursor = page.next;
  }
  throw new Error("too many pages");
}

async function albumRow(name = ALBUM) {
  return s.waitFor(
    `const named = (e, name) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() === name);
     const el = [...document.querySelectorAll('#collections [data-album-id]')].find((e) => named(e, arguments[0]));
     return el && el.dataset.albumId;`,
    10_000,
    `the album ${name} in the sidebar`,
    name,
  );
}

test("Shift-click a range across months, 4, X, drag it onto a new album", { timeout: TEST_TIMEOUT_MS }, async () => {
  const months = await invoke("timeline_months", { view: { kind: "all" } });
  assert.ok(months.length >= 4, `the library spans months: ${JSON.stringify(months)}`);
  await s.execute("document.getElementById('timeline').scrollTop = 0");
  const first = (await s.waitFor(`const ids = (() => {${ON_SCREEN}})(); return ids.length > 0 && ids;`, SLOW, "tiles on screen"))[0];
  await s.clickAt(tile(first));
  await s.waitFor("return document.querySelector('#selection-count')?.textContent === '1 photo selected'", 10_000, "one selected");

  // Jump (scrubber) to the fourth month: the months between are never rendered.
  const target = months[3];
  await s.clickAt(`#scrubber [data-month="${target.month}"]`);
  const last = await s.waitFor(
    `const h = document.querySelector('.month-header[data-month="${target.month}"]');
     if (!h) return null;
     const top = h.getBoundingClientRect().bottom;
     const ids = (() => {${ON_SCREEN}})();
     const below = ids.filter((id) => document.querySelector('.tile[data-photo-id="' + id + '"]').getBoundingClientRect().top >= top);
     return below[0] ?? null;`,
    SLOW,
    `the first tile of ${target.month}`,
  );
  const info = await invoke("photo_info", { id: last });
  assert.ok(info.takenAt.startsWith(target.month), `${info.takenAt} is in ${target.month}`);
  const expected = months[0].count + months[1].count + months[2].count + 1;
  const rendered = await s.execute("return window.__shoebox.perf.domCount()");
  await s.clickWith(tile(last), ["shift"]);
  const countText = `${expected.toLocaleString("en-US")} photos selected`;
  await s.waitFor(`return document.querySelector('#selection-count').textContent === arguments[0]`, 10_000, countText, countText);
  seen.selected = expected;
  seen.domWhenSelected = rendered;

  await s.keys("4");
  await s.waitFor(`return document.querySelector('${tile(last)}')?.dataset.marks === 'rating=4 flag=none label=none favourite=false'`, 10_000, "four stars on the tile");
  await s.keys("x");
  await s.waitFor(`return document.querySelector('${tile(last)}')?.dataset.marks === 'rating=4 flag=reject label=none favourite=false'`, 10_000, "rejected, still four stars");
  const rejected = await viewIds({ kind: "rejected" });
  assert.equal(rejected.length, expected, "every photo of the range is rejected, those never loaded too");
  const all = await viewIds({ kind: "all" });
  assert.deepEqual(rejected, all.slice(0, expected));
  const middle = await invoke("timeline_page", { view: { kind: "all" }, cursor: null, fromMonth: months[2].month, limit: 1 });
  assert.deepEqual(middle.photos[0].marks, { favourite: false, rating: 4, flag: "reject", label: "none" });

  // A new album, then the selection dragged onto it.
  await s.clickAt("#album-new");
  await s.waitFor("return document.activeElement?.id === 'collection-name'", 10_000, "the name field");
  await s.keys(`${ALBUM}\uE007`);
  const albumId = Number(await albumRow());
  seen.albumId = albumId;
  await s.drag(tile(last), `#collections [data-album-id="${albumId}"]`, { steps: 12 });
  const album = await s.waitFor(
    `const row = document.querySelector('#collections [data-album-id="${albumId}"] .count');
     return row && row.textContent.replace(/,/g, '') === String(arguments[0]) ? row.textContent : null;`,
    20_000,
    `the album holds ${expected}`,
    expected,
  );
  assert.ok(album);
  const ids = await viewIds({ kind: "album", id: albumId });
  assert.deepEqual(ids, rejected, "added in view order");
  writeFileSync(join(ART, "organize-selection.png"), await s.screenshot());
});

test("open the album, reorder by drag, set the cover, Ctrl+Z undoes", { timeout: TEST_TIMEOUT_MS }, async () => {
  const albumId = seen.albumId;
  assert.ok(albumId, "the previous test made the album");
  await s.clickAt(`#collections [data-album-id="${albumId}"]`);
  await s.waitFor(`return document.querySelector('.month-header[data-month="manual"]') !== null && document.getElementById('view-title').textContent === arguments[0]`, SLOW, "the album open", ALBUM);
  const before = await viewIds({ kind: "album", id: albumId });
  const onScreen = await s.waitFor(`const ids = (() => {${ON_SCREEN}})(); return ids.length >= 3 && ids;`, SLOW, "album tiles");
  assert.deepEqual(onScreen.slice(0, 3), before.slice(0, 3), "the grid shows the album's order");
  const [a, , c] = before;
  // Select the third photo and drop it on the left half of the first: it becomes the first.
  await s.clickAt(tile(c));
  await s.waitFor("return document.querySelector('#selection-count')?.textContent === '1 photo selected'", 10_000, "one selected");
  const dropAt = await s.execute(
    `const r = document.querySelector(arguments[0]).getBoundingClientRect(); return { x: Math.round(r.left + r.width * 0.2), y: Math.round(r.top + r.height / 2) };`,
    tile(a),
  );
  await s.drag(tile(c), dropAt, { steps: 10 });
  const moved = [c, ...before.filter((id) => id !== c)];
  await s.waitFor(
    `const ids = (() => {${ON_SCREEN}})(); return ids[0] === arguments[0] && ids[1] === arguments[1];`,
    20_000,
    "the dragged photo first in the grid",
    c,
    a,
  );
  assert.deepEqual(await viewIds({ kind: "album", id: albumId }), moved);

  // The cover: the second photo now (the first one of the original order).
  await s.clickAt(tile(a));
  await s.waitFor("const b = document.querySelector('#selection-bar [data-action=\"cover\"]'); return b && !b.hidden", 10_000, "Set as cover");
  await s.clickAt('#selection-bar [data-action="cover"]');
  await s.waitFor(`return document.querySelector('#collections [data-album-id="${albumId}"] img.cover')?.dataset.coverId === '${a}'`, 10_000, "the chosen cover in the sidebar");
  const albums = await invoke("albums");
  assert.equal(albums.find((x) => x.id === albumId).coverId, a);
  writeFileSync(join(ART, "organize-album.png"), await s.screenshot());

  // Ctrl+Z: the last step first (the cover), then the reorder.
  await s.chord([CTRL], "z");
  await s.waitFor("return /^Undid: /.test(document.getElementById('toast')?.textContent ?? '')", 10_000, "the undo notice");
  // No chosen cover: the album's first photo (the dragged one, while the reorder stands).
  await s.waitFor(`return document.querySelector('#collections [data-album-id="${albumId}"] img.cover')?.dataset.coverId === '${c}'`, 10_000, "the cover back to the first photo");
  await s.chord([CTRL], "z");
  await s.waitFor(
    `const ids = (() => {${ON_SCREEN}})(); return ids[0] === arguments[0] && ids[2] === arguments[1];`,
    20_000,
    "the original order in the grid",
    a,
    c,
  );
  assert.deepEqual(await viewIds({ kind: "album", id: albumId }), before);
  const h = await invoke("history_state");
  assert.match(h.redo ?? "", /eorder|rder/, JSON.stringify(h));
  seen.before = before;
  seen.cover = a;
  seen.history = h;
});

test("after a restart everything is still there, the history too", { timeout: TEST_TIMEOUT_MS }, async () => {
  const { albumId, before, cover, selected } = seen;
  assert.ok(albumId && before, "the previous tests ran");
  await quit();
  await launch();
  const albums = await invoke("albums");
  const album = albums.find((x) => x.id === albumId);
  assert.equal(album.name, ALBUM);
  assert.equal(album.count, selected);
  assert.deepEqual(await viewIds({ kind: "album", id: albumId }), before);
  const rejected = await viewIds({ kind: "rejected" });
  assert.equal(rejected.length, selected);
  // The badges are drawn from the pages: four stars and the reject on the first tile.
  await s.execute("document.getElementById('timeline').scrollTop = 0");
  const first = (await s.waitFor(`const ids = (() => {${ON_SCREEN}})(); return ids.length > 0 && ids;`, SLOW, "tiles on screen"))[0];
  await s.waitFor(`return document.querySelector('${tile(first)}')?.dataset.marks === 'rating=4 flag=reject label=none favourite=false'`, 10_000, "the marks after the restart");
  assert.match(await s.execute(`return document.querySelector('${tile(first)} .badges').getAttribute('aria-label')`), /★★★★/);
  await albumRow();
  const h = await invoke("history_state");
  assert.deepEqual({ undo: h.undo, redo: h.redo }, { undo: seen.history.undo, redo: seen.history.redo });
  // Redo, twice: the reorder, then the cover, as before the restart.
  await s.clickAt(`#collections [data-album-id="${albumId}"]`);
  await s.waitFor(`return document.querySelector('.month-header[data-month="manual"]') !== null`, SLOW, "the album open");
  await s.execute("document.getElementById('timeline').focus()");
  await s.chord([CTRL, SHIFT], "z");
  await s.waitFor(`const ids = (() => {${ON_SCREEN}})(); return ids[0] === arguments[0];`, 20_000, "the reorder redone", before[2]);
  await s.chord([CTRL, SHIFT], "z");
  await s.waitFor(`return document.querySelector('#collections [data-album-id="${albumId}"] img.cover')?.dataset.coverId === '${cover}'`, 10_000, "the cover redone");
  writeFileSync(join(ART, "organize-restart.png"), await s.screenshot());
});

test("a mark made with the CLI while the app runs appears without a restart", { timeout: TEST_TIMEOUT_MS }, async () => {
  const cli = process.env.SHOEBOX_E2E_CLI;
  assert.ok(cli, "run through tests/e2e/run.sh");
  await s.clickAt('#collections [data-view="favourites"]');
  await s.waitFor("return document.getElementById('view-title').textContent === 'Favourites'", 10_000, "Favourites open");
  const all = await invoke("timeline_page", { view: { kind: "all" }, cursor: null, fromMonth: null, limit: 3 });
  const ids = all.photos.map((p) => String(p.id));
  execFileSync(cli, ["mark", "--favourite", ...ids], { env: ENV, timeout: 30_000 });
  await s.waitFor(
    `return document.querySelectorAll('.tile[data-photo-id]').length === 3 &&
            [...document.querySelectorAll('.tile[data-photo-id]')].every((t) => /favourite=true/.test(t.dataset.marks ?? ''))`,
    20_000,
    "the CLI's favourites in the open view",
  );
});

test("an album dragged onto an album folder moves inside it, onto the heading back to the top; Ctrl+Z undoes a move", { timeout: TEST_TIMEOUT_MS }, async () => {
  const { albumId } = seen;
  assert.ok(albumId, "the first test made the album");
  const FOLDER = "E2E trips";
  await s.clickAt("#album-folder-new");
  await s.waitFor("return document.activeElement?.id === 'collection-name'", 10_000, "the folder's name field");
  await s.keys(`${FOLDER}\uE007`);
  const folderId = Number(await albumRow(FOLDER));
  const parentOf = async () => (await invoke("albums")).find((x) => x.id === albumId).parentId;
  const level = `return document.querySelector('#collections [data-album-id="${albumId}"]')?.getAttribute('aria-level')`;
  assert.equal(await parentOf(), null);
  assert.equal(await s.execute(level), "1");

  await s.drag(`#collections [data-album-id="${albumId}"]`, `#collections [data-album-id="${folderId}"]`, { steps: 10 });
  await s.waitFor(level + " === '2'", 10_000, "the album one level in, under the folder");
  assert.equal(await parentOf(), folderId);
  const order = await s.execute("return [...document.querySelectorAll('#collections [data-album-id]')].map((e) => Number(e.dataset.albumId))");
  assert.equal(order.indexOf(albumId), order.indexOf(folderId) + 1, `drawn right under its folder: ${order}`);
  // The drop was not a click: the view did not change to the album.
  assert.notEqual(await s.execute("return document.getElementById('view-title').textContent"), ALBUM);

  // Only a folder or the heading takes a drop: the folder dropped on the album inside it moves nothing.
  await s.drag(`#collections [data-album-id="${folderId}"]`, `#collections [data-album-id="${albumId}"]`, { steps: 10 });
  assert.equal((await invoke("albums")).find((x) => x.id === folderId).parentId, null);

  await s.drag(`#collections [data-album-id="${albumId}"]`, `#collections [data-drop="albums-top"]`, { steps: 10 });
  await s.waitFor(level + " === '1'", 10_000, "the album back at the top level");
  assert.equal(await parentOf(), null);
  await s.execute("document.getElementById('timeline').focus()");
  await s.chord([CTRL], "z");
  await s.waitFor(level + " === '2'", 10_000, "Ctrl+Z: back inside the folder");
  assert.equal(await parentOf(), folderId);
  writeFileSync(join(ART, "organize-album-folder.png"), await s.screenshot());
});

/** A baseline or progressive JPEG's pixel size, from its SOF segment. */
function jpegSize(bytes) {
  assert.ok(bytes[0] === 0xff && bytes[1] === 0xd8, "a JPEG");
  let i = 2;
  while (i + 9 < bytes.length) {
    const marker = bytes[i + 1];
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: (bytes[i + 5] << 8) | bytes[i + 6], width: (bytes[i + 7] << 8) | bytes[i + 8] };
    }
    i += 2 + len;
  }
  throw new Error("no SOF segment");
}

test("Export… writes the selected photos to a folder, resized and numbered, and sums it up", { timeout: TEST_TIMEOUT_MS }, async () => {
  const { albumId } = seen;
  assert.ok(albumId, "the first test made the album");
  await s.clickAt(`#collections [data-album-id="${albumId}"]`);
  await s.waitFor(`return document.getElementById('view-title').textContent === arguments[0]`, SLOW, "the album open", ALBUM);
  const ids = await s.waitFor(`const ids = (() => {${ON_SCREEN}})(); return ids.length >= 4 && ids;`, SLOW, "album tiles");
  await s.clickAt(tile(ids[0]));
  await s.clickWith(tile(ids[3]), ["shift"]);
  await s.waitFor("return document.querySelector('#selection-count')?.textContent === '4 photos selected'", 10_000, "four selected");

  const dest = join(mkdtempSync(join(tmpdir(), "shoebox-e2e-export-")), "Shared");
  await s.clickAt('#selection-bar [data-action="export"]');
  await s.waitFor("return !document.getElementById('export-pane').hidden", 10_000, "the export dialog");
  assert.equal(await s.execute("return document.getElementById('export-what').textContent"), "4 photos to export.");
  await s.execute(
    `const set = (id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change')); };
     set('export-preset', 'custom'); set('export-edge', '320'); set('export-format', 'jpeg'); set('export-quality', '80');
     set('export-metadata', 'noLocation'); set('export-names', '{seq}_{name}'); set('export-dest', arguments[0]);`,
    dest,
  );
  await s.clickAt("#export-start");
  await s.waitFor("return document.getElementById('export-status').dataset.state === 'done'", SLOW, "the export's summary");
  const summary = await s.execute("return document.getElementById('export-status').textContent");
  assert.match(summary, /^Exported 4 photos \([\d.<]+ MB\) in .+ to .*Shared\.$/, summary);
  writeFileSync(join(ART, "organize-export.png"), await s.screenshot());

  // On disk: four JPEGs named in the selection's order, 320 px on the long edge (never upscaled).
  const files = readdirSync(dest).sort();
  assert.equal(files.length, 4, files.join(", "));
  for (const [k, id] of ids.slice(0, 4).entries()) {
    const info = await invoke("photo_info", { id });
    const stem = info.path.split("/").pop().replace(/\.[^.]+$/, "");
    assert.equal(files[k], `${k + 1}_${stem}.jpg`);
    const size = jpegSize(readFileSync(join(dest, files[k])));
    const long = Math.max(info.width, info.height);
    const want = Math.min(320, long);
    assert.equal(Math.max(size.width, size.height), want, `${files[k]}: ${JSON.stringify(size)} from ${info.width}x${info.height}`);
    assert.equal(size.width >= size.height, info.width >= info.height, "the shape is kept");
  }
  await s.keys("\uE00C"); // Escape
  await s.waitFor("return document.getElementById('export-pane').hidden", 10_000, "the dialog closed");
});

test("Settings turns XMP sidecars on; a title typed in the info panel lands in the photo's sidecar, as exiftool reads it", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.clickAt('#folders [data-folder-id="all"]');
  await s.clickAt("#settings-button");
  await s.waitFor("return !document.getElementById('settings-pane').hidden", 10_000, "the settings pane");
  assert.equal(await s.execute("return document.getElementById('settings-sidecars').value"), "off", "off by default");
  await s.execute(
    `const e = document.getElementById('settings-sidecars'); e.value = 'write'; e.dispatchEvent(new Event('change'));`,
  );
  await s.waitFor("return /Sidecars are on/.test(document.getElementById('settings-message').textContent)", 10_000, "sidecars on");
  await s.waitFor("return document.getElementById('settings-xmp-status').dataset.state === 'done'", SLOW, "every waiting sidecar written");
  await s.keys("\uE00C"); // Escape
  await s.waitFor("return document.getElementById('settings-pane').hidden", 10_000, "the pane closed");

  await s.execute("document.getElementById('timeline').scrollTop = 0");
  const [id] = await s.waitFor(`const ids = (() => {${ON_SCREEN}})(); return ids.length > 0 && ids;`, SLOW, "tiles on screen");
  const { path } = await invoke("photo_info", { id });
  await s.openTile(tile(id));
  await s.waitFor("return !!document.getElementById('viewer')", SLOW, "the viewer");
  await s.keys("i");
  await s.waitFor("const f = document.getElementById('info-title'); return f && f.offsetParent !== null", 10_000, "the title field");
  await s.clickAt("#info-title");
  await s.keys("Harbour at dusk 3"); // the digit is text here, not a rating
  await s.keys("\uE007"); // Enter saves
  await s.waitFor("return document.activeElement?.id !== 'info-title'", 10_000, "the field left");
  writeFileSync(join(ART, "organize-caption.png"), await s.screenshot());
  const saved = await invoke("photo_organization", { id });
  assert.equal(saved.title, "Harbour at dusk 3", JSON.stringify(saved));
  assert.notEqual(saved.marks.rating, 3, "typing a 3 in the field rated nothing");

  // The history poller writes the sidecar on its thread (within a second or so of the change):
  // photo.ext.xmp next to the original, read by exiftool. Turning sidecars on wrote it once already.
  const sidecar = `${path}.xmp`;
  let read = null;
  for (let i = 0; i < 60 && read?.Title !== "Harbour at dusk 3"; i++) {
    try {
      read = JSON.parse(execFileSync("exiftool", ["-j", "-XMP-dc:Title", "-XMP-xmp:Rating", sidecar], { encoding: "utf8", timeout: 20_000 }))[0];
    } catch {
      read = null;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(read, `no sidecar at ${sidecar}`);
  assert.equal(read.Title, "Harbour at dusk 3", JSON.stringify(read));
  assert.equal(read.Rating, saved.marks.flag === "reject" ? -1 : saved.marks.rating, "the marks went with it");
  await s.keys("\uE00C"); // Escape closes the viewer
});
