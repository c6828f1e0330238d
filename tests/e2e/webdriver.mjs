// A minimal W3C WebDriver client over fetch, for driving the real app through tauri-driver. Nothing in
// it can wait forever: every request has a deadline, screenshots keep the page painting while they are
// pending (WebKitGTK answers Take Screenshot only at the next presentation update), and the driver runs
// in its own process group, logged to a file, killed as a group when the test file ends or is stopped.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** Deadline of one WebDriver request unless the command says otherwise. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** How long the page may run an async script (`/execute/async`); the request gets a little more. */
const SCRIPT_TIMEOUT_MS = 180_000;
const SCREENSHOT_TIMEOUT_MS = 20_000;

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Launches `application` (with command-line `args`, as a desktop's "Open with" passes files). */
  static async start(base, application, args = []) {
    const body = {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application, args } } },
    };
    // Launching the app and its webview is the slowest request.
    const res = await call(base, "POST", "/session", body, 120_000);
    const session = new Session(base, res.sessionId);
    await session.cmd("POST", "/timeouts", { script: SCRIPT_TIMEOUT_MS });
    return session;
  }

  cmd(method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
    return call(this.base, method, `/session/${this.id}${path}`, body, timeoutMs);
  }

  /** Runs a synchronous script in the page; `args` are passed as `arguments`. */
  execute(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs an async script: the last argument is the callback to call with the result. */
  executeAsync(script, ...args) {
    return this.cmd("POST", "/execute/async", { script, args }, SCRIPT_TIMEOUT_MS + 10_000);
  }

  /** Calls an app command through Tauri's IPC; resolves with `{ error }` when it rejects. */
  invoke(name, args = {}) {
    return this.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ error: e }));`,
      name,
      args,
    );
  }

  async find(css) {
    const el = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return el[ELEMENT];
  }

  /** Clicks the element `css` names; retries when the page re-rendered it between find and click. */
  async click(css) {
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await this.find(css);
        await this.cmd("POST", `/element/${id}/click`, {});
        return;
      } catch (e) {
        if (attempt >= 5 || !/stale element|no such element/.test(String(e))) throw e;
        await sleep(200);
      }
    }
  }

  /**
   * Clicks the centre of the element `css` names as a pointer would: whatever is on top there gets
   * the click (an element click refuses when another element covers the point).
   */
  async clickAt(css) {
    await this.clickWith(css, []);
  }

  /**
   * Opens a tile in the viewer as a user does: a click selects it (and focuses it), Enter opens it (a click
   * selects in the grid; a double click or Enter opens).
   */
  async openTile(css) {
    await this.click(css);
    await this.keys("\uE007");
  }

  /**
   * A real pointer drag from the centre of `fromCss` to the centre of `toCss` (or to a point { x, y }), in
   * steps, so the page sees pointerdown, several pointermoves and pointerup; `keys` ("shift", "ctrl") are
   * held down meanwhile.
   */
  async drag(fromCss, to, { steps = 8, keys = [] } = {}) {
    const a = await this.centre(fromCss);
    const b = typeof to === "string" ? await this.centre(to, false) : to;
    const moves = [];
    for (let i = 1; i <= steps; i++) {
      moves.push({
        type: "pointerMove",
        duration: 30,
        origin: "viewport",
        x: Math.round(a.x + ((b.x - a.x) * i) / steps),
        y: Math.round(a.y + ((b.y - a.y) * i) / steps),
      });
    }
    const pointer = [
      { type: "pointerMove", duration: 0, origin: "viewport", x: a.x, y: a.y },
      { type: "pointerDown", button: 0 },
      ...moves,
      { type: "pause", duration: 100 },
      { type: "pointerUp", button: 0 },
    ];
    const actions = [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: pointer }];
    if (keys.length) {
      const code = { shift: "\uE008", ctrl: "\uE009" };
      actions.push({
        type: "key",
        id: "kb",
        actions: [
          ...keys.map((k) => ({ type: "keyDown", value: code[k] })),
          ...Array.from({ length: pointer.length - keys.length }, () => ({ type: "pause", duration: 0 })),
          ...keys.map((k) => ({ type: "keyUp", value: code[k] })),
        ],
      });
    }
    await this.cmd("POST", "/actions", { actions });
    await this.cmd("DELETE", "/actions");
  }

  /** Clicks the centre of `css` with modifier keys held ("shift", "ctrl"), as a pointer would. */
  async clickWith(css, keys) {
    const at = await this.centre(css);
    const code = { shift: "\uE008", ctrl: "\uE009" };
    const pointer = [
      { type: "pause", duration: 0 },
      { type: "pointerMove", duration: 0, origin: "viewport", x: at.x, y: at.y },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
      { type: "pause", duration: 0 },
    ];
    const kb = [
      ...keys.map((k) => ({ type: "keyDown", value: code[k] })),
      ...Array.from({ length: pointer.length - 2 * keys.length }, () => ({ type: "pause", duration: 0 })),
      ...keys.map((k) => ({ type: "keyUp", value: code[k] })),
    ];
    await this.cmd("POST", "/actions", {
      actions: [
        { type: "key", id: "kb", actions: kb },
        { type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: pointer },
      ],
    });
    await this.cmd("DELETE", "/actions");
  }

  /** The viewport centre of the element `css` names (scrolled into view first unless `scroll` is false). */
  async centre(css, scroll = true) {
    const at = await this.execute(
      `const el = document.querySelector(arguments[0]); if (!el) return null;
       if (arguments[1]) el.scrollIntoView?.({ block: 'nearest' });
       const r = el.getBoundingClientRect(); return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };`,
      css,
      scroll,
    );
    if (!at) throw new Error(`no element matches ${css}`);
    return at;
  }

  /** Clears the input `css` names and types `text` into it. */
  async type(css, text) {
    const id = await this.find(css);
    await this.cmd("POST", `/element/${id}/clear`, {});
    await this.cmd("POST", `/element/${id}/value`, { text });
  }

  async keys(text) {
    const actions = [...text].flatMap((ch) => [
      { type: "keyDown", value: ch },
      { type: "keyUp", value: ch },
    ]);
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  /** Presses `key` with modifiers held (e.g. chord(["\uE009", "\uE008"], "z") is Ctrl+Shift+Z). */
  async chord(mods, key) {
    const actions = [
      ...mods.map((m) => ({ type: "keyDown", value: m })),
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
      ...mods.reverse().map((m) => ({ type: "keyUp", value: m })),
    ];
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  /**
   * A PNG of the window. WebKitGTK's plain (non-DMA-BUF) renderer, which GPU-less users get, answers
   * Take Screenshot only at its next presentation update, and a still page never has one: a 1×1 px
   * element toggles its colour every frame while the request is pending, so the page keeps painting.
   */
  async screenshot() {
    await this.execute(REPAINT_START);
    try {
      return Buffer.from(await this.cmd("GET", "/screenshot", undefined, SCREENSHOT_TIMEOUT_MS), "base64");
    } finally {
      await this.execute(REPAINT_STOP).catch(() => {});
    }
  }

  /** Polls `script` until it returns a truthy value, or fails after `timeoutMs`. */
  async waitFor(script, timeoutMs, what, ...args) {
    const started = Date.now();
    let last;
    while (Date.now() - started < timeoutMs) {
      last = await this.execute(script, ...args);
      if (last) return last;
      await sleep(100);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
  }

  async end() {
    try {
      await this.cmd("DELETE", "", undefined, 10_000);
    } catch {
      // the app may already be gone
    }
  }
}

const REPAINT_START = `
  if (!window.__e2eRepaint) {
    const dot = document.createElement('div');
    dot.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;z-index:2147483647;pointer-events:none';
    document.body.appendChild(dot);
    let on = false;
    const tick = () => { on = !on; dot.style.background = on ? '#010101' : '#020202'; window.__e2eRepaint.raf = requestAnimationFrame(tick); };
    window.__e2eRepaint = { dot, raf: 0, timer: setInterval(() => { on = !on; dot.style.background = on ? '#030303' : '#040404'; }, 50) };
    tick();
  }`;
const REPAINT_STOP = `
  const r = window.__e2eRepaint;
  if (r) { cancelAnimationFrame(r.raf); clearInterval(r.timer); r.dot.remove(); delete window.__e2eRepaint; }`;

async function call(base, method, path, body, timeoutMs = REQUEST_TIMEOUT_MS) {
  let res;
  try {
    res = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    if (e.name === "TimeoutError" || e.name === "AbortError") {
      throw new Error(`WebDriver ${method} ${path} got no answer within ${timeoutMs} ms`);
    }
    throw new Error(`WebDriver ${method} ${path} failed: ${e.cause?.message ?? e.message}`);
  }
  const json = await res.json();
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value)}`);
  }
  return json.value;
}

/** Every driver this process started, so that exit and signals can kill their process groups. */
const drivers = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function killAll() {
  for (const child of drivers) killGroup(child, "SIGKILL");
  drivers.clear();
}

process.once("exit", killAll);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[signal]);
  });
}

/** A running tauri-driver: its own process group (WebKitWebDriver, the app and WebKit's helpers). */
class Driver {
  constructor(child, log) {
    this.child = child;
    this.log = log;
  }

  /** Ends the driver and everything it started: TERM to the group, then KILL to what is left. */
  async kill() {
    if (!drivers.has(this.child)) return;
    killGroup(this.child, "SIGTERM");
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await Promise.race([exited, sleep(3_000)]);
    }
    killGroup(this.child, "SIGKILL");
    drivers.delete(this.child);
  }
}

/**
 * Starts tauri-driver on `port` (the app it launches inherits `env`) and waits until it answers. Its
 * output and that of everything it starts go to `<artifacts>/<name>.driver.log`, never to this
 * process's pipes (which the test runner waits on).
 */
export async function startDriver(port, env = process.env, name = `driver-${port}`) {
  const args = ["--port", String(port), "--native-port", String(port + 1)];
  const logPath = join(process.env.SHOEBOX_E2E_ARTIFACTS ?? ".", `${name}.log`);
  const fd = openSync(logPath, "a");
  const child = spawn("tauri-driver", args, { env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  drivers.add(child);
  const driver = new Driver(child, logPath);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(base + "/status", { signal: AbortSignal.timeout(2_000) });
      return { driver, base };
    } catch {
      if (child.exitCode !== null) break;
      await sleep(100);
    }
  }
  await driver.kill();
  throw new Error(`tauri-driver did not start on port ${port} (see ${logPath})`);
}
