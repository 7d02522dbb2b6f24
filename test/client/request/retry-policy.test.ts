import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { isRetryable, parseRetryAfter, retryDelayMs, retryReason } from "../../../src/client/request/retry-policy.js";
import { createApiError } from "../../../src/errors/api-error.js";
import { ConnectionError, TimeoutError, AbortError } from "../../../src/index.js";

const api = (status: number, errorCode?: string) => createApiError({ status, errorCode, message: "m", details: undefined, requestId: undefined, retryAfter: undefined, operation: undefined });

const test = suite("retry policy");

test("idempotent calls retry 429/500/502/503/504, connection errors and attempt timeouts", () => {
  for (const s of [429, 500, 502, 503, 504]) assert.ok(isRetryable("idempotent", api(s)), String(s));
  for (const s of [400, 401, 403, 404, 409, 501]) assert.not.ok(isRetryable("idempotent", api(s)), String(s));
  assert.ok(isRetryable("idempotent", new ConnectionError("reset", "ECONNRESET")));
  assert.ok(isRetryable("idempotent", new TimeoutError("t", "attempt", 1)));
  assert.not.ok(isRetryable("idempotent", new TimeoutError("t", "total", 1)));
  assert.not.ok(isRetryable("idempotent", new AbortError()));
});

test("model calls retry only what the server never processed: 429, 503, connection refused", () => {
  assert.ok(isRetryable("unprocessed", api(429)));
  assert.ok(isRetryable("unprocessed", api(503)));
  for (const s of [500, 502, 504]) assert.not.ok(isRetryable("unprocessed", api(s)), String(s));
  assert.ok(isRetryable("unprocessed", new ConnectionError("refused", "ECONNREFUSED")));
  assert.not.ok(isRetryable("unprocessed", new ConnectionError("reset", "ECONNRESET")));
  assert.not.ok(isRetryable("unprocessed", new TimeoutError("t", "attempt", 1)));
  assert.not.ok(isRetryable("never", api(429)));
});

test("Retry-After: seconds, decimals, HTTP dates (past → 0), garbage → undefined", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.is(parseRetryAfter("3", now), 3);
  assert.is(parseRetryAfter("0.5", now), 0.5);
  assert.is(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now), 7);
  assert.is(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now), 0);
  assert.is(parseRetryAfter("soon", now), undefined);
  assert.is(parseRetryAfter(null, now), undefined);
  assert.is(parseRetryAfter("", now), undefined);
});

test("backoff: Retry-After wins; else exponential with equal jitter, capped (property)", () => {
  assert.is(retryDelayMs(3, 2, { baseDelayMs: 500, maxDelayMs: 10_000 }), 2000);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
      const d = retryDelayMs(attempt, undefined, { baseDelayMs: 500, maxDelayMs: 10_000 }, () => r);
      const exp = Math.min(10_000, 500 * 2 ** (attempt - 1));
      return d >= exp / 2 - 1 && d <= exp && d <= 10_000;
    }),
  );
});

test("reasons read well in onRetry", () => {
  assert.is(retryReason(api(429, "REQUEST_LIMIT_EXCEEDED")), "429 REQUEST_LIMIT_EXCEEDED");
  assert.is(retryReason(api(503)), "503");
  assert.is(retryReason(new ConnectionError("x", "ECONNREFUSED")), "ECONNREFUSED");
  assert.is(retryReason(new TimeoutError("t", "attempt", 1)), "attempt timeout");
});

test.run();
