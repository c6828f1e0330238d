// The backup pane in the real app: a remote on a local S3-compatible server (moto, started by run.sh) is
// refused when malformed, saved, and "Back up now" sends a small library of the test's own (so the run is
// short and its count exact) while progress shows; the finished upload is reported and the objects are in
// the bucket; Esc returns to the gallery and the remote is still there when the pane opens again.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
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

before(async () => {
  assert.ok(ENDPOINT && BUCKET && PHOTOS > 0, "run through tests/e2e/run.sh (it starts the S3 server)");
  // Test keys for moto only: whatever the caller's environment holds must not reach a real bucket.
  const env = {
    ...process.env,
    SHOEBOX_LIBRARY: process.env.SHOEBOX_E2E_BACKUP_LIBRARY,
    SHOEBOX_CACHE_DIR: process.env.SHOEBOX_E2E_BACKUP_CACHE,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  };
  for (const name of ["AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"]) delete env[name];
  const started = await startDriver(4450, env);
  driver = started.driver;
  s = await Session.start(started.base, process.env.SHOEBOX_APP);
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
