/**
 * The bytes of an unpaced plain-text chat or completions stream, built from a per-reply template.
 *
 * Every event of such a stream is `data: {` + the stream's head (`"id"`, `"object"`, `"created"`,
 * `"model"`, then `"choices":[`) + a rest that depends only on the reply's words and shape (the
 * delta, finish reason, usage). The rests are made once per reply and kept, UTF-8 encoded, for
 * the reply's token array (replies of the same question share one frozen array, see
 * simulated-model.ts), so a repeated stream costs one small head encoding and a copy per event:
 * no `JSON.stringify` per token, no string rope to flatten and transcode. The bytes are exactly
 * those of serialising each event's envelope with `JSON.stringify` (test/emulator/serving).
 */

/** What the head of every event needs. */
export interface StreamHead {
  readonly task: "chat" | "completions" | "embeddings";
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

/** What the rests of the events need. */
export interface StreamShape {
  readonly tokens: readonly string[];
  readonly n: number;
  readonly finishReason: string;
  readonly promptTokens: number;
  readonly includeUsage?: boolean;
}

interface Encoded {
  readonly rests: readonly Buffer[];
  readonly bytes: number;
}

/**
 * Encoded rests by token array (an id per array, given on first use) and the shape's other fields,
 * oldest dropped first once they hold more than {@link ENCODED_CACHE_BYTES}: a conversation's
 * growing prompt makes a new shape per turn, so a count of entries alone would not bound memory.
 */
const arrayIds = new WeakMap<readonly string[], number>();
let nextArrayId = 0;
const encodedCache = new Map<string, Encoded>();
let encodedBytes = 0;
const ENCODED_CACHE_BYTES = 8 * 2 ** 20;

/**
 * The whole SSE body of an unpaced stream: token chunks (the first chat chunk carries the role;
 * one empty chunk when there are no tokens), the closing chunk with the finish reason and usage
 * (or, with `includeUsage`, usage in a chunk of its own with `choices: []`), then `data: [DONE]`.
 *
 * @example
 * const bytes = unpacedStreamBytes({ task: "chat", id: "chatcmpl-1", created: 1, model: "m" }, { tokens: ["Hi", " there"], n: 1, finishReason: "stop", promptTokens: 3 });
 * bytes.toString().startsWith('data: {"id":"chatcmpl-1"'); // true
 */
export function unpacedStreamBytes(head: StreamHead, shape: StreamShape): Buffer {
  const open = eventOpen(head);
  const chat = head.task === "chat";
  // A token array not shared between replies (cut by max_tokens or stop, masked) is used once:
  // its rests are joined as text instead of being encoded and kept.
  if (!Object.isFrozen(shape.tokens)) {
    const rests = restsOf(chat, shape);
    let all = "";
    for (const rest of rests) all += open + rest;
    return Buffer.from(all + "data: [DONE]\n\n");
  }
  const encoded = encodedRests(chat, shape);
  const openBytes = Buffer.from(open);
  const out = Buffer.allocUnsafe(encoded.bytes + encoded.rests.length * openBytes.length);
  let at = 0;
  for (const rest of encoded.rests) {
    out.set(openBytes, at);
    at += openBytes.length;
    out.set(rest, at);
    at += rest.length;
  }
  return out;
}

function encodedRests(chat: boolean, shape: StreamShape): Encoded {
  let id = arrayIds.get(shape.tokens);
  if (id === undefined) arrayIds.set(shape.tokens, (id = nextArrayId++));
  const key = `${id}|${chat ? "c" : "p"}${shape.n}|${shape.finishReason}|${shape.promptTokens}|${shape.includeUsage === true ? 1 : 0}`;
  let encoded = encodedCache.get(key);
  if (encoded === undefined) {
    const texts = restsOf(chat, shape);
    texts[texts.length - 1] += "data: [DONE]\n\n";
    // One allocation for all of them; each rest is a view into it.
    const all = Buffer.from(texts.join(""));
    const rests: Buffer[] = [];
    let at = 0;
    for (const text of texts) {
      const length = Buffer.byteLength(text);
      rests.push(all.subarray(at, at + length));
      at += length;
    }
    encoded = { rests, bytes: all.length };
    if (encoded.bytes <= ENCODED_CACHE_BYTES / 8) {
      encodedCache.set(key, encoded);
      encodedBytes += encoded.bytes;
      while (encodedBytes > ENCODED_CACHE_BYTES) {
        const [oldest, dropped] = encodedCache.entries().next().value!;
        encodedCache.delete(oldest);
        encodedBytes -= dropped.bytes;
      }
    }
  }
  return encoded;
}

/** The text after each event's head, in order (the `data: [DONE]` line not included). */
function restsOf(chat: boolean, shape: StreamShape): string[] {
  const rests: string[] = [];
  const tail = '],"simulated":true}\n\n';
  const first = chunkRest(chat, shape.n, true);
  const later = chunkRest(chat, shape.n, false);
  const tokens = shape.tokens.length === 0 ? [""] : shape.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const parts = i === 0 ? first : later;
    const piece = JSON.stringify(tokens[i]);
    let rest = parts[0]!;
    for (let p = 1; p < parts.length; p++) rest += piece + parts[p]!;
    rests.push(rest + tail);
  }
  rests.push(...closingRests(chat, shape));
  return rests;
}

/**
 * The closing events' rests: the finish reason with usage, or (`includeUsage`) the finish reason,
 * then usage in a chunk of its own with `choices: []`. Paced streams close with the same text.
 */
export function closingRests(chat: boolean, shape: StreamShape): string[] {
  const choices = [];
  for (let index = 0; index < shape.n; index++) {
    choices.push(chat ? { index, delta: {}, finish_reason: shape.finishReason } : { index, text: "", finish_reason: shape.finishReason });
  }
  const closing = JSON.stringify(choices).slice(1);
  const completion = shape.tokens.length * shape.n;
  const usage = JSON.stringify({ prompt_tokens: shape.promptTokens, completion_tokens: completion, total_tokens: shape.promptTokens + completion });
  // Asked for (stream_options.include_usage): OpenAI's own last chunk with `choices: []`; never sent
  // otherwise, because the AI SDK resets the finish reason to "other" on such a chunk.
  if (shape.includeUsage === true) return [`${closing},"simulated":true}\n\n`, `],"usage":${usage},"simulated":true}\n\n`];
  return [`${closing},"usage":${usage},"simulated":true}\n\n`];
}

/**
 * What every event of a stream starts with: `data: {` and the head, up to the opening of `choices`.
 *
 * @example
 * eventOpen({ task: "chat", id: "x", created: 1, model: "m" }); // 'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":['
 */
export function eventOpen(head: StreamHead): string {
  return `data: {"id":${JSON.stringify(head.id)},"object":${head.task === "chat" ? '"chat.completion.chunk"' : '"text_completion"'},"created":${JSON.stringify(head.created)},"model":${JSON.stringify(head.model)},"choices":[`;
}

/**
 * One token chunk's choices split around the token text (one piece per choice, then the close of
 * the last choice): the token's JSON string goes between each pair.
 *
 * @example
 * chunkRest(true, 1, false); // ['{"index":0,"delta":{"content":', '},"finish_reason":null}']
 */
export function chunkRest(chat: boolean, n: number, first: boolean): string[] {
  const parts: string[] = [];
  let open = "";
  for (let index = 0; index < n; index++) {
    const choiceOpen = chat ? (first ? `{"index":${index},"delta":{"role":"assistant","content":` : `{"index":${index},"delta":{"content":`) : `{"index":${index},"text":`;
    parts.push(`${open}${index === 0 ? "" : ","}${choiceOpen}`);
    open = chat ? `},"finish_reason":null}` : `,"finish_reason":null}`;
  }
  parts.push(open);
  return parts;
}
