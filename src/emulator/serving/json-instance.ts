/**
 * The simulated model's one schema-driven generator, shared by tool-call arguments and
 * structured outputs: a small, deterministic JSON instance valid against a JSON Schema
 * (modern-query-api.md §3). Covers types and type lists, `required` (all properties under
 * `strict`), `enum`/`const`, numeric bounds and `multipleOf`, string lengths and formats, arrays
 * (`minItems`, `maxItems`, `uniqueItems`, `prefixItems`), nested objects, local `$ref`, simple
 * `pattern`s (regex-sample.ts; "example" when a pattern is beyond it), and
 * `anyOf`/`oneOf` (first non-null branch) / `allOf` (merged).
 */

import { regexSample } from "./regex-sample.js";

type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  email: "user@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  "uri-reference": "https://example.com",
  uuid: "00000000-0000-4000-8000-000000000000",
  "date-time": "2025-01-01T00:00:00Z",
  date: "2025-01-01",
  time: "00:00:00",
  duration: "P1D",
  ipv4: "127.0.0.1",
  ipv6: "::1",
  hostname: "example.com",
};

/** Beyond this depth of `$ref`s, optional parts are left out and arrays left empty. */
const REF_DEPTH = 3;

/** Options of {@link jsonInstance}. */
export interface InstanceOptions {
  /** Every property is required (OpenAI strict mode). */
  readonly strict?: boolean;
  /** A word to use for free strings (e.g. one the user mentioned); default `"example"`. */
  readonly word?: string;
}

/**
 * A deterministic JSON value valid against `schema`.
 *
 * @example
 * jsonInstance({ type: "object", properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } }, required: ["city"] });
 * // { city: "example" }
 */
export function jsonInstance(schema: unknown, options: InstanceOptions = {}): unknown {
  return new Generator(schema, options).value(schema, 0, 0);
}

class Generator {
  readonly #root: unknown;
  readonly #strict: boolean;
  readonly #word: string;

  constructor(root: unknown, options: InstanceOptions) {
    this.#root = root;
    this.#strict = options.strict === true;
    this.#word = options.word ?? "example";
  }

  value(node: unknown, depth: number, variant: number): unknown {
    if (node === true || node === undefined || node === null) return this.#word;
    if (node === false || typeof node !== "object") return null;
    let s = node as Schema;
    if (typeof s["$ref"] === "string") {
      const target = this.#resolve(s["$ref"]);
      if (depth >= REF_DEPTH) return this.#empty(target);
      return this.value(target, depth + 1, variant);
    }
    if ("const" in s) return s["const"];
    if (Array.isArray(s["enum"]) && s["enum"].length > 0) {
      const options = s["enum"] as unknown[];
      return options[variant % options.length];
    }
    if (Array.isArray(s["allOf"])) {
      s = { ...s };
      for (const part of s["allOf"] as unknown[]) s = merge(s, part);
      delete s["allOf"];
      return this.value(s, depth, variant);
    }
    const branches = (s["anyOf"] ?? s["oneOf"]) as unknown[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      const pick = branches.find((b) => !isNullSchema(b)) ?? branches[0];
      const { anyOf: _a, oneOf: _o, ...rest } = s;
      void _a;
      void _o;
      return this.value(merge(rest, pick), depth, variant);
    }
    let type = s["type"];
    if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? type[0];
    if (type === undefined) type = s["properties"] !== undefined ? "object" : s["items"] !== undefined ? "array" : undefined;
    switch (type) {
      case "object":
        return this.#object(s, depth);
      case "array":
        return this.#array(s, depth);
      case "string":
        return this.#string(s, variant);
      case "integer":
      case "number":
        return number(s, type === "integer", variant);
      case "boolean":
        return variant % 2 === 1;
      case "null":
        return null;
      default:
        return this.#word;
    }
  }

  #object(s: Schema, depth: number): Record<string, unknown> {
    const properties = (s["properties"] ?? {}) as Record<string, unknown>;
    const required = new Set(Array.isArray(s["required"]) ? (s["required"] as string[]) : []);
    const strict = this.#strict;
    const min = typeof s["minProperties"] === "number" ? s["minProperties"] : 0;
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const [key, sub] of Object.entries(properties)) {
      const needed = required.has(key) || strict;
      if (!needed && (count >= min || depth >= REF_DEPTH)) continue;
      out[key] = this.value(sub, depth, 0);
      count++;
    }
    // A required key without a property schema still needs a value.
    for (const key of required) if (!(key in out)) out[key] = this.#word;
    return out;
  }

  #array(s: Schema, depth: number): unknown[] {
    const prefix = Array.isArray(s["prefixItems"]) ? (s["prefixItems"] as unknown[]) : [];
    const max = typeof s["maxItems"] === "number" ? s["maxItems"] : Infinity;
    const min = typeof s["minItems"] === "number" ? s["minItems"] : 0;
    let count = Math.min(Math.max(min, 1, prefix.length), max);
    if (depth >= REF_DEPTH) count = Math.min(min, max);
    const items = s["items"];
    const unique = s["uniqueItems"] === true;
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) out.push(i < prefix.length ? this.value(prefix[i], depth, 0) : this.value(items, depth, unique ? i : 0));
    return out;
  }

  #string(s: Schema, variant: number): string {
    const format = typeof s["format"] === "string" ? FORMATS[s["format"]] : undefined;
    const pattern = typeof s["pattern"] === "string" ? s["pattern"] : undefined;
    if (format !== undefined && (pattern === undefined || matches(pattern, format))) return format;
    if (pattern !== undefined) {
      const sample = regexSample(pattern);
      if (sample !== undefined) return sample;
    }
    if (format !== undefined) return format;
    let text = variant === 0 ? this.#word : `${this.#word}${variant + 1}`;
    const min = typeof s["minLength"] === "number" ? s["minLength"] : 0;
    const max = typeof s["maxLength"] === "number" ? s["maxLength"] : Infinity;
    if (text.length < min) text = text.padEnd(min, "x");
    if (text.length > max) text = text.slice(0, max);
    return text;
  }

  #resolve(ref: string): unknown {
    if (!ref.startsWith("#")) return true;
    let node: unknown = this.#root;
    for (const raw of ref.slice(1).split("/").filter((p) => p !== "")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      node = node !== null && typeof node === "object" ? (node as Schema)[key] : undefined;
    }
    return node ?? true;
  }

  #empty(target: unknown): unknown {
    const s = (target ?? {}) as Schema;
    const type = Array.isArray(s["type"]) ? (s["type"].includes("null") ? "null" : s["type"][0]) : s["type"];
    if (type === "array") return [];
    if (type === "null") return null;
    if (type === "object") return this.#object({ ...s, properties: Object.fromEntries(Object.entries((s["properties"] ?? {}) as Schema).filter(([k]) => (s["required"] as string[] | undefined)?.includes(k))) }, REF_DEPTH);
    return this.value(s, REF_DEPTH + 1, 0);
  }
}

function matches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, "u").test(text);
  } catch {
    return false;
  }
}

function number(s: Schema, integer: boolean, variant: number): number {
  const step = typeof s["multipleOf"] === "number" && s["multipleOf"] > 0 ? s["multipleOf"] : integer ? 1 : 0;
  let lo = typeof s["minimum"] === "number" ? s["minimum"] : -Infinity;
  let hi = typeof s["maximum"] === "number" ? s["maximum"] : Infinity;
  const exclusiveMin = typeof s["exclusiveMinimum"] === "number" ? s["exclusiveMinimum"] : undefined;
  const exclusiveMax = typeof s["exclusiveMaximum"] === "number" ? s["exclusiveMaximum"] : undefined;
  if (exclusiveMin !== undefined) lo = Math.max(lo, exclusiveMin + (step > 0 ? step : 1));
  if (exclusiveMax !== undefined) hi = Math.min(hi, exclusiveMax - (step > 0 ? step : 1));
  let v = Math.min(Math.max(variant, lo), hi);
  if (integer) v = Math.ceil(v);
  if (step > 0) {
    v = Math.ceil(v / step) * step;
    if (v > hi) v = Math.floor(hi / step) * step;
  }
  if (exclusiveMax !== undefined && v >= exclusiveMax) v = (lo + exclusiveMax) / 2;
  return v;
}

function isNullSchema(b: unknown): boolean {
  return b !== null && typeof b === "object" && (b as Schema)["type"] === "null";
}

function merge(a: Schema, b: unknown): Schema {
  if (b === null || typeof b !== "object") return a;
  const o = b as Schema;
  const out: Schema = { ...a, ...o };
  if (a["properties"] !== undefined || o["properties"] !== undefined) out["properties"] = { ...(a["properties"] as Schema | undefined), ...(o["properties"] as Schema | undefined) };
  if (Array.isArray(a["required"]) || Array.isArray(o["required"])) out["required"] = [...new Set([...((a["required"] as string[] | undefined) ?? []), ...((o["required"] as string[] | undefined) ?? [])])];
  return out;
}
