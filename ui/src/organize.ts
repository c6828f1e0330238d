// Owns running organize actions on what the user acts on: the grid's selection (ids when every selected photo is
// loaded, else the view + index ranges for the backend to resolve) or one photo; marks show in the grid in the next
// frame after the reply; every outcome and error is told in the toast; undo and redo.
import * as api from './api';
import { markForKey } from './selection/marks';
import type { TimelineView } from './timeline/view';
import { errorText, toast } from './toast';
import type { MarkChange, Marks, Outcome, Targets } from './types';

export class Organizer {
  constructor(
    private readonly view: TimelineView,
    /** After any change (sidebar counts, covers, the open view). */
    private readonly afterChange: () => void,
  ) {}

  /** The selection as targets, else the focused photo; null when there is nothing to act on. */
  targets(): Targets | null {
    const sel = this.view.selection;
    if (!sel.isEmpty) {
      const ids = this.view.tl.idsOf(sel.ranges);
      if (ids) return { view: null, ranges: [], ids };
      return { view: this.view.view, ranges: sel.ranges.map(([a, b]): [number, number] => [a, b]), ids: [] };
    }
    const f = this.view.focusedId;
    return f === null ? null : { view: null, ranges: [], ids: [f] };
  }

  /** How many photos `targets()` names. */
  targetCount(): number {
    const sel = this.view.selection;
    return sel.isEmpty ? (this.view.focusedId === null ? 0 : 1) : sel.count;
  }

  /** The marks the toggling keys compare with: the focused photo's, else the selection anchor's. */
  referenceMarks(): Marks | null {
    const tl = this.view.tl;
    const f = this.view.focusedId;
    if (f !== null) {
      const b = tl.locate(f);
      if (b) return b.tile.marks;
    }
    const a = this.view.selection.anchor;
    return a === null ? null : (tl.tileAt(a)?.marks ?? null);
  }

  /** A mark key on the grid's selection (or focused photo); false when the key is no mark or nothing is selected. */
  markKey(key: string): boolean {
    const c = markForKey(key, this.referenceMarks());
    const t = this.targets();
    if (!c || !t) return false;
    void this.mark(t, c);
    return true;
  }

  /** Sets marks; the loaded tiles concerned show them as soon as the reply comes. */
  async mark(t: Targets, c: MarkChange): Promise<Outcome | null> {
    const out = await this.run(() => api.mark(t, c));
    if (out) {
      const tl = this.view.tl;
      tl.applyMarks(t.ranges, t.ids, c);
      this.view.redraw();
    }
    return out;
  }

  /** Runs a write: its label in the toast, or the backend's reason; resolves to null when it failed. */
  async run(write: () => Promise<Outcome>, quiet = false): Promise<Outcome | null> {
    try {
      const out = await write();
      if (!quiet) toast(out.label);
      this.afterChange();
      return out;
    } catch (e) {
      toast(errorText(e), 'error');
      return null;
    }
  }

  async undo(): Promise<void> {
    await this.history(() => api.undo(), 'Undid', 'Nothing to undo.');
  }

  async redo(): Promise<void> {
    await this.history(() => api.redo(), 'Redid', 'Nothing to redo.');
  }

  private async history(call: () => Promise<Outcome | null>, verb: string, none: string): Promise<void> {
    try {
      const out = await call();
      toast(out ? `${verb}: ${out.label}` : none);
      if (out) {
        this.afterChange();
        void this.view.refresh();
      }
    } catch (e) {
      toast(errorText(e), 'error');
    }
  }
}
