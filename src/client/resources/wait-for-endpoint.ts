import type { EndpointState, ServingEndpointDetailed } from "../../schemas/index.js";
import { EndpointUpdateError } from "../../errors/endpoint-update-error.js";
import { TimeoutError } from "../../errors/timeout-error.js";
import type { CallOptions, ResourceContext } from "./context.js";
import { getEndpoint } from "./endpoints.js";

/**
 * `waitForEndpoint` arguments.
 *
 * @example
 * const a: WaitForEndpointArgs = { endpoint: "chat", timeoutMs: 20 * 60_000, onProgress: (s) => console.log(s.config_update) };
 */
export interface WaitForEndpointArgs extends CallOptions {
  readonly endpoint: string;
  /** Give up after this long (default 20 minutes, as the Databricks SDK). */
  readonly timeoutMs?: number | undefined;
  /** Called with the state after every poll. */
  readonly onProgress?: ((state: EndpointState, endpoint: ServingEndpointDetailed) => void) | undefined;
  /** First poll interval (default 1 s); grows ×1.5 per poll up to 10 s. */
  readonly pollIntervalMs?: number | undefined;
}

const DEFAULT_WAIT_MS = 20 * 60_000;
const MAX_POLL_MS = 10_000;

function stateMessages(ep: ServingEndpointDetailed): string {
  const messages: string[] = [];
  for (const cfg of [ep.pending_config, ep.config]) {
    const entities = (cfg as { served_entities?: { name?: string; state?: { deployment?: string; deployment_state_message?: string } }[] } | undefined)?.served_entities ?? [];
    for (const e of entities) {
      const m = e.state?.deployment_state_message;
      if (typeof m === "string" && m.length > 0) messages.push(`${e.name ?? "entity"}: ${m}`);
    }
  }
  return [...new Set(messages)].join("; ");
}

/**
 * Polls `GET …/{name}` until `state.config_update` is `NOT_UPDATING` and returns the endpoint; throws
 * `EndpointUpdateError` (with the served entities' state messages) on `UPDATE_FAILED` / `UPDATE_CANCELED`,
 * `TimeoutError` (kind `"wait"`) after `timeoutMs`.
 *
 * @example
 * const ready = await waitForEndpoint(ctx, { endpoint: "chat" });
 */
export async function waitForEndpoint(ctx: ResourceContext, args: WaitForEndpointArgs): Promise<ServingEndpointDetailed> {
  const timeoutMs = args.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let interval = args.pollIntervalMs ?? 1_000;
  for (;;) {
    const ep = await getEndpoint(ctx, args.endpoint, args.signal);
    const state: EndpointState = ep.state ?? {};
    args.onProgress?.(state, ep);
    const update = state.config_update;
    if (update === undefined || update === "NOT_UPDATING") return ep;
    if (update === "UPDATE_FAILED" || update === "UPDATE_CANCELED") throw new EndpointUpdateError(args.endpoint, update, stateMessages(ep));
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeoutError(`Endpoint ${JSON.stringify(args.endpoint)} was still ${update} after ${timeoutMs} ms`, "wait", timeoutMs);
    await ctx.pipeline.sleep(Math.min(interval, left), args.signal);
    interval = Math.min(MAX_POLL_MS, interval * 1.5);
  }
}
