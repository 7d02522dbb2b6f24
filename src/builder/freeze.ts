/** Freezes a value and everything reachable from it (plain objects and arrays). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A copy with every `*_plaintext` value replaced, for display. */
export function redactPlaintext(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPlaintext);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k.endsWith("_plaintext") ? "[REDACTED]" : redactPlaintext(v)]));
  }
  return value;
}
