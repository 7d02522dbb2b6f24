import { createHash } from "node:crypto";

/**
 * A short, stable hash of a row's query inputs (object keys sorted, so the same payload written
 * back from the output file hashes the same): what resume compares to detect an edited input.
 *
 * @example
 * rowHash({ b: 1, a: [1, 2] }) === rowHash({ a: [1, 2], b: 1 }); // true
 */
export function rowHash(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 16);
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}
