/**
 * What replaces a secret value in anything shown.
 *
 * @example
 * if (text.includes(REDACTED)) console.log("a secret was masked");
 */
export const REDACTED = "••••••";

const SECRET_REFERENCE = /^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/;
// Fields that hold credentials in endpoint configs, secrets bodies and client options.
const SECRET_FIELD = /(_plaintext$|api_key|token|secret|password|private_key|string_value|bytes_value|^authorization$)/i;

/**
 * A deep copy of a payload or response that is safe to show: every value under a `*_plaintext`
 * key and every credential-like field (`*api_key*`, `*token*`, `*secret*`, `password`,
 * `private_key`, secret `string_value`) is masked, unless it is a secret *reference*
 * (`{{secrets/scope/key}}`), which names a secret without revealing it.
 *
 * @example
 * redactSecrets({ openai_config: { openai_api_key_plaintext: "sk-…" } });
 * // { openai_config: { openai_api_key_plaintext: "••••••" } }
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, undefined, new WeakSet()) as T;
}

function redact(input: unknown, key: string | undefined, seen: WeakSet<object>): unknown {
  // What JSON.stringify would print: a builder's payload, a Date's string, a Conversation's data.
  const value = hasToJSON(input) ? input.toJSON() : input;
  if (key !== undefined && SECRET_FIELD.test(key) && isSecretValue(value)) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, undefined, seen));
  if (value !== null && typeof value === "object") {
    if (seen.has(value)) return "[Circular]";
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, seen);
    return out;
  }
  return value;
}

function hasToJSON(value: unknown): value is { toJSON(): unknown } {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function";
}

// Only strings are credentials: counts ("max_tokens", "prompt_tokens"), flags and objects
// (`bearer_token_auth: {...}`, searched field by field) are not.
function isSecretValue(value: unknown): boolean {
  return typeof value === "string" && value !== "" && !SECRET_REFERENCE.test(value);
}
