/**
 * The emulator's sense of time: timestamps, deploy delays, rate-limit windows and the
 * `Retry-After` hints derived from them all read this clock, so a test can move time instead of
 * waiting it out. Pacing of streamed tokens, upstream timeouts and request latencies stay on real
 * time: they measure bytes on a socket, not the emulated workspace.
 *
 * @example
 * const clock = manualClock();
 * const emu = await startEmulator({ clock, deployDelayMs: 3_000 });
 * clock.advance(3_000); // the deployment is now due
 */
export interface EmulatorClock {
  /** Epoch milliseconds, like `Date.now()`. */
  now(): number;
  /** Runs `fn` after `ms` of this clock's time; the handle is opaque. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer from {@link EmulatorClock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/**
 * The default clock: `Date.now()` and unref'd real timers (an emulator timer never keeps the
 * process alive).
 *
 * @example
 * await startEmulator({ clock: realClock });
 */
export const realClock: EmulatorClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** A clock that only moves when told to: see {@link manualClock}. */
export interface ManualClock extends EmulatorClock {
  /** Moves time forward by `ms`, running every timer that falls due, in due order, synchronously. */
  advance(ms: number): void;
  /** Timers scheduled and not yet run or cleared. */
  pendingTimers(): number;
}

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A manual test clock: time stands still until {@link ManualClock.advance} moves it, which runs
 * the timers that fall due (each one sees `now()` equal to its due time).
 *
 * @param start epoch ms the clock starts at (default: the real time when it is created)
 * @example
 * import { manualClock, startEmulator } from "databricks-deployments/emulator";
 * const clock = manualClock();
 * const emu = await startEmulator({ clock, rateLimitWindowMs: 1_000 });
 * // … fill the window, get a 429 …
 * clock.advance(1_000); // a fresh window, without sleeping
 */
export function manualClock(start: number = Date.now()): ManualClock {
  if (!Number.isFinite(start)) throw new RangeError(`manualClock(start): start must be a finite epoch ms, got ${start}`);
  let now = start;
  let seq = 0;
  const timers = new Set<ManualTimer>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: ManualTimer = { due: now + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: seq++, fn };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.delete(handle as ManualTimer);
    },
    advance(ms) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`advance(ms): ms must be a non-negative number, got ${ms}`);
      const target = now + ms;
      for (;;) {
        let next: ManualTimer | undefined;
        for (const timer of timers) {
          if (timer.due <= target && (next === undefined || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq))) next = timer;
        }
        if (next === undefined) break;
        timers.delete(next);
        now = Math.max(now, next.due);
        next.fn();
      }
      now = target;
    },
    pendingTimers: () => timers.size,
  };
}
