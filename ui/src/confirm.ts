// Owns the confirm step of a destructive action (#confirm, a modal alertdialog): a question, Cancel (focused first)
// and the action's button ([data-action="confirm"]); Escape or a click on the backdrop cancels. Resolves true/false.

export interface ConfirmOptions {
  title: string;
  text: string;
  /** The action's button, e.g. "Remove". */
  confirm: string;
  /** How the action's button looks: destructive (the default) or the dialog's plain main action. */
  tone?: 'danger' | 'primary';
}

/** Shows the dialog; resolves true when the action is confirmed, false otherwise. One at a time. */
export function confirmAction(opts: ConfirmOptions): Promise<boolean> {
  document.getElementById('confirm')?.remove();
  const returnFocus = document.activeElement as HTMLElement | null;
  const backdrop = document.createElement('div');
  backdrop.id = 'confirm';
  const card = document.createElement('div');
  card.className = 'confirm-card';
  card.setAttribute('role', 'alertdialog');
  card.setAttribute('aria-modal', 'true');
  card.setAttribute('aria-labelledby', 'confirm-title');
  card.setAttribute('aria-describedby', 'confirm-text');
  const h = document.createElement('h2');
  h.id = 'confirm-title';
  h.textContent = opts.title;
  const p = document.createElement('p');
  p.id = 'confirm-text';
  p.textContent = opts.text;
  const actions = document.createElement('div');
  actions.className = 'actions';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'btn';
  cancel.dataset['action'] = 'cancel';
  cancel.textContent = 'Cancel';
  const ok = document.createElement('button');
  ok.type = 'button';
  ok.className = `btn ${opts.tone ?? 'danger'}`;
  ok.dataset['action'] = 'confirm';
  ok.textContent = opts.confirm;
  actions.append(cancel, ok);
  card.append(h, p, actions);
  backdrop.appendChild(card);
  document.body.appendChild(backdrop);
  cancel.focus();
  return new Promise((resolve) => {
    const done = (yes: boolean): void => {
      backdrop.remove();
      returnFocus?.focus({ preventScroll: true });
      resolve(yes);
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    backdrop.addEventListener('mousedown', (e) => {
      if (e.target === backdrop) done(false);
    });
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') done(false);
      else if (e.key === 'Tab') {
        // Focus stays within the two buttons.
        (document.activeElement === ok ? cancel : ok).focus();
      } else {
        // A modal: no key reaches the app's global shortcuts behind it (Enter and Space still
        // press the focused button, their default action).
        e.stopPropagation();
        return;
      }
      e.preventDefault();
      e.stopPropagation();
    });
  });
}
