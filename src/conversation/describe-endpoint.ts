import type { ServingEndpoint, ServingEndpointDetailed } from "../schemas/index.js";

// Endpoint facts for humans, one wording for the REPL and the notebooks. Pure and dependency-free
// (type imports only), so the light notebook entry can use it; every reader is defensive because
// endpoints differ (list items, detailed reads, pending configs, fields added later).

/**
 * An endpoint as listed or read: `ServingEndpoint` or `ServingEndpointDetailed`.
 *
 * @example
 * const endpoints: EndpointLike[] = await client.listEndpoints();
 */
export type EndpointLike = ServingEndpoint | ServingEndpointDetailed;

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined);
const objects = (v: unknown): Loose[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Loose => x !== undefined) : []);
/** A non-empty string, or a finite number as text (versions and percentages come both ways). */
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined);
const SECRET_REFERENCE = /^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/;
const UPSTREAM_URL_KEYS = ["openai_api_base", "custom_provider_url", "databricks_workspace_url", "cohere_api_base"];

/** The served config: the live one, else the pending one (an endpoint still being created). */
function configOf(endpoint: unknown): Loose {
  const e = obj(endpoint) ?? {};
  return obj(e.config) ?? obj(e.pending_config) ?? {};
}

function entitiesOf(endpoint: unknown): Loose[] {
  const config = configOf(endpoint);
  return [...objects(config.served_entities), ...objects(config.served_models)];
}

/**
 * What a served entity serves, in a few words: `openai/gpt-4`, a foundation model's name, or
 * `catalog.schema.model v3`; `undefined` when it says nothing recognisable.
 *
 * @example
 * modelLabel({ name: "gpt-4", external_model: { provider: "openai", name: "gpt-4", task: "llm/v1/chat" } }); // "openai/gpt-4"
 */
export function modelLabel(entity: unknown): string | undefined {
  const e = obj(entity);
  if (!e) return undefined;
  const external = obj(e.external_model);
  if (external) return [text(external.provider), text(external.name)].filter(Boolean).join("/") || undefined;
  const foundation = obj(e.foundation_model);
  if (foundation) return text(foundation.display_name) ?? text(foundation.name);
  const name = text(e.entity_name) ?? text(e.model_name);
  if (!name) return undefined;
  const version = text(e.entity_version) ?? text(e.model_version);
  return version ? `${name} v${version}` : name;
}

/**
 * `READY · NOT_UPDATING`, the two halves of an endpoint's state (`—` when it reports none).
 *
 * @example
 * stateLabel({ name: "chat", state: { ready: "READY", config_update: "IN_PROGRESS" } }); // "READY · IN_PROGRESS"
 */
export function stateLabel(endpoint: unknown): string {
  const state = obj(obj(endpoint)?.state) ?? {};
  return [text(state.ready), text(state.config_update)].filter(Boolean).join(" · ") || "—";
}

function secretReferences(config: Loose): string[] {
  return Object.values(config).filter((v): v is string => typeof v === "string" && SECRET_REFERENCE.test(v));
}

/**
 * One line per served entity: `gpt-4 → openai gpt-4 (llm/v1/chat), key {{secrets/s/k}}`,
 * `m-2 → main.default.m v2`, … Secret references are named; secret values never appear (only
 * strings that are `{{secrets/scope/key}}` references are ever read from a provider config).
 *
 * @example
 * servedEntityLines(await client.getEndpoint("chat")).forEach((line) => console.log(line));
 */
export function servedEntityLines(endpoint: unknown): string[] {
  const config = configOf(endpoint);
  const lines = objects(config.served_entities).map((entity) => {
    const external = obj(entity.external_model) ?? {};
    const foundation = obj(entity.foundation_model) ?? {};
    let what: string;
    const provider = text(external.provider);
    if (provider) {
      const key = secretReferences(obj(external[`${provider.replace(/-/g, "_")}_config`]) ?? {});
      const task = text(external.task);
      what = `${provider} ${text(external.name) ?? "?"}${task ? ` (${task})` : ""}${key.length ? `, key ${key.join(", ")}` : ""}`;
    } else if (text(entity.entity_name)) what = `${entity.entity_name}${text(entity.entity_version) ? ` v${text(entity.entity_version)}` : ""}`;
    else if (text(foundation.name)) what = text(foundation.display_name) ?? String(foundation.name);
    else what = "?";
    const deployment = text(obj(entity.state)?.deployment);
    return `${text(entity.name) ?? "?"} → ${what}${deployment ? ` [${deployment.replace(/^DEPLOYMENT_/, "")}]` : ""}`;
  });
  for (const model of objects(config.served_models)) lines.push(`${text(model.name) ?? "?"} → ${text(model.model_name) ?? "?"} v${text(model.model_version) ?? "?"}`);
  return lines;
}

/**
 * Traffic routes as `gpt-4 100%`.
 *
 * @example
 * trafficLines({ name: "chat", config: { traffic_config: { routes: [{ served_entity_name: "a", traffic_percentage: 100 }] } } }); // ["a 100%"]
 */
export function trafficLines(endpoint: unknown): string[] {
  return objects(obj(configOf(endpoint).traffic_config)?.routes).map(
    (r) => `${text(r.served_entity_name) ?? text(r.served_model_name) ?? "?"} ${text(r.traffic_percentage) ?? "?"}%`,
  );
}

/**
 * Tags as `key=value` (just `key` when it has no value).
 *
 * @example
 * tagLines({ name: "chat", tags: [{ key: "foo", value: "bar" }, { key: "team" }] }); // ["foo=bar", "team"]
 */
export function tagLines(endpoint: unknown): string[] {
  return objects(obj(endpoint)?.tags).map((t) => (t.value === undefined ? String(t.key) : `${String(t.key)}=${String(t.value)}`));
}

function rateLimitLine(limit: Loose, where: string): string {
  const amount = [text(limit.calls) && `${text(limit.calls)} calls`, text(limit.tokens) && `${text(limit.tokens)} tokens`].filter(Boolean).join(" + ") || "?";
  const key = text(limit.key) ?? "endpoint";
  const who = text(limit.principal) ? `${key} ${text(limit.principal)}` : key;
  return `${amount} per ${text(limit.renewal_period) ?? "minute"} per ${who}${where}`;
}

/**
 * Rate limits, legacy (`rate_limits`) and AI gateway ones, one line each in one wording.
 *
 * @example
 * rateLimitLines({ name: "chat", rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }] }); // ["5 calls per minute per user"]
 */
export function rateLimitLines(endpoint: unknown): string[] {
  const e = obj(endpoint) ?? {};
  return [
    ...objects(e.rate_limits).map((r) => rateLimitLine(r, "")),
    ...objects(obj(e.ai_gateway)?.rate_limits).map((r) => rateLimitLine(r, " (AI gateway)")),
  ];
}

/**
 * True when a served entity names an upstream URL (e.g. `openai_api_base`): the emulator forwards
 * its queries there instead of answering with the simulated model.
 *
 * @example
 * hasUpstream(await client.getEndpoint("chat")); // false: the seeded endpoint is simulated
 */
export function hasUpstream(endpoint: unknown): boolean {
  return entitiesOf(endpoint).some((entity) => {
    const external = obj(entity.external_model);
    return external !== undefined && Object.values(external).some((config) => {
      const c = obj(config);
      return c !== undefined && UPSTREAM_URL_KEYS.some((k) => text(c[k]) !== undefined);
    });
  });
}

/**
 * The facts the REPL shows about an endpoint, read defensively from a `getEndpoint`/`listEndpoints` item.
 *
 * @example
 * const facts: EndpointFacts = endpointFacts(await client.getEndpoint("chat"));
 */
export interface EndpointFacts {
  readonly name: string;
  /** `openai/gpt-4`, a foundation model name, or `catalog.schema.model v3` (see `modelLabel`). */
  readonly model?: string;
  readonly task?: string;
  /** `READY`, `NOT_READY`, plus the config update when one is running: `NOT_READY (IN_PROGRESS)`. */
  readonly state?: string;
  /** `name: model` per served entity. */
  readonly servedEntities: readonly string[];
  readonly tags: readonly string[];
  readonly rateLimits: readonly string[];
  /** See `hasUpstream`. */
  readonly hasUpstream: boolean;
  /** The reader's own permission on the endpoint (`CAN_VIEW`, `CAN_QUERY`, `CAN_MANAGE`), when the API says. */
  readonly permissionLevel?: string;
}

/**
 * Reads what the REPL shows from an endpoint object (detailed or list item).
 *
 * @example
 * endpointFacts(await client.getEndpoint("chat")).model; // "openai/gpt-4"
 */
export function endpointFacts(value: unknown): EndpointFacts {
  const e = obj(value) ?? {};
  const entities = entitiesOf(value);
  const state = obj(e.state);
  const ready = text(state?.ready);
  const update = text(state?.config_update);
  return {
    name: text(e.name) ?? "?",
    model: entities.map(modelLabel).find((m) => m !== undefined),
    task: text(e.task) ?? entities.map((x) => text(obj(x.external_model)?.task)).find((t) => t !== undefined),
    state: ready ? (update && update !== "NOT_UPDATING" ? `${ready} (${update})` : ready) : undefined,
    servedEntities: entities.map((x) => `${text(x.name) ?? "?"}: ${modelLabel(x) ?? "?"}`),
    tags: tagLines(value),
    rateLimits: rateLimitLines(value),
    hasUpstream: hasUpstream(value),
    permissionLevel: text(e.permission_level),
  };
}
