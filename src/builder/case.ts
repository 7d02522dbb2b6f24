/** `openai_api_key` → `openaiApiKey`, at the type level. */
export type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<SnakeToCamel<Tail>>}` : S;

/**
 * A wire type with camelCase keys, recursively (arrays and nested objects included).
 *
 * @example
 * type O = Camelize<{ openai_api_key?: string }>; // { openaiApiKey?: string }
 */
export type Camelize<T> = T extends readonly (infer U)[]
  ? readonly Camelize<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeToCamel<K> : K]: Camelize<T[K]> }
    : T;

/** `openaiApiKey` → `openai_api_key`; snake_case keys pass unchanged. */
export function snakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Converts the keys of a camelCase options object to the REST API's snake_case, recursively.
 * Values that are maps (environment variables) must not go through this.
 */
export function toSnake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnake);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[snakeKey(k)] = toSnake(v);
    return out;
  }
  return value;
}
