import type { ConversationJSON, Turn } from "../conversation/types.js";
import { turnStats } from "../conversation/stats.js";
import { safeMarkdown, inlineCode } from "./markdown.js";
import { escapeHtml, Rendered } from "./rendered.js";

/**
 * A chat message (`{ role, content }`), as sent in `messages`.
 *
 * @example
 * const m: MessageLike = { role: "user", content: "Hello" };
 */
export interface MessageLike {
  readonly role: string;
  readonly content?: unknown;
}

/**
 * A turn of a `Conversation`, or a plain object with at least its `user` and `reply` (the other
 * fields the transcript and usage views read are optional). Derived from `Turn`, so it cannot drift.
 *
 * @example
 * const t: TurnLike = { user: "Hi", reply: "Hello!", usage: { total_tokens: 12 } };
 */
export type TurnLike = Pick<Turn, "user" | "reply"> & Partial<Omit<Turn, "user" | "reply">>;

/**
 * A `Conversation` (or its `toJSON()`), or anything shaped like one.
 *
 * @example
 * const c: ConversationLike = { endpoint: "chat", turns: [{ user: "Hi", reply: "Hello!" }] };
 */
export type ConversationLike = Pick<ConversationJSON, "endpoint"> & {
  readonly system?: ConversationJSON["system"] | undefined;
  readonly turns: readonly TurnLike[];
};

// Words, not emoji: a heading must not depend on the fonts of whoever opens the notebook.
const ROLE_LABEL: Record<string, string> = { system: "System", user: "You", assistant: "Assistant", tool: "Tool" };

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  // OpenAI-style parts: [{ type: "text", text }]
  if (Array.isArray(content)) return content.map((p) => (typeof p === "object" && p !== null && "text" in p ? String((p as { text: unknown }).text) : JSON.stringify(p))).join("");
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

function isConversation(value: unknown): value is ConversationLike {
  return typeof value === "object" && value !== null && Array.isArray((value as { turns?: unknown }).turns);
}

/**
 * A chat transcript as Markdown (shown as such in a notebook): a `Conversation` with each turn's
 * model, token count and speed, or a plain `messages` array. Message text is shown as written,
 * with raw HTML escaped.
 *
 * @example
 * show(transcript(conversation));
 * show(transcript([{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }]));
 */
export function transcript(source: ConversationLike | readonly MessageLike[]): Rendered {
  const blocks: Array<{ label: string; text: string; note?: string }> = [];
  let title = "Transcript";
  let markdownTitle = title;
  if (isConversation(source)) {
    title = `Conversation with ${source.endpoint}`;
    markdownTitle = `Conversation with ${inlineCode(source.endpoint)}`;
    if (source.system) blocks.push({ label: ROLE_LABEL.system!, text: source.system });
    for (const turn of source.turns) {
      blocks.push({ label: ROLE_LABEL.user!, text: turn.user });
      for (const call of turn.toolCalls ?? []) {
        const result = call.status === "error" ? `error: ${call.error ?? "failed"}` : JSON.stringify(call.result ?? null);
        blocks.push({ label: `${ROLE_LABEL.tool!} ${call.name}`, text: `${inlineCode(call.arguments)} → ${inlineCode(result.length > 300 ? `${result.slice(0, 299)}…` : result)}`, ...(call.durationMs !== undefined ? { note: `${call.durationMs} ms` } : {}) });
      }
      const notes = [turnStats(turn)];
      if (turn.status === "cancelled") notes.push("cancelled — partial reply");
      if (turn.status === "error" && turn.error) notes.push(`failed: ${turn.error.name}: ${turn.error.message}`);
      const label = turn.endpoint && turn.endpoint !== source.endpoint ? `${ROLE_LABEL.assistant!} (${turn.endpoint})` : ROLE_LABEL.assistant!;
      blocks.push({ label, text: turn.reply, note: notes.filter(Boolean).join(" · ") });
    }
  } else {
    for (const m of source) blocks.push({ label: ROLE_LABEL[m.role] ?? m.role, text: contentText(m.content) });
  }
  const markdown = [
    `**${markdownTitle}**`,
    ...blocks.map((b) => `**${b.label}**\n\n${safeMarkdown(b.text) || "_(no text)_"}${b.note ? `\n\n<sub>${escapeHtml(b.note)}</sub>` : ""}`),
  ].join("\n\n---\n\n");
  const html = `<div><b>${escapeHtml(title)}</b>${blocks.map((b) => `<hr><b>${escapeHtml(b.label)}</b><pre style="white-space:pre-wrap;margin:0.3em 0">${escapeHtml(b.text)}</pre>${b.note ? `<small>${escapeHtml(b.note)}</small>` : ""}`).join("")}</div>`;
  const text = [title, ...blocks.map((b) => `${b.label}:\n${b.text.replace(/^/gm, "  ")}${b.note ? `\n  (${b.note})` : ""}`)].join("\n\n");
  return new Rendered({ html, text, markdown });
}
