import { endpointPath, type CallOptions, type ResourceContext } from "./context.js";

/**
 * A served model of an endpoint.
 * @example
 * const a: ServedModelArgs = { endpoint: "chat", servedModel: "gpt-4" };
 */
export interface ServedModelArgs extends CallOptions {
  readonly endpoint: string;
  readonly servedModel: string;
}

/**
 * `GET …/{name}/served-models/{served}/logs` (`"logs"`) or `…/build-logs` (`"build-logs"`): the text.
 * @example
 * const text = await servedModelLogs(ctx, "logs", { endpoint: "my-model", servedModel: "my-model-1" });
 */
export async function servedModelLogs(ctx: ResourceContext, kind: "logs" | "build-logs", args: ServedModelArgs): Promise<string> {
  const res = await ctx.pipeline.json<{ logs?: string }>({ method: "GET", path: `${endpointPath(args.endpoint)}/served-models/${encodeURIComponent(args.servedModel)}/${kind}`, retry: "idempotent", signal: args.signal });
  return typeof res.logs === "string" ? res.logs : "";
}

/**
 * `GET …/{name}/metrics`: Prometheus / OpenMetrics text.
 * @example
 * const text = await exportMetrics(ctx, { endpoint: "chat" });
 */
export function exportMetrics(ctx: ResourceContext, args: { readonly endpoint: string } & CallOptions): Promise<string> {
  return ctx.pipeline.text({ method: "GET", path: `${endpointPath(args.endpoint)}/metrics`, retry: "idempotent", signal: args.signal });
}

/**
 * `GET …/{name}/openapi`: the endpoint's OpenAPI document, parsed when it is JSON (it is, on Databricks).
 * @example
 * const doc = await getOpenApi(ctx, { endpoint: "chat" });
 */
export async function getOpenApi(ctx: ResourceContext, args: { readonly endpoint: string } & CallOptions): Promise<Record<string, unknown> | string> {
  const text = await ctx.pipeline.text({ method: "GET", path: `${endpointPath(args.endpoint)}/openapi`, retry: "idempotent", signal: args.signal });
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return text;
  try {
    return JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    // A YAML or truncated document: hand it over as text rather than fail.
    return text;
  }
}
