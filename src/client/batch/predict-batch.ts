import { AbortError } from "../../errors/abort-error.js";
import { ApiError } from "../../errors/api-error.js";
import { DeploymentsError } from "../../errors/deployments-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import type { QueryInput } from "../../schemas/index.js";
import { CANCEL_HOOK, RETRY_MODE, type PipelineTime } from "../internal-options.js";
import { CancelHook } from "../request/cancel-hook.js";
import { isRetryable, retryDelayMs } from "../request/retry-policy.js";
import { sleep as realSleep } from "../request/sleep.js";
import type { ResourceContext } from "../resources/context.js";
import { predict } from "../resources/invocations.js";
import { structuredPredict } from "../resources/structured.js";
import { AdaptiveConcurrency } from "./adaptive-concurrency.js";
import { ProgressTracker, usageOf } from "./batch-progress.js";
import type { BatchInputs, BatchResult, PredictBatchArgs } from "./types.js";

interface Row {
  readonly index: number;
  readonly input: QueryInput;
  attempts: number;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_ATTEMPTS = 8;
// Backoff of whole-batch pauses the server gave no Retry-After for (503, connection refused).
const PAUSE_BACKOFF = { baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Runs `predict` over every row of `args.inputs` with a shared concurrency window, and yields each
 * row as it finishes (completion order). A 429/503 pauses the whole batch (for its `Retry-After`,
 * else a backoff) and halves the window; the row goes back in the queue, since the server did not
 * run it. Any other failure (including a reset after the request was sent) is the row's result:
 * it is never sent twice. Rows are pulled from `inputs` only as the window has room, and no
 * more finished rows are held than the window, so memory stays constant.
 *
 * @example
 * for await (const r of predictBatch(ctx, { endpoint: "chat", inputs: rows, concurrency: 8 })) console.log(r.index, r.error ?? r.output);
 */
export async function* predictBatch<O>(ctx: ResourceContext, args: PredictBatchArgs, time: PipelineTime = {}): AsyncGenerator<BatchResult<O>, void, undefined> {
  const options = checkBatchArgs(args);
  const now = time.now ?? Date.now;
  const pause = time.sleep ?? realSleep;
  const wall = (): number => performance.now();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(args.signal?.reason);
  if (args.signal?.aborted === true) throw new AbortError(undefined, { cause: args.signal.reason });
  args.signal?.addEventListener("abort", onAbort, { once: true });

  const window = new AdaptiveConcurrency(options.concurrency, now);
  const progress = new ProgressTracker(wall, options.total);
  const source = openSource(args.inputs);
  const waiting: Row[] = [];
  const finished: BatchResult<O>[] = [];
  let nextIndex = 0;
  let exhausted = false;
  // -Infinity until a 429/503 pauses the batch: the hot path reads no clock before that.
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let pauses = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signalChange = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  controller.signal.addEventListener("abort", signalChange, { once: true });
  let closed = false;
  const report = (done = false, at?: number): void => {
    if (args.onProgress === undefined || closed) return;
    const pausedFor = pausedUntil === Number.NEGATIVE_INFINITY ? 0 : Math.max(0, pausedUntil - now());
    args.onProgress(progress.snapshot(window.current, pausedFor, done, at));
  };

  // One hook for every row, cancelled from here: an AbortController per row (and its listener in
  // each request) cost ≈ 15 µs a row; the caller's signal is listened to once, above.
  const cancel = new CancelHook();
  controller.signal.addEventListener("abort", () => cancel.cancel(controller.signal.reason), { once: true });
  const send = (row: Row): Promise<unknown> => {
    const common = { endpoint: args.endpoint, inputs: row.input, servedModel: args.servedModel, [RETRY_MODE]: "never" as const, [CANCEL_HOOK]: cancel };
    return args.schema === undefined ? predict(ctx, common) : structuredPredict(ctx, { ...common, schema: args.schema, schemaName: args.schemaName });
  };

  const holdFor = (ms: number): void => {
    const until = now() + ms;
    if (until <= pausedUntil) return;
    progress.rateLimitWaitMs += until - Math.max(pausedUntil, now());
    pausedUntil = until;
    window.pausedUntil(until);
    report();
  };
  // One timer for the pause at a time, armed by the loop: a timer may fire a little before the
  // clock reaches the pause's end, and then the loop arms another for what is left.
  let timerArmed = false;
  const armPauseTimer = (): void => {
    const left = pausedUntil - now();
    if (timerArmed || left <= 0) return;
    timerArmed = true;
    pause(left, controller.signal).then(
      () => {
        timerArmed = false;
        signalChange();
      },
      () => undefined /* aborted: the loop sees the abort */,
    );
  };

  const launch = (row: Row): void => {
    row.attempts++;
    progress.inFlight++;
    const sentAt = now();
    const started = wall();
    let call: Promise<unknown>;
    try {
      call = send(row);
    } catch (e) {
      call = Promise.reject(e);
    }
    call.then(
      (output) => {
        window.succeeded();
        pauses = 0;
        const usage = usageOf(output);
        // One clock read for the row's latency and the progress report it causes.
        const at = wall();
        const result: { -readonly [K in keyof BatchResult<O>]: BatchResult<O>[K] } = { index: row.index, input: row.input, output: output as O, latencyMs: at - started, attempts: row.attempts };
        if (usage !== undefined) result.usage = usage;
        done(result, at);
      },
      (e: unknown) => {
        const error = e instanceof DeploymentsError ? e : new DeploymentsError(String(e), { cause: e });
        if (controller.signal.aborted) return done({ index: row.index, input: row.input, error, latencyMs: wall() - started, attempts: row.attempts });
        if (isRetryable("unprocessed", error) && row.attempts < options.maxAttempts) {
          progress.retried++;
          if (error instanceof ApiError) window.congested(sentAt);
          const retryAfter = error instanceof ApiError ? error.retryAfter : undefined;
          holdFor(retryDelayMs(++pauses, retryAfter, PAUSE_BACKOFF));
          waiting.push(row);
          progress.inFlight--;
          signalChange();
          return;
        }
        if (!(error instanceof ValidationError)) window.succeeded();
        done({ index: row.index, input: row.input, error, latencyMs: wall() - started, attempts: row.attempts });
      },
    );
  };

  const done = (result: BatchResult<O>, at?: number): void => {
    progress.inFlight--;
    progress.finished(result.error !== undefined, result.usage);
    finished.push(result);
    report(false, at);
    signalChange();
  };

  // Whether a row may start: not stopped, not paused, and room in the window (a finished row the
  // consumer has not taken yet keeps its place, so no more than the window is ever held).
  const room = (): boolean => !controller.signal.aborted && (pausedUntil === Number.NEGATIVE_INFINITY || now() >= pausedUntil) && progress.inFlight + finished.length < window.current;

  const fill = async (): Promise<void> => {
    while (room()) {
      const retry = waiting.shift();
      if (retry !== undefined) {
        launch(retry);
        continue;
      }
      if (exhausted) return;
      let next: IteratorResult<QueryInput>;
      try {
        next = await source.next();
      } catch (e) {
        failure = e;
        exhausted = true;
        return;
      }
      if (next.done === true) {
        exhausted = true;
        return;
      }
      launch({ index: nextIndex++, input: next.value, attempts: 0 });
    }
  };

  try {
    for (;;) {
      // Only when a row can start: on most turns the window is full, and an async call that does
      // nothing still costs a promise and a turn of the microtask queue.
      if (room()) await fill();
      if (failure !== undefined) throw failure;
      if (controller.signal.aborted) throw new AbortError(undefined, { cause: controller.signal.reason });
      const ready = finished.shift();
      if (ready !== undefined) {
        yield ready;
        continue;
      }
      if (exhausted && waiting.length === 0 && progress.inFlight === 0) break;
      // A row queued again with no pause left (Retry-After: 0) can go now: nothing else would wake the loop.
      if (waiting.length > 0 && now() >= pausedUntil && progress.inFlight < window.current) continue;
      armPauseTimer();
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    report(true);
  } finally {
    closed = true;
    args.signal?.removeEventListener("abort", onAbort);
    // A consumer that breaks out early, an abort or a failing source: stop what is still in flight.
    if (!controller.signal.aborted) controller.abort();
    await source.return?.();
  }
}

interface Settled {
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly total: number | undefined;
}

function checkBatchArgs(args: PredictBatchArgs): Settled {
  const issues: { path: string; message: string; code: string }[] = [];
  if (args === null || typeof args !== "object") throw new ValidationError("predictBatch", [{ path: "", message: "expects one object: { endpoint, inputs, concurrency?, signal?, onProgress? }", code: "invalid_type" }]);
  if (typeof args.endpoint !== "string" || args.endpoint === "") issues.push({ path: "endpoint", message: "must be the endpoint's name", code: "invalid_type" });
  const inputs = args.inputs as unknown;
  const iterable = inputs !== null && typeof inputs === "object" && (Symbol.iterator in inputs || Symbol.asyncIterator in inputs);
  if (!iterable) issues.push({ path: "inputs", message: "must be an array, an iterable or an async iterable of query inputs", code: "invalid_type" });
  const concurrency = args.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) issues.push({ path: "concurrency", message: `must be an integer from 1 to 1024, got ${String(args.concurrency)}`, code: "too_small" });
  const maxAttempts = args.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) issues.push({ path: "maxAttempts", message: `must be a positive integer, got ${String(args.maxAttempts)}`, code: "too_small" });
  if (issues.length > 0) throw new ValidationError("predictBatch", issues);
  const total = args.total ?? (Array.isArray(inputs) ? inputs.length : undefined);
  return { concurrency, maxAttempts, total };
}

function openSource(inputs: BatchInputs): AsyncIterator<QueryInput> | Iterator<QueryInput> {
  return Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
}
