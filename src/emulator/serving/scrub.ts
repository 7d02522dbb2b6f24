import { Redactor } from "../../secrets/redactor.js";

/**
 * Scrubbing of what an upstream sends back: known secret values (the keys the emulator sent it)
 * are masked whether they come literally or JSON-escaped (`\u0026`, `\/`, `\uXXXX`).
 */

const ESCAPE = /\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g;
const SIMPLE: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * `text` with JSON string escapes decoded (a lossy reading, for finding secrets and for messages).
 *
 * @example
 * unescapeJson("sk-a\\u0026b\\/c"); // "sk-a&b/c"
 */
export function unescapeJson(text: string): string {
  if (!text.includes("\\")) return text;
  return text.replace(ESCAPE, (_, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : SIMPLE[e]!));
}

/** Whether `text` holds a secret, literally or JSON-escaped. */
export function holdsSecret(text: string, redactor: Redactor): boolean {
  return redactor.text(text) !== text || redactor.text(unescapeJson(text)) !== unescapeJson(text);
}

/**
 * A JSON or text body with every secret masked: JSON is parsed (which decodes every escape),
 * scrubbed string by string and written again; other text is unescaped, then scrubbed.
 *
 * @example
 * scrubBody('{"error":"bad key sk-a\\u0026b"}', new Redactor(["sk-a&b"])); // '{"error":"bad key [REDACTED]"}'
 */
export function scrubBody(raw: string, redactor: Redactor): string {
  if (!holdsSecret(raw, redactor)) return raw;
  try {
    return JSON.stringify(redactor.deep(JSON.parse(raw)));
  } catch (error) {
    void error;
    return redactor.text(unescapeJson(redactor.text(raw)));
  }
}

/** A line of a stream longer than this is scrubbed and passed on without waiting for its end. */
const MAX_HELD_CHARS = 1024 * 1024;

/**
 * Passes an upstream stream on line by line, masking secrets in each line (an SSE `data:` line
 * is JSON, scrubbed as {@link scrubBody} does). Lines without a secret pass unchanged, byte for
 * byte; a line is held only until its newline arrives, so a secret split across chunks is
 * still caught.
 */
export async function* scrubStream(chunks: AsyncIterable<Uint8Array | string>, redactor: Redactor): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let held = "";
  for await (const chunk of chunks) {
    held += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    const cut = held.lastIndexOf("\n");
    if (cut === -1 && held.length < MAX_HELD_CHARS) continue;
    const ready = cut === -1 ? held : held.slice(0, cut + 1);
    held = cut === -1 ? "" : held.slice(cut + 1);
    yield scrubLines(ready, redactor);
  }
  held += decoder.decode();
  if (held !== "") yield scrubLines(held, redactor);
}

function scrubLines(text: string, redactor: Redactor): string {
  if (!holdsSecret(text, redactor)) return text;
  return text
    .split("\n")
    .map((line) => {
      if (!holdsSecret(line, redactor)) return line;
      const data = /^data:\s?/.exec(line);
      return data === null ? scrubBody(line, redactor) : `${data[0]}${scrubBody(line.slice(data[0].length), redactor)}`;
    })
    .join("\n");
}
