import { z } from "zod";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

// Response schemas accept fields they do not know (servers add fields) and make optional what a
// server may omit; enums stay plain strings where a new value must not break a reader.
const str = once(() => z.string().optional());
const num = once(() => z.number().optional());
const bool = once(() => z.boolean().optional());

/**
 * The state of an endpoint: `ready` (READY / NOT_READY) and `config_update` (NOT_UPDATING,
 * IN_PROGRESS, UPDATE_FAILED, UPDATE_CANCELED).
 *
 * @example
 * const s: EndpointState = { ready: "READY", config_update: "NOT_UPDATING" };
 */
export const endpointStateSchema = deferred(() => z.looseObject({
  ready: z.union([z.enum(["READY", "NOT_READY"]), z.string()]).optional(),
  config_update: z.union([z.enum(["NOT_UPDATING", "IN_PROGRESS", "UPDATE_FAILED", "UPDATE_CANCELED"]), z.string()]).optional(),
  pt_state: z.looseObject({ commitments: z.array(z.looseObject({})).optional() }).optional(),
  suspend: str(),
}));
/** @example if (ep.state?.config_update === "UPDATE_FAILED") throw new Error("deploy failed"); */
export type EndpointState = z.infer<typeof endpointStateSchema>;

const tagOut = deferred(() => z.looseObject({ key: z.string(), value: str() }));

/** An external model as a server echoes it: secret references, never `*_plaintext` values. */
const externalModelOutSchema = deferred(() => z.looseObject({ provider: z.string(), name: z.string(), task: str() }));

const servedEntityStateSchema = deferred(() => z.looseObject({ deployment: str(), deployment_state_message: str() }));

/**
 * A served entity as a server reports it (detailed endpoint): its input fields, creator, state.
 *
 * @example
 * const e: ServedEntityOutput = { name: "test", state: { deployment: "DEPLOYMENT_READY" } };
 */
export const servedEntityOutputSchema = deferred(() => z.looseObject({
  name: str(),
  entity_name: str(),
  entity_version: str(),
  external_model: externalModelOutSchema.optional(),
  foundation_model: z.looseObject({ name: str(), display_name: str(), description: str(), docs: str() }).optional(),
  workload_size: str(),
  workload_type: str(),
  scale_to_zero_enabled: bool(),
  environment_vars: z.record(z.string(), z.string()).optional(),
  instance_profile_arn: str(),
  min_provisioned_concurrency: num(),
  max_provisioned_concurrency: num(),
  min_provisioned_throughput: num(),
  max_provisioned_throughput: num(),
  provisioned_model_units: num(),
  creator: str(),
  creation_timestamp: num(),
  state: servedEntityStateSchema.optional(),
}));
/** @example const e: ServedEntityOutput = { name: "a", entity_name: "main.default.m", entity_version: "1" }; */
export type ServedEntityOutput = z.infer<typeof servedEntityOutputSchema>;

const servedModelOutputSchema = deferred(() => z.looseObject({
  name: str(),
  model_name: str(),
  model_version: str(),
  workload_size: str(),
  workload_type: str(),
  scale_to_zero_enabled: bool(),
  creator: str(),
  creation_timestamp: num(),
  state: servedEntityStateSchema.optional(),
}));

const trafficOut = deferred(() => z.looseObject({
  routes: z.array(z.looseObject({ served_entity_name: str(), served_model_name: str(), traffic_percentage: z.number() })).optional(),
}));

/**
 * The config an endpoint currently serves (`config`) or is moving to (`pending_config`, with `start_time`).
 *
 * @example
 * const c: EndpointConfigOutput = { config_version: 1, served_entities: [{ name: "test" }] };
 */
export const endpointConfigOutputSchema = deferred(() => z.looseObject({
  config_version: num(),
  served_entities: z.array(servedEntityOutputSchema).optional(),
  served_models: z.array(servedModelOutputSchema).optional(),
  traffic_config: trafficOut.optional(),
  auto_capture_config: z.looseObject({}).optional(),
  start_time: num(),
}));
/** @example const c: EndpointConfigOutput = {}; */
export type EndpointConfigOutput = z.infer<typeof endpointConfigOutputSchema>;

const rateLimitOut = deferred(() => z.looseObject({ calls: num(), tokens: num(), key: str(), principal: str(), renewal_period: str() }));

/**
 * The AI gateway as a server reports it (also the response of `PUT …/ai-gateway`).
 *
 * @example
 * const g: AiGatewayOutput = { usage_tracking_config: { enabled: true } };
 */
export const aiGatewayOutputSchema = deferred(() => z.looseObject({
  usage_tracking_config: z.looseObject({ enabled: bool() }).optional(),
  inference_table_config: z.looseObject({ catalog_name: str(), schema_name: str(), table_name_prefix: str(), enabled: bool() }).optional(),
  rate_limits: z.array(rateLimitOut).optional(),
  guardrails: z.looseObject({ input: z.looseObject({}).optional(), output: z.looseObject({}).optional() }).optional(),
  fallback_config: z.looseObject({ enabled: bool() }).optional(),
}));
/** @example const g: AiGatewayOutput = {}; */
export type AiGatewayOutput = z.infer<typeof aiGatewayOutputSchema>;

const commonEndpointShape = once(() => ({
  name: z.string(),
  id: str(),
  creator: str(),
  creation_timestamp: num(),
  last_updated_timestamp: num(),
  state: endpointStateSchema.optional(),
  tags: z.array(tagOut).optional(),
  task: str(),
  ai_gateway: aiGatewayOutputSchema.optional(),
  budget_policy_id: str(),
  description: str(),
  endpoint_type: str(),
}));

/**
 * An endpoint as `GET /api/2.0/serving-endpoints` lists it.
 *
 * @example
 * const names = (await client.listEndpoints()).map((e: ServingEndpoint) => e.name);
 */
export const servingEndpointSchema = deferred(() => z.looseObject({
  ...commonEndpointShape(),
  config: z
    .looseObject({
      served_entities: z.array(servedEntityOutputSchema).optional(),
      served_models: z.array(servedModelOutputSchema).optional(),
    })
    .optional(),
}));
/** @example const e: ServingEndpoint = { name: "chat", state: { ready: "READY" } }; */
export type ServingEndpoint = z.infer<typeof servingEndpointSchema>;

/**
 * An endpoint in full, as `GET /api/2.0/serving-endpoints/{name}` (and create / update config) return it.
 * `config` is absent until the first deployment finishes; `pending_config` is set while one runs.
 *
 * @example
 * const ep: ServingEndpointDetailed = await client.getEndpoint("chat");
 * console.log(ep.state?.ready, ep.config?.served_entities?.[0]?.external_model?.name);
 */
export const servingEndpointDetailedSchema = deferred(() => z.looseObject({
  ...commonEndpointShape(),
  config: endpointConfigOutputSchema.optional(),
  pending_config: endpointConfigOutputSchema.optional(),
  permission_level: str(),
  route_optimized: bool(),
  endpoint_url: str(),
  data_plane_info: z.looseObject({ query_info: z.looseObject({ authorization_details: str(), endpoint_url: str() }).optional() }).optional(),
  email_notifications: z.looseObject({ on_update_failure: z.array(z.string()).optional(), on_update_success: z.array(z.string()).optional() }).optional(),
  rate_limits: z.array(rateLimitOut).optional(),
}));
/** @example const ep: ServingEndpointDetailed = { name: "chat", state: { ready: "NOT_READY", config_update: "IN_PROGRESS" } }; */
export type ServingEndpointDetailed = z.infer<typeof servingEndpointDetailedSchema>;

/**
 * `GET /api/2.0/serving-endpoints`; `endpoints` is absent in an empty workspace.
 *
 * @example
 * const r: ListEndpointsResponse = { endpoints: [] };
 */
export const listEndpointsResponseSchema = deferred(() => z.looseObject({ endpoints: z.array(servingEndpointSchema).optional() }));
/** @example const r: ListEndpointsResponse = {}; */
export type ListEndpointsResponse = z.infer<typeof listEndpointsResponseSchema>;

/**
 * `PATCH …/tags`: the full tag list after the patch.
 *
 * @example
 * const r: TagsResponse = { tags: [{ key: "foo", value: "bar" }] };
 */
export const tagsResponseSchema = deferred(() => z.looseObject({ tags: z.array(tagOut).optional() }));
/** @example const r: TagsResponse = {}; */
export type TagsResponse = z.infer<typeof tagsResponseSchema>;

/**
 * `PUT …/rate-limits`: the rate limits now in force.
 *
 * @example
 * const r: RateLimitsResponse = { rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }] };
 */
export const rateLimitsResponseSchema = deferred(() => z.looseObject({ rate_limits: z.array(rateLimitOut).optional() }));
/** @example const r: RateLimitsResponse = {}; */
export type RateLimitsResponse = z.infer<typeof rateLimitsResponseSchema>;

/**
 * The permissions of an endpoint (`GET`/`PUT`/`PATCH /api/2.0/permissions/serving-endpoints/{id}`).
 *
 * @example
 * const r: PermissionsResponse = { object_id: "/serving-endpoints/abc", object_type: "serving-endpoint", access_control_list: [] };
 */
export const permissionsResponseSchema = deferred(() => z.looseObject({
  object_id: str(),
  object_type: str(),
  access_control_list: z
    .array(
      z.looseObject({
        user_name: str(),
        group_name: str(),
        service_principal_name: str(),
        display_name: str(),
        all_permissions: z.array(z.looseObject({ permission_level: str(), inherited: bool(), inherited_from_object: z.array(z.string()).optional() })).optional(),
      }),
    )
    .optional(),
}));
/** @example const r: PermissionsResponse = {}; */
export type PermissionsResponse = z.infer<typeof permissionsResponseSchema>;
