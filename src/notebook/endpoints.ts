import type { ServingEndpoint, ServingEndpointDetailed } from "../schemas/index.js";
import { redactSecrets } from "./redact.js";
import { escapeHtml, htmlTable, Rendered, textTable } from "./rendered.js";

/**
 * An endpoint as listed or read: `ServingEndpoint` or `ServingEndpointDetailed`.
 *
 * @example
 * const endpoints: EndpointLike[] = await client.listEndpoints();
 */
export type EndpointLike = ServingEndpoint | ServingEndpointDetailed;

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : {});
const arr = (v: unknown): Loose[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

/**
 * `READY · NOT_UPDATING`, the two halves of an endpoint's state.
 *
 * @example
 * stateLabel({ name: "chat", state: { ready: "READY", config_update: "IN_PROGRESS" } }); // "READY · IN_PROGRESS"
 */
export function stateLabel(endpoint: EndpointLike): string {
  const state = obj(endpoint.state);
  return [str(state.ready), str(state.config_update)].filter(Boolean).join(" · ") || "—";
}

/**
 * One line per served entity: `gpt-4 → openai gpt-4 (llm/v1/chat), key {{secrets/s/k}}`, `m-2 → main.default.m v2`, …
 * Secret references are named; secret values never appear.
 *
 * @example
 * servedEntityLines(await client.getEndpoint("chat")).forEach((line) => console.log(line));
 */
export function servedEntityLines(endpoint: EndpointLike): string[] {
  const e = obj(redactSecrets(endpoint));
  const config = obj(e.config ?? e.pending_config);
  const lines = arr(config.served_entities).map((entity) => {
    const external = obj(entity.external_model);
    const foundation = obj(entity.foundation_model);
    let what: string;
    if (str(external.provider)) {
      const key = secretReferences(obj(external[`${String(external.provider).replace(/-/g, "_")}_config`]));
      what = `${external.provider} ${str(external.name) ?? "?"}${external.task ? ` (${external.task})` : ""}${key.length ? `, key ${key.join(", ")}` : ""}`;
    } else if (str(entity.entity_name)) what = `${entity.entity_name}${str(entity.entity_version) ? ` v${entity.entity_version}` : ""}`;
    else if (str(foundation.name)) what = str(foundation.display_name) ?? String(foundation.name);
    else what = "?";
    const deployment = str(obj(entity.state).deployment);
    return `${str(entity.name) ?? "?"} → ${what}${deployment ? ` [${deployment.replace(/^DEPLOYMENT_/, "")}]` : ""}`;
  });
  for (const model of arr(config.served_models)) lines.push(`${str(model.name) ?? "?"} → ${str(model.model_name) ?? "?"} v${str(model.model_version) ?? "?"}`);
  return lines;
}

function secretReferences(config: Loose): string[] {
  return Object.values(config).filter((v): v is string => typeof v === "string" && /^\{\{secrets\//.test(v));
}

/** Traffic routes: `gpt-4 100%`. */
function trafficLines(endpoint: EndpointLike): string[] {
  const config = obj(obj(endpoint).config ?? obj(endpoint).pending_config);
  return arr(obj(config.traffic_config).routes).map(
    (r) => `${str(r.served_entity_name) ?? str(r.served_model_name) ?? "?"} ${str(r.traffic_percentage) ?? "?"}%`,
  );
}

/**
 * Tags as `key=value` (just `key` when it has no value).
 *
 * @example
 * tagLines({ name: "chat", tags: [{ key: "foo", value: "bar" }, { key: "team" }] }); // ["foo=bar", "team"]
 */
export function tagLines(endpoint: EndpointLike): string[] {
  return arr(endpoint.tags).map((t) => (t.value === undefined ? String(t.key) : `${String(t.key)}=${String(t.value)}`));
}

/**
 * Rate limits, legacy (`rate_limits`) and AI gateway ones.
 *
 * @example
 * rateLimitLines({ name: "chat", rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }] }); // ["5 calls / user / minute"]
 */
export function rateLimitLines(endpoint: EndpointLike): string[] {
  const e = obj(endpoint);
  const describe = (r: Loose, where: string) => {
    const amount = [str(r.calls) && `${r.calls} calls`, str(r.tokens) && `${r.tokens} tokens`].filter(Boolean).join(" + ") || "?";
    const key = str(r.key) ?? "endpoint";
    return `${amount} / ${key}${str(r.principal) ? ` ${r.principal}` : ""} / ${str(r.renewal_period) ?? "minute"}${where}`;
  };
  return [...arr(e.rate_limits).map((r) => describe(r, "")), ...arr(obj(e.ai_gateway).rate_limits).map((r) => describe(r, " (AI gateway)"))];
}

const htmlLines = (lines: readonly string[]) => (lines.length ? lines.map(escapeHtml).join("<br>") : "—");
const textLines = (lines: readonly string[]) => (lines.length ? lines.join("; ") : "—");

/**
 * A table of endpoints: name, state, task, served entities, tags, rate limits.
 *
 * @example
 * show(endpointsTable(await client.listEndpoints()));
 */
export function endpointsTable(endpoints: readonly EndpointLike[]): Rendered {
  const header = ["name", "state", "task", "served entities", "tags", "rate limits"];
  const rows = endpoints.map((e) => [e.name, stateLabel(e), str(e.task) ?? "—", servedEntityLines(e), tagLines(e), rateLimitLines(e)] as const);
  if (rows.length === 0) return new Rendered({ html: "<p><i>No serving endpoints.</i></p>", text: "No serving endpoints." });
  const caption = `${rows.length} serving endpoint${rows.length === 1 ? "" : "s"}`;
  return new Rendered({
    html: htmlTable(header, rows.map(([name, state, task, entities, tags, limits]) => [
      `<b>${escapeHtml(name)}</b>`, escapeHtml(state), escapeHtml(task), htmlLines(entities), htmlLines(tags), htmlLines(limits),
    ]), caption),
    text: `${caption}\n${textTable(header, rows.map(([name, state, task, entities, tags, limits]) => [name, state, task, textLines(entities), textLines(tags), textLines(limits)]))}`,
  });
}

const time = (v: unknown) => (typeof v === "number" ? new Date(v).toISOString().replace(/\.\d{3}Z$/, "Z") : undefined);

/**
 * A card for one endpoint: state, task, served entities with their secret references (never
 * secret values), traffic, tags, rate limits, AI gateway, pending update.
 *
 * @example
 * show(endpointCard(await client.getEndpoint("chat")));
 */
export function endpointCard(endpoint: EndpointLike): Rendered {
  const e = obj(endpoint);
  const gateway = obj(e.ai_gateway);
  const gatewayParts = [
    obj(gateway.usage_tracking_config).enabled === true ? "usage tracking" : undefined,
    obj(gateway.inference_table_config).enabled === true ? "inference table" : undefined,
    gateway.guardrails ? "guardrails" : undefined,
    obj(gateway.fallback_config).enabled === true ? "fallbacks" : undefined,
  ].filter((p): p is string => p !== undefined);
  const pending = obj(e.pending_config);
  const fields: Array<[string, string[]]> = [
    ["state", [stateLabel(endpoint)]],
    ["task", [str(e.task) ?? "—"]],
    ["served entities", servedEntityLines(endpoint)],
    ["traffic", trafficLines(endpoint)],
    ["tags", tagLines(endpoint)],
    ["rate limits", rateLimitLines(endpoint)],
  ];
  if (gatewayParts.length) fields.push(["AI gateway", [gatewayParts.join(", ")]]);
  if (e.pending_config) fields.push(["pending update", [`config version ${str(pending.config_version) ?? "?"}${time(pending.start_time) ? ` since ${time(pending.start_time)}` : ""}`]]);
  const config = obj(e.config);
  if (str(config.config_version)) fields.push(["config version", [String(config.config_version)]]);
  const who = [str(e.creator), time(e.creation_timestamp) && `created ${time(e.creation_timestamp)}`, time(e.last_updated_timestamp) && `updated ${time(e.last_updated_timestamp)}`];
  if (who.some(Boolean)) fields.push(["creator", [who.filter(Boolean).join(", ")]]);
  const ready = obj(e.state).ready === "READY";
  const title = `${endpoint.name} — ${ready ? "ready" : stateLabel(endpoint)}`;
  const rows = fields.map(([label, lines]) => `<tr><th style="text-align:left;vertical-align:top;padding-right:1em">${escapeHtml(label)}</th><td style="text-align:left">${htmlLines(lines)}</td></tr>`);
  return new Rendered({
    html: `<div><h4 style="margin:0.2em 0">${escapeHtml(endpoint.name)} <small>${escapeHtml(ready ? "● ready" : `○ ${stateLabel(endpoint)}`)}</small></h4><table>${rows.join("")}</table></div>`,
    text: [title, ...fields.map(([label, lines]) => `  ${label.padEnd(16)}${lines.length ? lines.join("\n" + " ".repeat(18)) : "—"}`)].join("\n"),
  });
}
