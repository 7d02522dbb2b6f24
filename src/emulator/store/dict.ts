/**
 * Null-prototype objects for maps keyed by user-controlled names (served entities, secret keys,
 * `*_plaintext` field paths). A plain `{}` answers `constructor`, `toString` or `__proto__` from
 * Object.prototype, and assigning `__proto__` replaces its prototype instead of storing a value;
 * an object without a prototype treats every name as an ordinary key and still serializes as JSON.
 */

/** A dictionary keyed by arbitrary strings. */
export type Dict<T> = Record<string, T>;

/**
 * An empty dictionary without a prototype, optionally filled from `from`'s own enumerable entries.
 *
 * @example
 * const d = dict<string>();
 * d["__proto__"] = "x"; // an ordinary key: Object.keys(d) is ["__proto__"]
 */
export function dict<T>(from?: Readonly<Record<string, T>>): Dict<T> {
  const out = Object.create(null) as Dict<T>;
  if (from !== undefined) for (const [key, value] of Object.entries(from)) out[key] = value;
  return out;
}

/**
 * The value stored under `key` as an own property, never an inherited one.
 *
 * @example
 * own({}, "constructor"); // undefined
 */
export function own<T>(from: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return from !== undefined && Object.prototype.hasOwnProperty.call(from, key) ? from[key] : undefined;
}
