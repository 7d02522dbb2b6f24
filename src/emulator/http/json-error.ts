/**
 * Where a `JSON.parse` error happened, without the text around it: V8's message quotes the input
 * near the error, and that input may be a secret value or a token.
 *
 * @example
 * try { JSON.parse('{"k": sk-123}'); } catch (e) { jsonErrorPosition(e); } // "syntax error at character 6"
 */
export function jsonErrorPosition(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const at = /position (\d+)/.exec(message);
  if (at !== null) return `syntax error at character ${at[1]}`;
  return /end of (JSON|data) input/i.test(message) ? "it ends too early" : "syntax error";
}
