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
  }
  return {
    text,
    model: typeof chunk.model === "string" && chunk.model !== "" ? chunk.model : undefined,
    simulated: chunk.simulated === true,
    finishReason: choice && typeof choice.finish_reason === "string" ? choice.finish_reason : undefined,
    usage: usageOf(chunk.usage),
  };
}

/**
 * Turns any thrown value into serialisable facts (a `TurnError`): the name and message, and the
 * client's `ApiError` fields (`status`, `errorCode`, `retryAfter`) when present. This is what a
 * failed turn records as `turn.error`.
 *
 * @example
 * try { await client.predict({ endpoint: "chat", inputs }); }
 * catch (error) { const facts = describeError(error); if (facts.status === 429) console.log(facts.retryAfterMs); }
 */
export function describeError(error: unknown): TurnError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const fields = error as Error & Record<string, unknown>;
  const status = typeof fields.status === "number" ? fields.status : undefined;
  const errorCode = typeof fields.errorCode === "string" ? fields.errorCode : undefined;
  // ApiError.retryAfter is in seconds (the Retry-After header's unit); an error already carrying
  // TurnError's retryAfterMs keeps it.
  const retryAfter = typeof fields.retryAfterMs === "number" ? fields.retryAfterMs : typeof fields.retryAfter === "number" ? fields.retryAfter * 1000 : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(status !== undefined ? { status } : {}),
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  };
}
