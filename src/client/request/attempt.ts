import { AbortError } from "../../errors/abort-error.js";
import { DeploymentsError } from "../../errors/deployments-error.js";
import type { Redactor } from "../../secrets/redactor.js";
import type { Authorizer } from "../config/auth.js";
import { apiErrorFromResponse } from "./error-body.js";
import type { Cancellable, CancelHook } from "./cancel-hook.js";
import type { FetchLike } from "./fetch.js";
import { isRedirect, redirectTarget } from "./redirect.js";
import type { Exchange, Transport, WireRequest, WireResponse } from "./transport.js";
import { abortError, attemptError, type AbortWhy, type AttemptFacts } from "./transport-error.js";

/** What the reply is read as: it picks the `accept` header (none for JSON). */
export type Accept = "json" | "text" | "sse";

/**
 * A response whose headers have arrived with a 2xx status, and the handle of its request: the
 * body is the owner's to read, and to stop.
 */
export interface OpenedResponse {
  readonly res: WireResponse;
  /** Scrubs the client's secrets and this request's own; built when first asked for. */
  readonly redactor: Redactor;
  /** `"POST /serving-endpoints/chat/invocations"`, for messages. */
  readonly operation: string;
  /** Longest SSE line or event the reader may hold (`maxEventBytes`). */
  readonly maxEventBytes: number;
  /** Aborts the request (the owner gave up on it); the first reason given is the one kept. */
  abort(): void;
  /** Clears timers and listeners; idempotent. */
  release(): void;
  /** The error the caller's signal or a timer stands for, if one of them aborted the request. */
  describeAbort(): DeploymentsError | undefined;
}

/** One call, settled once before its first attempt: every attempt of it reads this. */
export interface RequestPlan {
  readonly method: string;
  readonly url: string;
  readonly operation: string;
  readonly body: string | undefined;
  readonly accept: Accept;
  readonly signal: AbortSignal | undefined;
  /** Internal cancellation (predictBatch's rows): a list of calls, cheaper than a signal. */
  readonly cancel?: CancelHook | undefined;
  /** When the call's total budget runs out (`now()` clock). */
  readonly deadline: number;
  readonly transport: Transport;
  /** The fetch an OAuth exchange uses (over the same transport). */
  readonly fetch: FetchLike;
  readonly host: string;
  readonly authorizer: Authorizer;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxEventBytes: number;
  /** A stream read in batches (`RequestSpec.batched`). */
  readonly batched: boolean;
  readonly now: () => number;
  /** The request's headers, given a signal (an OAuth exchange may need it; asked for only then). */
  headers(signal: () => AbortSignal): Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  redactor(): Redactor;
}

/**
 * One attempt of a call: its timer (the attempt's timeout or what is left of the total budget),
 * the caller's signal, the exchange on the transport (stopped directly: no `AbortController` per
 * request on the node transport), redirects judged, and the mapping of whatever goes wrong.
 * It is also the `OpenedResponse` it hands over, so the reason for an
 * abort is written in this file only.
 *
 * @example
 * const attempt = new Attempt(plan);
 * const opened = await attempt.open(true); // a stream: the attempt timer stops at the headers
 */
export class Attempt implements OpenedResponse, Cancellable {
  readonly #plan: RequestPlan;
  #exchange: Exchange | undefined;
  #controller: AbortController | undefined;
  #abortReason: unknown;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #timeoutMs: number;
  #why: AbortWhy | undefined;
  #timerLive = true;
  #res: WireResponse | undefined;

  /** Throws `AbortError` when the caller's signal (or cancel hook) has already fired (nothing is sent). */
  constructor(plan: RequestPlan) {
    this.#plan = plan;
    const signal = plan.signal;
    const cancel = plan.cancel;
    if (signal?.aborted === true) throw new AbortError(undefined, { cause: signal.reason });
    if (cancel?.aborted === true) throw new AbortError(undefined, { cause: cancel.reason });
    // The attempt is its own listener (`handleEvent`): no closure per call, and none to name (the
    // build keeps names, at a defineProperty call per named closure made).
    if (signal !== undefined) signal.addEventListener("abort", this, { once: true });
    cancel?.add(this);
    const remaining = plan.deadline - plan.now();
    const limitedByTotal = remaining < plan.timeoutMs;
    this.#timeoutMs = Math.max(1, limitedByTotal ? remaining : plan.timeoutMs);
    this.#timer = setTimeout(() => this.#abort(limitedByTotal ? "total" : "attempt", undefined), this.#timeoutMs);
  }

  get res(): WireResponse {
    return this.#res as WireResponse;
  }

  get redactor(): Redactor {
    return this.#plan.redactor();
  }

  get operation(): string {
    return this.#plan.operation;
  }

  get maxEventBytes(): number {
    return this.#plan.maxEventBytes;
  }

  /**
   * Sends the request and waits for a 2xx (anything else becomes its `ApiError`). With `keepOpen`
   * the caller owns the body from here: the attempt timer stops and `release()` is theirs to call;
   * otherwise it is released on failure only.
   */
  async open(keepOpen: boolean): Promise<Attempt> {
    const p = this.#plan;
    try {
      let headers = p.headers(() => this.#signal());
      if (!isRecord(headers)) headers = await headers;
      let request: WireRequest = { method: p.method, url: p.url, headers, body: p.body, batched: p.batched };
      let res = await this.#send(request);
      for (let hops = 0; isRedirect(res.status); hops++) {
        const from = res;
        try {
          request = redirectTarget(request, res.status, res.headers.get("location"), hops);
        } finally {
          from.discard();
        }
        res = await this.#send(request);
      }
      if (res.status < 200 || res.status > 299) {
        // 403 too: Databricks answers an expired or revoked token with 403 "Invalid access token".
        if (res.status === 401 || res.status === 403) p.authorizer.invalidate?.();
        const text = await res.text().catch((e: unknown) => {
          // An error body too large to hold is dropped; the status still says what happened.
          if (e instanceof DeploymentsError) return "";
          throw e;
        });
        throw apiErrorFromResponse(res.status, res.statusText, res.headers, text, p.operation, p.redactor());
      }
      // A stream's idle timer replaces the attempt timer.
      if (keepOpen) this.#stopTimer();
      this.#res = res;
      return this;
    } catch (e) {
      this.release();
      throw this.failure(e);
    }
  }

  /** Opens, reads the body with `read` under the attempt timer, and releases. */
  async consume<T>(read: (res: WireResponse) => T | Promise<T>): Promise<T> {
    await this.open(false);
    try {
      return await read(this.#res as WireResponse);
    } catch (e) {
      throw this.failure(e);
    } finally {
      this.release();
    }
  }

  #send(request: WireRequest): Promise<WireResponse> {
    // Aborted while the headers were being worked out: nothing is sent.
    if (this.#why !== undefined) return Promise.reject(new Error("aborted"));
    const exchange = this.#plan.transport.send(request);
    this.#exchange = exchange;
    return exchange.response;
  }

  // Only an OAuth exchange asks for a signal: static credentials never pay for a controller.
  #signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#why !== undefined) this.#controller.abort(this.#abortReason);
    return this.#controller.signal;
  }

  /** What `e`, thrown while this attempt ran, means to the caller. */
  failure(e: unknown): unknown {
    return e instanceof DeploymentsError ? e : attemptError(e, this.#facts());
  }

  describeAbort(): DeploymentsError | undefined {
    return this.#why === undefined ? undefined : abortError(this.#facts());
  }

  abort(): void {
    this.#abort("owner", undefined);
  }

  /** The caller's signal fired (the attempt listens to it as an `EventListenerObject`). */
  handleEvent(): void {
    this.#abort("caller", this.#plan.signal?.reason);
  }

  /** The plan's cancel hook fired (see cancel-hook.ts): the same as the caller's signal. */
  cancelled(reason: unknown): void {
    this.#abort("caller", reason);
  }

  release(): void {
    this.#stopTimer();
    this.#plan.signal?.removeEventListener("abort", this);
    this.#plan.cancel?.remove(this);
  }

  #abort(why: AbortWhy, reason: unknown): void {
    // The first reason is the true one: the abort it causes is what every later failure stems from.
    if (this.#why !== undefined) return;
    this.#why = why;
    this.#abortReason = reason;
    this.#exchange?.abort();
    this.#controller?.abort(reason);
  }

  #stopTimer(): void {
    if (!this.#timerLive) return;
    this.#timerLive = false;
    clearTimeout(this.#timer);
  }

  #facts(): AttemptFacts {
    const p = this.#plan;
    return { why: this.#why, abortReason: this.#abortReason, url: p.url, host: p.host, timeoutMs: this.#timeoutMs, totalTimeoutMs: p.totalTimeoutMs, redactor: p.redactor() };
  }
}

function isRecord(h: Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>): h is Readonly<Record<string, string>> {
  return typeof (h as { then?: unknown }).then !== "function";
}
