import { AbortError } from "../../errors/abort-error.js";
import { ApiError } from "../../errors/api-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import { DeploymentsError } from "../../errors/deployments-error.js";
import type { Redactor } from "../../secrets/redactor.js";
import { StreamError } from "../../errors/stream-error.js";
import { TimeoutError } from "../../errors/timeout-error.js";

/**
 * Why a request was aborted, as far as the one who aborted it knows: the caller's signal, the
 * attempt timer, the total budget, or the owner of an opened response (a stream that went idle
 * or was left early).
 */
export type AbortWhy = "caller" | "attempt" | "total" | "owner";

/** What the mapping needs to know about the attempt that failed. */
export interface AttemptFacts {
  readonly why: AbortWhy | undefined;
  /** The caller's `signal.reason`, kept as the `AbortError`'s cause. */
  readonly abortReason: unknown;
  readonly url: string;
  readonly host: string;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly redactor: Redactor;
}

const NETWORK_CODE_DEPTH = 4;

/**
 * The `E…` / `UND_ERR…` code of a network failure, looked for down the `cause` / `errors` chain
 * (fetch wraps the socket's error; a happy-eyeballs connect wraps one per address).
 *
 * @example
 * networkCode(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })); // "ECONNREFUSED"
 */
export function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < NETWORK_CODE_DEPTH && cur !== null && typeof cur === "object"; i++) {
    const o = cur as { code?: unknown; errno?: unknown; cause?: unknown; errors?: unknown };
    // System codes (ECONNRESET), undici's (UND_ERR_…), TLS's (ERR_TLS_…, DEPTH_ZERO_SELF_SIGNED_CERT).
    if (typeof o.code === "string" && /^E[A-Z_]+$|^UND_ERR|^[A-Z_]*(CERT|SELF_SIGNED)[A-Z_]*$/.test(o.code)) return o.code;
    if (Array.isArray(o.errors) && o.errors.length > 0) cur = o.errors[0];
    else cur = o.cause;
  }
  return undefined;
}

/**
 * The error a failed attempt (sending, waiting for headers, reading a body) becomes: our own
 * errors as they are; an abort as `AbortError` or the `TimeoutError` of the timer that fired;
 * anything else the transport threw as a `ConnectionError` with its network code, scrubbed.
 *
 * @example
 * throw attemptError(e, { why: attempt.why, abortReason, url, host, timeoutMs, totalTimeoutMs, redactor });
 */
export function attemptError(e: unknown, facts: AttemptFacts): unknown {
  if (e instanceof DeploymentsError) return e;
  const aborted = abortError(facts);
  if (aborted !== undefined) return aborted;
  const code = networkCode(e);
  const detail = facts.redactor.text(e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e));
  return new ConnectionError(`Cannot reach ${facts.host}: ${detail}`, code);
}

/**
 * The error an abort by the caller or by a timer stands for; `undefined` when the request was
 * not aborted, or was aborted by its owner (who knows its own reason best).
 *
 * @example
 * abortError({ ...facts, why: "caller" }); // AbortError
 */
export function abortError(facts: AttemptFacts): DeploymentsError | undefined {
  switch (facts.why) {
    case "caller":
      return new AbortError(undefined, { cause: facts.abortReason });
    case "attempt":
      return new TimeoutError(`No answer from ${facts.url.split("?")[0]} within ${facts.timeoutMs} ms (timeoutMs)`, "attempt", facts.timeoutMs);
    case "total":
      return new TimeoutError(`The call ran out of its total time budget of ${facts.totalTimeoutMs} ms (totalTimeoutMs)`, "total", facts.totalTimeoutMs);
    default:
      return undefined;
  }
}

/** What a stream knows when its body fails. */
export interface StreamFacts {
  /** The abort the request's side knows of (`OpenedResponse.describeAbort()`). */
  readonly aborted: DeploymentsError | undefined;
  /** Set when the stream itself gave up waiting (its idle timer fired). */
  readonly idleTimeoutMs: number | undefined;
  readonly received: number;
  readonly redactor: Redactor;
}

/**
 * The error a failure while reading an opened stream becomes: API and stream errors as they are,
 * the caller's abort, the idle timeout, or a `StreamError` counting the chunks already handed out.
 *
 * @example
 * throw streamError(e, { aborted: opened.describeAbort(), idleTimeoutMs: undefined, received: 3, redactor });
 */
export function streamError(e: unknown, facts: StreamFacts): unknown {
  if (e instanceof ApiError || e instanceof StreamError) return e;
  if (facts.aborted !== undefined) return facts.aborted;
  const n = facts.received;
  if (facts.idleTimeoutMs !== undefined) return new TimeoutError(`No stream data for ${facts.idleTimeoutMs} ms (idleTimeoutMs); gave up after ${n} chunks`, "idle", facts.idleTimeoutMs);
  if (e instanceof DeploymentsError) return e;
  return new StreamError(`The stream broke after ${n} chunk${n === 1 ? "" : "s"}: ${facts.redactor.text(e instanceof Error ? e.message : String(e))}`, n);
}
