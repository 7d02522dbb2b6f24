import { ApiError } from "../../errors/api-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import { TimeoutError } from "../../errors/timeout-error.js";

/**
 * Which failures a call may retry:
 * - `"idempotent"`: reads, PUTs, DELETEs and PATCHes: 429, 500, 502, 503, 504, connection errors and attempt timeouts;
 * - `"unprocessed"`: model calls and creates: only where the server has certainly not acted on the
 *   request (429, 503, connection refused), so a retry never duplicates a model call;
 * - `"never"`.
 */
export type RetryMode = "idempotent" | "unprocessed" | "never";

const IDEMPOTENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const UNPROCESSED_STATUSES = new Set([429, 503]);

/**
 * Whether `error` may be retried under `mode`.
 *
 * @example
 * isRetryable("unprocessed", rateLimitError); // true
 * isRetryable("unprocessed", internalServerError); // false: the model may have run
 */
export function isRetryable(mode: RetryMode, error: unknown): boolean {
  if (mode === "never") return false;
  if (error instanceof ApiError) {
    return (mode === "idempotent" ? IDEMPOTENT_STATUSES : UNPROCESSED_STATUSES).has(error.status);
  }
  if (error instanceof ConnectionError) return mode === "idempotent" || error.code === "ECONNREFUSED";
  if (error instanceof TimeoutError) return mode === "idempotent" && error.kind === "attempt";
  return false;
}

/**
 * `Retry-After` as seconds: an integer or decimal count of seconds, or an HTTP date (seconds from
 * now, at least 0). `undefined` when absent or unreadable.
 *
 * @example
 * parseRetryAfter("3"); // 3
 * parseRetryAfter(new Date(Date.now() + 5000).toUTCString()); // ≈ 5
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (value.length === 0) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/** Backoff settings; see `ClientOptions`. */
export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Milliseconds to wait before retry number `attempt` (1-based): the server's `Retry-After` when it
 * gave one, else exponential backoff (`base · 2^(attempt-1)`, capped) with "equal jitter" (half fixed,
 * half random) so that many clients do not retry in step.
 *
 * @example
 * retryDelayMs(1, undefined, { baseDelayMs: 500, maxDelayMs: 10_000 }); // 250..500
 * retryDelayMs(1, 2, { baseDelayMs: 500, maxDelayMs: 10_000 }); // 2000
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, options: BackoffOptions, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined) return Math.ceil(retryAfterSeconds * 1000);
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * A short phrase for `onRetry` and logs: `"429 REQUEST_LIMIT_EXCEEDED"`, `"ECONNREFUSED"`, `"attempt timeout"`.
 *
 * @example
 * retryReason(new ConnectionError("refused", "ECONNREFUSED")); // "ECONNREFUSED"
 */
export function retryReason(error: unknown): string {
  if (error instanceof ApiError) return error.errorCode === undefined ? `${error.status}` : `${error.status} ${error.errorCode}`;
  if (error instanceof ConnectionError) return error.code ?? "connection error";
  if (error instanceof TimeoutError) return "attempt timeout";
  return "error";
}
