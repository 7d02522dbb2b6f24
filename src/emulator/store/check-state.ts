import { dict } from "./dict.js";
import type { EndpointRecord, ScopeRecord, StateSnapshot } from "./records.js";

/**
 * Checks a parsed state file record by record and rebuilds its name-keyed maps without a
 * prototype. Returns the snapshot, or a message naming the first bad record and field
 * (`endpoints[3] (name "x"): build_logs["constructor"] must be a list of strings`) — never a value.
 */
export function checkSnapshot(value: unknown): StateSnapshot | string {
  if (!isObject(value) || value["version"] !== 1 || !Array.isArray(value["endpoints"]) || !Array.isArray(value["scopes"])) {
    return 'it is not an emulator state (expected {"version": 1, "endpoints": [...], "scopes": [...]})';
  }
  const seq = value["seq"];
  if (seq !== undefined && !(Number.isInteger(seq) && (seq as number) >= 0)) return "seq must be a non-negative integer";
  const endpoints: EndpointRecord[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of (value["endpoints"] as unknown[]).entries()) {
    const checked = checkEndpoint(raw);
    if (typeof checked === "string") return `endpoints[${i}]${nameOf(raw)}: ${checked}`;
    if (seen.has(checked.name)) return `endpoints[${i}]${nameOf(raw)}: a second endpoint with this name`;
    seen.add(checked.name);
    endpoints.push(checked);
  }
  const scopes: ScopeRecord[] = [];
  seen.clear();
  for (const [i, raw] of (value["scopes"] as unknown[]).entries()) {
    const checked = checkScope(raw);
    if (typeof checked === "string") return `scopes[${i}]${nameOf(raw)}: ${checked}`;
    if (seen.has(checked.name)) return `scopes[${i}]${nameOf(raw)}: a second scope with this name`;
    seen.add(checked.name);
    scopes.push(checked);
  }
  return { ...value, version: 1, endpoints, scopes, ...(seq !== undefined ? { seq: seq as number } : {}) } as StateSnapshot;
}

/** One endpoint record, checked and with prototype-free maps; a message when it is bad. */
export function checkEndpoint(raw: unknown): EndpointRecord | string {
  if (!isObject(raw)) return "must be an object";
  for (const field of ["name", "id", "creator"] as const) if (typeof raw[field] !== "string" || raw[field] === "") return `${field} must be a non-empty string`;
  for (const field of ["creation_timestamp", "last_updated_timestamp"] as const) if (typeof raw[field] !== "number") return `${field} must be a number`;
  if (raw["description"] !== undefined && typeof raw["description"] !== "string") return "description must be a string";
  if (!Array.isArray(raw["tags"]) || !raw["tags"].every((t) => isObject(t) && typeof t["key"] === "string")) return "tags must be a list of {key, value}";
  if (!Array.isArray(raw["access_control_list"]) || !raw["access_control_list"].every((e) => isObject(e) && typeof e["permission_level"] === "string")) {
    return "access_control_list must be a list of {…, permission_level}";
  }
  for (const field of ["config", "pending_config"] as const) {
    const config = raw[field];
    if (config === undefined) continue;
    if (!isObject(config) || typeof config["config_version"] !== "number") return `${field} must be an object with a config_version`;
    for (const list of ["served_entities", "served_models"] as const) {
      const entities = config[list];
      if (entities === undefined) continue;
      if (!Array.isArray(entities)) return `${field}.${list} must be a list`;
      const bad = entities.findIndex((e) => !isObject(e) || typeof e["name"] !== "string");
      if (bad !== -1) return `${field}.${list}[${bad}] must be an object with a name`;
    }
  }
  const plaintext = raw["plaintext"] ?? {};
  if (!isObject(plaintext)) return "plaintext must be an object";
  const hidden = dict<Record<string, string>>();
  for (const [entity, fields] of Object.entries(plaintext)) {
    if (!isObject(fields) || !Object.values(fields).every((v) => typeof v === "string")) return `plaintext[${JSON.stringify(entity)}] must map field paths to strings`;
    hidden[entity] = dict(fields as Record<string, string>);
  }
  const logs = raw["build_logs"] ?? {};
  if (!isObject(logs)) return "build_logs must be an object";
  const buildLogs = dict<string[]>();
  for (const [entity, lines] of Object.entries(logs)) {
    if (!Array.isArray(lines) || !lines.every((l) => typeof l === "string")) return `build_logs[${JSON.stringify(entity)}] must be a list of strings`;
    buildLogs[entity] = lines as string[];
  }
  return { ...(raw as unknown as EndpointRecord), description: (raw["description"] as string | undefined) ?? "", plaintext: hidden, build_logs: buildLogs };
}

/** One scope record, checked and with a prototype-free secrets map; a message when it is bad. */
export function checkScope(raw: unknown): ScopeRecord | string {
  if (!isObject(raw)) return "must be an object";
  if (typeof raw["name"] !== "string" || raw["name"] === "") return "name must be a non-empty string";
  if (typeof raw["backend_type"] !== "string") return "backend_type must be a string";
  const secrets = raw["secrets"];
  if (!isObject(secrets)) return "secrets must be an object";
  const out = dict<ScopeRecord["secrets"][string]>();
  for (const [key, secret] of Object.entries(secrets)) {
    if (!isObject(secret) || typeof secret["value"] !== "string" || typeof secret["last_updated_timestamp"] !== "number") {
      return `secrets[${JSON.stringify(key)}] must be {value, last_updated_timestamp}`;
    }
    out[key] = { value: secret["value"], last_updated_timestamp: secret["last_updated_timestamp"] };
  }
  return { ...(raw as unknown as ScopeRecord), secrets: out };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nameOf(raw: unknown): string {
  // The name only, capped: a record's other fields may hold secret values.
  return isObject(raw) && typeof raw["name"] === "string" ? ` (name ${JSON.stringify(raw["name"].slice(0, 100))})` : "";
}
