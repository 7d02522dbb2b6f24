/**
 * Cancellation shared by many calls of one owner (`predictBatch`'s rows), without an
 * `AbortSignal`: a plain list of callbacks. Node's `EventTarget` (`addEventListener` and
 * `removeEventListener` on a signal, plus an `AbortController` to make one) costs ≈ 15 µs per
 * call; a list costs next to nothing (an array, not a `Set`: a `Set` churned by an add and a delete per call rehashes, and cost more than a signal in a micro-benchmark), and one owner with sixteen calls in flight trips no
 * MaxListeners warning. Internal: calls carry it under `CANCEL_HOOK` (internal-options.ts). It
 * does not cut a retry wait short, so its calls run with retries off (`RETRY_MODE: "never"`);
 * the next attempt of a cancelled call would refuse to start anyway.
 *
 * @example
 * const hook = new CancelHook();
 * const stop = { cancelled: (reason: unknown) => console.log("cancelled", reason) };
 * hook.add(stop);
 * hook.cancel(new Error("batch stopped")); // calls stop once; later adds are the caller's to check `aborted`
 */
/** What listens to a {@link CancelHook}: an object, so a call registers itself and allocates no closure. */
export interface Cancellable {
  cancelled(reason: unknown): void;
}

export class CancelHook {
  #aborted = false;
  #reason: unknown;
  readonly #listeners: (Cancellable)[] = [];

  /** Whether `cancel()` was called: a call that has not started must not start. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** What `cancel()` was given. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Calls `listener` on `cancel()` (once), until it is removed. */
  add(listener: Cancellable): void {
    this.#listeners.push(listener);
  }

  remove(listener: Cancellable): void {
    // The calls in flight are few (the batch's window): a scan and a swap with the last is cheap.
    const list = this.#listeners;
    const at = list.lastIndexOf(listener);
    if (at < 0) return;
    const last = list.pop() as Cancellable;
    if (at < list.length) list[at] = last;
  }

  /** Cancels every call listening now; idempotent (the first reason is kept). */
  cancel(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners.splice(0);
    for (const listener of listeners) listener.cancelled(reason);
  }
}
