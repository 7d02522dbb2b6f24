import { turnStats } from "./stats.js";
import type { ConversationJSON } from "./types.js";

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
    const line = turnStats(turn);
    if (line) out.push(`<sub>${line}</sub>`, "");
  }
  return out.join("\n");
}
