import type { JsonObject } from "../store/records.js";
import type { PlannedToolCall } from "./tool-choice.js";

/**
 * The parts of a simulated chat reply beyond plain text: tool calls, logprobs, and their stream
 * chunks (modern-query-api.md §2, §6). The plain-text stream keeps its pre-built templates in
 * simulated-model.ts; replies with these parts are rare and serialised here chunk by chunk.
 */

/** Argument fragments streamed per chunk (the reference's ≤ 16 characters). */
export const FRAGMENT = 16;

/** `text` cut into pieces of at most `size` characters (a JSON reply's simulated tokens). */
export function fragments(text: string, size = FRAGMENT): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The simulated tokens a tool call costs (its argument fragments). */
export function toolCallTokens(calls: readonly PlannedToolCall[]): number {
  return calls.reduce((sum, c) => sum + Math.max(1, fragments(c.arguments).length), 0);
}

/** `tool_calls` of a non-streamed assistant message. */
export function toolCallsJson(calls: readonly PlannedToolCall[]): JsonObject[] {
  return calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
}

function entry(token: string, logprob: number): JsonObject {
  return { token, logprob, bytes: [...Buffer.from(token, "utf8")] };
}

/**
 * A well-formed `logprobs` object for the tokens: one entry per token with fixed log
 * probabilities and `top` alternatives (the token itself first).
 */
export function logprobsFor(tokens: readonly string[], top: number): JsonObject {
  return {
    content: tokens.map((token) => {
      const alternatives: JsonObject[] = [];
      for (let k = 0; k < top; k++) alternatives.push(entry(k === 0 ? token : `${token.trimStart()}_${k}`, k === 0 ? -0.01 : -(k + 1)));
      return { ...entry(token, -0.01), top_logprobs: alternatives };
    }),
    refusal: null,
  };
}

/** What the generic chunk stream needs to know. */
export interface ChunkStreamSpec {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly n: number;
  readonly tokens: readonly string[];
  readonly toolCalls: readonly PlannedToolCall[];
  /** `top_logprobs` count when `logprobs: true`, else undefined. */
  readonly logprobs: number | undefined;
  readonly finishReason: string;
  readonly usage: JsonObject;
  readonly includeUsage: boolean;
}

/**
 * The chat chunk events (without the closing `[DONE]`), each already framed as `data: …\n\n`.
 * Tool calls: per call, a first delta with `index`, `id`, `type`, `function.name` and empty
 * `arguments`, then argument fragments; the finish chunk says `tool_calls`.
 */
export function chatChunkEvents(spec: ChunkStreamSpec): string[] {
  const head = { id: spec.id, object: "chat.completion.chunk", created: spec.created, model: spec.model };
  const frame = (choices: JsonObject[], extra: JsonObject = {}): string => `data: ${JSON.stringify({ ...head, choices, ...extra, simulated: true })}\n\n`;
  const each = (delta: (index: number) => JsonObject, more: JsonObject = {}): JsonObject[] => {
    const out: JsonObject[] = [];
    for (let index = 0; index < spec.n; index++) out.push({ index, delta: delta(index), ...more, finish_reason: null });
    return out;
  };
  const events: string[] = [];
  if (spec.toolCalls.length > 0) {
    spec.toolCalls.forEach((call, i) => {
      const first = { index: i, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
      events.push(frame(each(() => (i === 0 ? { role: "assistant", content: null, tool_calls: [first] } : { tool_calls: [first] }))));
      for (const piece of fragments(call.arguments)) events.push(frame(each(() => ({ tool_calls: [{ index: i, function: { arguments: piece } }] }))));
    });
  } else {
    const tokens = spec.tokens.length === 0 ? [""] : spec.tokens;
    tokens.forEach((piece, i) => {
      const more = spec.logprobs === undefined ? {} : { logprobs: logprobsFor(piece === "" ? [] : [piece], spec.logprobs) };
      events.push(frame(each(() => (i === 0 ? { role: "assistant", content: piece } : { content: piece }), more)));
    });
  }
  const finish: JsonObject[] = [];
  for (let index = 0; index < spec.n; index++) finish.push({ index, delta: {}, finish_reason: spec.finishReason });
  if (spec.includeUsage) {
    events.push(frame(finish));
    events.push(frame([], { usage: spec.usage }));
  } else {
    events.push(frame(finish, { usage: spec.usage }));
  }
  return events;
}
