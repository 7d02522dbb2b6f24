import { errorFacts } from "../errors/error-facts.js";
import type { TokenUsage, TurnError } from "./types.js";

/** What one stream chunk (chat or completions) contributes to a turn. */
export interface ChunkFacts {
  readonly text: string;
  readonly model?: string;
  readonly simulated: boolean;
  readonly finishReason?: string;
  readonly usage?: TokenUsage;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function usageOf(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const usage: TokenUsage = {};
  for (const key of ["prompt_tokens", "completion_tokens", "total_tokens"] as const) {
    const n = value[key];
    if (typeof n === "number" && Number.isFinite(n)) usage[key] = n;
  }
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/**
 * Reads a chunk defensively: endpoints differ (chat `delta.content`, completions `text`, a full
 * `message` from endpoints that do not stream), and an unknown shape must not lose the reply.
 */
export function readChunk(chunk: unknown): ChunkFacts {
  if (!isRecord(chunk)) return { text: typeof chunk === "string" ? chunk : "", simulated: false };
  const choice = Array.isArray(chunk.choices) && isRecord(chunk.choices[0]) ? chunk.choices[0] : undefined;
  let text = "";
  if (choice) {
    const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined;
    if (delta && typeof delta.content === "string") text = delta.content;
    else if (typeof choice.text === "string") text = choice.text;
  } else if (isRecord(chunk.delta) && typeof chunk.delta.content === "string") {
    // A ChatAgent (agent/v2/chat) chunk: `{ id, delta: { role, content, id } }`.
    text = chunk.delta.content;
  }
  return {
    text,
    model: typeof chunk.model === "string" && chunk.model !== "" ? chunk.model : undefined,
    simulated: chunk.simulated === true,
    finishReason: choice && typeof choice.finish_reason === "string" ? choice.finish_reason : typeof chunk.finish_reason === "string" ? chunk.finish_reason : undefined,
    usage: usageOf(chunk.usage),
  };
}

/**
 * Turns any thrown value into serialisable facts (a `TurnError`): the name and message, and an
 * API error's `status`, `errorCode` and `retryAfter` (as milliseconds), read from the one error
 * shape (`DeploymentsError#toJSON()`). This is what a failed turn records as `turn.error`.
 *
 * @example
 * try { await client.predict({ endpoint: "chat", inputs }); }
 * catch (error) { const facts = describeError(error); if (facts.status === 429) console.log(facts.retryAfterMs); }
 */
export function describeError(error: unknown): TurnError {
  const facts = errorFacts(error);
  return {
    name: facts.name,
    message: facts.message,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    ...(facts.errorCode !== undefined ? { errorCode: facts.errorCode } : {}),
    // Retry-After is in seconds (the header's unit); a turn keeps milliseconds.
    ...(facts.retryAfter !== undefined ? { retryAfterMs: facts.retryAfter * 1000 } : {}),
  };
}
