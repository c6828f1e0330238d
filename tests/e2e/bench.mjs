// Measures the real app in its webview: window start -> first 20 tiles painted, jump-to-end paint,
// one bulk mark of 10,000 selected photos (the reply, and the frames until the grid shows it),
// requestAnimationFrame gaps while scrolling at a steady pace with badges on every tile (with those
// photos still selected, then with the selection cleared: the frame* fields), keystroke to painted results in the
// search box, DOM size and the app's memory.
// Run by scripts/bench-app.sh; prints one JSON object.
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";

import { Session, startDriver } from "./webdriver.mjs";

const label = process.argv[2] ?? "run";
const { driver, base } = await startDriver(4446);
const VISIBLE_LOADED = `
  const root = document.getElementById('timeline').getBoundingClientRect();
  const tiles = [...document.querySelectorAll('.tile[data-photo-id]')].filter((t) => {
    const r = t.getBoundingClientRect(); return r.bottom > root.top + 1 && r.top < root.bottom - 1 && r.width > 0; });
  const loaded = tiles.filter((t) => { const i = t.querySelector('img'); return i && i.complete && i.naturalWidth > 0; });
  return tiles.length >= 20 && loaded.length >= 20 ? loaded.length : 0;`;

const t0 = Date.now();
const s = await Session.start(base, process.env.SHOEBOX_APP);
const sessionMs = Date.now() - t0;
await s.waitFor(VISIBLE_LOADED, 120_000, "first 20 tiles");
const launchToTilesMs = Date.now() - t0;
const perf = await s.execute("const p = window.__shoebox.perf; return { first: p.firstTilesPaintedMs, marks: p.marks }");

// Jump to the oldest month through the scrubber.
const month = await s.execute("const ms = [...document.querySelectorAll('#scrubber [data-month]')]; return ms[ms.length - 1].dataset.month;");
await s.click(`#scrubber [data-month="${month}"]`);
await s.waitFor("return window.__shoebox.perf.lastJumpPaintedMs !== null", 120_000, "jump painted");
const jumpMs = await s.execute("return window.__shoebox.perf.lastJumpPaintedMs");

// Back to the top, then scroll down at a steady 1,200 px/s for 6 s while recording frame gaps.
await s.click('#scrubber [data-month]');
await s.waitFor(VISIBLE_LOADED, 120_000, "top loaded again");
// Shift-select the first 10,000 photos (most never loaded) and mark them all: stars, pick, label, heart.
// SHOEBOX_BENCH_MARKS=0 skips it (a baseline without badges).
const bulk = process.env.SHOEBOX_BENCH_MARKS === "0" ? { count: 0, ms: 0, frames: null } : await s.executeAsync(`
  const done = arguments[arguments.length - 1];
  window.__shoebox.markRange(0, 10000, { favourite: true, rating: 4, flag: 'pick', label: 'red' })
    .then(done, (e) => done({ error: String(e) }));`);
if (bulk.error) throw new Error(`bulk mark: ${bulk.error}`);
// Scrolls down from the top at a steady 1,200 px/s for 6 s and returns the sorted frame gaps.
async function scrollGaps() {
  await s.execute("document.getElementById('timeline').scrollTop = 0");
  await s.waitFor(VISIBLE_LOADED, 120_000, "top loaded again");
  await s.executeAsync(`
    const done = arguments[arguments.length - 1];
    const t = document.getElementById('timeline');
    const perf = window.__shoebox.perf;
    perf.frameGaps.length = 0; perf.recording = true;
    let last = performance.now(); const end = last + 6000;
    function step(now) {
      t.scrollTop += (now - last) * 1.2; last = now;
      if (now < end) requestAnimationFrame(step); else { perf.recording = false; done(); }
    }
    requestAnimationFrame(step);`);
  const gaps = await s.execute("return window.__shoebox.perf.frameGaps");
  return gaps.sort((a, b) => a - b);
}
const summary = (gaps) => ({
  frames: gaps.length,
  p50Ms: gaps[Math.floor(gaps.length * 0.5)],
  p99Ms: gaps[Math.floor(gaps.length * 0.99)],
  maxMs: gaps[gaps.length - 1],
  over50Ms: gaps.filter((g) => g > 50).length,
});
// With the 10,000 marked photos still selected, then (Esc) with the badges alone.
const selectedGaps = bulk.count ? summary(await scrollGaps()) : null;
if (bulk.count) {
  await s.execute("document.getElementById('timeline').focus()");
  await s.keys("\uE00C");
  await s.waitFor("return document.querySelectorAll('.tile.selected').length === 0", 10_000, "the selection cleared");
}
const gaps = await scrollGaps();
const dom = await s.execute("return window.__shoebox.perf.domCount()");

// Keystroke to painted results in the search box (the debounce included): each query typed as one burst of keys,
// then the last key's time until its results were on screen (perf.lastSearchPaintedMs); then "img" a key at a
// time with pauses (each key runs at once). The box is emptied between queries.
async function typed(text, what) {
  await s.execute("window.__shoebox.perf.lastSearchPaintedMs = null; document.getElementById('search-input').focus()");
  await s.keys(text);
  const want = await s.execute("return document.getElementById('search-input').value.trim()");
  // A query the engine refuses (text search before the text index, say) is recorded as its message.
  const out = await s.waitFor(
    `const e = document.getElementById('search-error');
     // (an intermediate text's refusal while the keys are still arriving does not count)
     if (e && !e.hidden && e.querySelector('code').textContent.trim() === arguments[0]) return { refused: e.querySelector('.search-message').textContent };
     const ms = window.__shoebox.perf.lastSearchPaintedMs;
     return window.__shoebox.search().query === arguments[0] && ms !== null && { ms };`,
    30_000,
    what,
    want,
  );
  return out.refused ? out : Math.round(out.ms);
}
async function emptyBox() {
  await s.execute("document.getElementById('search-input').focus()");
  await s.chord(["\uE009"], "a");
  await s.keys("\uE003");
  await s.waitFor("return window.__shoebox.search().query === ''", 30_000, "the box emptied");
  await new Promise((r) => setTimeout(r, 400));
}
const searches = [];
for (const q of ["year:2019", "orientation:portrait", "img", "date:2018..2019 -orientation:portrait"]) {
  searches.push({ query: q, ms: await typed(q, `results of ${q}`) });
  await emptyBox();
}
const perKey = [];
for (const k of "img") {
  perKey.push(await typed(k, `results after '${k}'`));
  await new Promise((r) => setTimeout(r, 400));
}
await emptyBox();
const allSearchMs = [...searches.map((x) => x.ms), ...perKey].filter((x) => typeof x === "number").sort((a, b) => a - b);

// Resident memory of the app and its WebKit processes.
const rssKb = (pattern) => {
  try {
    return execSync(`ps -eo rss,args | grep -E '${pattern}' | grep -v grep | awk '{s+=$1} END {print s+0}'`).toString().trim() * 1;
  } catch {
    return 0;
  }
};
const result = {
  label,
  sessionStartMs: sessionMs,
  launchToFirst20TilesMs: launchToTilesMs,
  navigationToFirst20TilesMs: perf.first,
  startupMarksMs: perf.marks,
  jumpToOldestPaintedMs: jumpMs,
  bulkMarkPhotos: bulk.count,
  bulkMarkReplyMs: Math.round(bulk.ms),
  bulkMarkShownFramesAfterReply: bulk.frames,
  frames: gaps.length,
  frameGapP50Ms: gaps[Math.floor(gaps.length * 0.5)],
  frameGapP99Ms: gaps[Math.floor(gaps.length * 0.99)],
  frameGapMaxMs: gaps[gaps.length - 1],
  framesOver50Ms: gaps.filter((g) => g > 50).length,
  scrollWhileSelected: selectedGaps,
  searchKeystrokeToPaintedMs: { bursts: searches, perKey, p50: allSearchMs[Math.floor(allSearchMs.length / 2)], max: allSearchMs[allSearchMs.length - 1] },
  domElements: dom,
  appRssMb: Math.round(rssKb("target/.*/shoebox-app") / 1024),
  webkitRssMb: Math.round(rssKb("WebKit(Web|Network)Process") / 1024),
};
if (process.env.SHOEBOX_BENCH_SHOT) writeFileSync(process.env.SHOEBOX_BENCH_SHOT, await s.screenshot());
console.log(JSON.stringify(result));
await s.end();
await driver.kill();
