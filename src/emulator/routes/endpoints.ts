import { randomUUID } from "node:crypto";
import {
  aiGatewayConfigSchema,
  createEndpointRequestSchema,
  endpointCoreConfigInputSchema,
  notificationsPatchRequestSchema,
  rateLimitsRequestSchema,
  tagsPatchRequestSchema,
} from "../../schemas/index.js";
import { ApiFailure, endpointNotFound, invalidParameter } from "../http/api-failure.js";
import { json } from "../http/types.js";
import type { EmulatorContext } from "../context.js";
import type { EndpointRecord, JsonObject } from "../store/records.js";
import { convertConfig } from "../endpoints/config.js";
import { beginDeployment, settle } from "../endpoints/deployment.js";
import { detailed, listItem } from "../endpoints/view.js";
import { checkBody } from "../http/validate-body.js";
import type { Call, Routes } from "./route-types.js";

const BASE = "/api/2.0/serving-endpoints";

/** Management routes of `/api/2.0/serving-endpoints` (MLflow's trailing-slash forms included). */
export function registerEndpointRoutes(routes: Routes): void {
  routes.on("GET", BASE, listEndpoints);
  routes.on("POST", BASE, createEndpoint);
  routes.on("GET", `${BASE}/:name`, (call) => json(200, detailed(endpoint(call))));
  routes.on("DELETE", `${BASE}/:name`, deleteEndpoint);
  routes.on("PUT", `${BASE}/:name/config`, updateConfig);
  routes.on("PUT", `${BASE}/:name/rate-limits`, putRateLimits);
  routes.on("PATCH", `${BASE}/:name/tags`, patchTags);
  routes.on("PUT", `${BASE}/:name/ai-gateway`, putAiGateway);
  routes.on("PATCH", `${BASE}/:name/notifications`, patchNotifications);
}

/** The endpoint named in the path, settled (a due deployment is promoted first). */
export function endpoint(call: Call): EndpointRecord {
  const name = call.params["name"]!;
  const record = call.context.store.endpoints.get(name);
  if (record === undefined) throw endpointNotFound(name);
  if (settle(record, Date.now())) call.context.store.commit();
  return record;
}

function listEndpoints(call: Call) {
  const now = Date.now();
  let changed = false;
  const items: JsonObject[] = [];
  for (const record of call.context.store.endpoints.values()) {
    changed = settle(record, now) || changed;
    items.push(listItem(record));
  }
  if (changed) call.context.store.commit();
  return json(200, { endpoints: items });
}

function createEndpoint(call: Call) {
  const { context, principal } = call;
  const body = checkBody(createEndpointRequestSchema, call.body(), "create endpoint request") as JsonObject & { name: string };
  if (body.name.startsWith("databricks-")) throw invalidParameter("name: the prefix 'databricks-' is reserved for Databricks-managed endpoints.");
  if (context.store.endpoints.has(body.name)) {
    throw new ApiFailure(409, "RESOURCE_ALREADY_EXISTS", `Serving endpoint with name '${body.name}' already exists.`);
  }
  const now = Date.now();
  const record = newRecord(body, principal.name, now);
  if (body["rate_limits"] !== undefined) record.rate_limits = body["rate_limits"] as JsonObject[];
  if (body["ai_gateway"] !== undefined) record.ai_gateway = gatewayOutput(body.name, body["ai_gateway"] as JsonObject);
  if (typeof body["budget_policy_id"] === "string") record.budget_policy_id = body["budget_policy_id"];
  if (body["email_notifications"] !== undefined) record.email_notifications = body["email_notifications"] as JsonObject;
  if (body["telemetry_config"] !== undefined) record.telemetry_config = body["telemetry_config"] as JsonObject;
  if (typeof body["uc_system_metrics_export_state"] === "string") record.uc_system_metrics_export_state = body["uc_system_metrics_export_state"];
  if (body["config"] !== undefined) {
    const converted = convertConfig(body["config"] as JsonObject, 1, principal.name, now, context.store);
    record.plaintext = converted.plaintext;
    beginDeployment(record, converted.config, now, context.deployDelayMs);
    context.scheduleSettle(context.deployDelayMs);
  }
  // No await between the existence check and this insert: concurrent creates cannot both win.
  context.store.endpoints.set(record.name, record);
  context.store.commit();
  return json(200, detailed(record));
}

function deleteEndpoint(call: Call) {
  const record = endpoint(call);
  call.context.store.endpoints.delete(record.name);
  call.context.limiter.reset(record.name);
  call.context.metrics.forget(record.name);
  call.context.store.commit();
  return json(200, {});
}

function updateConfig(call: Call) {
  const record = endpoint(call);
  const input = checkBody(endpointCoreConfigInputSchema, call.body(), "endpoint config") as JsonObject;
  if (record.pending_config !== undefined) {
    throw new ApiFailure(409, "RESOURCE_CONFLICT", `Endpoint '${record.name}' is currently updating (config version ${record.pending_config.config_version} is IN_PROGRESS); wait until state.config_update is NOT_UPDATING before updating it again.`);
  }
  const now = Date.now();
  const version = (record.config?.config_version ?? 0) + 1;
  const converted = convertConfig(input, version, call.principal.name, now, call.context.store);
  record.plaintext = { ...record.plaintext, ...converted.plaintext };
  beginDeployment(record, converted.config, now, call.context.deployDelayMs);
  call.context.scheduleSettle(call.context.deployDelayMs);
  call.context.store.commit();
  return json(200, detailed(record));
}

function putRateLimits(call: Call) {
  const record = endpoint(call);
  const body = checkBody(rateLimitsRequestSchema, call.body(), "rate limits request");
  record.rate_limits = body.rate_limits as JsonObject[];
  record.last_updated_timestamp = Date.now();
  call.context.limiter.reset(record.name);
  call.context.store.commit();
  return json(200, { rate_limits: record.rate_limits });
}

function patchTags(call: Call) {
  const record = endpoint(call);
  const body = checkBody(tagsPatchRequestSchema, call.body(), "tags patch request");
  const byKey = new Map(record.tags.map((t) => [t.key, t]));
  for (const tag of body.add_tags ?? []) byKey.set(tag.key, tag.value === undefined ? { key: tag.key } : { key: tag.key, value: tag.value });
  for (const key of body.delete_tags ?? []) byKey.delete(key);
  record.tags = sortTags([...byKey.values()]);
  record.last_updated_timestamp = Date.now();
  call.context.store.commit();
  return json(200, { tags: record.tags });
}

function putAiGateway(call: Call) {
  const record = endpoint(call);
  const body = checkBody(aiGatewayConfigSchema, call.body(), "AI gateway config") as JsonObject;
  if (Object.keys(body).length === 0) delete record.ai_gateway;
  else record.ai_gateway = gatewayOutput(record.name, body);
  record.last_updated_timestamp = Date.now();
  call.context.limiter.reset(record.name);
  call.context.store.commit();
  return json(200, record.ai_gateway ?? {});
}

function patchNotifications(call: Call) {
  const record = endpoint(call);
  const body = checkBody(notificationsPatchRequestSchema, call.body(), "notifications patch request");
  record.email_notifications = body.email_notifications as JsonObject;
  call.context.store.commit();
  return json(200, { name: record.name, email_notifications: record.email_notifications });
}

function newRecord(body: JsonObject & { name: string }, creator: string, now: number): EndpointRecord {
  return {
    name: body.name,
    id: randomUUID().replace(/-/g, ""),
    creator,
    creation_timestamp: now,
    last_updated_timestamp: now,
    route_optimized: body["route_optimized"] === true,
    description: typeof body["description"] === "string" ? body["description"] : "",
    tags: sortTags((body["tags"] as EndpointRecord["tags"] | undefined) ?? []),
    plaintext: {},
    access_control_list: [{ user_name: creator, permission_level: "CAN_MANAGE" }],
    build_logs: {},
  };
}

function gatewayOutput(name: string, input: JsonObject): JsonObject {
  const out = structuredClone(input);
  const table = out["inference_table_config"] as JsonObject | undefined;
  if (table !== undefined && table["table_name_prefix"] === undefined) table["table_name_prefix"] = name;
  return out;
}

function sortTags(tags: EndpointRecord["tags"]): EndpointRecord["tags"] {
  return [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Exposed for the seed: creates an endpoint as the create route would, already READY. */
export function createReadyEndpoint(context: EmulatorContext, body: JsonObject & { name: string }, creator: string): EndpointRecord {
  const now = Date.now();
  const record = newRecord(body, creator, now);
  if (body["rate_limits"] !== undefined) record.rate_limits = body["rate_limits"] as JsonObject[];
  const converted = convertConfig(body["config"] as JsonObject, 1, creator, now, context.store);
  record.plaintext = converted.plaintext;
  beginDeployment(record, converted.config, now, 0);
  settle(record, now);
  context.store.endpoints.set(record.name, record);
  return record;
}
