import { z } from "zod";
import { once } from "./once.js";
import { TOOL_NAME } from "./tools.js";
import { deferred } from "./deferred.js";

// The OpenAI Responses API as Databricks serves it (modern-query-api.md §4, §5.1): requests on
// `POST /serving-endpoints/responses` (`model` = endpoint) and ResponsesAgent bodies on
// `/serving-endpoints/{name}/invocations`. Loose objects: agents add `custom_outputs`, traces.

const contentSchema = once(() => z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]));

/**
 * One item of a Responses `input`: a message (`{ role, content }`), a function call the model made
 * earlier, or a function call's output (`{ type: "function_call_output", call_id, output }`).
 *
 * @example
 * const items: ResponseInputItem[] = [{ role: "user", content: "get_weather for Paris" }];
 */
export const responseInputItemSchema = deferred(() => z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: contentSchema().optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.unknown().optional(),
  id: z.string().optional(),
}));
/** @example const item: ResponseInputItem = { type: "function_call_output", call_id: "call_1", output: "21" }; */
export type ResponseInputItem = z.infer<typeof responseInputItemSchema>;

/**
 * A function tool in the Responses API: flat (`name` at the top level, unlike chat completions).
 *
 * @example
 * const t: ResponseFunctionTool = { type: "function", name: "get_weather", parameters: { type: "object", properties: {} } };
 */
export const responseFunctionToolSchema = deferred(() => z.looseObject({
  type: z.string(),
  name: z.string().regex(TOOL_NAME, "must be 1-64 letters, digits, '_' or '-'").optional(),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
}));
/** @example const t: ResponseFunctionTool = { type: "function", name: "now" }; */
export type ResponseFunctionTool = z.infer<typeof responseFunctionToolSchema>;

/**
 * The body of a Responses call (without `model`, which the client fills from the endpoint name).
 * `input` is a string or a list of items; unknown fields pass through.
 *
 * @example
 * const body: ResponseInput = { input: "Hello", instructions: "Be brief.", max_output_tokens: 64 };
 */
export const responseInputSchema = deferred(() => z.looseObject({
  input: z.union([z.string(), z.array(responseInputItemSchema)]),
  instructions: z.string().nullable().optional(),
  tools: z.array(responseFunctionToolSchema).optional(),
  tool_choice: z.union([z.enum(["auto", "none", "required"]), z.looseObject({ type: z.string(), name: z.string().optional() })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  text: z.looseObject({ format: z.looseObject({ type: z.string() }).optional() }).optional(),
  max_output_tokens: z.number().int("must be an integer").positive("must be at least 1").optional(),
  temperature: z.number().min(0, "must be between 0 and 2").max(2, "must be between 0 and 2").optional(),
  stream: z.boolean().optional(),
  custom_inputs: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  databricks_options: z.record(z.string(), z.unknown()).optional(),
}));
/** @example const body: ResponseInput = { input: [{ role: "user", content: "Hi" }] }; */
export type ResponseInput = z.infer<typeof responseInputSchema>;

/**
 * One output item of a response: a `message` (with `output_text` parts), a `function_call`, a
 * `reasoning` item, or a `function_call_output` an agent ran itself.
 *
 * @example
 * const item: ResponseOutputItem = { type: "message", id: "msg_1", role: "assistant", content: [{ type: "output_text", text: "Hi" }] };
 */
export const responseOutputItemSchema = deferred(() => z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  status: z.string().optional(),
  role: z.string().optional(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.unknown().optional(),
}));
/** @example const call: ResponseOutputItem = { type: "function_call", id: "fc_1", call_id: "call_1", name: "f", arguments: "{}" }; */
export type ResponseOutputItem = z.infer<typeof responseOutputItemSchema>;

/**
 * Token counts of a response (Responses spelling: input / output tokens).
 *
 * @example
 * const u: ResponseUsage = { input_tokens: 12, output_tokens: 30, total_tokens: 42 };
 */
export const responseUsageSchema = deferred(() => z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
}));
/** @example const u: ResponseUsage = { input_tokens: 1, output_tokens: 2, total_tokens: 3 }; */
export type ResponseUsage = z.infer<typeof responseUsageSchema>;

/**
 * A Responses reply. `output_text` (every `output_text` part joined) is filled in by this client,
 * as the OpenAI SDKs do; agents add `custom_outputs` and, when asked, `databricks_output.trace`.
 *
 * @example
 * const r = await client.predictResponse({ endpoint: "chat", inputs: { input: "Hi" } });
 * console.log(r.output_text, r.usage?.output_tokens);
 */
export const responseObjectSchema = deferred(() => z.looseObject({
  id: z.string().optional(),
  object: z.string().optional(),
  created_at: z.number().optional(),
  status: z.string().optional(),
  model: z.string().optional(),
  output: z.array(responseOutputItemSchema).default([]),
  output_text: z.string().optional(),
  incomplete_details: z.looseObject({ reason: z.string().optional() }).nullable().optional(),
  usage: responseUsageSchema.nullable().optional(),
  custom_outputs: z.record(z.string(), z.unknown()).optional(),
}));
/** @example const r: ResponseObject = { output: [], output_text: "" }; */
export type ResponseObject = z.infer<typeof responseObjectSchema>;

/**
 * One event of a streamed Responses reply. The common ones are typed by `type`:
 * `response.created`, `response.output_text.delta`, `response.output_item.done`,
 * `response.function_call_arguments.delta`, `response.completed`; the rest (content parts,
 * Databricks' `responses.completed`, agent extras) arrive as {@link ResponseOtherEvent}.
 *
 * @example
 * for await (const e of client.predictResponseStream({ endpoint: "chat", inputs: { input: "Hi" } })) {
 *   if (e.type === "response.output_text.delta") process.stdout.write(e.delta);
 * }
 */
export type ResponseStreamEvent =
  | { readonly type: "response.created" | "response.in_progress" | "response.completed" | "response.incomplete" | "response.failed"; readonly sequence_number?: number; readonly response: ResponseObject }
  | { readonly type: "response.output_item.added" | "response.output_item.done"; readonly sequence_number?: number; readonly output_index?: number; readonly item: ResponseOutputItem }
  | { readonly type: "response.output_text.delta"; readonly sequence_number?: number; readonly item_id: string; readonly output_index?: number; readonly content_index?: number; readonly delta: string }
  | { readonly type: "response.output_text.done"; readonly sequence_number?: number; readonly item_id: string; readonly output_index?: number; readonly content_index?: number; readonly text: string }
  | { readonly type: "response.function_call_arguments.delta"; readonly sequence_number?: number; readonly item_id: string; readonly output_index?: number; readonly delta: string }
  | { readonly type: "response.function_call_arguments.done"; readonly sequence_number?: number; readonly item_id: string; readonly output_index?: number; readonly arguments: string; readonly name?: string }
  | ResponseOtherEvent;

/**
 * The other events seen on the wire, passed through untouched. (Types outside this list also pass
 * through at run time; they are typed as one of these so that narrowing on `type` stays exact.)
 *
 * @example
 * const e: ResponseOtherEvent = { type: "response.content_part.added" };
 */
export interface ResponseOtherEvent {
  readonly type:
    | "response.content_part.added" | "response.content_part.done" | "response.reasoning_summary_text.delta"
    | "response.reasoning_summary_text.done" | "responses.completed" | "function_call_output" | "error";
  readonly [key: string]: unknown;
}
