import type { z } from "zod";
import { ValidationError } from "../../errors/validation-error.js";
import { formatPath, TOOL_NAME, type JsonSchema } from "../../schemas/index.js";
import { isStrictCompatible, toDatabricksJsonSchema } from "./json-schema.js";

/**
 * What a tool's `execute` receives besides its (validated) arguments.
 *
 * @example
 * const run: ToolExecute<{ city: string }> = async ({ city }, { signal }) => (await fetch(`https://wttr.in/${city}`, { signal })).text();
 */
export interface ToolContext {
  /** Aborted when the caller gives up (a Conversation's send is aborted). */
  readonly signal: AbortSignal;
  /** The model's id for this call (`tool_call_id` of the result message). */
  readonly toolCallId: string;
}

/**
 * Runs a tool: arguments already parsed and validated with the tool's zod schema. The result is
 * sent back to the model (a string as is, anything else JSON-encoded).
 *
 * @example
 * const execute: ToolExecute<{ a: number; b: number }> = ({ a, b }) => a + b;
 */
export type ToolExecute<A> = (args: A, context: ToolContext) => unknown;

/**
 * The argument of {@link tool}.
 *
 * @example
 * const spec: ToolSpec<z.ZodObject<{ city: z.ZodString }>> = { name: "get_weather", description: "Current weather", parameters: z.object({ city: z.string() }) };
 */
export interface ToolSpec<S extends z.ZodType> {
  /** 1-64 letters, digits, `_` or `-`. */
  readonly name: string;
  /** What the tool does: the model decides from this when to call it. */
  readonly description?: string | undefined;
  /** The arguments, as a zod schema (converted to the JSON Schema Databricks accepts). */
  readonly parameters: S;
  /** Runs the call; without it, the tool only describes a function the caller runs. */
  readonly execute?: ToolExecute<z.output<S>> | undefined;
  /**
   * Send `strict: true`. Default: when the schema allows it (every property required, no extra
   * properties — OpenAI's strict mode refuses anything else); non-GPT endpoints ignore it.
   */
  readonly strict?: boolean | undefined;
}

/**
 * A function tool. On the wire (JSON, or spread into `inputs.tools`) it is exactly the chat
 * `ToolDefinition` `{ type: "function", function: { name, description, parameters, strict } }`;
 * `name`, `description`, `parameters` (the zod schema), `jsonSchema` and `execute` are getters
 * that never serialise.
 *
 * @example
 * const getWeather = tool({ name: "get_weather", description: "Current weather", parameters: z.object({ city: z.string() }) });
 * await client.predict({ endpoint: "chat", inputs: { messages, tools: [getWeather], tool_choice: "auto" } });
 */
export class Tool<S extends z.ZodType = z.ZodType> {
  // The index signatures make a Tool assignable where the wire's (open) ToolDefinition is expected.
  readonly [key: string]: unknown;
  readonly type = "function" as const;
  readonly function: { readonly [key: string]: unknown; readonly name: string; readonly description?: string; readonly parameters: JsonSchema; readonly strict?: boolean };
  readonly #schema: S;
  readonly #execute: ToolExecute<z.output<S>> | undefined;

  constructor(spec: ToolSpec<S>) {
    if (!TOOL_NAME.test(spec.name)) {
      throw new ValidationError("tool", [{ path: "name", message: "must be 1-64 letters, digits, '_' or '-'", code: "invalid_string" }]);
    }
    const parameters = toDatabricksJsonSchema(spec.parameters, `parameters of tool '${spec.name}'`);
    if (parameters["type"] !== "object") {
      throw new ValidationError(`parameters of tool '${spec.name}'`, [{ path: "", message: "must be an object schema (z.object({...})): Databricks rejects tool parameters without \"type\": \"object\"", code: "unsupported_schema" }]);
    }
    const fn: { name: string; description?: string; parameters: JsonSchema; strict?: boolean } = { name: spec.name, parameters };
    if (spec.description !== undefined) fn.description = spec.description;
    if (spec.strict === true || (spec.strict === undefined && isStrictCompatible(parameters))) fn.strict = true;
    this.function = Object.freeze(fn);
    this.#schema = spec.parameters;
    this.#execute = spec.execute;
  }

  /** The function name. */
  get name(): string {
    return this.function.name;
  }

  /** The description the model sees. */
  get description(): string | undefined {
    return this.function.description;
  }

  /** The zod schema of the arguments (validate the model's arguments with it). */
  get parameters(): S {
    return this.#schema;
  }

  /** The JSON Schema sent as `function.parameters`. */
  get jsonSchema(): JsonSchema {
    return this.function.parameters;
  }

  /** The function that runs a call, when the tool has one. */
  get execute(): ToolExecute<z.output<S>> | undefined {
    return this.#execute;
  }

  /**
   * Parses a call's `arguments` string with the tool's schema: the typed arguments, or a
   * `ValidationError` naming each bad path (invalid JSON is one issue at the root).
   * @example
   * const args = getWeather.parseArguments(call.function.arguments); // { city: "Paris" }
   */
  parseArguments(json: string): z.output<S> {
    let value: unknown;
    try {
      value = json.trim() === "" ? {} : JSON.parse(json);
    } catch {
      throw new ValidationError(`arguments of tool '${this.name}'`, [{ path: "", message: "is not valid JSON", code: "invalid_json" }]);
    }
    const parsed = this.#schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new ValidationError(
      `arguments of tool '${this.name}'`,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code })),
    );
  }
}

/**
 * Defines a function tool from a zod schema. The schema becomes the JSON Schema Databricks
 * accepts, checked against the documented limits here (no `$ref`/`anyOf`/`oneOf`/`allOf`/`pattern`,
 * at most 16 property keys): a schema Databricks would refuse is a `ValidationError` now, not a 400 later.
 *
 * @example
 * const getWeather = tool({
 *   name: "get_weather",
 *   description: "Current weather in a city",
 *   parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }),
 *   execute: async ({ city }) => ({ city, temp: 21 }),
 * });
 */
export function tool<S extends z.ZodType>(spec: ToolSpec<S>): Tool<S> {
  return new Tool(spec);
}

/**
 * True for a {@link Tool} made by {@link tool}.
 *
 * @example
 * const runnable = tools.filter(isTool);
 */
export function isTool(value: unknown): value is Tool {
  return value instanceof Tool;
}
