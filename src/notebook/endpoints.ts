import { rateLimitLines, servedEntityLines, stateLabel, tagLines, trafficLines, type EndpointLike } from "../conversation/describe-endpoint.js";
import { escapeHtml, htmlTable, Rendered, textTable } from "./rendered.js";

// The lines themselves (state, served entities, tags, limits) are the package's one wording,
// shared with the REPL; this file lays them out as tables and cards.
type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

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
