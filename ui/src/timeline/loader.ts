// Owns fetching timeline pages: at most a couple in flight, nearest-first, with retry back-off on errors.
import * as api from '../api';
import type { Timeline } from './model';
import type { LoadRequest, Section } from './section';
import type { TimelinePage, View } from '../types';

/** Photos per page when starting a month (also fills the small months after it) and when continuing one. */
export const START_LIMIT = 300;
export const CONTINUE_LIMIT = 500;

export interface LoaderHost {
  readonly tl: Timeline;
  readonly view: View;
  onPage(req: LoadRequest, page: TimelinePage): void;
  onIdle(): void;
}

export class Loader {
  private active = 0;
  private readonly pending = new Map<string, Promise<void>>();
  private readonly retryAt = new Map<string, number>();

  constructor(
    private readonly host: LoaderHost,
    private readonly max = 2,
  ) {}

  /** Starts the first wanted loads while fewer than `max` are in flight. */
  pump(wants: readonly LoadRequest[]): void {
    const now = performance.now();
    for (const w of wants) {
      if (this.active >= this.max) return;
      if ((this.retryAt.get(w.month) ?? 0) > now) continue;
      void this.fetch(w);
    }
  }

  /** The request that makes progress on section `s` (start it, or continue after its loaded prefix). */
  requestFor(s: Section): LoadRequest {
    const epoch = this.host.tl.epoch;
    if (s.photos.length === 0 || s.stale || s.cursor === null) {
      const req: LoadRequest = { month: s.month, mode: 'start', cursor: null, lenAtRequest: 0, epoch };
      if (s.stale) req.limit = Math.min(1000, Math.max(START_LIMIT, s.photos.length));
      return req;
    }
    return { month: s.month, mode: 'continue', cursor: s.cursor, lenAtRequest: s.photos.length, epoch };
  }

  /** Loads more of `s` now (ignoring the concurrency limit); resolves when that data is applied. */
  loadSection(s: Section): Promise<void> {
    return this.pending.get(s.month) ?? this.fetch(this.requestFor(s));
  }

  private fetch(w: LoadRequest): Promise<void> {
    const { tl } = this.host;
    const s = tl.byMonth.get(w.month);
    if (s) s.inflight = true;
    this.active++;
    const p = api
      .timelinePage({
        view: this.host.view,
        cursor: w.mode === 'continue' ? w.cursor : null,
        // The newest month starts at the top: asked as such, it is the page prefetched at start-up.
        fromMonth: w.mode === 'start' && tl.sections[0]?.month !== w.month ? w.month : null,
        limit: w.limit ?? (w.mode === 'start' ? START_LIMIT : CONTINUE_LIMIT),
      })
      .then(
        (page) => {
          this.retryAt.delete(w.month);
          if (w.epoch === this.host.tl.epoch) this.host.onPage(w, page);
        },
        (err: unknown) => {
          console.warn('timeline_page failed', w, err);
          this.retryAt.set(w.month, performance.now() + 2000);
          if (s && w.epoch === this.host.tl.epoch) s.inflight = false;
        },
      )
      .finally(() => {
        this.active--;
        if (this.pending.get(w.month) === p) this.pending.delete(w.month);
        this.host.onIdle();
      });
    this.pending.set(w.month, p);
    return p;
  }
}
