import type { JsonObject } from "../store/records.js";
import { ReadyStream } from "../http/ready-stream.js";
import { chatChunkEvents, logprobsFor, toolCallsJson, toolCallTokens } from "./chat-extras.js";
import { applyStop, structuredTokens, toolResultTokens } from "./reply-content.js";
import { contentText, countTokens, fillerTokens, hash32, introText, prng, tokenize, wantsLongReply } from "./simulated-text.js";

export { contentText };
import { planToolCalls, type PlannedToolCall } from "./tool-choice.js";
import { chunkRest, closingRests, eventOpen, unpacedStreamBytes } from "./unpaced-stream.js";

/** What the simulated model needs to know about a call. */
export interface SimulationCall {
  readonly task: "chat" | "completions" | "embeddings";
  readonly inputs: JsonObject;
  readonly endpoint: string;
  readonly model: string;
  /** The external model's provider, when it is one: the advice on getting real answers depends on it. */
  readonly provider?: string;
  readonly id: string;
  readonly created: number;
}

/** A generated reply before it is shaped as JSON or SSE. */
export interface SimulatedReply {
  readonly tokens: readonly string[];
  readonly finishReason: "stop" | "length" | "tool_calls";
  readonly promptTokens: number;
  readonly n: number;
  /** The tool calls of each choice (then `tokens` is empty and the finish reason `tool_calls`). */
  readonly toolCalls?: readonly PlannedToolCall[];
  /** `top_logprobs` count when the request asked for `logprobs`. */
  readonly logprobs?: number;
  /** `stream_options.include_usage`: usage in a last chunk of its own with `choices: []`. */
  readonly includeUsage?: boolean;
}

/** Completion tokens of one choice: the text's tokens, or the tool calls' argument fragments. */
export function choiceTokens(reply: SimulatedReply): number {
  return reply.toolCalls !== undefined && reply.toolCalls.length > 0 ? toolCallTokens(reply.toolCalls) : reply.tokens.length;
}

/** Tokens used when a prompt asks for a long reply and gives no max_tokens. */
const DEFAULT_LONG_TOKENS = 800;

/** The text of the question: the last user message (chat) or the prompt (completions). */
export function questionOf(task: SimulationCall["task"], inputs: JsonObject): string {
  if (task === "chat") {
    const messages = inputs["messages"] as JsonObject[];
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i]!["role"] === "user") return contentText(messages[i]!["content"]);
    }
    return contentText(messages[messages.length - 1]?.["content"]);
  }
  const prompt = task === "completions" ? inputs["prompt"] : inputs["input"];
  return Array.isArray(prompt) ? prompt.map(String).join("\n") : String(prompt ?? "");
}

/** Prompt size in simulated tokens: every message (chat) or the prompt/input. */
export function promptTokensOf(task: SimulationCall["task"], inputs: JsonObject): number {
  if (task === "chat") {
    let total = 0;
    for (const message of inputs["messages"] as JsonObject[]) total += countTokens(contentText(message["content"]));
    return total;
  }
  const prompt = task === "completions" ? inputs["prompt"] : inputs["input"];
  if (Array.isArray(prompt)) return prompt.reduce<number>((sum, p) => sum + countTokens(String(p)), 0);
  return countTokens(String(prompt ?? ""));
}

function extraNumber(inputs: JsonObject, name: string): number | undefined {
  const extra = inputs["extra_params"] as JsonObject | undefined;
  const raw = extra?.[name] ?? inputs[name];
  const value = typeof raw === "string" ? Number(raw) : raw;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/** Upper bounds that keep one request from exhausting the emulator's memory or holding it open for hours. */
const MAX_SIMULATED_TOKENS = 100_000;
const MAX_DELAY_MS = 10_000;

/** The per-request pace override (`extra_params.simulated_delay_ms`), if any. */
export function requestedDelayMs(inputs: JsonObject): number | undefined {
  const delay = extraNumber(inputs, "simulated_delay_ms");
  return delay === undefined ? undefined : Math.min(delay, MAX_DELAY_MS);
}

/**
 * Generates the reply for a chat or completions call, honouring the request: tool calls
 * (`tools` / `tool_choice`, see tool-choice.ts), `response_format` (JSON from the schema), an
 * answer quoting tool results after `role: "tool"` messages, `stop`, and the smaller of
 * `max_tokens` / `max_completion_tokens` (finish_reason "length"). Plain text length:
 * `extra_params.simulated_tokens` when given (exactly that many tokens), else a long reply when
 * the question asks for one ("long", "essay", "detailed"), else the short intro.
 */
export function simulateText(call: SimulationCall): SimulatedReply {
  const question = questionOf(call.task, call.inputs);
  const n = Math.min(Math.max(extraNumber(call.inputs, "n") ?? 1, 1), 5);
  const promptTokens = promptTokensOf(call.task, call.inputs);
  const extras = replyExtras(call.inputs);
  if (call.task === "chat") {
    const messages = call.inputs["messages"] as JsonObject[];
    const toolCalls = planToolCalls(call.inputs, question, messages[messages.length - 1]?.["role"] as string | undefined);
    if (toolCalls.length > 0) return { tokens: [], finishReason: "tool_calls", promptTokens, n, toolCalls, ...extras };
  }
  let tokens = (call.task === "chat" ? structuredTokens(call.inputs, question) ?? toolResultTokens(call.inputs) : undefined) ?? textTokens(call, question);
  let finishReason: "stop" | "length" = "stop";
  const stopped = applyStop(tokens, call.inputs["stop"]);
  if (stopped !== undefined) tokens = stopped;
  const caps = [extraNumber(call.inputs, "max_tokens"), extraNumber(call.inputs, "max_completion_tokens")].filter((v): v is number => v !== undefined);
  const maxTokens = caps.length === 0 ? undefined : Math.min(...caps);
  if (maxTokens !== undefined && tokens.length > maxTokens) {
    tokens = cut(tokens, maxTokens);
    finishReason = "length";
  }
  return { tokens, finishReason, promptTokens, n, ...extras };
}

function replyExtras(inputs: JsonObject): { logprobs?: number; includeUsage?: boolean } {
  const out: { logprobs?: number; includeUsage?: boolean } = {};
  if (inputs["logprobs"] === true) out.logprobs = Math.min(extraNumber(inputs, "top_logprobs") ?? 0, 20);
  if ((inputs["stream_options"] as JsonObject | undefined)?.["include_usage"] === true) out.includeUsage = true;
  return out;
}

/**
 * Plain-text replies already made, by everything they depend on: the same question to the same
 * endpoint gets the same words, and making them (intro text, tokenizer regex, filler PRNG) was a
 * visible share of a simulated request's CPU. Bounded in entries and in tokens per entry; the
 * arrays are frozen because replies share them.
 */
const textCache = new Map<string, readonly string[]>();
const TEXT_CACHE_ENTRIES = 256;
const TEXT_CACHE_MAX_TOKENS = 1_024;

function textTokens(call: SimulationCall, question: string): readonly string[] {
  const requested = extraNumber(call.inputs, "simulated_tokens");
  let target = requested === undefined ? undefined : Math.min(requested, MAX_SIMULATED_TOKENS);
  if (target === undefined && wantsLongReply(question)) target = DEFAULT_LONG_TOKENS;
  const key = `${call.task === "chat" ? "c" : "p"}${target ?? ""}\u0000${call.endpoint}\u0000${call.model}\u0000${call.provider ?? ""}\u0000${question}`;
  const cached = textCache.get(key);
  if (cached !== undefined) return cached;
  const intro = tokenize(introText(call.task === "chat" ? "chat" : "completions", question, call.endpoint, call.model, call.provider));
  const tokens = target === undefined ? intro : target <= intro.length ? intro.slice(0, target) : intro.concat(fillerTokens(target - intro.length, hash32(question)));
  if (tokens.length <= TEXT_CACHE_MAX_TOKENS) {
    if (textCache.size >= TEXT_CACHE_ENTRIES) textCache.delete(textCache.keys().next().value!);
    textCache.set(key, Object.freeze(tokens));
  }
  return tokens;
}

/** Shared replies cut at a `max_tokens`, kept beside the reply (a few lengths each) so they stay shared. */
const cuts = new WeakMap<readonly string[], Map<number, readonly string[]>>();
const CUTS_PER_REPLY = 4;

function cut(tokens: readonly string[], maxTokens: number): readonly string[] {
  if (!Object.isFrozen(tokens)) return tokens.slice(0, maxTokens);
  let byLength = cuts.get(tokens);
  if (byLength === undefined) cuts.set(tokens, (byLength = new Map()));
  let out = byLength.get(maxTokens);
  if (out === undefined) {
    if (byLength.size >= CUTS_PER_REPLY) byLength.delete(byLength.keys().next().value!);
    byLength.set(maxTokens, (out = Object.freeze(tokens.slice(0, maxTokens))));
  }
  return out;
}

/** The non-streaming chat or completions response body. */
export function completionBody(call: SimulationCall, reply: SimulatedReply): JsonObject {
  const text = reply.tokens.join("");
  const calls = reply.toolCalls ?? [];
  const logprobs = reply.logprobs === undefined ? null : logprobsFor(reply.tokens, reply.logprobs);
  const choices = [];
  for (let index = 0; index < reply.n; index++) {
    const message = calls.length > 0 ? { role: "assistant", content: null, tool_calls: toolCallsJson(calls) } : { role: "assistant", content: text };
    choices.push(
      call.task === "chat"
        ? { index, message, finish_reason: reply.finishReason, logprobs }
        : { index, text, finish_reason: reply.finishReason, logprobs: null },
    );
  }
  const completion = choiceTokens(reply) * reply.n;
  return {
    id: call.id,
    object: call.task === "chat" ? "chat.completion" : "text_completion",
    created: call.created,
    model: call.model,
    choices,
    usage: { prompt_tokens: reply.promptTokens, completion_tokens: completion, total_tokens: reply.promptTokens + completion },
    simulated: true,
  };
}

/**
 * A token chunk's SSE event split around the token text, built once per reply: the event is
 * `segments[0] + piece + segments[1] + … + piece + segments[n]` with `piece` JSON-encoded (one
 * per choice). Re-serialising the whole envelope per token cost ~15x more and blocked the event
 * loop on long unpaced streams. Key order and encoding match `JSON.stringify` of the envelope.
 */
function chunkTemplate(call: SimulationCall, reply: SimulatedReply, first: boolean): string[] {
  const segments = chunkRest(call.task === "chat", reply.n, first);
  segments[0] = eventOpen(call) + segments[0]!;
  segments[segments.length - 1] += '],"simulated":true}\n\n';
  return segments;
}

/** One chunk event from a {@link chunkTemplate}. */
function fillChunk(segments: readonly string[], piece: string): string {
  const encoded = JSON.stringify(piece);
  if (segments.length === 2) return segments[0]! + encoded + segments[1]!;
  let out = segments[0]!;
  for (let i = 1; i < segments.length; i++) out += encoded + segments[i]!;
  return out;
}

/** The closing chunk (finish_reason + usage) followed by `data: [DONE]`. */
export function finalEvents(call: SimulationCall, reply: SimulatedReply): string {
  const open = eventOpen(call);
  let out = "";
  for (const rest of closingRests(call.task === "chat", reply)) out += open + rest;
  return out + "data: [DONE]\n\n";
}

function usageOf(reply: SimulatedReply): JsonObject {
  const completion = choiceTokens(reply) * reply.n;
  return { prompt_tokens: reply.promptTokens, completion_tokens: completion, total_tokens: reply.promptTokens + completion };
}

/**
 * The stream body of a chat or completions reply: unpaced (`delayMs` 0), all of it as one {@link ReadyStream}
 * built at once (no generator, no per-token await, one Buffer), which the node:http adapter
 * writes in one `res.end`; paced, {@link streamEvents}. `abort` is read only when paced: the
 * request's signal is made on first use, and an unpaced stream never needs one.
 *
 * @example
 * const chunks = streamBody(call, simulateText(call), 0, request);
 * return { status: 200, headers: {}, body: { kind: "stream", contentType: "text/event-stream", chunks } };
 */
export function streamBody(call: SimulationCall, reply: SimulatedReply, delayMs: number, abort: { readonly signal: AbortSignal }): AsyncIterable<string | Uint8Array> {
  if (delayMs > 0) return streamEvents(call, reply, delayMs, abort.signal);
  return new ReadyStream(richReply(call, reply) ? Buffer.from(richEvents(call, reply).join("")) : unpacedStreamBytes(call, reply));
}

/** Ready events as a stream body: one {@link ReadyStream} unpaced, else {@link pacedEvents}. */
export function pacedBody(events: readonly string[], delayMs: number, abort: { readonly signal: AbortSignal }): AsyncIterable<string | Uint8Array> {
  return delayMs > 0 ? pacedEvents(events, delayMs, abort.signal) : new ReadyStream(Buffer.from(events.join("")));
}

/** Tool calls or logprobs: the chunk builder of chat-extras.ts, not the token templates. */
function richReply(call: SimulationCall, reply: SimulatedReply): boolean {
  return call.task === "chat" && ((reply.toolCalls?.length ?? 0) > 0 || reply.logprobs !== undefined);
}

/**
 * Streams a reply as SSE text. Unpaced (`delayMs` 0) it is one string; paced, tokens are released
 * on a fixed schedule from the start (no drift), and the stream stops when `signal` aborts.
 */
export async function* streamEvents(call: SimulationCall, reply: SimulatedReply, delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  if (richReply(call, reply)) {
    yield* pacedEvents(richEvents(call, reply), delayMs, signal);
    return;
  }
  if (delayMs <= 0) {
    yield unpacedStreamBytes(call, reply).toString("utf8");
    return;
  }
  // Only the first chunk carries the chat `role`.
  const firstChunk = chunkTemplate(call, reply, true);
  const laterChunk = chunkTemplate(call, reply, false);
  const start = performance.now();
  if (reply.tokens.length === 0) yield fillChunk(firstChunk, "");
  for (let i = 0; i < reply.tokens.length; i++) {
    const wait = start + i * delayMs - performance.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal.aborted) return;
    yield fillChunk(i === 0 ? firstChunk : laterChunk, reply.tokens[i]!);
  }
  yield finalEvents(call, reply);
}

function richEvents(call: SimulationCall, reply: SimulatedReply): string[] {
  const events = chatChunkEvents({
    id: call.id, created: call.created, model: call.model, n: reply.n, tokens: reply.tokens, toolCalls: reply.toolCalls ?? [],
    logprobs: reply.logprobs, finishReason: reply.finishReason, usage: usageOf(reply), includeUsage: reply.includeUsage === true,
  });
  events.push("data: [DONE]\n\n");
  return events;
}

/** Ready events released on the same fixed schedule as the token stream (all at once when unpaced). */
export async function* pacedEvents(events: readonly string[], delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  if (delayMs <= 0) {
    yield events.join("");
    return;
  }
  const start = performance.now();
  for (let i = 0; i < events.length; i++) {
    const wait = start + i * delayMs - performance.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal.aborted) return;
    yield events[i]!;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  // An abort listener added to an already-aborted signal never fires, so a client that left
  // while the stream was not being pulled would keep a live timer for up to delayMs.
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Deterministic unit-length embedding vectors, one per input string. */
export function embeddingsBody(call: SimulationCall): JsonObject {
  const raw = call.inputs["input"];
  const inputs = Array.isArray(raw) ? raw.map(String) : [String(raw)];
  const requested = extraNumber(call.inputs, "dimensions");
  const dims = requested !== undefined && requested > 0 && requested <= 4096 ? requested : 1536;
  // OpenAI's SDK asks for base64 (little-endian float32) by default and decodes it itself.
  const base64 = call.inputs["encoding_format"] === "base64";
  const data = inputs.map((input, index) => {
    const values = vector(input, dims);
    return { object: "embedding", index, embedding: base64 ? Buffer.from(new Float32Array(values).buffer).toString("base64") : values };
  });
  const prompt = inputs.reduce((sum, s) => sum + countTokens(s), 0);
  return { object: "list", data, model: call.model, usage: { prompt_tokens: prompt, total_tokens: prompt }, simulated: true };
}

function vector(input: string, dims: number): number[] {
  const random = prng(hash32(input));
  const out = new Array<number>(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const v = random() * 2 - 1;
    out[i] = v;
    norm += v * v;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) out[i] = Math.round(out[i]! * scale * 1e6) / 1e6;
  return out;
}
