import { MASK } from "./mask.js";
import { isSecretReference } from "./secret-reference.js";

// Fields that hold credentials in endpoint configs, secrets bodies and client options.
const SECRET_FIELD = /(_plaintext$|api_key|token|secret|password|private_key|string_value|bytes_value|^authorization$)/i;

/**
 * The one key rule: whether a field of this name holds a credential (`*_plaintext`, `*api_key*`,
 * `*token*`, `*secret*`, `password`, `private_key`, a secret's `string_value`/`bytes_value`,
 * `authorization`). Only its string values are masked: counts such as `max_tokens` and objects
 * such as `bearer_token_auth` (searched field by field) are not credentials.
 *
 * @example
 * isSecretField("openai_api_key_plaintext"); // true
 * isSecretField("name");                     // false
 */
export function isSecretField(key: string): boolean {
  return SECRET_FIELD.test(key);
}

/** How {@link maskSecretFields} masks. */
export interface MaskOptions {
  /** What replaces a secret value; {@link MASK} unless a display prefers its own. */
  readonly mask?: string;
}

/**
 * A deep copy of a payload or response that is safe to show: every non-empty string under a
 * secret-bearing key ({@link isSecretField}) is replaced by the mask, unless it is a secret
 * reference. Values with `toJSON()` are read as `JSON.stringify` would; cycles print as
 * `"[Circular]"`. The input is not modified.
 *
 * @example
 * maskSecretFields({ openai_config: { openai_api_key_plaintext: "sk-1" } });
 * // { openai_config: { openai_api_key_plaintext: "[REDACTED]" } }
 * maskSecretFields(payload, { mask: "••••••" });
 */
export function maskSecretFields<T>(value: T, options: MaskOptions = {}): T {
  return mask(value, undefined, options.mask ?? MASK, new WeakSet()) as T;
}

function mask(input: unknown, key: string | undefined, replacement: string, seen: WeakSet<object>): unknown {
  // What JSON.stringify would print: a builder's payload, a Date's string, a Conversation's data.
  const value = hasToJSON(input) ? input.toJSON() : input;
  if (key !== undefined && isSecretField(key) && typeof value === "string" && value !== "" && !isSecretReference(value)) return replacement;
  if (Array.isArray(value)) return value.map((v) => mask(v, undefined, replacement, seen));
  if (value !== null && typeof value === "object") {
    if (seen.has(value)) return "[Circular]";
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mask(v, k, replacement, seen);
    return out;
  }
  return value;
}

function hasToJSON(value: unknown): value is { toJSON(): unknown } {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function";
}
