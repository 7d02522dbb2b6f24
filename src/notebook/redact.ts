import { maskSecretFields } from "../secrets/secret-fields.js";

/**
 * What replaces a secret value in anything a notebook shows (its display choice; errors and logs
 * use `[REDACTED]`).
 *
 * @example
 * if (text.includes(REDACTED)) console.log("a secret was masked");
 */
export const REDACTED = "••••••";

/**
 * A deep copy of a payload or response that is safe to show: every value under a `*_plaintext`
 * key and every credential-like field (`*api_key*`, `*token*`, `*secret*`, `password`,
 * `private_key`, secret `string_value`) is masked, unless it is a secret *reference*
 * (`{{secrets/scope/key}}`), which names a secret without revealing it. The package's one key
 * rule (`maskSecretFields`), with the notebook's mask.
 *
 * @example
 * redactSecrets({ openai_config: { openai_api_key_plaintext: "sk-…" } });
 * // { openai_config: { openai_api_key_plaintext: "••••••" } }
 */
export function redactSecrets<T>(value: T): T {
  return maskSecretFields(value, { mask: REDACTED });
}
