/**
 * The batch's concurrency window, additive increase / multiplicative decrease: halved on a 429 or
 * 503 (at most once per congestion event: rows sent before the last decrease do not count again),
 * raised by one after a full window of successes with no congestion (and no pause) for `probeIntervalMs`. A call
 * limit per time window is not a concurrency limit, so the increase is paced in time: fast calls
 * would otherwise climb back within one window and meet the limit with many rows in flight.
 *
 * @example
 * const window = new AdaptiveConcurrency(16, () => Date.now());
 * window.congested(sentAt); // 8
 */
export class AdaptiveConcurrency {
  #limit: number;
  #successes = 0;
  #changedAt: number;

  constructor(
    readonly max: number,
    private readonly now: () => number,
    private readonly probeIntervalMs = 1_000,
  ) {
    this.#limit = max;
    this.#changedAt = Number.NEGATIVE_INFINITY;
  }

  /** Rows that may be in flight now. */
  get current(): number {
    return this.#limit;
  }

  /** A row was answered (or failed for a reason of its own). */
  succeeded(): void {
    if (this.#limit >= this.max) return;
    this.#successes++;
    const at = this.now();
    if (this.#successes >= this.#limit && at - this.#changedAt >= this.probeIntervalMs) {
      this.#limit++;
      this.#successes = 0;
      this.#changedAt = at;
    }
  }

  /** The batch is paused until `until`: no probing before `probeIntervalMs` after it resumes. */
  pausedUntil(until: number): void {
    this.#changedAt = Math.max(this.#changedAt, until);
    this.#successes = 0;
  }

  /** A row sent at `sentAt` was turned away (429/503): halve, unless this event was already counted. */
  congested(sentAt: number): number {
    if (sentAt >= this.#changedAt) {
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#successes = 0;
      this.#changedAt = this.now();
    }
    return this.#limit;
  }
}
