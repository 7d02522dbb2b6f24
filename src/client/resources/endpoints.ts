import {
  createEndpointRequestSchema,
  type CreateEndpointRequest,
  type ServingEndpoint,
  type ServingEndpointDetailed,
  hoistLegacyCreatePayload,
  LEGACY_TOP_LEVEL_KEYS,
} from "../../schemas/index.js";
import { plaintextValues } from "../../secrets/plaintext.js";
import { requireServedEntity } from "./arguments.js";
import { SERVING, check, endpointPath, type CallOptions, type ResourceContext } from "./context.js";

/** Anything with `.build()` returning a create payload: the fluent `endpoint(…)` builder. */
export interface CreateEndpointBuilder {
  build(): CreateEndpointRequest;
}

/**
 * `createEndpoint`'s argument: a full create payload (`{ name, config, tags, rate_limits, ai_gateway, … }`),
 * or MLflow's legacy `{ name, config }` with `tags` / `rate_limits` inside `config` (hoisted as MLflow does),
 * or MLflow's newer `{ config: <full payload> }`.
 *
 * @example
 * const args: CreateEndpointArgs = { name: "chat", config: { served_entities: [...], tags: [{ key: "foo", value: "bar" }] } };
 */
export type CreateEndpointArgs = Record<string, unknown> & { readonly name?: string; readonly config?: unknown } & CreateEndpointOptions;

/** Options of create / update calls that can wait for the endpoint to settle. */
export interface CreateEndpointOptions extends CallOptions {
  /** Wait until `state.config_update` is `NOT_UPDATING` (see `waitForEndpoint`) and return the settled endpoint. */
  readonly wait?: boolean | undefined;
  /** Bound for `wait` (ms, default 20 minutes). */
  readonly waitTimeoutMs?: number | undefined;
}

const OPTION_KEYS = new Set(["signal", "wait", "waitTimeoutMs"]);

function isBuilder(value: unknown): value is CreateEndpointBuilder {
  return value !== null && typeof value === "object" && typeof (value as { build?: unknown }).build === "function";
}

/**
 * The wire payload for any accepted form of `createEndpoint`'s argument.
 *
 * @example
 * toCreatePayload({ name: "chat", config: { served_entities: [], tags: [{ key: "a" }] } });
 * // { name: "chat", config: { served_entities: [] }, tags: [{ key: "a" }] }
 */
export function toCreatePayload(arg: CreateEndpointArgs | CreateEndpointBuilder): unknown {
  if (isBuilder(arg)) return arg.build();
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(arg)) if (!OPTION_KEYS.has(k)) rest[k] = v;
  const config = rest.config;
  if (config !== null && typeof config === "object" && !Array.isArray(config)) {
    const c = config as Record<string, unknown>;
    // MLflow ≥ 2.18: the whole API payload passed as `config`.
    if ("config" in c || ("name" in c && rest.name === undefined)) return rest.name === undefined || "name" in c ? { ...c } : { name: rest.name, ...c };
    // MLflow's legacy form: top-level fields (tags, rate_limits, …) written inside `config`.
    if (LEGACY_TOP_LEVEL_KEYS.some((k) => k in c)) {
      const { name, config: _c, route_optimized, ...others } = rest;
      const options = typeof route_optimized === "boolean" ? { routeOptimized: route_optimized } : {};
      return { ...hoistLegacyCreatePayload(name as string, c, options), ...others };
    }
  }
  return rest;
}

/**
 * `POST /api/2.0/serving-endpoints`. Validated before the wire; not retried on 5xx (a create
 * is not idempotent), only when the server certainly did not act (429, 503, connection refused).
 *
 * @example
 * await createEndpoint(ctx, { name: "chat", config: { served_entities: [...] } });
 */
export function createEndpoint(ctx: ResourceContext, arg: CreateEndpointArgs | CreateEndpointBuilder, signal: AbortSignal | undefined): Promise<ServingEndpointDetailed> {
  const body = check(ctx, createEndpointRequestSchema, toCreatePayload(arg), "create endpoint payload");
  requireServedEntity(body);
  return ctx.pipeline.json<ServingEndpointDetailed>({ method: "POST", path: SERVING, body, retry: "unprocessed", signal, secrets: plaintextValues(body) });
}

/**
 * `GET /api/2.0/serving-endpoints/{name}`.
 *
 * @example
 * const ep = await getEndpoint(ctx, "chat");
 */
export function getEndpoint(ctx: ResourceContext, endpoint: string, signal: AbortSignal | undefined): Promise<ServingEndpointDetailed> {
  return ctx.pipeline.json<ServingEndpointDetailed>({ method: "GET", path: endpointPath(endpoint), retry: "idempotent", signal });
}

/**
 * `GET /api/2.0/serving-endpoints`; `[]` when the workspace has none (the response then has no `endpoints`).
 *
 * @example
 * const names = (await listEndpoints(ctx, undefined)).map((e) => e.name);
 */
export async function listEndpoints(ctx: ResourceContext, signal: AbortSignal | undefined): Promise<ServingEndpoint[]> {
  const res = await ctx.pipeline.json<{ endpoints?: ServingEndpoint[] }>({ method: "GET", path: SERVING, retry: "idempotent", signal });
  return Array.isArray(res.endpoints) ? res.endpoints : [];
}

/**
 * `DELETE /api/2.0/serving-endpoints/{name}`.
 *
 * @example
 * await deleteEndpoint(ctx, "chat", undefined);
 */
export async function deleteEndpoint(ctx: ResourceContext, endpoint: string, signal: AbortSignal | undefined): Promise<void> {
  await ctx.pipeline.json<unknown>({ method: "DELETE", path: endpointPath(endpoint), retry: "idempotent", signal });
}
