/**
 * Cancellation shared by many calls of one owner (`predictBatch`'s rows), without an
 * `AbortSignal`: a plain set of callbacks. Node's `EventTarget` (`addEventListener` and
 * `removeEventListener` on a signal, plus an `AbortController` to make one) costs ≈ 15 µs per
 * call; a set costs next to nothing, and one owner with sixteen calls in flight trips no
 * MaxListeners warning. Internal: calls carry it under `CANCEL_HOOK` (internal-options.ts). It
 * does not cut a retry wait short, so its calls run with retries off (`RETRY_MODE: "never"`);
 * the next attempt of a cancelled call would refuse to start anyway.
 *
 * @example
 * const hook = new CancelHook();
 * const stop = (reason: unknown) => console.log("cancelled", reason);
 * hook.add(stop);
 * hook.cancel(new Error("batch stopped")); // calls stop once; later adds are the caller's to check `aborted`
 */
export class CancelHook {
  #aborted = false;
  #reason: unknown;
  readonly #listeners = new Set<(reason: unknown) => void>();

  /** Whether `cancel()` was called: a call that has not started must not start. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** What `cancel()` was given. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Calls `listener` on `cancel()` (once), until it is removed. */
  add(listener: (reason: unknown) => void): void {
    this.#listeners.add(listener);
  }

  remove(listener: (reason: unknown) => void): void {
    this.#listeners.delete(listener);
  }

  /** Cancels every call listening now; idempotent (the first reason is kept). */
  cancel(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener(reason);
  }
}
