import type { ClientOptions } from "./client-options.js";
import type { CancelHook } from "./request/cancel-hook.js";
import type { RetryMode } from "./request/retry-policy.js";

/**
 * The key of the pipeline's time hooks on the options object. Internal: not exported from the
 * package entry, so it is no part of the public API; tests use it to move time instead of
 * waiting it out.
 */
export const PIPELINE_TIME: unique symbol = Symbol("databricks-deployments.pipelineTime");

/** The retry wait and the clock of the total budget, replaceable together. */
export interface PipelineTime {
  readonly now?: (() => number) | undefined;
  readonly sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

/**
 * `ClientOptions` with the internal hooks.
 *
 * @example
 * const options: InternalClientOptions = { host, token, [PIPELINE_TIME]: { sleep: async (ms) => void waits.push(ms) } };
 * const client = new DatabricksDeploymentClient(options);
 */
export interface InternalClientOptions extends ClientOptions {
  readonly [PIPELINE_TIME]?: PipelineTime | undefined;
}

/**
 * The key of a model call's retry mode on `predict`'s arguments. Internal: `predictBatch` sets
 * `"never"` and retries rows itself, so one 429 pauses the whole batch instead of each call
 * waiting on its own. The rule stays the same: only what the server did not process is re-sent.
 */
export const RETRY_MODE: unique symbol = Symbol("databricks-deployments.retryMode");

/** Arguments that may carry {@link RETRY_MODE}. */
export interface RetryModeCarrier {
  readonly [RETRY_MODE]?: RetryMode | undefined;
}

/**
 * The key of a model call's {@link CancelHook} on `predict`'s arguments. Internal: `predictBatch`
 * cancels its rows through one hook instead of an `AbortController` per row (and listens to the
 * caller's signal once per batch, not once per row). It stands beside `signal`, not instead.
 */
export const CANCEL_HOOK: unique symbol = Symbol("databricks-deployments.cancelHook");

/** Arguments that may carry {@link CANCEL_HOOK}. */
export interface CancelHookCarrier {
  readonly [CANCEL_HOOK]?: CancelHook | undefined;
}
