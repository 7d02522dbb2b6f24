import { z } from "zod";
import { endpointNameSchema, nonEmptyString } from "./common.js";
import { aiGatewayConfigSchema, rateLimitSchema } from "./ai-gateway.js";
import { isSet } from "./exactly-one.js";
import { autoCaptureConfigInputSchema, servedEntityInputSchema, servedModelInputSchema, trafficConfigSchema } from "./served-entity.js";
import { deferred } from "./deferred.js";

/**
 * The served entities, traffic split and legacy auto-capture of an endpoint: the create payload's
 * `config`, and the body of `PUT …/config`.
 *
 * @example
 * const c: EndpointCoreConfigInput = { served_entities: [{ entity_name: "main.default.m", entity_version: "1", workload_size: "Small", scale_to_zero_enabled: true }] };
 */
export const endpointCoreConfigInputSchema = deferred(() => z
  .strictObject({
    name: nonEmptyString().optional(),
    served_entities: z.array(servedEntityInputSchema).optional(),
    served_models: z.array(servedModelInputSchema).optional(),
    traffic_config: trafficConfigSchema.optional(),
    auto_capture_config: autoCaptureConfigInputSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const entities = c.served_entities ?? [];
    const seen = new Set<string>();
    entities.forEach((e, i) => {
      if (e.name === undefined) return;
      if (seen.has(e.name)) {
        ctx.addIssue({ code: "custom", path: ["served_entities", i, "name"], message: `duplicate served entity name "${e.name}"`, params: { code: "duplicate" } });
      }
      seen.add(e.name);
    });
    const tasks = new Set(entities.flatMap((e) => (e.external_model ? [e.external_model.task] : [])));
    if (tasks.size > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["served_entities"],
        message: `all external models of an endpoint must share one task (found ${[...tasks].join(", ")})`,
        params: { code: "task_mismatch" },
      });
    }
    const named = entities.every((e) => isSet(e.name)) && (c.served_models ?? []).every((m) => isSet(m.name));
    if (named && c.traffic_config) {
      const entityNames = new Set([...entities.map((e) => e.name), ...(c.served_models ?? []).map((m) => m.name)]);
      c.traffic_config.routes.forEach((r, i) => {
        const target = r.served_entity_name ?? r.served_model_name;
        if (target !== undefined && !entityNames.has(target)) {
          ctx.addIssue({
            code: "custom",
            path: ["traffic_config", "routes", i, r.served_entity_name !== undefined ? "served_entity_name" : "served_model_name"],
            message: `no served entity is named "${target}" (names: ${[...entityNames].join(", ")})`,
            params: { code: "unknown_entity" },
          });
        }
      });
    }
  }));
/** @example const c: EndpointCoreConfigInput = { traffic_config: { routes: [{ served_entity_name: "a", traffic_percentage: 100 }] } }; */
export type EndpointCoreConfigInput = z.infer<typeof endpointCoreConfigInputSchema>;

/**
 * A tag of an endpoint (propagated to billing logs); the value is optional.
 *
 * @example
 * const t: EndpointTag = { key: "foo", value: "bar" };
 */
export const endpointTagSchema = deferred(() => z.strictObject({ key: nonEmptyString(), value: z.string().optional() }));
/** @example const t: EndpointTag = { key: "team" }; */
export type EndpointTag = z.infer<typeof endpointTagSchema>;

/**
 * Who hears about config updates.
 *
 * @example
 * const n: EmailNotifications = { on_update_failure: ["ops@example.com"] };
 */
export const emailNotificationsSchema = deferred(() => z.strictObject({
  on_update_failure: z.array(nonEmptyString()).optional(),
  on_update_success: z.array(nonEmptyString()).optional(),
}));
/** @example const n: EmailNotifications = { on_update_success: ["me@example.com"] }; */
export type EmailNotifications = z.infer<typeof emailNotificationsSchema>;

/**
 * Telemetry export of an endpoint (inference tables, logs, metrics, traces).
 *
 * @example
 * const t: TelemetryConfig = { enabled_telemetry_features: ["TELEMETRY_FEATURE_LOGS"] };
 */
export const telemetryConfigSchema = deferred(() => z.strictObject({
  enabled_telemetry_features: z
    .array(z.enum(["TELEMETRY_FEATURE_INFERENCE_TABLE", "TELEMETRY_FEATURE_LOGS", "TELEMETRY_FEATURE_METRICS", "TELEMETRY_FEATURE_TRACES"]))
    .optional(),
  inference_table_config: z.strictObject({ name: nonEmptyString().optional(), sampling_fraction: z.number().min(0).max(1).optional() }).optional(),
  table_names: z
    .strictObject({
      annotations_table: nonEmptyString().optional(),
      logs_table: nonEmptyString().optional(),
      metrics_table: nonEmptyString().optional(),
      traces_table: nonEmptyString().optional(),
    })
    .optional(),
  telemetry_profile_id: nonEmptyString().optional(),
}));
/** @example const t: TelemetryConfig = {}; */
export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

/**
 * The body of `POST /api/2.0/serving-endpoints`: the full create payload. Tags, rate limits, the AI
 * gateway and `route_optimized` sit at the top level, beside `config`.
 *
 * @example
 * const body: CreateEndpointRequest = {
 *   name: "chat",
 *   config: { served_entities: [{ name: "test", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat",
 *     openai_config: { openai_api_key: secret("my-scope", "openai-api-key") } } }] },
 *   tags: [{ key: "foo", value: "bar" }],
 *   rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }],
 * };
 */
export const createEndpointRequestSchema = deferred(() => z
  .strictObject({
    name: endpointNameSchema,
    config: endpointCoreConfigInputSchema.optional(),
    tags: z.array(endpointTagSchema).optional(),
    rate_limits: z.array(rateLimitSchema).optional(),
    ai_gateway: aiGatewayConfigSchema.optional(),
    route_optimized: z.boolean().optional(),
    description: z.string().optional(),
    budget_policy_id: nonEmptyString().optional(),
    email_notifications: emailNotificationsSchema.optional(),
    telemetry_config: telemetryConfigSchema.optional(),
    uc_system_metrics_export_state: z.enum(["FIRST_PARTY_EXPORT_ENABLED", "FIRST_PARTY_EXPORT_DISABLED"]).optional(),
  })
  .superRefine((r, ctx) => {
    if (!isSet(r.config)) {
      for (const field of ["ai_gateway", "rate_limits"] as const) {
        if (isSet(r[field])) {
          ctx.addIssue({ code: "custom", path: [field], message: "cannot be set when creating an endpoint without a config", params: { code: "forbidden" } });
        }
      }
    }
  }));
/** @example const body: CreateEndpointRequest = { name: "empty" }; */
export type CreateEndpointRequest = z.infer<typeof createEndpointRequestSchema>;

/**
 * The body of `PATCH …/tags`: tags to add (or overwrite) and tag keys to delete.
 *
 * @example
 * const p: TagsPatchRequest = { add_tags: [{ key: "team", value: "ml" }], delete_tags: ["foo"] };
 */
export const tagsPatchRequestSchema = deferred(() => z.strictObject({
  add_tags: z.array(endpointTagSchema).optional(),
  delete_tags: z.array(nonEmptyString()).optional(),
}));
/** @example const p: TagsPatchRequest = { delete_tags: ["foo"] }; */
export type TagsPatchRequest = z.infer<typeof tagsPatchRequestSchema>;

/**
 * The body of `PATCH …/notifications`.
 *
 * @example
 * const p: NotificationsPatchRequest = { email_notifications: { on_update_failure: ["ops@example.com"] } };
 */
export const notificationsPatchRequestSchema = deferred(() => z.strictObject({ email_notifications: emailNotificationsSchema }));
/** @example const p: NotificationsPatchRequest = { email_notifications: {} }; */
export type NotificationsPatchRequest = z.infer<typeof notificationsPatchRequestSchema>;

/**
 * A serving endpoint permission level.
 *
 * @example
 * const l: PermissionLevel = "CAN_QUERY";
 */
export const permissionLevelSchema = deferred(() => z.enum(["CAN_MANAGE", "CAN_QUERY", "CAN_VIEW"]));
/** @example const l: PermissionLevel = "CAN_VIEW"; */
export type PermissionLevel = z.infer<typeof permissionLevelSchema>;

const accessControlRequestSchema = deferred(() => z
  .strictObject({
    user_name: nonEmptyString().optional(),
    group_name: nonEmptyString().optional(),
    service_principal_name: nonEmptyString().optional(),
    permission_level: permissionLevelSchema,
  })
  .superRefine((a, ctx) => {
    const set = [a.user_name, a.group_name, a.service_principal_name].filter(isSet).length;
    if (set !== 1) {
      ctx.addIssue({
        code: "custom",
        message: "exactly one of user_name, group_name or service_principal_name is required",
        params: { code: "exactly_one", fields: ["user_name", "group_name", "service_principal_name"] },
      });
    }
  }));

/**
 * The body of `PUT`/`PATCH /api/2.0/permissions/serving-endpoints/{id}`.
 *
 * @example
 * const p: PermissionsRequest = { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] };
 */
export const permissionsRequestSchema = deferred(() => z.strictObject({ access_control_list: z.array(accessControlRequestSchema) }));
/** @example const p: PermissionsRequest = { access_control_list: [] }; */
export type PermissionsRequest = z.infer<typeof permissionsRequestSchema>;
