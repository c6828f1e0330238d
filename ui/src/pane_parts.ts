// Owns the parts the modal panes (backup, settings, export, restore) share: finding their elements, closing on the
// backdrop, the progress bar, the status line, the message line, a list of per-item problems, and a folder field
// filled from the folder dialog.
import * as api from './api';

/** The element `id` of index.html; throws naming it when the markup lacks it. */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as T;
}

/** A press on the backdrop around the pane's card (not on the card) closes the pane. */
export function closeOnBackdrop(pane: HTMLElement, close: () => void): void {
  pane.addEventListener('mousedown', (e) => {
    if (e.target === pane) close();
  });
}

/** A `.bar .fill` + `.label` progress block: filled to `fraction`, or sliding while it is unknown (null). */
export function showBar(progress: HTMLElement, fraction: number | null, label: string): void {
  progress.classList.toggle('indeterminate', fraction === null);
  progress.querySelector<HTMLElement>('.label')!.textContent = label;
  progress.querySelector<HTMLElement>('.fill')!.style.width = `${((fraction ?? 0) * 100).toFixed(1)}%`;
}

/** The status line: its state (for the look and the tests) and its words. */
export function setStatus(status: HTMLElement, state: string, text: string): void {
  status.dataset['state'] = state;
  status.textContent = text;
}

/** The message line under a form: hidden when empty, red for an error. */
export function say(message: HTMLElement, text: string, error = false): void {
  message.hidden = text === '';
  message.textContent = text;
  message.classList.toggle('error', error);
}

/** One list item per line; the list hidden when there are none. */
export function fillList(list: HTMLElement, lines: string[]): void {
  list.replaceChildren(
    ...lines.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  list.hidden = lines.length === 0;
}

/** "Choose…": the folder dialog's pick goes into `field`; a failure is said on `message`. */
export async function chooseFolderInto(field: HTMLInputElement, message: HTMLElement): Promise<void> {
  try {
    const picked = await api.pickFolder();
    if (picked) field.value = picked;
  } catch (e) {
    say(message, String(e), true);
  }
}
