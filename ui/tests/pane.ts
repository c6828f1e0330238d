// Test support for the modal panes' jsdom tests: the app's own index.html body mounted, a by-id lookup, and a wait
// for a condition the fake backend makes true later.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const html = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'index.html'), 'utf8');

/** Puts index.html's body into the document (the fake backend reads its options from `url`). */
export function mountApp(url: string): void {
  // No canvas in jsdom: the fake backend falls back to empty image URLs.
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  window.history.replaceState({}, '', url);
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1]!;
}

export const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Resolves once `test()` holds; fails naming `what` after `ms`. */
export async function until(what: string, test: () => boolean, ms = 8000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
