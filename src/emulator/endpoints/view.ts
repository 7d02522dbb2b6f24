import type { Principal } from "../auth.js";
import type { EndpointRecord, JsonObject } from "../store/records.js";
import { levelOf } from "./access.js";
import { entitiesOf } from "./config.js";
import { stateOf } from "./deployment.js";

/** The endpoint's task, from its first external model (or foundation model), if any. */
export function taskOf(record: EndpointRecord): string | undefined {
  if (record.task !== undefined) return record.task;
  for (const entity of entitiesOf(record.config ?? record.pending_config)) {
    const external = entity["external_model"] as JsonObject | undefined;
    if (typeof external?.["task"] === "string") return external["task"];
  }
  return undefined;
}

function endpointType(record: EndpointRecord): string {
  const entities = entitiesOf(record.config ?? record.pending_config);
  if (entities.some((e) => e["external_model"] !== undefined)) return "EXTERNAL_MODEL";
  if (entities.some((e) => e["foundation_model"] !== undefined)) return "FOUNDATION_MODEL_API";
  return "CUSTOM_MODEL";
}

/** ServingEndpointDetailed, as GET/create/PUT config return it; `permission_level` is the caller's. */
export function detailed(record: EndpointRecord, caller: Principal): JsonObject {
  const out: JsonObject = {
    name: record.name,
    id: record.id,
    creator: record.creator,
    creator_display_name: record.creator,
    creator_kind: "User",
    creation_timestamp: record.creation_timestamp,
    last_updated_timestamp: record.last_updated_timestamp,
    state: stateOf(record),
    tags: record.tags,
    permission_level: levelOf(caller, record),
    route_optimized: record.route_optimized,
    description: record.description,
    endpoint_type: endpointType(record),
  };
  const task = taskOf(record);
  if (task !== undefined) out["task"] = task;
  if (record.config !== undefined) out["config"] = record.config;
  if (record.pending_config !== undefined) out["pending_config"] = record.pending_config;
  if (record.ai_gateway !== undefined) out["ai_gateway"] = record.ai_gateway;
  if (record.rate_limits !== undefined) out["rate_limits"] = record.rate_limits;
  if (record.email_notifications !== undefined) out["email_notifications"] = record.email_notifications;
  if (record.budget_policy_id !== undefined) out["budget_policy_id"] = record.budget_policy_id;
  if (record.telemetry_config !== undefined) out["telemetry_config"] = record.telemetry_config;
  if (record.uc_system_metrics_export_state !== undefined) out["uc_system_metrics_export_state"] = record.uc_system_metrics_export_state;
  return out;
}

/** ServingEndpoint (list item): the config summarised to entity names and models. */
export function listItem(record: EndpointRecord, caller: Principal): JsonObject {
  const full = detailed(record, caller);
  delete full["pending_config"];
  delete full["rate_limits"];
  delete full["email_notifications"];
  const config = record.config ?? record.pending_config;
  if (config !== undefined) {
    const summary: JsonObject = {};
    if (config.served_entities !== undefined) {
      summary["served_entities"] = config.served_entities.map((e) => pick(e, ["name", "entity_name", "entity_version", "external_model", "foundation_model"]));
    }
    if (config.served_models !== undefined) summary["served_models"] = config.served_models.map((e) => pick(e, ["name", "model_name", "model_version"]));
    full["config"] = summary;
  }
  return full;
}

function pick(value: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
