import { randomUUID } from "node:crypto";
import type { EndpointRecord, JsonObject } from "../store/records.js";
import { dict } from "../store/dict.js";

/** A fresh endpoint record from a validated create request: no config yet, the creator CAN_MANAGE. */
export function newRecord(body: JsonObject & { name: string }, creator: string, now: number): EndpointRecord {
  return {
    name: body.name,
    id: randomUUID().replace(/-/g, ""),
    creator,
    creation_timestamp: now,
    last_updated_timestamp: now,
    route_optimized: body["route_optimized"] === true,
    description: typeof body["description"] === "string" ? body["description"] : "",
    tags: sortTags((body["tags"] as EndpointRecord["tags"] | undefined) ?? []),
    plaintext: dict(),
    access_control_list: [{ user_name: creator, permission_level: "CAN_MANAGE" }],
    build_logs: dict(),
  };
}

/** The AI gateway config as stored: an inference table without a prefix gets the endpoint's name (as on Databricks). */
export function gatewayOutput(name: string, input: JsonObject): JsonObject {
  const out = structuredClone(input);
  const table = out["inference_table_config"] as JsonObject | undefined;
  if (table !== undefined && table["table_name_prefix"] === undefined) table["table_name_prefix"] = name;
  return out;
}

/** Tags sorted by key, as Databricks returns them. */
export function sortTags(tags: EndpointRecord["tags"]): EndpointRecord["tags"] {
  return [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
