/** The facts the REPL shows about an endpoint, read defensively from a `getEndpoint`/`listEndpoints` item. */
export interface EndpointFacts {
  readonly name: string;
  /** `openai/gpt-4`, a foundation model name, or `catalog.schema.model v3`. */
  readonly model?: string;
  readonly task?: string;
  /** `READY`, `NOT_READY`, plus the config update when one is running: `NOT_READY (IN_PROGRESS)`. */
  readonly state?: string;
  readonly servedEntities: readonly string[];
  readonly tags: readonly string[];
  readonly rateLimits: readonly string[];
  /** True when a served entity names an upstream URL (e.g. `openai_api_base`): the emulator forwards instead of simulating. */
  readonly hasUpstream: boolean;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function entityModel(entity: Obj): string | undefined {
  const external = obj(entity.external_model);
  if (external) return [str(external.provider), str(external.name)].filter(Boolean).join("/") || undefined;
  const foundation = obj(entity.foundation_model);
  if (foundation) return str(foundation.display_name) ?? str(foundation.name);
  const name = str(entity.entity_name) ?? str(entity.model_name);
  if (name) {
    const version = str(entity.entity_version) ?? str(entity.model_version);
    return version ? `${name} v${version}` : name;
  }
  return undefined;
}

function rateLimit(limit: unknown): string | undefined {
  const l = obj(limit);
  if (!l) return undefined;
  const amount = typeof l.calls === "number" ? `${l.calls} calls` : typeof l.tokens === "number" ? `${l.tokens} tokens` : "?";
  const who = str(l.principal) ? `${str(l.key) ?? "endpoint"} ${str(l.principal)}` : (str(l.key) ?? "endpoint");
  return `${amount} per ${str(l.renewal_period) ?? "minute"} per ${who}`;
}

/**
 * Reads what the REPL shows from an endpoint object (detailed or list item).
 *
 * @example
 * endpointFacts(await client.getEndpoint("chat")).model; // "openai/gpt-4"
 */
export function endpointFacts(value: unknown): EndpointFacts {
  const e = obj(value) ?? {};
  const config = obj(e.config) ?? obj(e.pending_config) ?? {};
  const entities = [...arr(config.served_entities), ...arr(config.served_models)].map(obj).filter((x): x is Obj => x !== undefined);
  const state = obj(e.state);
  const ready = str(state?.ready);
  const update = str(state?.config_update);
  const gateway = obj(e.ai_gateway);
  return {
    name: str(e.name) ?? "?",
    model: entities.map(entityModel).find((m) => m !== undefined),
    task: str(e.task) ?? entities.map((x) => str(obj(x.external_model)?.task)).find((t) => t !== undefined),
    state: ready ? (update && update !== "NOT_UPDATING" ? `${ready} (${update})` : ready) : undefined,
    servedEntities: entities.map((x) => `${str(x.name) ?? "?"}: ${entityModel(x) ?? "?"}`),
    tags: arr(e.tags).map(obj).filter((t): t is Obj => t !== undefined).map((t) => (t.value !== undefined ? `${String(t.key)}=${String(t.value)}` : String(t.key))),
    rateLimits: [...arr(e.rate_limits), ...arr(gateway?.rate_limits)].map(rateLimit).filter((r): r is string => r !== undefined),
    hasUpstream: entities.some((x) => {
      const external = obj(x.external_model);
      if (!external) return false;
      return Object.values(external).some((config) => {
        const c = obj(config);
        return c !== undefined && ["openai_api_base", "custom_provider_url", "databricks_workspace_url", "cohere_api_base"].some((k) => str(c[k]) !== undefined);
      });
    }),
  };
}
