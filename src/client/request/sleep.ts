import { AbortError } from "../../errors/abort-error.js";

/**
 * Waits `ms`, or rejects with `AbortError` as soon as `signal` fires (so a cancelled call does
 * not sit out a long `Retry-After`).
 *
 * @example
 * await sleep(500, controller.signal);
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new AbortError(undefined, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
