// Owns the one-line notice at the bottom (#toast): what an action did ("Rate 4 stars (12 photos)", "Undid …") and
// the backend's error naming what was refused; errors stay longer and are announced as alerts.

let timer = 0;

function el(): HTMLElement {
  let t = document.getElementById('toast');
  if (!t) {
    t = document.createElement('div');
    t.id = 'toast';
    t.hidden = true;
    document.body.appendChild(t);
  }
  return t;
}

/** Shows `text` for a few seconds (kind error: longer, role alert). */
export function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  const t = el();
  t.textContent = text;
  t.dataset['kind'] = kind;
  t.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  t.hidden = false;
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    t.hidden = true;
  }, kind === 'error' ? 8000 : 3000);
}

/** The message of a failed call (a BackendError's sentence), as the toast shows it. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
