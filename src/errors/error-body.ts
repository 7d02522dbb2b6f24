import { STATUS_ERROR_CODES } from "./error-codes.js";

// Pure: no redaction, no classes. The client builds ApiErrors from it; the emulator reads upstream
// error bodies with it, so both sides of the wire agree on what an error body says.

/** What an error body says: Databricks' `error_code`, a readable message, and `details`. */
export interface ParsedErrorBody {
  errorCode: string | undefined;
  message: string | undefined;
  details: unknown[] | undefined;
}

/**
 * Reads an already-parsed error object (`{error_code, message, details}`, `{error: "..."}` or
 * `{error: {message, code}}`); `undefined` when it is none of those.
 *
 * @example
 * parseErrorObject({ error: { message: "overloaded", type: "server_error" } }); // { errorCode: "server_error", message: "overloaded", details: undefined }
 */
export function parseErrorObject(value: unknown): ParsedErrorBody | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const code = o.error_code;
  // A number there is an HTTP status (`403` with "Invalid access token."): named as the SDKs name it,
  // or left out when unknown, so the error never reads `403 403: …`.
  const errorCode = typeof code === "string" ? code : typeof code === "number" ? STATUS_ERROR_CODES[code] : undefined;
  const details = Array.isArray(o.details) ? (o.details as unknown[]) : undefined;
  if (typeof o.message === "string") return { errorCode, message: o.message, details };
  // `{ "error": "..." }` (API 1.2 style) or `{ "error": { "message", "code" } }` (providers behind the gateway).
  if (typeof o.error === "string") return { errorCode, message: o.error, details };
  if (o.error !== null && typeof o.error === "object") {
    const inner = o.error as Record<string, unknown>;
    const innerCode = typeof inner.code === "string" ? inner.code : typeof inner.type === "string" ? inner.type : undefined;
    if (typeof inner.message === "string") return { errorCode: errorCode ?? innerCode, message: inner.message, details };
  }
  if (errorCode !== undefined) return { errorCode, message: undefined, details };
  return undefined;
}

function fromHtml(text: string): string | undefined {
  const pick = /<pre[^>]*>([\s\S]*?)<\/pre>/i.exec(text) ?? /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text);
  const raw = pick?.[1] ?? text;
  const plain = raw.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  const squeezed = plain.replace(/\s+/g, " ").trim();
  return squeezed.length > 0 ? squeezed : undefined;
}

/**
 * Reads every error body shape the API is known to send (`{error_code, message, details}`,
 * `{error}`, `"CODE: message"` text, HTML pages, empty) into one readable `message`.
 *
 * @example
 * parseErrorBody('{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"no chat"}'); // { errorCode: "RESOURCE_DOES_NOT_EXIST", message: "no chat", … }
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { errorCode: undefined, message: undefined, details: undefined };
  if (trimmed.startsWith("{")) {
    try {
      const parsed = parseErrorObject(JSON.parse(trimmed));
      if (parsed !== undefined) return parsed;
    } catch {
      // Not JSON after all (a truncated body, a proxy's text): show it as it is.
      return { errorCode: undefined, message: trimmed, details: undefined };
    }
  }
  if (trimmed.startsWith("<")) return { errorCode: undefined, message: fromHtml(trimmed), details: undefined };
  const coded = /^([A-Z][A-Z0-9_]{2,}): ([\s\S]*)$/.exec(trimmed);
  if (coded !== null) return { errorCode: coded[1], message: coded[2], details: undefined };
  return { errorCode: undefined, message: trimmed, details: undefined };
}
