import type { ConversationJSON, Turn } from "./types.js";

function stats(turn: Turn): string {
  const parts: string[] = [];
  if (turn.model) parts.push(turn.model);
  if (turn.simulated) parts.push("simulated");
  if (turn.usage?.total_tokens !== undefined) parts.push(`${turn.usage.total_tokens} tokens`);
  if (turn.timeToFirstTokenMs !== undefined) parts.push(`TTFT ${Math.round(turn.timeToFirstTokenMs)} ms`);
  if (turn.tokensPerSecond !== undefined) parts.push(`${turn.tokensPerSecond.toFixed(1)} tok/s`);
  return parts.join(" · ");
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
    if (turn.reply) out.push(turn.reply, "");
    if (turn.status === "cancelled") out.push("_[cancelled — partial reply]_", "");
    if (turn.status === "error" && turn.error) out.push(`> **Error** (${turn.error.name}): ${turn.error.message}`, "");
    const line = stats(turn);
    if (line) out.push(`<sub>${line}</sub>`, "");
  }
  return out.join("\n");
}
