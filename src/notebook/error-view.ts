import { errorFacts } from "../errors/error-facts.js";
import { escapeHtml, htmlTable, Rendered, textTable } from "./rendered.js";

/**
 * What an error says, as a card: its class (`RateLimitError`, `ValidationError`, …), message,
 * HTTP status, Databricks `error_code`, request id, `Retry-After`, and for a `ValidationError`
 * each problem with its path. Error messages of this package never hold credentials.
 *
 * @example
 * try { await client.getEndpoint("nope"); } catch (e) { show(errorView(e)); }
 */
export function errorView(error: unknown): Rendered {
  // The one error shape (DeploymentsError#toJSON()), not whatever fields a value happens to have.
  const e = errorFacts(error);
  const { name, message } = e;
  const facts: Array<[string, string]> = [];
  if (e.status !== undefined) facts.push(["HTTP status", String(e.status)]);
  if (e.errorCode !== undefined) facts.push(["error_code", e.errorCode]);
  if (e.retryAfter !== undefined) facts.push(["Retry-After", `${e.retryAfter} s`]);
  if (e.requestId !== undefined) facts.push(["request id", e.requestId]);
  if (e.cause !== undefined) facts.push(["cause", `${e.cause.name}: ${e.cause.message}`]);
  const issues = (e.issues ?? []).map((i) => [i.path || "(root)", i.message, i.code]);
  // A ValidationError's message repeats its issues; the table says it better.
  const headline = issues.length ? message.split("\n")[0] ?? message : message;
  const html = [
    `<div><b>${escapeHtml(name)}</b>: <span style="white-space:pre-wrap">${escapeHtml(headline)}</span>`,
    facts.length ? `<table>${facts.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(k)}</th><td style="text-align:left">${escapeHtml(v)}</td></tr>`).join("")}</table>` : "",
    issues.length ? htmlTable(["path", "problem", "code"], issues.map((r) => r.map((c, j) => (j === 0 ? `<code>${escapeHtml(c)}</code>` : escapeHtml(c))))) : "",
    "</div>",
  ].join("");
  const text = [
    `${name}: ${headline}`,
    ...facts.map(([k, v]) => `  ${k}: ${v}`),
    ...(issues.length ? [textTable(["path", "problem", "code"], issues, 90).replace(/^/gm, "  ")] : []),
  ].join("\n");
  return new Rendered({ html, text });
}
