// Owns telling the engine which photos are on screen and near (set_viewport), throttled to one call per 50 ms.
import * as api from '../api';

export class ViewportReporter {
  private timer = 0;
  private latest: [number[], number[]] = [[], []];
  private sent = '';

  constructor(private readonly delayMs = 50) {}

  /** Records the latest sets; sends them at most every `delayMs`, and only when they changed. */
  report(visible: number[], near: number[]): void {
    this.latest = [visible, near];
    if (this.timer !== 0) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      const [v, n] = this.latest;
      const sig = `${v.join(',')}|${n.join(',')}`;
      if (sig === this.sent) return;
      this.sent = sig;
      api.setViewport(v, n).catch((e: unknown) => console.warn('set_viewport failed', e));
    }, this.delayMs);
  }
}
