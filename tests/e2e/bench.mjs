// Measures the real app in its webview: window start -> first 20 tiles painted, jump-to-end paint,
// requestAnimationFrame gaps while scrolling at a steady pace, DOM size and the app's memory.
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
gaps.sort((a, b) => a - b);
const dom = await s.execute("return window.__shoebox.perf.domCount()");

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
  frames: gaps.length,
  frameGapP50Ms: gaps[Math.floor(gaps.length * 0.5)],
  frameGapP99Ms: gaps[Math.floor(gaps.length * 0.99)],
  frameGapMaxMs: gaps[gaps.length - 1],
  framesOver50Ms: gaps.filter((g) => g > 50).length,
  domElements: dom,
  appRssMb: Math.round(rssKb("target/.*/shoebox-app") / 1024),
  webkitRssMb: Math.round(rssKb("WebKit(Web|Network)Process") / 1024),
};
if (process.env.SHOEBOX_BENCH_SHOT) writeFileSync(process.env.SHOEBOX_BENCH_SHOT, await s.screenshot());
console.log(JSON.stringify(result));
await s.end();
await driver.kill();
