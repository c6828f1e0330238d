// The installed app (/usr/bin/shoebox-app from the .deb, run by tests/install/run.sh) as a user meets it:
// the gallery of their library (kept in their data folder), a photo opened with Shoebox from the file
// manager (in the library: the viewer shows it; elsewhere: Shoebox offers to add its folder, then shows
// it), and the first-run screen of someone who never used Shoebox (their Pictures folder offered).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { Session, startDriver } from "../e2e/webdriver.mjs";

const T = { timeout: 120_000 };
const SLOW = 60_000;
const APP = process.env.SHOEBOX_APP;
const HOME = process.env.SHOEBOX_INSTALL_HOME;
const NEW_HOME = process.env.SHOEBOX_INSTALL_NEW_HOME;
const ELSEWHERE = process.env.SHOEBOX_INSTALL_ELSEWHERE;

let port = 4470;
const open = [];

/** Starts the installed app for the user whose home is `home`, with command-line `args`. */
async function launch(home, args = []) {
  assert.ok(APP && HOME, "run through tests/install/run.sh");
  const env = { ...process.env, HOME: home };
  const started = await startDriver(port, env, `driver-${port}`);
  port += 2;
  const s = await Session.start(started.base, APP, args);
  open.push({ s, driver: started.driver });
  return s;
}

async function quit(s) {
  const i = open.findIndex((o) => o.s === s);
  if (i < 0) return;
  const [{ driver }] = open.splice(i, 1);
  await s.end();
  await driver.kill();
}

after(async () => {
  for (const { s, driver } of open.splice(0)) {
    await s.end();
    await driver.kill();
  }
});

/** Every photo file under `dir`, sorted. */
function photosUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...photosUnder(p));
    else if (/\.jpe?g$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

test("the installed app shows the user's library from their data folder, with the UI built in", T, async () => {
  const s = await launch(HOME);
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length >= 20", SLOW, "the gallery's tiles");
  const diag = await s.invoke("diagnostics");
  assert.equal(diag.photos, 40, JSON.stringify(diag));
  // The UI is the one embedded in the binary (tauri://), never a dev server or a file of the source tree.
  const origin = await s.execute("return location.protocol + '//' + location.host");
  assert.match(origin, /^(tauri:|http:\/\/tauri\.localhost)/);
  // Thumbnails go to the user's cache folder.
  await s.waitFor(
    "return [...document.querySelectorAll('.tile img')].some((i) => i.complete && i.naturalWidth > 0)",
    SLOW,
    "a thumbnail",
  );
  assert.ok(existsSync(join(HOME, ".cache", "shoebox")), "the thumbnail cache is in ~/.cache/shoebox");
  await quit(s);
});

test("Open with Shoebox on a photo of the library shows it in the viewer, in its folder", T, async () => {
  const photo = photosUnder(join(HOME, "Pictures"))[7];
  const s = await launch(HOME, [photo]);
  // The viewer's markup exists before it has a photo: wait for the name itself (CI saw '' here).
  const name = photo.split("/").pop();
  await s.waitFor("return document.getElementById('viewer-name')?.textContent === arguments[0]", SLOW, "the viewer on it", name);
  await s.waitFor(
    "return document.getElementById('view-title')?.textContent === arguments[0]",
    SLOW,
    "the view is the photo's folder",
    photo.split("/").at(-2),
  );
  await quit(s);
});

test("Open with Shoebox on a photo elsewhere offers to add its folder, then shows it", T, async () => {
  const photo = photosUnder(ELSEWHERE)[1];
  const s = await launch(HOME, [photo]);
  await s.waitFor("return !!document.querySelector('#confirm [data-action=\"confirm\"]')", SLOW, "the offer to add the folder");
  const text = await s.execute("return document.getElementById('confirm').textContent");
  assert.ok(text.includes(ELSEWHERE), text);
  assert.ok(text.includes("Add folder"), text);
  await s.execute("document.querySelector('#confirm [data-action=\"confirm\"]').click()");
  await s.waitFor("return document.getElementById('viewer-name')?.textContent === arguments[0]", SLOW, "the viewer on it", photo.split("/").pop());
  const diag = await s.invoke("diagnostics");
  assert.equal(diag.photos, 43, "its folder's three photos were added");
  await quit(s);
});

test("someone new gets the first-run screen, and their Pictures folder in one click", T, async () => {
  const s = await launch(NEW_HOME);
  await s.waitFor("const e = document.getElementById('empty-state'); return e && !e.hidden", SLOW, "the first-run screen");
  await s.waitFor("return !document.getElementById('add-pictures').hidden", SLOW, "the Pictures folder offered");
  const offered = await s.execute("return document.getElementById('pictures-path').textContent");
  assert.equal(offered, join(NEW_HOME, "Pictures"));
  await s.execute("document.getElementById('add-pictures').click()");
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length === 12", SLOW, "its 12 photos");
  assert.ok(existsSync(join(NEW_HOME, ".local", "share", "shoebox", "library.db")), "the new library is in ~/.local/share/shoebox");
  await quit(s);
});
