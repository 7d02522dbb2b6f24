import { z } from "zod";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

// Function calling and structured outputs on the chat-completions wire (modern-query-api.md §2, §3).
// Loose objects: providers add fields (`strict`, `index`, Gemini's missing ids) that must pass.

/** A function name as Databricks and OpenAI accept it. */
export const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A JSON Schema object (the `parameters` of a tool, the `schema` of a `response_format`).
 *
 * @example
 * const s: JsonSchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
 */
export type JsonSchema = { [key: string]: unknown };

const jsonSchemaSchema = once(() => z.record(z.string(), z.unknown()));

/**
 * A function tool offered to a chat model: `{ type: "function", function: { name, description, parameters, strict } }`.
 *
 * @example
 * const t: ToolDefinition = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
 */
export const toolDefinitionSchema = deferred(() => z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().regex(TOOL_NAME, "must be 1-64 letters, digits, '_' or '-'"),
    description: z.string().optional(),
    parameters: jsonSchemaSchema().optional(),
    strict: z.boolean().nullable().optional(),
  }),
}));
/** @example const t: ToolDefinition = { type: "function", function: { name: "now" } }; */
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

/**
 * Which tool the model must (or must not) call: `"auto"` (default), `"none"`, `"required"`, or one named function.
 *
 * @example
 * const c: ToolChoice = { type: "function", function: { name: "get_weather" } };
 */
export const toolChoiceSchema = deferred(() => z.union([
  z.enum(["auto", "none", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
]));
/** @example const c: ToolChoice = "required"; */
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

/**
 * One tool call of an assistant message; `arguments` is a JSON string (parse it yourself, or let a Conversation do it).
 *
 * @example
 * const call: ToolCall = { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" } };
 */
export const toolCallSchema = deferred(() => z.looseObject({
  id: z.string(),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
}));
/** @example const call: ToolCall = { id: "c", type: "function", function: { name: "f", arguments: "{}" } }; */
export type ToolCall = z.infer<typeof toolCallSchema>;

/**
 * A streamed fragment of a tool call: the first carries `index`, `id`, `type` and `function.name`; the
 * rest carry pieces of `function.arguments` for the same `index`.
 *
 * @example
 * const d: ToolCallDelta = { index: 0, function: { arguments: "{\"ci" } };
 */
export const toolCallDeltaSchema = deferred(() => z.looseObject({
  index: z.number(),
  id: z.string().optional(),
  type: z.literal("function").optional(),
  function: z.looseObject({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
}));
/** @example const d: ToolCallDelta = { index: 1, id: "call_2", type: "function", function: { name: "f", arguments: "" } }; */
export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;

/**
 * The shape of the reply: plain text, any JSON object, or JSON valid against a schema.
 *
 * @example
 * const f: ResponseFormat = { type: "json_schema", json_schema: { name: "city", schema: { type: "object", properties: { name: { type: "string" } } }, strict: true } };
 */
export const responseFormatSchema = deferred(() => z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string().regex(TOOL_NAME, "must be 1-64 letters, digits, '_' or '-'"),
      description: z.string().optional(),
      schema: jsonSchemaSchema().optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]));
/** @example const f: ResponseFormat = { type: "json_object" }; */
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/**
 * Per-token log probabilities of a choice (`logprobs: true`, `top_logprobs: k`).
 *
 * @example
 * const l: ChoiceLogprobs = { content: [{ token: "Hi", logprob: -0.01, bytes: [72, 105], top_logprobs: [] }], refusal: null };
 */
export const choiceLogprobsSchema = deferred(() => {
  const entry = z.looseObject({ token: z.string(), logprob: z.number(), bytes: z.array(z.number()).nullable() });
  return z.looseObject({
    content: z.array(entry.extend({ top_logprobs: z.array(entry) })).nullable(),
    refusal: z.unknown().optional(),
  });
});
/** @example const l: ChoiceLogprobs = { content: null }; */
export type ChoiceLogprobs = z.infer<typeof choiceLogprobsSchema>;
