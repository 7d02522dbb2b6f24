/**
 * A Databricks secret reference, `{{secrets/<scope>/<key>}}`, with the scope and key captured:
 * a scope is 1–128 letters, digits, `-`, `_`, `.` or `@`; a key the same without `@`. The one
 * pattern every face uses (the schemas validate with it, the emulator resolves with it, displays
 * leave what it matches unmasked, since a reference names a secret without revealing it).
 *
 * @example
 * const m = SECRET_REFERENCE.exec("{{secrets/my-scope/openai-api-key}}"); // m[1] "my-scope", m[2] "openai-api-key"
 */
export const SECRET_REFERENCE = /^\{\{secrets\/([A-Za-z0-9_.@-]{1,128})\/([A-Za-z0-9_.-]{1,128})\}\}$/;

/**
 * Whether a value is a secret reference (and so safe to show).
 *
 * @example
 * isSecretReference("{{secrets/s/k}}"); // true
 * isSecretReference("sk-live-123");     // false
 */
export function isSecretReference(value: unknown): boolean {
  return typeof value === "string" && SECRET_REFERENCE.test(value);
}
