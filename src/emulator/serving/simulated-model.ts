import type { JsonObject } from "../store/records.js";
import { countTokens, fillerTokens, hash32, introText, prng, tokenize, wantsLongReply } from "./simulated-text.js";

/** What the simulated model needs to know about a call. */
export interface SimulationCall {
  readonly task: "chat" | "completions" | "embeddings";
  readonly inputs: JsonObject;
  readonly endpoint: string;
  readonly model: string;
  readonly id: string;
  readonly created: number;
}

/** A generated reply before it is shaped as JSON or SSE. */
export interface SimulatedReply {
  readonly tokens: readonly string[];
  readonly finishReason: "stop" | "length";
  readonly promptTokens: number;
  readonly n: number;
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

/** Message content as text: a string, or the text parts of a multi-part content array. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === "object" && part !== null && typeof (part as JsonObject)["text"] === "string" ? (part as JsonObject)["text"] : "")).join("");
  }
  return "";
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
 * Generates the reply for a chat or completions call. Length: `extra_params.simulated_tokens`
 * when given (exactly that many tokens), else a long reply when the question asks for one
 * ("long", "essay", "detailed"), else the short intro. `max_tokens` truncates with
 * finish_reason "length".
 */
export function simulateText(call: SimulationCall): SimulatedReply {
  const question = questionOf(call.task, call.inputs);
  const intro = tokenize(introText(call.task === "chat" ? "chat" : "completions", question, call.endpoint, call.model));
  const maxTokens = extraNumber(call.inputs, "max_tokens");
  const requested = extraNumber(call.inputs, "simulated_tokens");
  let target = requested === undefined ? undefined : Math.min(requested, MAX_SIMULATED_TOKENS);
  if (target === undefined && wantsLongReply(question)) target = DEFAULT_LONG_TOKENS;
  let tokens: string[] = intro;
  if (target !== undefined) {
    tokens = target <= intro.length ? intro.slice(0, target) : intro.concat(fillerTokens(target - intro.length, hash32(question)));
  }
  let finishReason: "stop" | "length" = "stop";
  if (maxTokens !== undefined && tokens.length > maxTokens) {
    tokens = tokens.slice(0, maxTokens);
    finishReason = "length";
  }
  const n = Math.min(Math.max(extraNumber(call.inputs, "n") ?? 1, 1), 5);
  return { tokens, finishReason, promptTokens: promptTokensOf(call.task, call.inputs), n };
}

/** The non-streaming chat or completions response body. */
export function completionBody(call: SimulationCall, reply: SimulatedReply): JsonObject {
  const text = reply.tokens.join("");
  const choices = [];
  for (let index = 0; index < reply.n; index++) {
    choices.push(
      call.task === "chat"
        ? { index, message: { role: "assistant", content: text }, finish_reason: reply.finishReason, logprobs: null }
        : { index, text, finish_reason: reply.finishReason, logprobs: null },
    );
  }
  const completion = reply.tokens.length * reply.n;
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
  const object = call.task === "chat" ? "chat.completion.chunk" : "text_completion";
  const segments: string[] = [];
  let open = `data: {"id":${JSON.stringify(call.id)},"object":${JSON.stringify(object)},"created":${JSON.stringify(call.created)},"model":${JSON.stringify(call.model)},"choices":[`;
  for (let index = 0; index < reply.n; index++) {
    const choiceOpen = call.task === "chat" ? (first ? `{"index":${index},"delta":{"role":"assistant","content":` : `{"index":${index},"delta":{"content":`) : `{"index":${index},"text":`;
    segments.push(`${open}${index === 0 ? "" : ","}${choiceOpen}`);
    open = call.task === "chat" ? `},"finish_reason":null}` : `,"finish_reason":null}`;
  }
  segments.push(`${open}],"simulated":true}\n\n`);
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
  const choices = [];
  for (let index = 0; index < reply.n; index++) {
    choices.push(call.task === "chat" ? { index, delta: {}, finish_reason: reply.finishReason } : { index, text: "", finish_reason: reply.finishReason });
  }
  const completion = reply.tokens.length * reply.n;
  const body = {
    id: call.id,
    object: call.task === "chat" ? "chat.completion.chunk" : "text_completion",
    created: call.created,
    model: call.model,
    choices,
    usage: { prompt_tokens: reply.promptTokens, completion_tokens: completion, total_tokens: reply.promptTokens + completion },
    simulated: true,
  };
  return `data: ${JSON.stringify(body)}\n\ndata: [DONE]\n\n`;
}

/**
 * Streams a reply as SSE text. Unpaced (`delayMs` 0) it is one string; paced, tokens are released
 * on a fixed schedule from the start (no drift), and the stream stops when `signal` aborts.
 */
export async function* streamEvents(call: SimulationCall, reply: SimulatedReply, delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  // Only the first chunk carries the chat `role`.
  const firstChunk = chunkTemplate(call, reply, true);
  const laterChunk = chunkTemplate(call, reply, false);
  if (delayMs <= 0) {
    let all = "";
    reply.tokens.forEach((piece, i) => (all += fillChunk(i === 0 ? firstChunk : laterChunk, piece)));
    if (reply.tokens.length === 0) all += fillChunk(firstChunk, "");
    yield all + finalEvents(call, reply);
    return;
  }
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
