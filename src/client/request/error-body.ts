import { createApiError, type ApiError } from "../errors/api-error.js";
import type { Redactor } from "../errors/redact.js";
import { parseRetryAfter } from "./retry-policy.js";

const MAX_MESSAGE = 2000;

interface ParsedBody {
  errorCode: string | undefined;
  message: string | undefined;
  details: unknown[] | undefined;
}

function fromJson(value: unknown): ParsedBody | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const code = o.error_code;
  const errorCode = typeof code === "string" ? code : typeof code === "number" ? String(code) : undefined;
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
export function parseErrorBody(text: string): ParsedBody {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { errorCode: undefined, message: undefined, details: undefined };
  if (trimmed.startsWith("{")) {
    try {
      const parsed = fromJson(JSON.parse(trimmed));
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

function requestIdOf(details: unknown[] | undefined, headers: Headers): string | undefined {
  if (details !== undefined) {
    for (const d of details) {
      if (d !== null && typeof d === "object" && typeof (d as { request_id?: unknown }).request_id === "string") {
        return (d as { request_id: string }).request_id;
      }
    }
  }
  return headers.get("x-request-id") ?? headers.get("x-databricks-request-id") ?? undefined;
}

/**
 * Builds the `ApiError` subclass for a failed response, secrets scrubbed.
 *
 * @example
 * throw apiErrorFromResponse(res.status, res.statusText, res.headers, await res.text(), "GET /x", redactor);
 */
export function apiErrorFromResponse(
  status: number,
  statusText: string,
  headers: Headers,
  bodyText: string,
  operation: string | undefined,
  redactor: Redactor,
): ApiError {
  const parsed = parseErrorBody(bodyText);
  // Scrub before cutting: a secret straddling the cut would otherwise leave its first half behind,
  // which the redactor can no longer recognise.
  let message = redactor.text(parsed.message ?? (statusText.length > 0 ? statusText : `HTTP ${status}`));
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE)}…`;
  return createApiError({
    status,
    errorCode: parsed.errorCode === undefined ? undefined : redactor.text(parsed.errorCode),
    message,
    details: parsed.details === undefined ? undefined : (redactor.deep(parsed.details) as unknown[]),
    requestId: requestIdOf(parsed.details, headers),
    retryAfter: parseRetryAfter(headers.get("retry-after")),
    operation,
  });
}

/**
 * An error object sent inside an SSE stream (`{"error_code",…}` or `{"error":…}`) as an `ApiError`;
 * `undefined` when the chunk is an ordinary one.
 *
 * @example
 * const err = streamedError({ error: { message: "overloaded" } }, redactor); // ApiError
 */
export function streamedError(chunk: unknown, redactor: Redactor, operation: string | undefined): ApiError | undefined {
  if (chunk === null || typeof chunk !== "object") return undefined;
  const o = chunk as Record<string, unknown>;
  // `== null`: some servers send `"error": null` / `"error_code": null` on every ordinary chunk.
  if (o.error_code == null && (o.error == null || o.choices != null)) return undefined;
  const parsed = fromJson(o);
  const status = typeof o.status_code === "number" ? o.status_code : 500;
  return createApiError({
    status,
    errorCode: parsed?.errorCode === undefined ? undefined : redactor.text(parsed.errorCode),
    message: redactor.text(parsed?.message ?? "error event in stream"),
    details: parsed?.details === undefined ? undefined : (redactor.deep(parsed.details) as unknown[]),
    requestId: undefined,
    retryAfter: undefined,
    operation,
  });
}
