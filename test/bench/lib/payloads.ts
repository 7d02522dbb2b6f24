/**
 * The bytes the bench servers answer with: a Databricks-shaped chat completion and its stream
 * chunks, as `POST /serving-endpoints/{name}/invocations` returns them.
 */

/** The request body every client variant sends. */
export const CHAT_INPUTS = {
  messages: [{ role: "user", content: "Say hello in five words." }],
  max_tokens: 16,
} as const;

/** One non-streamed chat completion (≈ 350 bytes), as a served external model returns it. */
export const CHAT_COMPLETION = JSON.stringify({
  id: "chatcmpl-bench-0001",
  object: "chat.completion",
  created: 1_764_000_000,
  model: "gpt-4",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello there, how are you?" }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
});

/**
 * One SSE event carrying a `chat.completion.chunk` with token number `i`.
 *
 * @example
 * chunkEvent(0); // "data: {...}\n\n"
 */
export function chunkEvent(i: number): string {
  return `data: {"id":"chatcmpl-bench-0001","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4","choices":[{"index":0,"delta":{"content":"tok${i} "},"finish_reason":null}]}\n\n`;
}

/** The stream's closing line. */
export const DONE_EVENT = "data: [DONE]\n\n";

/**
 * A whole burst of `n` events and `[DONE]`, for servers that write it at once.
 *
 * @example
 * sseBurst(3).length > 0; // true
 */
export function sseBurst(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += chunkEvent(i);
  return out + DONE_EVENT;
}

/**
 * What a bench request asks for, encoded in the endpoint name (`burst-10000`, `paced-500`) so
 * every client variant, including `openai` with its `model` field, can name it.
 */
export type Mode = { kind: "predict" } | { kind: "burst"; events: number } | { kind: "paced"; events: number; intervalMs: number };

/**
 * Parses a mode from an endpoint name.
 *
 * @example
 * parseMode("burst-100"); // { kind: "burst", events: 100 }
 */
export function parseMode(name: string): Mode {
  const m = /^(burst|paced)-(\d+)(?:-(\d+))?$/.exec(name);
  if (!m) return { kind: "predict" };
  if (m[1] === "burst") return { kind: "burst", events: Number(m[2]) };
  return { kind: "paced", events: Number(m[2]), intervalMs: Number(m[3] ?? 1) };
}
