import { createEndpointRequestSchema, type CreateEndpointRequest, type ServingEndpointDetailed } from "../../schemas/index.js";
import { NotFoundError } from "../../errors/api-error.js";
import { check, type ResourceContext } from "./context.js";
import { createEndpoint, getEndpoint, toCreatePayload, type CreateEndpointArgs, type CreateEndpointBuilder, type CreateEndpointOptions } from "./endpoints.js";
import { updateEndpointAiGateway, updateEndpointConfig, updateEndpointRateLimits, updateEndpointTags } from "./config-updates.js";
import { waitForEndpoint } from "./wait-for-endpoint.js";

/**
 * Creates the endpoint, or brings an existing one to this payload: `config` (PUT /config), `tags`
 * (added or overwritten; other tags are kept), `rate_limits` and `ai_gateway` when given. With
 * `wait`, waits for a running update to settle first and for the result to settle after.
 *
 * @example
 * await createOrUpdateEndpoint(ctx, endpoint("chat").externalModel(...), { wait: true });
 */
export async function createOrUpdateEndpoint(ctx: ResourceContext, arg: CreateEndpointArgs | CreateEndpointBuilder, options: CreateEndpointOptions): Promise<ServingEndpointDetailed> {
  const payload: CreateEndpointRequest = check(ctx, createEndpointRequestSchema, toCreatePayload(arg), "create endpoint payload");
  const { signal, wait } = options;
  const settle = (): Promise<ServingEndpointDetailed> => waitForEndpoint(ctx, { endpoint: payload.name, signal, timeoutMs: options.waitTimeoutMs });
  let exists = true;
  try {
    await getEndpoint(ctx, payload.name, signal);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    exists = false;
  }
  if (!exists) {
    const created = await createEndpoint(ctx, payload, signal);
    return wait === true ? settle() : created;
  }
  if (wait === true) await settle();
  let result: ServingEndpointDetailed | undefined;
  if (payload.config !== undefined) result = await updateEndpointConfig(ctx, { endpoint: payload.name, config: payload.config, signal });
  if (payload.tags !== undefined && payload.tags.length > 0) await updateEndpointTags(ctx, { endpoint: payload.name, config: { add_tags: payload.tags }, signal });
  if (payload.rate_limits !== undefined) await updateEndpointRateLimits(ctx, { endpoint: payload.name, config: { rate_limits: payload.rate_limits }, signal });
  if (payload.ai_gateway !== undefined) await updateEndpointAiGateway(ctx, { endpoint: payload.name, config: payload.ai_gateway, signal });
  if (wait === true) return settle();
  return result ?? getEndpoint(ctx, payload.name, signal);
}
