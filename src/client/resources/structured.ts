import type { z } from "zod";
import { LengthFinishReasonError, StructuredOutputError } from "../../errors/structured-output-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import { formatPath, type ChatCompletion } from "../../schemas/index.js";
import { SCHEMA_LIMITS, toDatabricksJsonSchema } from "../tools/json-schema.js";
import type { ResourceContext } from "./context.js";
import { predict, type PredictArgs } from "./invocations.js";

/**
 * `predict` with a zod object `schema`: structured output (`response_format` json_schema, strict).
 *
 * @example
 * const args: StructuredPredictArgs<typeof City> = { endpoint: "chat", inputs: { messages }, schema: City, schemaName: "city" };
 */
export interface StructuredPredictArgs<S extends z.ZodType> extends PredictArgs {
  /** The reply's shape: a zod object schema; `choices[i].message.parsed` is its output type. */
  readonly schema: S;
  /** `json_schema.name` (GPT endpoints require one); default `"response"`. */
  readonly schemaName?: string | undefined;
}

type Choice = ChatCompletion["choices"][number];

/**
 * A chat reply whose every choice carries `message.parsed`, validated with the request's schema.
 *
 * @example
 * const reply: ParsedChatCompletion<{ name: string }> = await client.predict({ endpoint: "chat", inputs, schema: City });
 * console.log(reply.choices[0]?.message.parsed.name);
 */
export type ParsedChatCompletion<T> = Omit<ChatCompletion, "choices"> & {
  choices: (Omit<Choice, "message"> & { message: Choice["message"] & { parsed: T } })[];
};

/**
 * Builds the `response_format` for a zod object schema (`{ type: "json_schema", json_schema: { name, schema, strict: true } }`),
 * or throws a `ValidationError` when the schema is not an object or breaks Databricks' limits.
 *
 * @example
 * responseFormatFor(z.object({ name: z.string() }), "city");
 */
export function responseFormatFor(schema: z.ZodType, name = "response"): { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict: true } } {
  const json = toDatabricksJsonSchema(schema, "predict schema", SCHEMA_LIMITS.maxFormatKeys);
  if (json["type"] !== "object") {
    throw new ValidationError("predict schema", [{ path: "", message: `must be an object schema (z.object({...})); got ${JSON.stringify(json["type"] ?? "a schema without a type")}`, code: "unsupported_schema" }]);
  }
  return { type: "json_schema", json_schema: { name, schema: json, strict: true } };
}

/**
 * `predict` with structured output: sends the schema as `response_format`, then parses and
 * validates every choice's content. Not JSON or not the schema → `StructuredOutputError` (raw text +
 * issues); cut off at the token limit → `LengthFinishReasonError`.
 *
 * @example
 * const reply = await structuredPredict(ctx, { endpoint: "chat", inputs: { messages }, schema: z.object({ title: z.string() }) });
 */
export async function structuredPredict<S extends z.ZodType>(ctx: ResourceContext, args: StructuredPredictArgs<S>): Promise<ParsedChatCompletion<z.output<S>>> {
  if (args.inputs.response_format !== undefined) {
    throw new ValidationError("predict inputs", [{ path: "response_format", message: "give either `schema` or `inputs.response_format`, not both", code: "conflict" }]);
  }
  const responseFormat = responseFormatFor(args.schema, args.schemaName);
  const { schema: _schema, schemaName: _name, ...rest } = args;
  void _schema;
  void _name;
  const reply = await predict<ChatCompletion>(ctx, { ...rest, inputs: { ...args.inputs, response_format: responseFormat } });
  for (const choice of reply.choices ?? []) {
    const text = contentText(choice.message?.content);
    if (choice.finish_reason === "length") throw new LengthFinishReasonError(text);
    (choice.message as { parsed?: unknown }).parsed = parseStructured(args.schema, text);
  }
  return reply as ParsedChatCompletion<z.output<S>>;
}

/**
 * Parses a structured reply's text with the schema: the typed value, or a `StructuredOutputError`.
 *
 * @example
 * const city = parseStructured(City, '{"name":"Paris"}');
 */
export function parseStructured<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StructuredOutputError(`The structured reply is not valid JSON: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`, text, [{ path: "", message: "is not valid JSON", code: "invalid_json" }]);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code }));
  const lines = issues.map((i) => `  - ${i.path === "" ? "(root)" : i.path}: ${i.message}`).join("\n");
  throw new StructuredOutputError(`The structured reply does not match the schema (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines}`, text, issues);
}

// Some models (gpt-oss) answer with a list of blocks even with a schema: the text blocks are the reply.
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (p !== null && typeof p === "object" && (p as { type?: unknown }).type === "text" ? String((p as { text?: unknown }).text ?? "") : "")).join("");
  return "";
}
