import { queryInputSchema, type ChatCompletionChunk, type QueryInput, type QueryResponse } from "../../schemas/index.js";
import { EventStream } from "../streaming/event-stream.js";
import { checkToolInputs } from "../tools/check-inputs.js";
import { batchMsArg, predictArgs } from "./arguments.js";
import { check, type CallOptions, type ResourceContext } from "./context.js";
import { CANCEL_HOOK, RETRY_MODE, type CancelHookCarrier, type RetryModeCarrier } from "../internal-options.js";

/**
 * Arguments of `predict` / `predictStream`: the endpoint, the wire `inputs` (chat `messages`,
 * completions `prompt`, embeddings `input`, or a custom model's `dataframe_records`…), and
 * optionally one served model of the endpoint to query directly.
 *
 * @example
 * const args: PredictArgs = { endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }], max_tokens: 64 } };
 */
export interface PredictArgs extends CallOptions {
  readonly endpoint: string;
  readonly inputs: QueryInput;
  /** Query this served model (`/served-models/{name}/invocations`) instead of the endpoint's traffic split. */
  readonly servedModel?: string | undefined;
}

/**
 * Arguments of `predictStream`: those of `predict`, and how often the reply may be read.
 *
 * @example
 * // A UI that redraws every 80 ms anyway: the process wakes once per redraw, not once per token.
 * const args: PredictStreamArgs = { endpoint: "chat", inputs: { messages }, batchMs: 80 };
 */
export interface PredictStreamArgs extends PredictArgs {
  /**
   * Read the reply at most once per `batchMs` milliseconds (0, the default: as each event comes).
   * On the node transport the socket is left unread in between, so the kernel gathers the events
   * and one read takes them all: far less CPU for a stream shown on a timer, at the cost of up to
   * `batchMs` of delay per event. The first event is read as it comes. Ignored by the fetch transport.
   */
  readonly batchMs?: number | undefined;
}

function invocationsPath(endpoint: string, servedModel: string | undefined): string {
  const base = `/serving-endpoints/${encodeURIComponent(endpoint)}`;
  return servedModel === undefined ? `${base}/invocations` : `${base}/served-models/${encodeURIComponent(servedModel)}/invocations`;
}

/**
 * `POST /serving-endpoints/{name}/invocations`. Retried only when the server certainly did not
 * run the model (429, 503, connection refused). The response is returned as sent: not re-validated,
 * because the model is the authority over its output and this is the hot path.
 *
 * @example
 * const res = await predict(ctx, { endpoint: "chat", inputs: { messages } });
 */
export function predict<T = QueryResponse>(ctx: ResourceContext, args: PredictArgs): Promise<T> {
  predictArgs("predict", args);
  const body = checkQuery(ctx, args.inputs);
  const internal = args as RetryModeCarrier & CancelHookCarrier;
  const retry = internal[RETRY_MODE] ?? "unprocessed";
  return ctx.pipeline.json<T>({ method: "POST", path: invocationsPath(args.endpoint, args.servedModel), body, retry, signal: args.signal, cancel: internal[CANCEL_HOOK], alwaysJson: true });
}

/**
 * The same call with `stream: true` forced, as an async iterable of chunks. Validation happens at
 * the first `next()`; breaking out of the loop aborts the request.
 *
 * @example
 * for await (const chunk of predictStream(ctx, { endpoint: "chat", inputs })) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
 */
export function predictStream<T = ChatCompletionChunk>(ctx: ResourceContext, args: PredictStreamArgs): AsyncGenerator<T, void, undefined> {
  const pipeline = ctx.pipeline;
  // Validated in the opener, so a wrong argument shape or a bad payload fails at the first next() as a generator's would.
  return new EventStream<T>(() => {
    predictArgs("predictStream", args);
    const batched = batchMsArg("predictStream", args) > 0;
    const body = checkQuery(ctx, { ...args.inputs, stream: true });
    return pipeline.open({ method: "POST", path: invocationsPath(args.endpoint, args.servedModel), body, retry: "unprocessed", signal: args.signal, batched }, "sse");
  }, pipeline.idleTimeoutMs, () => batchMsArg("predictStream", args), carriesOutput);
}

/**
 * Whether a streamed chunk carries the reply itself (text, a tool call, a completion's text): a
 * batched read is held only from then on, so the first token is not held behind a role-only or
 * usage-only chunk. A chunk of another shape (an agent's) counts.
 */
function carriesOutput(chunk: unknown): boolean {
  const choices = (chunk as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return true;
  for (const choice of choices as { delta?: { content?: unknown; tool_calls?: unknown }; text?: unknown }[]) {
    const delta = choice?.delta;
    if ((typeof delta?.content === "string" && delta.content !== "") || delta?.tool_calls !== undefined) return true;
    if (typeof choice?.text === "string" && choice.text !== "") return true;
  }
  return false;
}

/** The inputs' schema, then the tool / response-format limits Databricks documents (both before the wire). */
function checkQuery(ctx: ResourceContext, inputs: QueryInput): QueryInput {
  const body = check(ctx, queryInputSchema, inputs, "predict inputs");
  checkToolInputs(body, "predict inputs", false);
  return body;
}
