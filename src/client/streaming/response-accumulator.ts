import { DeploymentsError } from "../../errors/deployments-error.js";
import type { ResponseObject, ResponseOutputItem, ResponseStreamEvent, ResponseUsage } from "../../schemas/index.js";

/**
 * Every `output_text` part of a response's `message` items, joined (the SDKs' `output_text`).
 *
 * @example
 * console.log(outputText(await client.predictResponse({ endpoint: "chat", inputs: { input: "Hi" } })));
 */
export function outputText(response: Pick<ResponseObject, "output">): string {
  let text = "";
  for (const item of response.output ?? []) {
    if (item.type !== "message") continue;
    for (const part of item.content ?? []) if (part.type === "output_text" && typeof part.text === "string") text += part.text;
  }
  return text;
}

/**
 * A Responses stream ended in an `error` event or `response.failed`.
 *
 * @example
 * try { await accumulateResponse(stream); } catch (e) { if (e instanceof ResponseStreamError) console.log(e.code); }
 */
export class ResponseStreamError extends DeploymentsError {
  override name = "ResponseStreamError";
  readonly code: string | undefined;

  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

type Item = ResponseOutputItem & { content?: { type: string; text?: string }[] };

/**
 * Folds Responses stream events into the final response: the full OpenAI event set, and the
 * sparse agent streams that send only `response.output_text.delta` + `response.output_item.done`
 * (a done item replaces the text its deltas built, never doubles it). Usage comes from
 * `response.completed`, or Databricks' `responses.completed`.
 *
 * @example
 * const acc = new ResponseAccumulator();
 * for await (const e of client.predictResponseStream({ endpoint: "agent", inputs: { input: "Hi" }, route: "invocations" })) acc.push(e);
 * console.log(acc.response().output_text);
 */
export class ResponseAccumulator {
  #response: ResponseObject = { output: [] };
  readonly #items: Item[] = [];
  readonly #byId = new Map<string, Item>();
  #usage: ResponseUsage | undefined;
  #finished = false;

  /** Adds one event. Throws `ResponseStreamError` for an `error` event. */
  push(event: ResponseStreamEvent): void {
    const e = event as ResponseStreamEvent & Record<string, unknown>;
    switch (event.type) {
      case "response.created":
      case "response.in_progress":
        this.#response = { ...event.response, output: [] };
        return;
      case "response.completed":
      case "response.incomplete":
      case "response.failed": {
        const { output, ...rest } = event.response;
        this.#response = { ...this.#response, ...rest, output: [] };
        if (Array.isArray(output) && output.length > 0) {
          this.#items.length = 0;
          this.#byId.clear();
          output.forEach((item, i) => this.#place(item as Item, i));
        }
        if (event.response.usage != null) this.#usage = event.response.usage;
        this.#finished = true;
        return;
      }
      case "response.output_item.added":
      case "response.output_item.done":
        this.#place({ ...(event.item as Item), ...(event.item.content !== undefined ? { content: event.item.content.map((p) => ({ ...p })) } : {}) }, event.output_index);
        return;
      case "response.output_text.delta": {
        const item = this.#item(event.item_id, "message", event.output_index);
        const parts = (item.content ??= []);
        const at = event.content_index ?? 0;
        parts[at] ??= { type: "output_text", text: "" };
        parts[at]!.text = (parts[at]!.text ?? "") + event.delta;
        return;
      }
      case "response.function_call_arguments.delta": {
        const item = this.#item(event.item_id, "function_call", event.output_index);
        item.arguments = (item.arguments ?? "") + event.delta;
        return;
      }
      case "responses.completed": {
        const r = e["response"] as Partial<ResponseObject> | undefined;
        if (r?.usage != null && this.#usage === undefined) this.#usage = r.usage;
        if (typeof r?.status === "string" && this.#response.status === undefined) this.#response.status = r.status;
        if (r?.id !== undefined && this.#response.id === undefined) this.#response.id = r.id;
        return;
      }
      case "error":
        throw new ResponseStreamError(`The response stream failed: ${String(e["message"] ?? "error event")}`, typeof e["code"] === "string" ? e["code"] : undefined);
      default:
        return;
    }
  }

  /** True once `response.completed` (or incomplete / failed) arrived. */
  get finished(): boolean {
    return this.#finished;
  }

  /** The text so far (every `output_text` part). */
  get text(): string {
    return outputText({ output: this.#items.filter((i) => i !== undefined) });
  }

  /** The response as accumulated, with `output_text` and `usage`. */
  response(): ResponseObject {
    const output = this.#items.filter((i) => i !== undefined);
    const out: ResponseObject = { ...this.#response, output, output_text: outputText({ output }) };
    if (this.#usage !== undefined) out.usage = this.#usage;
    return out;
  }

  #place(item: Item, index: number | undefined): void {
    const existing = item.id === undefined ? undefined : this.#byId.get(item.id);
    const at = existing !== undefined ? this.#items.indexOf(existing) : index ?? this.#items.length;
    this.#items[at] = item;
    if (item.id !== undefined) this.#byId.set(item.id, item);
  }

  #item(id: string, type: string, index: number | undefined): Item {
    let item = this.#byId.get(id);
    if (item === undefined) {
      item = type === "message" ? { type, id, role: "assistant", content: [] } : { type, id, arguments: "" };
      this.#place(item, index);
    }
    return item;
  }
}

/**
 * Reads a Responses stream to its end and returns the final response (`output_text`, `usage`);
 * `onEvent` sees every event on the way.
 *
 * @example
 * const r = await accumulateResponse(client.predictResponseStream({ endpoint: "chat", inputs: { input: "Hi" } }), (e) => { if (e.type === "response.output_text.delta") write(e.delta); });
 */
export async function accumulateResponse(stream: AsyncIterable<ResponseStreamEvent>, onEvent?: (event: ResponseStreamEvent) => void): Promise<ResponseObject> {
  const acc = new ResponseAccumulator();
  for await (const event of stream) {
    acc.push(event);
    onEvent?.(event);
  }
  return acc.response();
}
