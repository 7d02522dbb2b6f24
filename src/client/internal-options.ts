import type { ClientOptions } from "./client-options.js";

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
