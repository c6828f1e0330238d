// Owns the sidebar's frame: collapsing it (#sidebar-toggle) and resizing it (the #sidebar-resizer handle, also by
// arrow keys), both remembered in localStorage; the width maths is pure (clampWidth).

export const MIN_WIDTH = 160;
export const MAX_WIDTH = 520;
const KEY_COLLAPSED = 'shoebox.sidebar.collapsed';
const KEY_WIDTH = 'shoebox.sidebar.width';

/** A sidebar width within bounds (and never more than half the window). */
export function clampWidth(w: number, windowWidth: number): number {
  const max = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.floor(windowWidth / 2)));
  if (!Number.isFinite(w)) return 240;
  return Math.round(Math.max(MIN_WIDTH, Math.min(max, w)));
}

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode): the state lasts this session only.
  }
}

export class Sidebar {
  constructor(
    private readonly toggle: HTMLButtonElement,
    private readonly resizer: HTMLElement,
  ) {
    const width = Number(stored(KEY_WIDTH));
    if (width > 0) this.setWidth(width, false);
    this.setCollapsed(stored(KEY_COLLAPSED) === 'true', false);
    toggle.addEventListener('click', () => this.setCollapsed(!this.collapsed, true));
    resizer.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      resizer.setPointerCapture(e.pointerId);
      document.body.classList.add('sidebar-resizing');
      const move = (ev: PointerEvent): void => this.setWidth(ev.clientX, false);
      const up = (ev: PointerEvent): void => {
        resizer.removeEventListener('pointermove', move);
        resizer.removeEventListener('pointerup', up);
        resizer.removeEventListener('pointercancel', up);
        document.body.classList.remove('sidebar-resizing');
        this.setWidth(ev.clientX, true);
      };
      resizer.addEventListener('pointermove', move);
      resizer.addEventListener('pointerup', up);
      resizer.addEventListener('pointercancel', up);
    });
    resizer.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowLeft' ? -16 : e.key === 'ArrowRight' ? 16 : 0;
      if (step === 0) return;
      e.preventDefault();
      this.setWidth(this.width + step, true);
    });
  }

  get collapsed(): boolean {
    return document.body.classList.contains('sidebar-collapsed');
  }

  get width(): number {
    return Number.parseInt(document.body.style.getPropertyValue('--sidebar'), 10) || 240;
  }

  setCollapsed(collapsed: boolean, save: boolean): void {
    document.body.classList.toggle('sidebar-collapsed', collapsed);
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    this.toggle.title = collapsed ? 'Show the sidebar' : 'Hide the sidebar';
    this.toggle.setAttribute('aria-label', this.toggle.title);
    if (save) store(KEY_COLLAPSED, String(collapsed));
  }

  setWidth(w: number, save: boolean): void {
    const width = clampWidth(w, window.innerWidth || 1200);
    document.body.style.setProperty('--sidebar', `${width}px`);
    this.resizer.setAttribute('aria-valuenow', String(width));
    if (save) store(KEY_WIDTH, String(width));
  }
}
