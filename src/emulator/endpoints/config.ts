import { defaultEntityName } from "../../schemas/served-entity-name.js";
import { invalidParameter } from "../http/api-failure.js";
import type { Principal } from "../auth.js";
import type { Store } from "../store/store.js";
import { dict, own } from "../store/dict.js";
import { checkSecretReferences } from "./secret-references.js";
import type { ConfigOutput, JsonObject, RouteOutput, ServedEntityOutput } from "../store/records.js";

/** The result of turning a validated `EndpointCoreConfigInput` into what GET returns. */
export interface ConvertedConfig {
  readonly config: ConfigOutput;
  /** `*_plaintext` values by served entity name, then dotted field path. */
  readonly plaintext: Record<string, Record<string, string>>;
  /** The `scope/key` secret references the caller was allowed to use (READ on each scope). */
  readonly secretReferences: string[];
}

/**
 * Converts a config input into the stored output: default entity names, `*_plaintext` values
 * moved out of sight, the default 100% route for a single entity, entity state and creator.
 * Checks the rules a schema cannot see: unique names, routes naming real entities and summing to
 * 100, and that every `{{secrets/scope/key}}` exists in a scope the caller can READ.
 */
export function convertConfig(input: JsonObject, version: number, caller: Principal, now: number, store: Store): ConvertedConfig {
  const creator = caller.name;
  const plaintext: Record<string, Record<string, string>> = dict();
  const secretReferences: string[] = [];
  const names = new Set<string>();
  const convert = (raw: unknown, index: number, kind: "served_entities" | "served_models"): ServedEntityOutput => {
    const entity = structuredClone(raw) as JsonObject;
    const name = typeof entity["name"] === "string" && entity["name"] !== "" ? entity["name"] : defaultEntityName(entity);
    if (names.has(name)) throw invalidParameter(`config.${kind}[${index}].name: served entity name '${name}' is used twice; names must be unique within an endpoint.`);
    names.add(name);
    checkSecretReferences(entity, `config.${kind}[${index}]`, store, caller, secretReferences);
    const hidden: Record<string, string> = dict();
    stripPlaintext(entity, "", hidden, `config.${kind}[${index}]`);
    if (Object.keys(hidden).length > 0) plaintext[name] = hidden;
    delete entity["burst_scaling_enabled"];
    return {
      ...entity,
      name,
      creator,
      creation_timestamp: now,
      state: { deployment: "DEPLOYMENT_CREATING", deployment_state_message: "Creating (emulated deployment)" },
    };
  };
  const config: ConfigOutput = { config_version: version };
  const entities = Array.isArray(input["served_entities"]) ? input["served_entities"].map((e, i) => convert(e, i, "served_entities")) : undefined;
  const models = Array.isArray(input["served_models"]) ? input["served_models"].map((e, i) => convert(e, i, "served_models")) : undefined;
  if (entities !== undefined) config.served_entities = entities;
  if (models !== undefined) config.served_models = models;
  if (input["auto_capture_config"] !== undefined) config.auto_capture_config = input["auto_capture_config"] as JsonObject;
  const all = [...(entities ?? []), ...(models ?? [])];
  if (all.length === 0) throw invalidParameter("config.served_entities: at least one served entity is required.");
  config.traffic_config = { routes: routesFor(input, all, entities !== undefined) };
  return { config, plaintext, secretReferences };
}

function routesFor(input: JsonObject, all: readonly ServedEntityOutput[], entitiesStyle: boolean): RouteOutput[] {
  const traffic = input["traffic_config"] as { routes?: JsonObject[] } | undefined;
  if (traffic?.routes === undefined || traffic.routes.length === 0) {
    if (all.length > 1) throw invalidParameter("config.traffic_config: routes are required when an endpoint serves more than one entity.");
    const name = all[0]!.name;
    return [{ served_entity_name: name, served_model_name: name, traffic_percentage: 100 }];
  }
  const known = new Set(all.map((e) => e.name));
  let sum = 0;
  const routes = traffic.routes.map((route, index) => {
    const name = (route["served_entity_name"] ?? route["served_model_name"]) as string | undefined;
    if (name === undefined || !known.has(name)) {
      throw invalidParameter(`config.traffic_config.routes[${index}]: route names served entity '${String(name)}', which is not in this config (${[...known].join(", ")}).`);
    }
    const pct = route["traffic_percentage"];
    if (typeof pct !== "number" || !Number.isInteger(pct) || pct < 0 || pct > 100) {
      throw invalidParameter(`config.traffic_config.routes[${index}].traffic_percentage: must be an integer from 0 to 100.`);
    }
    sum += pct;
    return entitiesStyle ? { served_entity_name: name, served_model_name: name, traffic_percentage: pct } : { served_model_name: name, traffic_percentage: pct };
  });
  if (sum !== 100) throw invalidParameter(`config.traffic_config.routes: traffic percentages add up to ${sum}; they must add up to 100.`);
  return routes;
}

/** Moves every `*_plaintext` field out of `value` (in place) into `hidden`, keyed by dotted path. */
function stripPlaintext(value: JsonObject, prefix: string, hidden: Record<string, string>, path: string): void {
  for (const [key, item] of Object.entries(value)) {
    const field = prefix === "" ? key : `${prefix}.${key}`;
    if (key.endsWith("_plaintext")) {
      if (typeof item === "string") hidden[field] = item;
      const twin = key.slice(0, -"_plaintext".length);
      if (own(value, twin) !== undefined) throw invalidParameter(`${path}.${field}: give either '${twin}' (a secret reference) or '${key}', not both.`);
      delete value[key];
    } else if (typeof item === "object" && item !== null && !Array.isArray(item)) {
      stripPlaintext(item as JsonObject, field, hidden, path);
    }
  }
}

/** All served entities/models of a config, in list order. */
export function entitiesOf(config: ConfigOutput | undefined): ServedEntityOutput[] {
  if (config === undefined) return [];
  return [...(config.served_entities ?? []), ...(config.served_models ?? [])];
}
