// Clean up in the real app, on real photos of the corpus (run.sh copies five into camera/ and one of them again,
// byte for byte, into backup/): the copy and its original are put in two different albums and the copy gets three
// stars; the review screen shows the pair side by side with the folder and albums marked as differing; Enter accepts
// the suggested photo; the kept photo is then in both albums with the stars, and the other file is in the system trash
// on disk (the freedesktop trash under XDG_DATA_HOME), same bytes, with its .trashinfo naming where it was. Recently
// deleted puts it back: the file is in its folder again and the photo has its stars and album back. Last, the Delete
// key on a grid tile asks first (the question says "system trash"), then moves that photo's file to the trash; in the
// viewer too, which then closes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { Session, startDriver } from "./webdriver.mjs";

const TEST_TIMEOUT_MS = 150_000;
const HOOK = { timeout: 150_000 };
const SLOW = 60_000;
const ART = process.env.SHOEBOX_E2E_ARTIFACTS ?? ".";
const PHOTOS = process.env.SHOEBOX_E2E_CLEAN_PHOTOS;
const XDG = process.env.SHOEBOX_E2E_CLEAN_XDG;
const ENV = {
  ...process.env,
  SHOEBOX_LIBRARY: process.env.SHOEBOX_E2E_CLEAN_LIBRARY,
  SHOEBOX_CACHE_DIR: process.env.SHOEBOX_E2E_CLEAN_CACHE,
  XDG_DATA_HOME: XDG,
};
const PORT = 4477;
const ORIGINAL = () => join(PHOTOS, "camera", "nikon-e950.jpg");
const COPY = () => join(PHOTOS, "backup", "nikon-e950.jpg");
const TRASH = () => join(XDG, "Trash");

let driver;
let s;
const seen = {};
const invoke = (name, args = {}) => s.invoke(name, args);

before(async () => {
  assert.ok(PHOTOS && XDG, "run through tests/e2e/run.sh (it copies and scans the clean-up photos)");
  const started = await startDriver(PORT, ENV, "driver-cleanup");
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
  await s.waitFor("return document.body.dataset.ready === 'true' && document.querySelectorAll('.tile[data-photo-id]').length >= 6", SLOW, "the tiles");
}, HOOK);

after(async () => {
  writeFileSync(join(ART, "cleanup.json"), JSON.stringify(seen, null, 2));
  await s?.end();
  await driver?.kill();
}, HOOK);

/** The library's photo id of `path` (the whole library is a few photos: one page). */
async function idOf(path) {
  const page = await invoke("timeline_page", { view: { kind: "all", query: null }, cursor: null, fromMonth: null, limit: 100 });
  assert.ok(!page.error, JSON.stringify(page));
  for (const t of page.photos) {
    const info = await invoke("photo_info", { id: t.id });
    if (info.path === path) return t.id;
  }
  return null;
}

/** The files of the trash's `files/` folder (none when it does not exist yet). */
const trashed = () => (existsSync(join(TRASH(), "files")) ? readdirSync(join(TRASH(), "files")) : []);

test("the review merges a copy into the photo kept, the copy goes to the system trash and comes back", { timeout: TEST_TIMEOUT_MS }, async () => {
  const original = await idOf(ORIGINAL());
  const copy = await idOf(COPY());
  assert.ok(original && copy, `both photos are in the library (${original}, ${copy})`);
  const bytes = readFileSync(COPY());
  // Two albums, one photo each; three stars on the copy.
  const trip = await invoke("create_album", { name: "Trip", parentId: null, kind: "album" });
  const family = await invoke("create_album", { name: "Family", parentId: null, kind: "album" });
  assert.ok(!trip.error && !family.error, JSON.stringify([trip, family]));
  const one = (id) => ({ view: null, ranges: [], ids: [id] });
  for (const [album, id] of [[trip.id, original], [family.id, copy]]) {
    const r = await invoke("add_to_album", { album, targets: one(id) });
    assert.ok(!r.error, JSON.stringify(r));
  }
  const marked = await invoke("mark", { targets: one(copy), change: { favourite: null, rating: 3, flag: null, label: null } });
  assert.ok(!marked.error, JSON.stringify(marked));

  await s.click("#cleanup-button");
  await s.waitFor("return !document.getElementById('cleanup-pane').hidden", SLOW, "the clean-up screen");
  // Bring the pair's group up (other groups of the corpus photos, if any, are skipped with S).
  const shown = `return [...document.querySelectorAll('#cleanup-members .member')].map((m) => Number(m.dataset.photoId)).sort((a, b) => a - b).join(',');`;
  const want = [original, copy].sort((a, b) => a - b).join(",");
  for (let i = 0; i < 10; i++) {
    const ids = await s.waitFor(`${shown.replace("return ", "const v = ")} return v || (document.getElementById('cleanup-status').dataset.state === 'empty' ? 'none' : '')`, SLOW, "a group");
    if (ids === want) break;
    assert.notEqual(ids, "none", "the review found no group with the copy");
    await s.keys("s");
    await s.waitFor(`${shown.replace("return ", "const v = ")} return v !== arguments[0]`, SLOW, "the next group", ids);
  }
  assert.equal(await s.execute(shown), want, "the pair's group is on screen");
  assert.match(await s.execute("return document.getElementById('cleanup-group-title').textContent"), /^Exact duplicates · 2 photos/);
  const differs = await s.execute(
    "return [...document.querySelectorAll('#cleanup-members .member:first-child .field.differs')].map((f) => f.dataset.field).sort().join(',')",
  );
  seen.differs = differs;
  assert.match(differs, /albums/, "the albums differ");
  assert.match(differs, /folder/, "the folders differ");
  assert.match(differs, /marks/, "the marks differ");
  assert.doesNotMatch(differs, /pixels|format|size/, "byte-identical files have the same pixels, format and size");
  const keep = Number(await s.execute("return document.querySelector('#cleanup-members .member[aria-checked=\"true\"]').dataset.photoId"));
  seen.reason = await s.execute("return document.getElementById('cleanup-reason').textContent");
  // The original is older (the copy was made after it): the suggestion keeps it, and says why.
  assert.equal(keep, original, seen.reason);
  assert.match(seen.reason, /oldest file/);
  writeFileSync(join(ART, "cleanup-review.png"), await s.screenshot());

  await s.keys("\uE007"); // Enter: keep the suggested photo
  await s.waitFor("return document.getElementById('cleanup-message').textContent.startsWith('Resolved')", SLOW, "the resolution");
  assert.equal(
    await s.execute("return document.getElementById('cleanup-message').textContent"),
    "Resolved 1 group: 1 photo moved to the system trash.",
  );
  // The kept photo is in both albums, with the copy's stars.
  const kept = await invoke("photo_organization", { id: original });
  assert.deepEqual(kept.albums.map((a) => a.name).sort(), ["Family", "Trip"]);
  assert.equal(kept.marks.rating, 3);
  // The copy's file is in the system trash, same bytes, and the trash knows where it came from.
  assert.equal(existsSync(COPY()), false, "the copy left its folder");
  const inTrash = trashed().filter((n) => n.startsWith("nikon-e950"));
  assert.equal(inTrash.length, 1, `one file in ${TRASH()}/files: ${trashed()}`);
  assert.deepEqual(readFileSync(join(TRASH(), "files", inTrash[0])), bytes);
  const info = readFileSync(join(TRASH(), "info", `${inTrash[0]}.trashinfo`), "utf8");
  assert.match(info, new RegExp(`^Path=${COPY().replaceAll("/", "(/|%2F)")}$`, "m"));
  // And it left the library's views.
  assert.equal(await idOf(COPY()), null);

  // Recently deleted lists it; Put back returns it with its stars and album.
  await s.click("#cleanup-tab-trash");
  const row = `#cleanup-trash-list li[data-photo-id="${copy}"]`;
  await s.waitFor(`return document.querySelector('${row}') !== null`, SLOW, "the copy in Recently deleted");
  assert.match(await s.execute(`return document.querySelector('${row}').textContent`), /nikon-e950\.jpg/);
  await s.click(`${row} [data-action="put-back"]`);
  await s.waitFor("return document.getElementById('cleanup-trash-message').textContent.startsWith('Put back')", SLOW, "put back");
  assert.deepEqual(readFileSync(COPY()), bytes, "the file is back in its folder");
  assert.equal(trashed().filter((n) => n.startsWith("nikon-e950")).length, 0, "and out of the trash");
  const back = await idOf(COPY());
  assert.ok(back, "the photo is in the library again");
  const org = await invoke("photo_organization", { id: back });
  assert.equal(org.marks.rating, 3, "with its stars");
  assert.deepEqual(org.albums.map((a) => a.name), ["Family"], "and its album");
  seen.putBack = { id: back, marks: org.marks, albums: org.albums };
  await s.keys("\uE00C"); // Esc closes the screen
  await s.waitFor("return document.getElementById('cleanup-pane').hidden", SLOW, "the screen closed");
});

test("the Delete key asks first, then moves the photo's file to the system trash", { timeout: TEST_TIMEOUT_MS }, async () => {
  const path = join(PHOTOS, "camera", "canon-ixus.jpg");
  const id = await idOf(path);
  assert.ok(id, "the photo is in the library");
  await s.waitFor(`return document.querySelector('.tile[data-photo-id="${id}"]') !== null`, SLOW, "its tile");
  await s.click(`.tile[data-photo-id="${id}"]`);
  await s.keys("\uE017"); // Delete
  await s.waitFor("return document.getElementById('confirm') !== null", SLOW, "the confirm step");
  assert.match(await s.execute("return document.getElementById('confirm-text').textContent"), /system trash/);
  assert.ok(existsSync(path), "nothing moves before the answer");
  await s.click('#confirm [data-action="confirm"]');
  await s.waitFor("return (document.getElementById('toast')?.textContent ?? '').startsWith('Moved')", SLOW, "the toast");
  assert.equal(await s.execute("return document.getElementById('toast').textContent"), "Moved 1 photo to the system trash.");
  assert.equal(existsSync(path), false, "the file left its folder");
  assert.equal(trashed().filter((n) => n.startsWith("canon-ixus")).length, 1, "it is in the trash");
  await s.waitFor(`return document.querySelector('.tile[data-photo-id="${id}"]') === null`, SLOW, "its tile gone from the grid");
  const list = await invoke("trashed_photos");
  assert.deepEqual(list.map((t) => t.photo), [id]);

  // In the viewer too: Delete asks, the file goes, the viewer closes.
  const shown = join(PHOTOS, "camera", "fujifilm-dx10.jpg");
  const other = await idOf(shown);
  await s.openTile(`.tile[data-photo-id="${other}"]`);
  await s.waitFor("return document.getElementById('viewer') !== null", SLOW, "the viewer");
  await s.keys("\uE017");
  await s.waitFor("return document.getElementById('confirm') !== null", SLOW, "the viewer's confirm step");
  await s.click('#confirm [data-action="confirm"]');
  await s.waitFor("return document.getElementById('viewer') === null", SLOW, "the viewer closed");
  assert.equal(existsSync(shown), false, "the viewer's photo left its folder");
  assert.deepEqual((await invoke("trashed_photos")).map((t) => t.photo).sort(), [id, other].sort());
});
