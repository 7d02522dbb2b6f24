import type { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { closestMatch } from "./did-you-mean.js";

/**
 * Options of {@link validate}.
 *
 * @example
 * validate(createEndpointRequestSchema, body, "create payload", { allowUnknownFields: true });
 */
export interface ValidateOptions {
  /**
   * Let fields these schemas do not know through (to send fields newer than this library).
   * Every other rule still applies; the value is returned as given.
   */
  readonly allowUnknownFields?: boolean;
}

type PathSegment = PropertyKey;

// Built once: the per-parse error customisation says "required" instead of zod's
// "expected string, received undefined" (or "Invalid option" for a missing enum). It never
// echoes the input (it may be a secret).
const PARSE_PARAMS = {
  error: (iss: { code?: string; input?: unknown }): string | undefined =>
    iss.input === undefined && (iss.code === "invalid_type" || iss.code === "invalid_value" || iss.code === "invalid_union") ? "required" : undefined,
} as const;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats a zod path the way the docs and error messages spell it: `config.served_entities[0].name`.
 *
 * @example
 * formatPath(["config", "served_entities", 0, "name"]); // "config.served_entities[0].name"
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string" && IDENTIFIER.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

interface DefLike {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  in?: unknown;
  options?: readonly unknown[];
  valueType?: unknown;
  getter?: () => unknown;
}

function defOf(schema: unknown): DefLike | undefined {
  const zod = (schema as { _zod?: { def?: DefLike } } | undefined)?._zod;
  return zod?.def;
}

function unwrap(schema: unknown): unknown {
  for (let i = 0; i < 20; i++) {
    const def = defOf(schema);
    if (def === undefined) return undefined;
    if (def.innerType !== undefined) schema = def.innerType;
    else if (def.type === "pipe") schema = def.in;
    // zod caches a lazy schema's inner schema on first use; the getter would build a new one.
    else if (def.type === "lazy") schema = (schema as { _zod: { innerType: unknown } })._zod.innerType;
    else return schema;
  }
  return schema;
}

/** The field names of the object schema found at `path` inside `schema` (for did-you-mean). */
function knownFieldsAt(schema: unknown, path: readonly PathSegment[]): string[] {
  let candidates: unknown[] = [schema];
  for (const seg of path) {
    const next: unknown[] = [];
    for (const c of candidates.flatMap(expandUnions)) {
      const def = defOf(c);
      if (def?.type === "object" && typeof seg === "string" && def.shape && seg in def.shape) next.push(def.shape[seg]);
      else if (def?.type === "array" && typeof seg === "number") next.push(def.element);
      else if (def?.type === "record") next.push(def.valueType);
    }
    candidates = next;
  }
  const fields = new Set<string>();
  for (const c of candidates.flatMap(expandUnions)) {
    const def = defOf(c);
    if (def?.type === "object" && def.shape) for (const k of Object.keys(def.shape)) fields.add(k);
  }
  return [...fields];
}

function expandUnions(schema: unknown): unknown[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def?.type === "union" && def.options) return def.options.flatMap(expandUnions);
  return [s];
}

function toIssues(schema: unknown, issue: z.core.$ZodIssue): ValidationIssue[] {
  if (issue.code === "unrecognized_keys") {
    const known = knownFieldsAt(schema, issue.path);
    const last = issue.path[issue.path.length - 1];
    const parentKnown = typeof last === "string" ? knownFieldsAt(schema, issue.path.slice(0, -1)) : [];
    return issue.keys.map((key) => {
      const guess = closestMatch(key, known);
      const hint =
        guess !== undefined
          ? `; did you mean "${guess}"?`
          : parentKnown.includes(key)
            ? `; it belongs one level up, beside "${String(last)}"`
            : known.length > 0
              ? ` (known fields: ${known.join(", ")})`
              : "";
      return { path: formatPath([...issue.path, key]), message: `unknown field "${key}"${hint}`, code: "unknown_field" };
    });
  }
  const params = issue.code === "custom" ? (issue.params as { code?: unknown } | undefined) : undefined;
  const code = typeof params?.code === "string" ? params.code : issue.code;
  return [{ path: formatPath(issue.path), message: issue.message, code }];
}

/**
 * Checks `value` against `schema` and returns the parsed value, or throws a `ValidationError`
 * listing every problem with its dotted path (`config.served_entities[0].external_model.openai_config: …`).
 * An unknown field is named with the nearest known one (`serverd_entities` → did you mean `served_entities`?).
 *
 * @example
 * const body = validate(createEndpointRequestSchema, input, "create payload");
 * const loose = validate(createEndpointRequestSchema, input, "create payload", { allowUnknownFields: true });
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string, options?: ValidateOptions): T {
  const result = schema.safeParse(value, PARSE_PARAMS);
  if (result.success) return result.data;
  let issues = result.error.issues;
  if (options?.allowUnknownFields === true) {
    issues = issues.filter((i) => i.code !== "unrecognized_keys");
    if (issues.length === 0) return value as T;
  }
  throw new ValidationError(
    what,
    issues.flatMap((i) => toIssues(schema, i)),
  );
}
