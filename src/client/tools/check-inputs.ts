import { ValidationError, type ValidationIssue } from "../../errors/validation-error.js";
import { closestMatch } from "../../schemas/index.js";
import { SCHEMA_LIMITS, schemaIssues } from "./json-schema.js";

interface NamedTool {
  readonly name: string | undefined;
  readonly parameters: unknown;
  readonly path: string;
}

/**
 * Checks the tools, tool choice and response format of a chat (`flat: false`) or Responses
 * (`flat: true`) request against what Databricks accepts, before the wire: at most 32 tools,
 * unique names, parameters that are object schemas within the documented limits, a named
 * `tool_choice` that names one of the tools, a `json_schema` format whose schema is an object.
 * Throws one `ValidationError` listing every problem.
 *
 * @example
 * checkToolInputs({ tools: [getWeather], tool_choice: { type: "function", function: { name: "get_wether" } } }, "predict inputs", false);
 * // ValidationError: tool_choice.function.name: no tool named 'get_wether' in tools (did you mean 'get_weather'?)
 */
export function checkToolInputs(inputs: Readonly<Record<string, unknown>>, what: string, flat: boolean): void {
  const tools = inputs["tools"];
  const choice = inputs["tool_choice"];
  const format = flat ? ((inputs["text"] as Record<string, unknown> | undefined)?.["format"] as Record<string, unknown> | undefined) : (inputs["response_format"] as Record<string, unknown> | undefined);
  if (tools === undefined && choice === undefined && format === undefined) return;
  const issues: ValidationIssue[] = [];
  const named: NamedTool[] = [];
  if (Array.isArray(tools)) {
    if (tools.length > SCHEMA_LIMITS.maxTools) issues.push({ path: "tools", message: `has ${tools.length} tools; Databricks accepts at most ${SCHEMA_LIMITS.maxTools}`, code: "too_big" });
    tools.forEach((t: unknown, i) => {
      const o = (t ?? {}) as Record<string, unknown>;
      if (o["type"] !== "function") return;
      const fn = flat ? o : ((o["function"] ?? {}) as Record<string, unknown>);
      const base = flat ? `tools[${i}]` : `tools[${i}].function`;
      named.push({ name: typeof fn["name"] === "string" ? fn["name"] : undefined, parameters: fn["parameters"], path: base });
    });
  }
  const seen = new Set<string>();
  for (const t of named) {
    if (t.name !== undefined) {
      if (seen.has(t.name)) issues.push({ path: `${t.path}.name`, message: `duplicate tool name '${t.name}'`, code: "duplicate" });
      seen.add(t.name);
    }
    if (t.parameters === undefined || t.parameters === null) continue;
    const params = t.parameters as Record<string, unknown>;
    if (params["type"] !== "object") issues.push({ path: `${t.path}.parameters.type`, message: "must be \"object\" (Databricks rejects tool parameters that are not an object schema)", code: "unsupported_schema" });
    issues.push(...schemaIssues(params, `${t.path}.parameters`, SCHEMA_LIMITS.maxToolKeys));
  }
  const choiceName = typeof choice === "object" && choice !== null ? (flat ? (choice as Record<string, unknown>)["name"] : ((choice as Record<string, unknown>)["function"] as Record<string, unknown> | undefined)?.["name"]) : undefined;
  if (typeof choiceName === "string" && !seen.has(choiceName)) {
    const hint = closestMatch(choiceName, [...seen]);
    const path = flat ? "tool_choice.name" : "tool_choice.function.name";
    issues.push({ path, message: `no tool named '${choiceName}' in tools${seen.size === 0 ? " (no function tools were given)" : hint === undefined ? ` (tools: ${[...seen].join(", ")})` : ` (did you mean '${hint}'?)`}`, code: "unknown_tool" });
  }
  if (choice === "required" && named.length === 0) issues.push({ path: "tool_choice", message: "'required' needs at least one function tool in tools", code: "unknown_tool" });
  if (format !== undefined && format["type"] === "json_schema") {
    const body = flat ? (format["json_schema"] as Record<string, unknown> | undefined) ?? format : ((format["json_schema"] ?? {}) as Record<string, unknown>);
    const path = flat ? (format["json_schema"] !== undefined ? "text.format.json_schema.schema" : "text.format.schema") : "response_format.json_schema.schema";
    const schema = body["schema"] as Record<string, unknown> | undefined;
    if (schema === undefined || schema === null || schema["type"] !== "object") issues.push({ path, message: "must be a JSON Schema of \"type\": \"object\" (structured outputs need an object at the top)", code: "unsupported_schema" });
    else issues.push(...schemaIssues(schema, path, SCHEMA_LIMITS.maxFormatKeys));
  }
  if (issues.length > 0) throw new ValidationError(what, issues);
}
