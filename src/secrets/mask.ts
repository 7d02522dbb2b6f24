/**
 * What replaces a secret in errors, logs and `toString()` output. Displays may choose their own
 * mask (the notebook shows `••••••`) and pass it to {@link maskSecretFields}.
 *
 * @example
 * if (error.message.includes(MASK)) console.log("a secret was scrubbed");
 */
export const MASK = "[REDACTED]";
