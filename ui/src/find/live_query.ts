// Owns running the search box's text as the user types (pure, no DOM): debounced (at once after a quiet spell, else
// DELAY_MS after the last keystroke), every newer text superseding what is in flight, the engine's check first (an
// invalid query reports its error and keeps the last good results), then the view applied.

/** What the engine says is wrong with a query, and where ([start, end) in UTF-16 units of the text). */
export interface QueryProblem {
  message: string;
  start: number;
  end: number;
}

export interface LiveQueryHooks {
  /** The engine's verdict on `text`: null when it parses. */
  check(text: string): Promise<QueryProblem | null>;
  /** Shows the results of a valid `text` (resolves when they are applied). */
  apply(text: string): Promise<void>;
  /** The text's problem (null: none), shown under the box. */
  onProblem(text: string, problem: QueryProblem | null): void;
}

/** Keystrokes closer together than this are one query. */
export const DELAY_MS = 70;
/** A keystroke after this long without one runs at once. */
const QUIET_MS = 250;

export class LiveQuery {
  /** The last text applied (valid). */
  applied = '';
  /** When the newest input arrived (performance.now()): the start of "keystroke to painted results". */
  inputAt = 0;
  private gen = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastInput = -Infinity;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly hooks: LiveQueryHooks,
    private readonly now: () => number = () => performance.now(),
    private readonly delayMs = DELAY_MS,
  ) {}

  /** The box changed: runs `text` soon (once typing pauses), superseding anything earlier. */
  input(text: string): void {
    const gen = ++this.gen;
    const t = this.now();
    this.inputAt = t;
    const quiet = t - this.lastInput > QUIET_MS;
    this.lastInput = t;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (quiet) {
      this.running = this.run(text, gen);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run(text, gen);
    }, this.delayMs);
  }

  /** Runs `text` now (a facet click, Esc, a place): no debounce. Resolves when it is applied or superseded. */
  set(text: string): Promise<void> {
    const gen = ++this.gen;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastInput = this.now();
    this.inputAt = this.lastInput;
    this.running = this.run(text, gen);
    return this.running;
  }

  /** Forgets the text without running anything (what is in flight is superseded). */
  reset(): void {
    this.gen++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.applied = '';
  }

  /** Resolves once the latest input ran (tests, and whoever must wait for the results). */
  async settled(): Promise<void> {
    for (;;) {
      const gen = this.gen;
      if (this.timer !== null) await new Promise((r) => setTimeout(r, this.delayMs + 1));
      await this.running;
      if (gen === this.gen && this.timer === null) return;
    }
  }

  /** True when `gen` is still the newest input. */
  private current(gen: number): boolean {
    return gen === this.gen;
  }

  private async run(text: string, gen: number): Promise<void> {
    let problem: QueryProblem | null;
    try {
      problem = text.trim() === '' ? null : await this.hooks.check(text);
    } catch (e) {
      problem = { message: e instanceof Error ? e.message : String(e), start: 0, end: 0 };
    }
    if (!this.current(gen)) return;
    this.hooks.onProblem(text, problem);
    if (problem) return;
    this.applied = text;
    await this.hooks.apply(text);
  }
}
