import { responseInputSchema, type ResponseInput, type ResponseObject, type ResponseStreamEvent } from "../../schemas/index.js";
import { outputText } from "../streaming/response-accumulator.js";
import { checkToolInputs } from "../tools/check-inputs.js";
import { batchMsArg } from "./arguments.js";
import { check, type CallOptions, type ResourceContext } from "./context.js";
import { EventStream } from "../streaming/event-stream.js";

/**
 * Arguments of `predictResponse` / `predictResponseStream`.
 *
 * @example
 * const args: ResponseArgs = { endpoint: "chat", inputs: { input: "Hello", max_output_tokens: 64 } };
 */
export interface ResponseArgs extends CallOptions {
  readonly endpoint: string;
  /** The Responses body (`input`, `instructions`, `tools`, `text.format`, `max_output_tokens`, …) without `model`. */
  readonly inputs: ResponseInput;
  /**
   * `"responses"` (default): `POST /serving-endpoints/responses` with `model` = the endpoint (OpenAI
   * and external models, agents). `"invocations"`: `POST /serving-endpoints/{endpoint}/invocations`,
   * the MLflow ResponsesAgent route (a string `input` is sent as one user message there).
   */
  readonly route?: "responses" | "invocations" | undefined;
  /** Streams only (checked, then ignored, by `predictResponse`): read the reply at most once per `batchMs` (see `PredictStreamArgs.batchMs`). */
  readonly batchMs?: number | undefined;
}

function pathOf(args: ResponseArgs): string {
  return args.route === "invocations" ? `/serving-endpoints/${encodeURIComponent(args.endpoint)}/invocations` : "/serving-endpoints/responses";
}

function bodyOf(ctx: ResourceContext, args: ResponseArgs, stream: boolean): Record<string, unknown> {
  const inputs = check(ctx, responseInputSchema, stream ? { ...args.inputs, stream: true } : args.inputs, "response inputs");
  checkToolInputs(inputs, "response inputs", true);
  if (args.route === "invocations") {
    const input = typeof inputs.input === "string" ? [{ role: "user", content: inputs.input }] : inputs.input;
    return { ...inputs, input };
  }
  return { model: args.endpoint, ...inputs };
}

/**
 * One Responses call. The reply gets `output_text` (every `output_text` part joined), as the
 * OpenAI SDKs compute it. Retried only when the server did not run the model.
 *
 * @example
 * const r = await predictResponse(ctx, { endpoint: "chat", inputs: { input: "Hi" } });
 */
export async function predictResponse(ctx: ResourceContext, args: ResponseArgs): Promise<ResponseObject> {
  // Ignored by a call that does not stream, but not let through wrong: the same arguments often go to both.
  batchMsArg("predictResponse", args);
  const body = bodyOf(ctx, args, false);
  const reply = await ctx.pipeline.json<ResponseObject>({ method: "POST", path: pathOf(args), body, retry: "unprocessed", signal: args.signal, alwaysJson: true });
  if (Array.isArray(reply.output) && typeof reply.output_text !== "string") reply.output_text = outputText(reply);
  return reply;
}

/**
 * A streamed Responses call (`stream: true` forced): the events as sent, typed by `type`.
 * `accumulateResponse(stream)` folds them into the final response.
 *
 * @example
 * for await (const e of predictResponseStream(ctx, { endpoint: "chat", inputs: { input: "Hi" } })) if (e.type === "response.output_text.delta") write(e.delta);
 */
export function predictResponseStream(ctx: ResourceContext, args: ResponseArgs): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  const pipeline = ctx.pipeline;
  // Validated in the opener, so a bad payload fails at the first next() as a generator's would.
  return new EventStream<ResponseStreamEvent>(() => {
    const batched = batchMsArg("predictResponseStream", args) > 0;
    return pipeline.open({ method: "POST", path: pathOf(args), body: bodyOf(ctx, args, true), retry: "unprocessed", signal: args.signal, batched }, "sse");
  }, pipeline.idleTimeoutMs, () => batchMsArg("predictResponseStream", args), isDelta);
}

/** A batched read is held only from the first delta (text, arguments), not behind `response.created` and the like. */
function isDelta(event: ResponseStreamEvent): boolean {
  const type = (event as { type?: unknown }).type;
  return typeof type !== "string" || type.endsWith(".delta");
}
