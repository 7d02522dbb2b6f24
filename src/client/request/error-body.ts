import { createApiError, type ApiError } from "../../errors/api-error.js";
import type { Redactor } from "../../secrets/redactor.js";
import { parseRetryAfter } from "./retry-policy.js";
import { parseErrorBody, parseErrorObject } from "../../errors/error-body.js";
import type { HeaderReader } from "./transport.js";


const MAX_MESSAGE = 2000;

function requestIdOf(details: unknown[] | undefined, headers: HeaderReader): string | undefined {
  if (details !== undefined) {
    for (const d of details) {
      if (d !== null && typeof d === "object" && typeof (d as { request_id?: unknown }).request_id === "string") {
        return (d as { request_id: string }).request_id;
      }
    }
  }
  return headers.get("x-request-id") ?? headers.get("x-databricks-request-id") ?? undefined;
}

function redactOptional(value: string | undefined, redactor: Redactor): string | undefined {
  return value === undefined ? undefined : redactor.text(value);
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
  headers: HeaderReader,
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
    // A server (or a proxy in front of it) can echo a request header into the id: scrub it too.
    requestId: redactOptional(requestIdOf(parsed.details, headers), redactor),
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
  const parsed = parseErrorObject(o);
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
