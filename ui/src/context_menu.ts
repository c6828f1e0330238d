// Owns the right-click menu (#context-menu): on a tile "Open" and "Show in folder", on a folder "Rescan folder" and
// "Remove from library…" (disabled, with the reason as its title, when it does not apply); keyboard reachable (ContextMenu key / Shift+F10), closed by Escape, a click elsewhere or a choice.

export interface MenuItem {
  action: string;
  label: string;
  run(): void;
  /** Shown but not choosable; `title` says why. */
  disabled?: boolean;
  title?: string;
}

export class ContextMenu {
  private el: HTMLElement | null = null;
  private returnFocus: HTMLElement | null = null;

  constructor() {
    document.addEventListener('mousedown', (e) => {
      if (this.el && !this.el.contains(e.target as Node)) this.close(false);
    });
    window.addEventListener('blur', () => this.close(false));
  }

  get isOpen(): boolean {
    return this.el !== null;
  }

  /** Opens the menu at (x, y) with `items`; focus returns to `from` when it closes. */
  open(x: number, y: number, items: MenuItem[], from: HTMLElement | null): void {
    this.close(false);
    const menu = document.createElement('div');
    menu.id = 'context-menu';
    menu.setAttribute('role', 'menu');
    for (const it of items) {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'menuitem');
      b.dataset['action'] = it.action;
      b.textContent = it.label;
      b.tabIndex = -1;
      if (it.title) b.title = it.title;
      if (it.disabled) b.disabled = true;
      b.addEventListener('click', () => {
        this.close(true);
        it.run();
      });
      menu.appendChild(b);
    }
    menu.addEventListener('keydown', (e) => {
      const buttons = Array.from(menu.querySelectorAll<HTMLButtonElement>('button:not(:disabled)'));
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'Escape') this.close(true);
      else if (e.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
      else if (e.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
      else if (e.key === 'Tab') this.close(true);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    document.body.appendChild(menu);
    const r = menu.getBoundingClientRect();
    menu.style.left = `${Math.max(4, Math.min(x, window.innerWidth - r.width - 4))}px`;
    menu.style.top = `${Math.max(4, Math.min(y, window.innerHeight - r.height - 4))}px`;
    this.el = menu;
    this.returnFocus = from;
    menu.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }

  close(restoreFocus: boolean): void {
    if (!this.el) return;
    this.el.remove();
    this.el = null;
    if (restoreFocus) this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }
}
