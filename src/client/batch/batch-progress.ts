import type { BatchProgress, BatchUsage } from "./types.js";

/**
 * The counters behind `BatchProgress`: O(1) memory whatever the number of rows.
 *
 * @example
 * const tracker = new ProgressTracker(() => performance.now(), 100);
 * tracker.finished(false, { total_tokens: 42 });
 */
export class ProgressTracker {
  answered = 0;
  failed = 0;
  inFlight = 0;
  tokens = 0;
  retried = 0;
  rateLimitWaitMs = 0;
  readonly #startedAt: number;

  constructor(
    private readonly clock: () => number,
    readonly total: number | undefined,
  ) {
    this.#startedAt = clock();
  }

  /** A row is done: answered, or failed. */
  finished(failed: boolean, usage: BatchUsage | undefined): void {
    if (failed) this.failed++;
    else this.answered++;
    if (usage !== undefined) this.tokens += usageTotal(usage);
  }

  /** The report `onProgress` gets; `at` is a reading of the clock the caller already took. */
  snapshot(concurrency: number, pausedForMs: number, finished: boolean, at: number = this.clock()): BatchProgress {
    const elapsedMs = Math.max(0, at - this.#startedAt);
    const done = this.answered + this.failed;
    const rowsPerSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const left = this.total === undefined ? undefined : Math.max(0, this.total - done);
    const etaMs = left === undefined ? undefined : left === 0 ? 0 : rowsPerSecond > 0 ? (left / rowsPerSecond) * 1000 : undefined;
    return {
      done,
      answered: this.answered,
      failed: this.failed,
      inFlight: this.inFlight,
      total: this.total,
      rowsPerSecond,
      tokens: this.tokens,
      etaMs,
      concurrency,
      rateLimitWaitMs: this.rateLimitWaitMs,
      pausedForMs,
      retried: this.retried,
      elapsedMs,
      finished,
    };
  }
}

/** `total_tokens`, else prompt + completion. */
export function usageTotal(usage: BatchUsage): number {
  if (typeof usage.total_tokens === "number") return usage.total_tokens;
  return (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0);
}

/**
 * The wire `usage` of a reply, when it has one.
 *
 * @example
 * usageOf({ usage: { total_tokens: 3 } }); // { total_tokens: 3 }
 */
export function usageOf(output: unknown): BatchUsage | undefined {
  if (output === null || typeof output !== "object") return undefined;
  const usage = (output as { usage?: unknown }).usage;
  return usage !== null && typeof usage === "object" ? (usage as BatchUsage) : undefined;
}
