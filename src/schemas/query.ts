import { z } from "zod";
import { once } from "./once.js";
import { choiceLogprobsSchema, responseFormatSchema, toolCallDeltaSchema, toolCallSchema, toolChoiceSchema, toolDefinitionSchema } from "./tools.js";
import { deferred } from "./deferred.js";

// Query inputs are open (OpenAI-style parameters such as tools, top_p, response_format pass
// through); outputs accept unknown fields. Only the fields this library reads are typed.

const contentPartSchema = deferred(() => z.looseObject({ type: z.string(), text: z.string().optional() }));

/**
 * The roles Databricks chat models know; any other string is accepted too (a messages array kept in
 * a variable then needs no `as const`), and the server decides.
 *
 * @example
 * const r: ChatRole = "tool";
 */
export type ChatRole = "system" | "user" | "assistant" | "tool" | "developer" | "function" | (string & {});

/**
 * A chat message: `role` and `content` (a string, content parts, or null on an assistant message
 * that only calls tools). An assistant message may carry `tool_calls`; a `role: "tool"` message
 * answers one call by its `tool_call_id`.
 *
 * @example
 * const m: ChatMessage = { role: "user", content: "Hello!" };
 * const result: ChatMessage = { role: "tool", tool_call_id: "call_1", content: "{\"temp\":21}" };
 */
export const chatMessageSchema = deferred(() => z.looseObject({
  role: z.custom<ChatRole>((v) => typeof v === "string" && v.length > 0, "must be a non-empty string (system, user, assistant, tool, …)"),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
}));
/** @example const m: ChatMessage = { role: "system", content: "You are terse." }; */
export type ChatMessage = z.infer<typeof chatMessageSchema>;

const stringOrStrings = deferred(() => z.union([z.string(), z.array(z.string())]));

/**
 * What `predict` sends to `/serving-endpoints/{name}/invocations`: chat (`messages`), completions
 * (`prompt`), embeddings (`input`), or custom-model inputs (`dataframe_split`, `dataframe_records`,
 * `instances`, `inputs`). Unknown fields pass through.
 *
 * @example
 * const q: QueryInput = { messages: [{ role: "user", content: "Hi" }], max_tokens: 64, temperature: 0.2 };
 */
export const queryInputSchema = deferred(() => z.looseObject({
  messages: z.array(chatMessageSchema).optional(),
  prompt: stringOrStrings.optional(),
  input: stringOrStrings.optional(),
  max_tokens: z.number().int("must be an integer").positive("must be at least 1").optional(),
  max_completion_tokens: z.number().int("must be an integer").positive("must be at least 1").optional(),
  tools: z.array(toolDefinitionSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormatSchema.optional(),
  logprobs: z.boolean().optional(),
  top_logprobs: z.number().int("must be an integer").min(0, "must be between 0 and 20").max(20, "must be between 0 and 20").optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).optional(),
  temperature: z.number().min(0, "must be between 0 and 2").max(2, "must be between 0 and 2").optional(),
  n: z.number().int("must be an integer").positive("must be at least 1").optional(),
  stop: stringOrStrings.optional(),
  stream: z.boolean().optional(),
  extra_params: z.record(z.string(), z.unknown()).optional(),
  dataframe_split: z.looseObject({ columns: z.array(z.unknown()).optional(), data: z.array(z.unknown()), index: z.array(z.unknown()).optional() }).optional(),
  dataframe_records: z.array(z.record(z.string(), z.unknown())).optional(),
  instances: z.array(z.unknown()).optional(),
  inputs: z.unknown().optional(),
  client_request_id: z.string().optional(),
  usage_context: z.record(z.string(), z.string()).optional(),
}));
/** @example const q: QueryInput = { input: ["first sentence", "second"] }; */
export type QueryInput = z.infer<typeof queryInputSchema>;

/**
 * Token counts of a reply.
 *
 * @example
 * const u: Usage = { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 };
 */
export const usageSchema = deferred(() => z.looseObject({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
}));
/** @example const u: Usage = { prompt_tokens: 3, total_tokens: 3 }; */
export type Usage = z.infer<typeof usageSchema>;

const replyMessageSchema = deferred(() => z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  refusal: z.string().nullable().optional(),
}));

const nullableString = once(() => z.string().nullable().optional());

/** The fields every reply (and stream chunk) starts with, OpenAI-style. */
const replyHeader = once(() => ({
  id: z.string().optional(),
  object: z.string().optional(),
  created: z.number().optional(),
  model: z.string().optional(),
}));

/**
 * A chat reply (`object: "chat.completion"`).
 *
 * @example
 * const reply = (await client.predict({ endpoint: "chat", inputs })) as ChatCompletion;
 * console.log(reply.choices[0]?.message.content);
 */
export const chatCompletionSchema = deferred(() => z.looseObject({
  ...replyHeader(),
  choices: z
    .array(z.looseObject({ index: z.number().optional(), message: replyMessageSchema, finish_reason: nullableString(), logprobs: choiceLogprobsSchema.nullable().optional() }))
    .default([]),
  usage: usageSchema.nullable().optional(),
}));
/** @example const c: ChatCompletion = { choices: [{ index: 0, message: { role: "assistant", content: "Hi" }, finish_reason: "stop" }] }; */
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

/**
 * One streamed piece of a chat reply (`object: "chat.completion.chunk"`); the last may carry only `usage`.
 *
 * @example
 * for await (const chunk of client.predictStream({ endpoint: "chat", inputs })) process.stdout.write(chunk.choices[0]?.delta.content ?? "");
 */
export const chatCompletionChunkSchema = deferred(() => z.looseObject({
  ...replyHeader(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        delta: z.looseObject({ role: z.string().optional(), content: z.string().nullable().optional(), tool_calls: z.array(toolCallDeltaSchema).optional() }).default({}),
        finish_reason: nullableString(),
        logprobs: choiceLogprobsSchema.nullable().optional(),
      }),
    )
    .default([]),
  usage: usageSchema.nullable().optional(),
}));
/** @example const c: ChatCompletionChunk = { choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] }; */
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

/**
 * A completions reply (`object: "text_completion"`); streamed chunks have the same shape.
 *
 * @example
 * const c: Completion = { choices: [{ index: 0, text: "Once upon", finish_reason: "length" }] };
 */
export const completionSchema = deferred(() => z.looseObject({
  ...replyHeader(),
  choices: z.array(z.looseObject({ index: z.number().optional(), text: z.string(), finish_reason: nullableString() })).default([]),
  usage: usageSchema.nullable().optional(),
}));
/** @example const c: Completion = { choices: [{ text: "ok" }] }; */
export type Completion = z.infer<typeof completionSchema>;

/**
 * An embeddings reply (`object: "list"`).
 *
 * @example
 * const r: EmbeddingsResponse = { object: "list", data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2] }] };
 */
export const embeddingsResponseSchema = deferred(() => z.looseObject({
  object: z.string().optional(),
  model: z.string().optional(),
  data: z.array(z.looseObject({ object: z.string().optional(), index: z.number().optional(), embedding: z.array(z.number()) })),
  usage: usageSchema.nullable().optional(),
}));
/** @example const r: EmbeddingsResponse = { data: [{ embedding: [1, 0] }] }; */
export type EmbeddingsResponse = z.infer<typeof embeddingsResponseSchema>;

/**
 * Any reply of `predict`: a chat completion, a completion, embeddings, or a custom model's
 * `predictions` / `outputs`. Every field is optional; narrow with `object` or by field.
 *
 * @example
 * const r: QueryResponse = await client.predict({ endpoint: "chat", inputs });
 * if (r.object === "chat.completion") console.log(r.choices?.[0]?.message?.content);
 */
export const queryResponseSchema = deferred(() => z.looseObject({
  ...replyHeader(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        message: replyMessageSchema.optional(),
        text: z.string().optional(),
        finish_reason: nullableString(),
      }),
    )
    .optional(),
  data: z.array(z.looseObject({ object: z.string().optional(), index: z.number().optional(), embedding: z.array(z.number()).optional() })).optional(),
  usage: usageSchema.nullable().optional(),
  predictions: z.unknown().optional(),
  outputs: z.unknown().optional(),
  "served-model-name": z.string().optional(),
}));
/** @example const r: QueryResponse = { predictions: [0.4, 0.6] }; */
export type QueryResponse = z.infer<typeof queryResponseSchema>;

/**
 * The error body of the REST API (and of a stream's mid-stream error event).
 *
 * @example
 * const e: ErrorBody = { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Endpoint 'x' does not exist." };
 */
export const errorBodySchema = deferred(() => z.looseObject({
  error_code: z.string().optional(),
  message: z.string().optional(),
  details: z.array(z.unknown()).optional(),
  error: z.union([z.string(), z.looseObject({ message: z.string().optional(), type: z.string().optional(), code: z.unknown().optional() })]).optional(),
}));
/** @example const e: ErrorBody = { error_code: "REQUEST_LIMIT_EXCEEDED", message: "Rate limit exceeded" }; */
export type ErrorBody = z.infer<typeof errorBodySchema>;
