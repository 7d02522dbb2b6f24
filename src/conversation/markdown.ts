import { turnStats } from "./stats.js";
import type { ConversationJSON, ToolCallRecord } from "./types.js";

function clip(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * One tool call as a Markdown line: name, arguments, and the result or error (long values clipped).
 *
 * @example
 * toolCallLine({ id: "c1", name: "get_weather", arguments: "{\"city\":\"Paris\"}", step: 1, status: "done", result: { temp: 21 } });
 * // "> 🔧 **get_weather** `{"city":"Paris"}` → `{"temp":21}`"
 */
export function toolCallLine(call: ToolCallRecord): string {
  const outcome = call.status === "error" ? ` → **error**: ${call.error ?? "failed"}` : call.status === "running" ? " → _running…_" : ` → \`${clip(typeof call.result === "string" ? call.result : JSON.stringify(call.result ?? null))}\``;
  const time = call.durationMs !== undefined ? ` <sub>${call.durationMs} ms</sub>` : "";
  return `> 🔧 **${call.name}** \`${clip(call.arguments)}\`${outcome}${time}`;
}

/** Renders a serialised conversation as a Markdown transcript a person can read or paste. */
export function conversationToMarkdown(data: ConversationJSON): string {
  const out: string[] = [`# Conversation with \`${data.endpoint}\``, ""];
  out.push(`_Started ${data.createdAt}_`, "");
  const params = Object.entries(data.params);
  if (params.length > 0) out.push(`Parameters: ${params.map(([k, v]) => `\`${k}=${JSON.stringify(v)}\``).join(", ")}`, "");
  if (data.system) out.push("## System", "", data.system, "");
  for (const turn of data.turns) {
    out.push(`## You`, "", turn.user, "");
    const label = turn.endpoint !== data.endpoint ? `Assistant (\`${turn.endpoint}\`)` : "Assistant";
    out.push(`## ${label}`, "");
    for (const call of turn.toolCalls ?? []) out.push(toolCallLine(call), "");
    if (turn.toolStepLimit) out.push("_[tool loop stopped at the step limit]_", "");
    if (turn.reply) out.push(turn.reply, "");
    if (turn.status === "cancelled") out.push("_[cancelled — partial reply]_", "");
    if (turn.status === "error" && turn.error) out.push(`> **Error** (${turn.error.name}): ${turn.error.message}`, "");
    const line = turnStats(turn);
    if (line) out.push(`<sub>${line}</sub>`, "");
  }
  return out.join("\n");
}
