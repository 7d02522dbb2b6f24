/**
 * Races one read at a time against an AbortSignal without piling up handlers. `Promise.race(
 * [read, aborted])` on a long-lived `aborted` promise adds a reaction to it per call that lives
 * until the signal fires: a 5,000-token reply kept 5,000 of them. Here one abort listener wakes
 * whichever read is current.
 */
export interface AbortRace {
  /** `p`'s value, or `"aborted"` as soon as the signal fires (also when it already has). */
  <T>(p: PromiseLike<T>): Promise<T | "aborted">;
}

/**
 * An `AbortRace` for `signal`. Reads are expected one at a time (a newer read replaces the older's
 * wake-up).
 *
 * @example
 * const race = abortRace(signal);
 * const next = await race(iterator.next());
 * if (next === "aborted") return;
 */
export function abortRace(signal: AbortSignal): AbortRace {
  let wake: ((value: "aborted") => void) | undefined;
  if (!signal.aborted) signal.addEventListener("abort", () => wake?.("aborted"), { once: true });
  return <T>(p: PromiseLike<T>): Promise<T | "aborted"> => {
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise<T | "aborted">((resolve, reject) => {
      wake = resolve;
      p.then(resolve, reject);
    });
  };
}
