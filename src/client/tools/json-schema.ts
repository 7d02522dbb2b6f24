import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../../errors/validation-error.js";
import type { JsonSchema } from "../../schemas/index.js";

/**
 * What Databricks accepts in a tool's (or a response format's) JSON Schema, from the
 * function-calling documentation (modern-query-api.md §2): no `$ref`, `anyOf`, `oneOf`, `allOf`,
 * `pattern`, `prefixItems`; a type list only as `[T, "null"]`; at most 16 property keys in the
 * whole schema (structured outputs: 64, second-hand), at most 32 tools per request.
 */
export const SCHEMA_LIMITS = { maxToolKeys: 16, maxFormatKeys: 64, maxTools: 32 } as const;

const FORBIDDEN = ["$ref", "anyOf", "oneOf", "allOf", "pattern", "prefixItems"] as const;

/**
 * Every place a JSON Schema breaks Databricks' limits, as validation issues under `path`.
 * `maxKeys` caps the number of property keys across the whole schema.
 *
 * @example
 * schemaIssues({ type: "object", properties: { a: { anyOf: [] } } }, "tools[0].function.parameters", 16);
 * // [{ path: "tools[0].function.parameters.properties.a", message: "'anyOf' is not supported by Databricks function calling", … }]
 */
export function schemaIssues(schema: unknown, path: string, maxKeys: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let keys = 0;
  const walk = (node: unknown, at: string): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}[${i}]`));
      return;
    }
    const o = node as Record<string, unknown>;
    for (const key of FORBIDDEN) {
      if (key in o) issues.push({ path: at, message: `'${key}' is not supported by Databricks (function calling and structured outputs refuse it)`, code: "unsupported_schema" });
    }
    const type = o["type"];
    if (Array.isArray(type) && !(type.length === 2 && type.includes("null")) && type.length !== 1) {
      issues.push({ path: `${at}.type`, message: `a type list is supported only as [T, "null"] (got ${JSON.stringify(type)})`, code: "unsupported_schema" });
    }
    const properties = o["properties"];
    if (properties !== null && typeof properties === "object" && !Array.isArray(properties)) {
      for (const [name, sub] of Object.entries(properties)) {
        keys++;
        walk(sub, `${at}.properties.${name}`);
      }
    }
    for (const [key, value] of Object.entries(o)) {
      if (key !== "properties" && key !== "enum" && key !== "const" && key !== "default" && key !== "examples" && typeof value === "object") walk(value, `${at}.${key}`);
    }
  };
  walk(schema, path);
  if (keys > maxKeys) issues.push({ path, message: `has ${keys} property keys; Databricks accepts at most ${maxKeys} in one schema`, code: "unsupported_schema" });
  return issues;
}

/**
 * Converts a zod schema to the JSON Schema Databricks accepts (zod 4's `z.toJSONSchema`, input
 * side), then makes zod's output fit the documented limits where that keeps the meaning:
 * `$schema` dropped, `anyOf: [X, {type: "null"}]` (a `.nullable()`) becomes `type: [T, "null"]`,
 * a `pattern` zod adds beside a `format` (z.email(), z.iso.datetime()) is dropped because the
 * format says it, and objects get `additionalProperties: false` (zod strips unknown keys anyway). Whatever still breaks a limit is a `ValidationError` naming the path.
 *
 * @example
 * toDatabricksJsonSchema(z.object({ city: z.string() }), "tool get_weather parameters");
 * // { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }
 */
export function toDatabricksJsonSchema(schema: z.ZodType, what: string, maxKeys: number = SCHEMA_LIMITS.maxToolKeys): JsonSchema {
  let raw: unknown;
  try {
    raw = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  } catch (error) {
    throw new ValidationError(what, [{ path: "", message: `cannot be expressed as JSON Schema: ${(error as Error).message}`, code: "unsupported_schema" }]);
  }
  const converted = simplify(raw) as JsonSchema;
  delete converted["$schema"];
  const issues = schemaIssues(converted, "", maxKeys);
  if (issues.length > 0) throw new ValidationError(what, issues);
  return converted;
}

function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== "object") return node;
  const o: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) o[key] = key === "enum" || key === "const" || key === "default" ? value : simplify(value);
  const any = o["anyOf"];
  if (Array.isArray(any) && any.length === 2) {
    const nullIndex = any.findIndex((b) => isNullOnly(b));
    const other = any[1 - nullIndex] as Record<string, unknown> | undefined;
    if (nullIndex >= 0 && other !== undefined && typeof other["type"] === "string") {
      delete o["anyOf"];
      const merged: Record<string, unknown> = { ...other, ...o, type: [other["type"], "null"] };
      if (Array.isArray(merged["enum"])) merged["enum"] = [...(merged["enum"] as unknown[]), null];
      return merged;
    }
  }
  if (typeof o["pattern"] === "string" && typeof o["format"] === "string") delete o["pattern"];
  // zod's input side leaves unknown keys open (a plain z.object strips them when parsing); the
  // model is told there are none, which strict mode requires.
  if (o["type"] === "object" && o["properties"] !== undefined && !("additionalProperties" in o)) o["additionalProperties"] = false;
  return o;
}

function isNullOnly(branch: unknown): boolean {
  return branch !== null && typeof branch === "object" && (branch as Record<string, unknown>)["type"] === "null" && Object.keys(branch).length === 1;
}

/**
 * True when OpenAI's strict mode accepts the schema: every object lists all its properties as
 * required and sets `additionalProperties: false`.
 *
 * @example
 * isStrictCompatible({ type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false }); // true
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (schema === null || typeof schema !== "object") return true;
  const o = schema as Record<string, unknown>;
  const properties = o["properties"];
  if (properties !== null && typeof properties === "object") {
    const required = Array.isArray(o["required"]) ? (o["required"] as unknown[]) : [];
    if (o["additionalProperties"] !== false || Object.keys(properties).some((k) => !required.includes(k))) return false;
  }
  return Object.entries(o).every(([key, value]) => key === "enum" || key === "const" || key === "default" || isStrictCompatible(value));
}
