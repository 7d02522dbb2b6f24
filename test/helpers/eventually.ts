// The one way a test waits for something: poll a condition (or an assertion) until it holds.
// Never "sleep, then assert": a loaded 2-core machine slips timers by tens of milliseconds, so a
// positive assertion after a fixed sleep fails under load. The deadline is only a backstop for a
// test that would otherwise hang, and it scales with TEST_TIME_SCALE (scripts/test.mjs sets 3
// when CI is set and nothing else is given).

/**
 * How long a test's deadlines stretch: `TEST_TIME_SCALE` (a positive number), default 1.
 *
 * @example
 * const ms = 5000 * timeScale();
 */
export function timeScale(): number {
  const scale = Number(process.env["TEST_TIME_SCALE"] ?? 1);
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/**
 * Options of `eventually`.
 *
 * @example
 * await eventually(() => ready, { timeoutMs: 10_000, message: "the server to start" });
 */
export interface EventuallyOptions {
  /** Backstop before the test fails, in ms, before scaling by TEST_TIME_SCALE (default 5000). */
  readonly timeoutMs?: number;
  /** Time between two checks, in ms (default 10). */
  readonly intervalMs?: number;
  /** What is being waited for, or a function giving it (called once, on failure: e.g. the last frame). */
  readonly message?: string | (() => string);
}

/**
 * Waits until `check` holds and returns its last value. `check` is a condition (`false` or `null`
 * means "not yet": write `x !== undefined`, not a bare `find()`) or an assertion (a throw means
 * "not yet"; on the deadline the last error is rethrown with `message` in front, so the failure
 * names what differed).
 *
 * @example
 * const frame = await eventually(() => { const f = h.frame(); assert.match(f, /› hello/); return f; }, { message: "the typed text" });
 * await eventually(() => controller.getSnapshot().streaming === false, { message: "the end of the reply" });
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<Exclude<T, false | null>> {
  const timeoutMs = (options.timeoutMs ?? 5000) * timeScale();
  const intervalMs = options.intervalMs ?? 10;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    let value: T | undefined;
    try {
      value = await check();
    } catch (error) {
      failure = error;
    }
    // An assertion returns nothing once it stops throwing; a condition returns false (or null) until it holds.
    if (failure === undefined && value !== false && value !== null) return value as Exclude<T, false | null>;
    if (performance.now() > deadline) {
      const what = typeof options.message === "function" ? options.message() : (options.message ?? "a condition");
      const reason = failure instanceof Error ? failure.message : failure === undefined ? `last value ${JSON.stringify(value)}` : String(failure);
      const error = new Error(`timed out after ${Math.round(timeoutMs)} ms waiting for ${what}: ${reason}`);
      if (failure instanceof Error) error.stack = `${error.message}\n${failure.stack ?? ""}`;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
