// Inline provider keys are the secrets a payload carries itself; the client adds them to the
// request's Redactor so a server echoing one back cannot leak it.

/**
 * Values under keys ending in `_plaintext` (provider API keys sent inline) anywhere in a payload.
 *
 * @example
 * plaintextValues({ openai_config: { openai_api_key_plaintext: "sk-1" } }); // ["sk-1"]
 */
export function plaintextValues(payload: unknown, out: string[] = []): string[] {
  if (Array.isArray(payload)) for (const v of payload) plaintextValues(v, out);
  else if (payload !== null && typeof payload === "object") {
    for (const [k, v] of Object.entries(payload)) {
      if (typeof v === "string" && k.endsWith("_plaintext")) out.push(v);
      else if (typeof v === "object") plaintextValues(v, out);
    }
  }
  return out;
}
