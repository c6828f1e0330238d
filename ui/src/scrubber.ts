// Owns the date scrubber on the right: month ticks and year labels from the month table, the Undated group's labelled
// entry after them ([data-month="undated"]), click/drag to jump.
import { monthShort } from './format';
import { monthAtTrack, monthTicks, virtualToTrack, yearLabels, type MonthSpan } from './layout/scrubber_map';
import { UNDATED } from './timeline/section';
import { MANUAL } from './types';
import type { TimelineView } from './timeline/view';

/** Vertical padding of the track inside the scrubber, so the first/last labels are not clipped. */
const PAD_Y = 8;

export class Scrubber {
  private readonly thumb: HTMLDivElement;
  private readonly hover: HTMLDivElement;
  private readonly ticks = new Map<string, HTMLDivElement>();
  private readonly labels = new Map<string, HTMLDivElement>();
  /** The Undated group's entry, while the view has one. */
  private undated: HTMLDivElement | null = null;
  private spans: MonthSpan[] = [];
  private dragging = false;
  /** The pointer moved while pressed (a drag, not a click). */
  private moved = false;
  private downY = 0;
  private pendingMonth: string | null = null;
  private raf = 0;
  private rebuildQueued = false;
  private trackH = 0;

  constructor(
    readonly el: HTMLElement,
    private readonly view: TimelineView,
  ) {
    this.thumb = div('scrub-thumb');
    this.hover = div('scrub-hover');
    this.hover.hidden = true;
    el.append(this.thumb, this.hover);
    el.setAttribute('role', 'scrollbar');
    el.setAttribute('aria-orientation', 'vertical');
    el.addEventListener('pointerdown', (e) => this.down(e));
    el.addEventListener('pointermove', (e) => this.move(e));
    el.addEventListener('pointerup', (e) => this.up(e));
    el.addEventListener('pointercancel', () => this.end());
    el.addEventListener('pointerleave', () => {
      if (!this.dragging) this.hover.hidden = true;
    });
    new ResizeObserver(() => this.queueRebuild()).observe(el);
  }

  /** Call when section geometry changed; rebuilt once per frame at most. */
  queueRebuild(): void {
    if (this.rebuildQueued) return;
    this.rebuildQueued = true;
    requestAnimationFrame(() => {
      this.rebuildQueued = false;
      this.rebuild();
    });
  }

  /** Moves the "you are here" marker. */
  updateThumb(): void {
    const total = this.view.tl.total;
    const y = virtualToTrack(this.view.vTop, total, this.trackH);
    this.thumb.style.transform = `translateY(${PAD_Y + y}px)`;
    this.el.setAttribute('aria-valuenow', String(Math.round(total > 0 ? (this.view.vTop / total) * 100 : 0)));
  }

  private rebuild(): void {
    const tl = this.view.tl;
    this.trackH = Math.max(0, this.el.clientHeight - 2 * PAD_Y);
    this.spans = tl.sections.map((s) => ({ month: s.month, top: s.top, height: s.height }));
    // Ticks and year labels are for calendar months; the Undated group has an entry of its own.
    const months = this.spans.filter((s) => s.month !== UNDATED && s.month !== MANUAL);
    this.placeUndated(this.spans.find((s) => s.month === UNDATED) ?? null, tl.total);
    const ticks = monthTicks(months, tl.total, this.trackH);
    const seen = new Set<string>();
    let prevYear = '';
    for (const t of ticks) {
      seen.add(t.month);
      let el = this.ticks.get(t.month);
      if (!el) {
        el = div('scrub-month');
        el.dataset['month'] = t.month;
        el.title = monthShort(t.month);
        this.el.insertBefore(el, this.thumb);
        this.ticks.set(t.month, el);
      }
      setIfChanged(el, 'top', `${PAD_Y + t.y}px`);
      setIfChanged(el, 'height', `${Math.max(1, t.h)}px`);
      const year = t.month.slice(0, 4);
      el.classList.toggle('year-start', year !== prevYear);
      prevYear = year;
    }
    for (const [m, el] of this.ticks) {
      if (!seen.has(m)) {
        el.remove();
        this.ticks.delete(m);
      }
    }
    const labels = yearLabels(months, tl.total, this.trackH);
    const seenY = new Set<string>();
    for (const l of labels) {
      seenY.add(l.year);
      let el = this.labels.get(l.year);
      if (!el) {
        el = div('scrub-year');
        el.textContent = l.year;
        this.el.insertBefore(el, this.thumb);
        this.labels.set(l.year, el);
      }
      setIfChanged(el, 'top', `${PAD_Y + l.y}px`);
    }
    for (const [y, el] of this.labels) {
      if (!seenY.has(y)) {
        el.remove();
        this.labels.delete(y);
      }
    }
    this.updateThumb();
  }

  /** The "Undated" entry at the group's place on the track (kept within it), or none. */
  private placeUndated(span: MonthSpan | null, total: number): void {
    if (!span) {
      this.undated?.remove();
      this.undated = null;
      return;
    }
    if (!this.undated) {
      this.undated = div('scrub-undated');
      this.undated.dataset['month'] = UNDATED;
      this.undated.textContent = 'Undated';
      this.undated.title = 'Photos without a capture date';
      this.el.insertBefore(this.undated, this.thumb);
    }
    const y = Math.min(virtualToTrack(span.top, total, this.trackH), Math.max(0, this.trackH - 14));
    this.undated.style.top = `${PAD_Y + y}px`;
  }

  private monthAt(e: PointerEvent): string | null {
    const target = (e.target as Element | null)?.closest<HTMLElement>('[data-month]');
    if (!this.dragging && target?.dataset['month']) return target.dataset['month'];
    const y = e.clientY - this.el.getBoundingClientRect().top - PAD_Y;
    return monthAtTrack(this.spans, y, this.view.tl.total, this.trackH)?.month ?? null;
  }

  private showHover(e: PointerEvent, month: string): void {
    const y = e.clientY - this.el.getBoundingClientRect().top;
    this.hover.hidden = false;
    this.hover.textContent = monthShort(month);
    this.hover.style.transform = `translateY(${Math.max(0, y - 14)}px)`;
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    e.preventDefault();
    const month = this.monthAt(e);
    this.dragging = true;
    this.moved = false;
    this.downY = e.clientY;
    this.el.classList.add('dragging');
    this.el.setPointerCapture?.(e.pointerId);
    if (month) {
      this.showHover(e, month);
      // A click lands at once (and perf.lastJumpPaintedMs is reset before the click returns).
      this.view.jumpTo(month);
    }
  }

  private move(e: PointerEvent): void {
    const month = this.monthAt(e);
    if (!month) return;
    this.showHover(e, month);
    if (this.dragging && Math.abs(e.clientY - this.downY) > 3) this.moved = true;
    if (this.dragging && this.moved) this.jump(month);
  }

  private up(e: PointerEvent): void {
    if (!this.dragging) return;
    const month = this.moved ? this.monthAt(e) : null;
    this.end();
    if (month) this.jump(month);
  }

  private end(): void {
    this.dragging = false;
    this.el.classList.remove('dragging');
    this.hover.hidden = true;
  }

  /** Jumps at most once per frame while dragging. */
  private jump(month: string): void {
    this.pendingMonth = month;
    if (this.raf !== 0) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      const m = this.pendingMonth;
      this.pendingMonth = null;
      if (m) this.view.jumpTo(m);
    });
  }
}

/** Writes a style only when it differs (identical writes still invalidate style in some engines). */
function setIfChanged(el: HTMLElement, prop: 'top' | 'height', value: string): void {
  if (el.style[prop] !== value) el.style[prop] = value;
}

function div(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}
