import type { ChatCompletion, ChatCompletionChunk, ToolCall, Usage } from "../../schemas/index.js";

/** What one choice of a stream adds up to so far. */
export interface AccumulatedChoice {
  readonly index: number;
  role: string;
  content: string;
  /** Whole tool calls, by their stream `index` (fragments of `arguments` already joined). */
  readonly toolCalls: ToolCall[];
  finishReason: string | null;
}

type MutableCall = ToolCall & { id: string; function: { name: string; arguments: string } };

/**
 * Folds `predictStream` chunks into whole messages: text joined, and tool-call deltas merged by
 * `index` (the first delta of a call carries `id`, `type`, `function.name`; later ones carry
 * pieces of `function.arguments`), per choice. Feed it every chunk; read `toolCalls` or
 * `completion()` when the stream ends.
 *
 * @example
 * const acc = new ChatStreamAccumulator();
 * for await (const chunk of client.predictStream({ endpoint: "chat", inputs: { messages, tools: [getWeather] } })) acc.push(chunk);
 * for (const call of acc.toolCalls) console.log(call.function.name, JSON.parse(call.function.arguments));
 */
export class ChatStreamAccumulator {
  readonly #choices = new Map<number, AccumulatedChoice>();
  #id: string | undefined;
  #model: string | undefined;
  #created: number | undefined;
  #usage: Usage | undefined;

  /** Adds one chunk. */
  push(chunk: ChatCompletionChunk): void {
    if (this.#id === undefined && typeof chunk.id === "string") this.#id = chunk.id;
    if (this.#model === undefined && typeof chunk.model === "string") this.#model = chunk.model;
    if (this.#created === undefined && typeof chunk.created === "number") this.#created = chunk.created;
    if (chunk.usage != null) this.#usage = chunk.usage;
    for (const c of chunk.choices ?? []) {
      const index = c.index ?? 0;
      let choice = this.#choices.get(index);
      if (choice === undefined) {
        choice = { index, role: "assistant", content: "", toolCalls: [], finishReason: null };
        this.#choices.set(index, choice);
      }
      const delta = c.delta;
      if (delta === undefined) continue;
      if (typeof delta.role === "string") choice.role = delta.role;
      if (typeof delta.content === "string") choice.content += delta.content;
      if (c.finish_reason != null) choice.finishReason = c.finish_reason;
      for (const d of delta.tool_calls ?? []) {
        const at = typeof d.index === "number" ? d.index : choice.toolCalls.length;
        let call = choice.toolCalls[at] as MutableCall | undefined;
        if (call === undefined) {
          call = { id: "", type: "function", function: { name: "", arguments: "" } };
          choice.toolCalls[at] = call;
        }
        if (typeof d.id === "string" && d.id !== "") call.id = d.id;
        // Names arrive whole in the first delta; a provider that splits them is joined too.
        if (typeof d.function?.name === "string") call.function.name = call.function.name === "" || call.function.name === d.function.name ? d.function.name : call.function.name + d.function.name;
        if (typeof d.function?.arguments === "string") call.function.arguments += d.function.arguments;
      }
    }
  }

  /** The tool calls of choice 0, whole (empty when the model answered in text). */
  get toolCalls(): ToolCall[] {
    return this.choice(0)?.toolCalls.filter((c) => c !== undefined) ?? [];
  }

  /** The text of choice 0 so far. */
  get content(): string {
    return this.choice(0)?.content ?? "";
  }

  /** The finish reason of choice 0 (`"tool_calls"`, `"stop"`, `"length"`), once sent. */
  get finishReason(): string | null {
    return this.choice(0)?.finishReason ?? null;
  }

  /** The usage, when the stream sent one. */
  get usage(): Usage | undefined {
    return this.#usage;
  }

  /** One choice by index. */
  choice(index: number): AccumulatedChoice | undefined {
    return this.#choices.get(index);
  }

  /** The stream as the non-streamed reply would have been: `chat.completion` with messages and tool calls. */
  completion(): ChatCompletion {
    const choices = [...this.#choices.values()].sort((a, b) => a.index - b.index).map((c) => {
      const calls = c.toolCalls.filter((t) => t !== undefined);
      const message: ChatCompletion["choices"][number]["message"] = { role: c.role, content: calls.length > 0 && c.content === "" ? null : c.content };
      if (calls.length > 0) message.tool_calls = calls;
      return { index: c.index, message, finish_reason: c.finishReason };
    });
    const out: ChatCompletion = { object: "chat.completion", choices };
    if (this.#id !== undefined) out.id = this.#id;
    if (this.#created !== undefined) out.created = this.#created;
    if (this.#model !== undefined) out.model = this.#model;
    if (this.#usage !== undefined) out.usage = this.#usage;
    return out;
  }
}

/**
 * Reads a chat stream to its end and returns the whole reply, tool calls merged
 * (`choices[0].message.tool_calls`); `onChunk` sees every chunk on the way (to print text as it comes).
 *
 * @example
 * const reply = await accumulateChatStream(client.predictStream({ endpoint: "chat", inputs }), (c) => write(c.choices[0]?.delta.content ?? ""));
 * const calls = reply.choices[0]?.message.tool_calls ?? [];
 */
export async function accumulateChatStream(stream: AsyncIterable<ChatCompletionChunk>, onChunk?: (chunk: ChatCompletionChunk) => void): Promise<ChatCompletion> {
  const acc = new ChatStreamAccumulator();
  for await (const chunk of stream) {
    acc.push(chunk);
    onChunk?.(chunk);
  }
  return acc.completion();
}
