import { tslabDisplay, type NotebookDisplay } from "./display.js";
import { safeMarkdown } from "./markdown.js";
import { readChunk } from "../conversation/chunk.js";
import { tokensPerSecond } from "../conversation/stats.js";
import type { UsageLike } from "./usage.js";

/**
 * What `renderStream` saw: the whole text and the figures of the stream.
 *
 * @example
 * const reply: StreamedReply = await renderStream(client.predictStream({ endpoint: "chat", inputs }));
 * console.log(reply.timeToFirstTokenMs, reply.tokensPerSecond);
 */
export interface StreamedReply {
  readonly text: string;
  /** Chunks (or text deltas) received. */
  readonly chunks: number;
  /** `usage` of the last chunk that carried one. */
  readonly usage?: UsageLike;
  readonly finishReason?: string;
  readonly model?: string;
  /** True when the emulator's simulated model wrote it (`"simulated": true` on the chunks). */
  readonly simulated: boolean;
  /** Milliseconds from the call to the first text. */
  readonly timeToFirstTokenMs?: number;
  /** Milliseconds from the call to the end of the stream. */
  readonly durationMs: number;
  /** Completion tokens per second after the first token (usage when reported, else text chunks). */
  readonly tokensPerSecond?: number;
}

/**
 * Options of `renderStream`.
 *
 * @example
 * await renderStream(stream, { intervalMs: 100, write: (s) => log.push(s) });
 */
export interface RenderStreamOptions {
  /** Where to show the reply; by default tslab's display inside a tslab kernel. */
  display?: NotebookDisplay;
  /** Outside a notebook, where the deltas go; default `process.stdout.write`. */
  write?: (text: string) => void;
  /** Least time between two refreshes of the live display, in ms (default 50). */
  intervalMs?: number;
}

/**
 * Shows a streamed reply as it arrives and returns it with its figures. In a tslab notebook the
 * reply grows in one output (Markdown, refreshed at most every `intervalMs`); elsewhere the deltas
 * are written to stdout. Takes `client.predictStream(...)` (chat or completion chunks) or anything
 * iterable as text deltas (a `Conversation` reply). One `await` — no top-level `for await`, which
 * tslab cannot run.
 *
 * @example
 * const reply = await renderStream(client.predictStream({ endpoint: "chat", inputs: { messages } }));
 * show(usageSummary({ label: "stream", usage: reply.usage, durationMs: reply.durationMs }));
 */
export async function renderStream(stream: AsyncIterable<unknown> | PromiseLike<AsyncIterable<unknown>>, options: RenderStreamOptions = {}): Promise<StreamedReply> {
  const started = performance.now();
  const display = options.display ?? tslabDisplay();
  const live = display?.newDisplay?.();
  const write = options.write ?? ((s: string) => void process.stdout.write(s));
  const interval = options.intervalMs ?? 50;
  let text = "";
  let chunks = 0;
  let textChunks = 0;
  let usage: UsageLike | undefined;
  let finishReason: string | undefined;
  let model: string | undefined;
  let simulated = false;
  let firstAt: number | undefined;
  let shownAt = 0;
  // Text that arrived inside an interval is shown when the interval ends, not only with the next
  // chunk: a model that writes a sentence and then thinks for seconds must not leave it hidden.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refresh = (final: boolean, note = "") => {
    if (!live) return;
    const now = performance.now();
    if (!final && now - shownAt < interval) {
      pending ??= setTimeout(() => { pending = undefined; refresh(false); }, interval - (now - shownAt));
      return;
    }
    if (pending !== undefined) { clearTimeout(pending); pending = undefined; }
    shownAt = now;
    live.markdown(`${safeMarkdown(text) || (final ? "_(empty reply)_" : "")}${final ? "" : " ▍"}${note}`);
  };
  try {
    // A Conversation's Reply is both iterable and awaitable: iterate it, never await it whole.
    const iterable = Symbol.asyncIterator in Object(stream) ? (stream as AsyncIterable<unknown>) : await stream;
    for await (const item of iterable) {
      chunks++;
      // The same reader as Conversation's: a text delta, or a chat / completion chunk.
      const read = readChunk(item);
      if (read.usage) usage = read.usage;
      if (read.finishReason) finishReason = read.finishReason;
      if (read.model) model = read.model;
      if (read.simulated) simulated = true;
      if (read.text === "") continue;
      firstAt ??= performance.now();
      textChunks++;
      text += read.text;
      if (live) refresh(false);
      else if (!display) write(read.text);
    }
  } catch (error) {
    refresh(true, `\n\n_(stream failed: ${safeMarkdown(error instanceof Error ? `${error.name}: ${error.message}` : String(error))})_`);
    if (!display && text) write("\n");
    throw error;
  }
  const ended = performance.now();
  if (live) refresh(true);
  else if (display) display.markdown(safeMarkdown(text) || "_(empty reply)_");
  else if (text) write("\n");
  const speed = tokensPerSecond({ completionTokens: usage?.completion_tokens, textChunks, firstTextAtMs: firstAt, endedAtMs: ended });
  return {
    text,
    chunks,
    ...(usage ? { usage } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(model ? { model } : {}),
    simulated,
    ...(firstAt !== undefined ? { timeToFirstTokenMs: firstAt - started } : {}),
    durationMs: ended - started,
    ...(speed !== undefined ? { tokensPerSecond: speed } : {}),
  };
}
