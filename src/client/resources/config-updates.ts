import {
  aiGatewayConfigSchema,
  endpointCoreConfigInputSchema,
  notificationsPatchRequestSchema,
  rateLimitsRequestSchema,
  tagsPatchRequestSchema,
  type AiGatewayConfig,
  type AiGatewayOutput,
  type EndpointCoreConfigInput,
  type NotificationsPatchRequest,
  type RateLimitsRequest,
  type RateLimitsResponse,
  type ServingEndpointDetailed,
  type TagsPatchRequest,
  type TagsResponse,
} from "../../schemas/index.js";
import { plaintextValues } from "../../secrets/plaintext.js";
import { check, endpointPath, type CallOptions, type ResourceContext } from "./context.js";

/**
 * An update's arguments: the endpoint's name and the wire payload, named `config` as in MLflow.
 *
 * @example
 * const args: UpdateArgs<TagsPatchRequest> = { endpoint: "chat", config: { add_tags: [{ key: "team", value: "ml" }] } };
 */
export interface UpdateArgs<C> extends CallOptions {
  readonly endpoint: string;
  readonly config: C;
}

/**
 * `PUT …/{name}/config` (replaces served entities / traffic). The endpoint goes `IN_PROGRESS`.
 *
 * @example
 * await updateEndpointConfig(ctx, { endpoint: "chat", config: { served_entities: [...] } });
 */
export function updateEndpointConfig(ctx: ResourceContext, args: UpdateArgs<EndpointCoreConfigInput>): Promise<ServingEndpointDetailed> {
  const body = check(ctx, endpointCoreConfigInputSchema, args.config, "endpoint config");
  return ctx.pipeline.json<ServingEndpointDetailed>({ method: "PUT", path: `${endpointPath(args.endpoint)}/config`, body, retry: "idempotent", signal: args.signal, secrets: plaintextValues(body) });
}

/**
 * `PATCH …/{name}/tags`; answers the full tag list after the patch.
 *
 * @example
 * const { tags } = await updateEndpointTags(ctx, { endpoint: "chat", config: { delete_tags: ["foo"] } });
 */
export function updateEndpointTags(ctx: ResourceContext, args: UpdateArgs<TagsPatchRequest>): Promise<TagsResponse> {
  const body = check(ctx, tagsPatchRequestSchema, args.config, "tags patch");
  return ctx.pipeline.json<TagsResponse>({ method: "PATCH", path: `${endpointPath(args.endpoint)}/tags`, body, retry: "idempotent", signal: args.signal });
}

/**
 * `PUT …/{name}/rate-limits` (legacy endpoint rate limits; AI Gateway supersedes them).
 *
 * @example
 * await updateEndpointRateLimits(ctx, { endpoint: "chat", config: { rate_limits: [{ calls: 10, key: "user", renewal_period: "minute" }] } });
 */
export function updateEndpointRateLimits(ctx: ResourceContext, args: UpdateArgs<RateLimitsRequest>): Promise<RateLimitsResponse> {
  const body = check(ctx, rateLimitsRequestSchema, args.config, "rate limits");
  return ctx.pipeline.json<RateLimitsResponse>({ method: "PUT", path: `${endpointPath(args.endpoint)}/rate-limits`, body, retry: "idempotent", signal: args.signal });
}

/**
 * `PUT …/{name}/ai-gateway`: replaces the whole gateway configuration.
 *
 * @example
 * await updateEndpointAiGateway(ctx, { endpoint: "chat", config: { usage_tracking_config: { enabled: true } } });
 */
export function updateEndpointAiGateway(ctx: ResourceContext, args: UpdateArgs<AiGatewayConfig>): Promise<AiGatewayOutput> {
  const body = check(ctx, aiGatewayConfigSchema, args.config, "AI gateway config");
  return ctx.pipeline.json<AiGatewayOutput>({ method: "PUT", path: `${endpointPath(args.endpoint)}/ai-gateway`, body, retry: "idempotent", signal: args.signal });
}

/**
 * `PATCH …/{name}/notifications`.
 *
 * @example
 * await updateEndpointNotifications(ctx, { endpoint: "chat", config: { email_notifications: { on_update_failure: ["me@example.com"] } } });
 */
export function updateEndpointNotifications(ctx: ResourceContext, args: UpdateArgs<NotificationsPatchRequest>): Promise<Record<string, unknown>> {
  const body = check(ctx, notificationsPatchRequestSchema, args.config, "notifications patch");
  return ctx.pipeline.json<Record<string, unknown>>({ method: "PATCH", path: `${endpointPath(args.endpoint)}/notifications`, body, retry: "idempotent", signal: args.signal });
}

let warnedUpdateEndpoint = false;

/**
 * MLflow's deprecated `update_endpoint` router: `/rate-limits` when `config` holds only
 * `rate_limits`, else `/config`. Emits one `DeprecationWarning` per process.
 *
 * @example
 * await updateEndpoint(ctx, { endpoint: "chat", config: { rate_limits: [...] } });
 */
export function updateEndpoint(ctx: ResourceContext, args: UpdateArgs<EndpointCoreConfigInput | RateLimitsRequest>): Promise<ServingEndpointDetailed | RateLimitsResponse> {
  if (!warnedUpdateEndpoint) {
    warnedUpdateEndpoint = true;
    process.emitWarning(
      "updateEndpoint is deprecated. Use the specific update methods (updateEndpointConfig, updateEndpointTags, updateEndpointRateLimits, updateEndpointAiGateway) instead.",
      { type: "DeprecationWarning", code: "DATABRICKS_DEPLOYMENTS_UPDATE_ENDPOINT" },
    );
  }
  const keys = args.config !== null && typeof args.config === "object" ? Object.keys(args.config) : [];
  if (keys.length === 1 && keys[0] === "rate_limits") return updateEndpointRateLimits(ctx, args as UpdateArgs<RateLimitsRequest>);
  return updateEndpointConfig(ctx, args as UpdateArgs<EndpointCoreConfigInput>);
}
