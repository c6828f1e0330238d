// The backup pane in the real app: a remote on a local S3-compatible server (moto, started by run.sh) is
// refused when malformed, saved, and "Back up now" sends a small library of the test's own (so the run is
// short and its count exact) while progress shows; the finished upload is reported and the objects are in
// the bucket; Esc returns to the gallery and the remote is still there when the pane opens again. Last, a new user's
// app (an empty library of its own) restores that backup from the first-run screen: the gallery fills with the photos
// and their files are under the chosen folder.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Session, startDriver } from "./webdriver.mjs";

/** Each test fails on its own, well before the runner's limit for the whole file. */
const TEST_TIMEOUT_MS = 120_000;
const HOOK = { timeout: 150_000 };

const ART = process.env.SHOEBOX_E2E_ARTIFACTS ?? ".";
const ENDPOINT = process.env.SHOEBOX_E2E_S3_ENDPOINT;
const BUCKET = process.env.SHOEBOX_E2E_S3_BUCKET;
const PHOTOS = Number(process.env.SHOEBOX_E2E_BACKUP_PHOTOS);
const REMOTE = `s3://${BUCKET}/e2e`;

let driver;
let s;

/** The app over `library` (and its own cache), signing with moto's test keys only. */
async function launch(port, library, cache) {
  // Test keys for moto only: whatever the caller's environment holds must not reach a real bucket.
  const env = {
    ...process.env,
    SHOEBOX_LIBRARY: library,
    SHOEBOX_CACHE_DIR: cache,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  };
  for (const name of ["AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"]) delete env[name];
  const started = await startDriver(port, env, `driver-${port}`);
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
}

before(async () => {
  assert.ok(ENDPOINT && BUCKET && PHOTOS > 0, "run through tests/e2e/run.sh (it starts the S3 server)");
  await launch(4450, process.env.SHOEBOX_E2E_BACKUP_LIBRARY, process.env.SHOEBOX_E2E_BACKUP_CACHE);
}, HOOK);

after(async () => {
  await s?.end();
  await driver?.kill();
}, HOOK);

const paneOpen = "const p = document.getElementById('backup-pane'); return !p.hidden && p.getBoundingClientRect().width > 0;";
const paneClosed = "return document.getElementById('backup-pane').hidden;";

/** Keys under `prefix` in the bucket (moto answers unsigned listings). */
async function bucketKeys(prefix) {
  const res = await fetch(`${ENDPOINT}/${BUCKET}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
  assert.equal(res.status, 200);
  return [...(await res.text()).matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]);
}

test("the backup pane opens from the header and says credentials were found", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.waitFor("return document.querySelectorAll('.tile[data-photo-id]').length > 0", 60_000, "the gallery");
  await s.click("#backup-button");
  await s.waitFor(paneOpen, 10_000, "the backup pane");
  const state = await s.waitFor(
    `const st = document.getElementById('backup-status').textContent;
     return st ? { status: st, found: document.getElementById('backup-credentials').dataset.found } : null;`,
    10_000,
    "the pane filled in",
  );
  assert.deepEqual(state, { status: "No remote set up yet.", found: "true" });
});

test("a malformed remote is refused with the reason", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.type("#backup-url", "http://not-a-bucket");
  await s.click("#backup-save");
  const message = await s.waitFor(
    "const m = document.getElementById('backup-message'); return !m.hidden && m.classList.contains('error') ? m.textContent : null;",
    10_000,
    "the error",
  );
  assert.match(message, /expected s3:\/\//);
});

test("Back up now sends every photo to the bucket, with progress, and reports it", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.type("#backup-url", REMOTE);
  await s.type("#backup-endpoint", ENDPOINT);
  await s.type("#backup-region", "us-east-1");
  await s.click("#backup-save");
  await s.waitFor("return document.getElementById('backup-message').textContent === 'Saved.'", 10_000, "saved");
  // Every label the progress bar shows, however briefly.
  await s.execute(`
    const p = document.getElementById('backup-progress');
    window.__backupLabels = [];
    new MutationObserver(() => window.__backupLabels.push(p.textContent.trim()))
      .observe(p, { subtree: true, childList: true, characterData: true });`);
  await s.click("#backup-start");
  const status = await s.waitFor(
    `const st = document.getElementById('backup-status');
     return st.dataset.state === 'running' ? null : { state: st.dataset.state, text: st.textContent };`,
    180_000,
    "the backup to finish",
  );
  writeFileSync(join(ART, "backup.png"), await s.screenshot());
  assert.equal(status.state, "done", status.text);
  const uploaded = Number(/Backed up: (\d+) uploaded, 0 skipped, 0 failed/.exec(status.text)?.[1]);
  assert.equal(uploaded, PHOTOS, status.text);
  const labels = await s.execute("return window.__backupLabels");
  assert.ok(labels.some((l) => new RegExp(`Uploading · [\\d,]+ / ${PHOTOS} objects`).test(l)), JSON.stringify(labels));
  assert.equal((await bucketKeys("e2e/originals/")).length, PHOTOS);
  // The library's data (albums, marks, tags) goes with the files, so a restore rebuilds it.
  assert.deepEqual(await bucketKeys("e2e/library/latest.json"), ["e2e/library/latest.json"]);
});

test("Esc returns to the gallery, and the saved remote is there next time", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.keys("\uE00C"); // Escape
  await s.waitFor(paneClosed, 10_000, "the pane closed");
  await s.click("#backup-button");
  await s.waitFor(paneOpen, 10_000, "the pane again");
  const url = await s.waitFor("return document.getElementById('backup-url').value", 10_000, "the saved remote");
  assert.equal(url, REMOTE);
  await s.click("#backup-close");
  await s.waitFor(paneClosed, 10_000, "the pane closed by its button");
});

/** Every file under `dir`. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [e.name]));
}

test("a new user restores that backup from the first-run screen, and the gallery fills", { timeout: TEST_TIMEOUT_MS }, async () => {
  await s.end();
  await driver.kill();
  const home = mkdtempSync(join(tmpdir(), "shoebox-e2e-restore-"));
  await launch(4452, join(home, "library.db"), join(home, "cache"));
  await s.waitFor("const e = document.getElementById('empty-state'); return e && !e.hidden", 60_000, "the first-run screen");
  await s.click("#empty-restore");
  await s.waitFor("return !document.getElementById('restore-pane').hidden", 10_000, "the restore screen");
  const dest = join(home, "Restored");
  await s.execute(
    `const set = (id, v) => { document.getElementById(id).value = v; };
     set('restore-url', arguments[0]); set('restore-endpoint', arguments[1]); set('restore-region', 'us-east-1'); set('restore-dest', arguments[2]);`,
    REMOTE,
    ENDPOINT,
    dest,
  );
  await s.click("#restore-start");
  const status = await s.waitFor(
    `const st = document.getElementById('restore-status');
     return st.dataset.state === 'running' || st.dataset.state === 'idle' ? null : { state: st.dataset.state, text: st.textContent };`,
    90_000,
    "the restore to finish",
  );
  writeFileSync(join(ART, "restore.png"), await s.screenshot());
  assert.equal(status.state, "done", status.text);
  assert.ok(status.text.startsWith(`Restored ${PHOTOS} photos, `), status.text);
  assert.ok(status.text.includes(` into ${dest}: ${PHOTOS} downloaded`), status.text);
  assert.equal(filesUnder(dest).length, PHOTOS, "the originals are under the chosen folder");
  await s.keys("\uE00C"); // Escape
  await s.waitFor("return document.getElementById('restore-pane').hidden", 10_000, "the screen closed");
  // The gallery shows them with real thumbnails: none was taken for broken while its file was still on its way.
  await s.waitFor(
    "return [...document.querySelectorAll('.tile img')].filter((i) => i.complete && i.naturalWidth > 0).length >= 6",
    60_000,
    "the restored photos' thumbnails in the gallery",
  );
  assert.equal(await s.execute("return document.querySelectorAll('.tile.broken, .tile[data-broken]').length"), 0, "no tile looks broken");
  const diag = await s.invoke("diagnostics");
  assert.equal(diag.photos, PHOTOS);
});
