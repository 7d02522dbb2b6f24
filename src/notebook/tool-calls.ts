import type { ToolCallRecord } from "../conversation/types.js";
import { redactSecrets } from "./redact.js";
import { escapeHtml, Rendered } from "./rendered.js";

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function outcome(call: ToolCallRecord): string {
  if (call.status === "error") return `error: ${call.error ?? "failed"}`;
  if (call.status === "running") return "running…";
  return typeof call.result === "string" ? call.result : JSON.stringify(call.result ?? null);
}

/**
 * The tool calls of a turn (or of every turn of a conversation) as a table: step, tool, arguments,
 * result or error, time. Values pass the notebook's secret masking.
 *
 * @example
 * const turn = await conversation.send("What is the weather in Paris?");
 * show(toolCallsTable(turn));
 */
export function toolCallsTable(source: { readonly toolCalls?: readonly ToolCallRecord[] | undefined } | { readonly turns: readonly { readonly toolCalls?: readonly ToolCallRecord[] | undefined }[] } | readonly ToolCallRecord[]): Rendered {
  const calls: readonly ToolCallRecord[] = Array.isArray(source)
    ? (source as readonly ToolCallRecord[])
    : "turns" in (source as object)
      ? (source as { turns: readonly { toolCalls?: readonly ToolCallRecord[] | undefined }[] }).turns.flatMap((t) => t.toolCalls ?? [])
      : ((source as { toolCalls?: readonly ToolCallRecord[] }).toolCalls ?? []);
  if (calls.length === 0) return new Rendered({ html: "<p><i>No tool calls.</i></p>", text: "No tool calls." });
  const rows = calls.map((c) => ({
    step: String(c.step),
    name: c.name,
    args: clip(String(redactSecrets(c.arguments))),
    outcome: clip(String(redactSecrets(outcome(c)))),
    ok: c.status === "done",
    ms: c.durationMs !== undefined ? `${c.durationMs} ms` : "",
  }));
  const html = [
    "<table><thead><tr><th>step</th><th>tool</th><th>arguments</th><th>result</th><th>time</th></tr></thead><tbody>",
    ...rows.map((r) => `<tr><td>${escapeHtml(r.step)}</td><td><code>${escapeHtml(r.name)}</code></td><td><code>${escapeHtml(r.args)}</code></td><td${r.ok ? "" : ' style="color:#b00"'}><code>${escapeHtml(r.outcome)}</code></td><td>${escapeHtml(r.ms)}</td></tr>`),
    "</tbody></table>",
  ].join("");
  const text = rows.map((r) => `Tool [${r.step}] ${r.name} ${r.args} → ${r.outcome}${r.ms ? ` (${r.ms})` : ""}`).join("\n");
  return new Rendered({ html, text });
}
