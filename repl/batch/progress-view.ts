import { bar, progressFacts, type FileProgress } from "./progress-line.js";

/** Where progress goes: stderr, or a test's stream. */
export interface ProgressSink {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

/**
 * Progress of a batch on stderr: at a terminal one bar redrawn in place (at most every 100 ms);
 * elsewhere (a log file, CI) a plain line every `everyMs` and at each tenth of the rows, so a log
 * stays readable. `done()` clears the bar before the summary is printed.
 *
 * @example
 * const view = new ProgressView(process.stderr);
 * view.update({ progress, skipped: 0, rows: 200 });
 * view.done();
 */
export class ProgressView {
  #last = 0;
  #tenth = 0;
  #drawn = false;
  #pending: FileProgress | undefined;

  constructor(
    private readonly sink: ProgressSink,
    private readonly everyMs = 2_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(state: FileProgress): void {
    const at = this.now();
    if (this.sink.isTTY === true) {
      this.#pending = state;
      if (at - this.#last < 100 && !state.progress.finished) return;
      this.#last = at;
      this.#draw(state);
      return;
    }
    const tenth = state.rows > 0 ? Math.floor(((state.progress.done + state.skipped) * 10) / state.rows) : 0;
    if (state.progress.finished || (at - this.#last < this.everyMs && tenth <= this.#tenth)) return;
    this.#last = at;
    this.#tenth = tenth;
    const pct = state.rows > 0 ? ` (${Math.floor(((state.progress.done + state.skipped) * 100) / state.rows)}%)` : "";
    this.sink.write(`batch: ${progressFacts(state)}${pct}\n`);
  }

  /** Draws the latest state one last time (TTY) and leaves the line, so the summary starts clean. */
  done(): void {
    if (this.sink.isTTY !== true) return;
    if (this.#pending !== undefined) this.#draw(this.#pending);
    if (this.#drawn) this.sink.write("\n");
  }

  #draw(state: FileProgress): void {
    const width = Math.max(40, this.sink.columns ?? 80);
    const fraction = state.rows > 0 ? (state.progress.done + state.skipped) / state.rows : 0;
    const head = `${bar(fraction, 20)} ${String(Math.floor(fraction * 100)).padStart(3)}% `;
    let line = head + progressFacts(state);
    if (line.length > width - 1) line = `${line.slice(0, width - 2)}…`;
    this.sink.write(`\r\x1b[2K${line}`);
    this.#drawn = true;
  }
}
