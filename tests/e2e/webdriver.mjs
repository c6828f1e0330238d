// A minimal W3C WebDriver client over fetch, for driving the real app through tauri-driver.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application) {
    const body = {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application } } },
    };
    const res = await call(base, "POST", "/session", body);
    const session = new Session(base, res.sessionId);
    await session.cmd("POST", "/timeouts", { script: 180_000 });
    return session;
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Runs a synchronous script in the page; `args` are passed as `arguments`. */
  execute(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs an async script: the last argument is the callback to call with the result. */
  executeAsync(script, ...args) {
    return this.cmd("POST", "/execute/async", { script, args });
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

  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
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
      await this.cmd("DELETE", "");
    } catch {
      // the app may already be gone
    }
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value)}`);
  }
  return json.value;
}

/** Starts tauri-driver on `port` (the app it launches inherits `env`) and waits until it answers. */
export async function startDriver(port, env = process.env) {
  const args = ["--port", String(port), "--native-port", String(port + 1)];
  const driver = spawn("tauri-driver", args, { env, stdio: ["ignore", "inherit", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(base + "/status");
      return { driver, base };
    } catch {
      await sleep(100);
    }
  }
  driver.kill();
  throw new Error("tauri-driver did not start");
}
