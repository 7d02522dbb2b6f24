import { VERSION } from "../../version.js";
import { AbortError } from "../errors/abort-error.js";
import { ConnectionError } from "../errors/connection-error.js";
import { DeploymentsError } from "../errors/deployments-error.js";
import { StreamError } from "../errors/stream-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { ApiError } from "../errors/api-error.js";
import type { Redactor } from "../errors/redact.js";
import type { Authorizer } from "../config/auth.js";
import { EventStream, type OpenedStream } from "../streaming/event-stream.js";
import { apiErrorFromResponse } from "./error-body.js";
import { resolveFetch, type FetchLike } from "./fetch.js";
import { isRetryable, retryDelayMs, retryReason, type RetryMode } from "./retry-policy.js";
import { sleep } from "./sleep.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * What `onRetry` receives before each wait: the retry's number (1 = first retry), how long the
 * client will wait, a short reason (`"429 REQUEST_LIMIT_EXCEEDED"`, `"ECONNREFUSED"`) and the error.
 *
 * @example
 * getDeployClient("databricks", { onRetry: (r) => console.error(`retry ${r.attempt} in ${r.delayMs} ms: ${r.reason}`) });
 */
export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly error: DeploymentsError;
}

/** Settled pipeline settings (defaults applied). */
export interface PipelineSettings {
  readonly host: string;
  readonly authorizer: Authorizer;
  readonly redactor: Redactor;
  readonly fetch: FetchLike | undefined;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
}

/** One call as a resource method describes it: method, path, body, and how it may be retried. */
export interface RequestSpec {
  readonly method: HttpMethod;
  /** Path with its segments already encoded, e.g. `/api/2.0/serving-endpoints/chat`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** The reply is always a JSON document (model calls): read it the cheaper way, no empty-body case. */
  readonly alwaysJson?: boolean;
  /** Computes the body at the first attempt instead (a stream validates its inputs at the first `next()`). */
  readonly lazyBody?: () => unknown;
  readonly retry: RetryMode;
  readonly signal?: AbortSignal | undefined;
  /** Extra values to scrub from errors (`*_plaintext`, secret values in this request). */
  readonly secrets?: readonly string[];
}

type Accept = "json" | "text" | "sse";

/** The redactor for one request (the client's secrets and the request's own), built when called. */
type ScopedRedactor = () => Redactor;

type AbortWhy = "caller" | "attempt" | "total" | "idle" | "done";

interface Live {
  readonly controller: AbortController;
  why: AbortWhy | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  release(): void;
}

const NETWORK_CODE_DEPTH = 4;

function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < NETWORK_CODE_DEPTH && cur !== null && typeof cur === "object"; i++) {
    const o = cur as { code?: unknown; errno?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === "string" && /^E[A-Z]+$|^UND_ERR/.test(o.code)) return o.code;
    if (Array.isArray(o.errors) && o.errors.length > 0) cur = o.errors[0];
    else cur = o.cause;
  }
  return undefined;
}

/**
 * The one request pipeline: URL, auth header, User-Agent, per-attempt timeout with one
 * `AbortController` linked to the caller's signal, total budget, retries, error mapping, SSE.
 * Resource methods only describe calls (`RequestSpec`).
 *
 * @example
 * const endpoint = await pipeline.json<ServingEndpointDetailed>({ method: "GET", path: "/api/2.0/serving-endpoints/chat", retry: "idempotent" });
 */
export class RequestPipeline {
  readonly #baseHeaders: Readonly<Record<string, string>>;
  // Per accept kind, for static credentials only: built once, not on every call.
  readonly #staticAuthHeaders: Partial<Record<Accept, Readonly<Record<string, string>>>> = {};
  readonly #settings: PipelineSettings;
  #fetch: FetchLike | undefined;

  constructor(settings: PipelineSettings) {
    this.#settings = settings;
    this.#baseHeaders = {
      // No `accept` on JSON calls: the API answers JSON regardless, and every header costs undici time.
      "user-agent": `databricks-deployments/${VERSION}`,
      "content-type": "application/json",
      ...settings.headers,
    };
  }

  /** Sends the call and returns the parsed JSON body (`{}` for an empty one). */
  json<T>(spec: RequestSpec): Promise<T> {
    return this.run(spec, (res) => {
      if (res.status === 204) return {} as T;
      const notJson = (length: string): never => {
        // Neither the parser's message nor a `cause`: V8 quotes the first characters of the body,
        // and a credential cut off there is a fragment no redactor can recognise.
        throw new DeploymentsError(`Expected JSON from ${spec.method} ${spec.path}, got HTTP ${res.status} with ${res.headers.get("content-type") ?? "no content type"} (${length}) that is not JSON`);
      };
      if (spec.alwaysJson === true) {
        // res.json() is measurably cheaper than res.text() + JSON.parse under undici (≈30 µs per call).
        return (res.json() as Promise<T>).then(undefined, (e: unknown) => {
          // undici throws a SyntaxError; node-fetch (cross-fetch) a FetchError of type "invalid-json".
          if (e instanceof SyntaxError || (e as { type?: unknown } | null)?.type === "invalid-json") notJson(`content-length ${res.headers.get("content-length") ?? "unknown"}`);
          throw e;
        });
      }
      return res.text().then((text) => {
        if (text.length === 0) return {} as T;
        try {
          return JSON.parse(text) as T;
        } catch {
          return notJson(`${text.length} characters`);
        }
      });
    });
  }

  /** Sends the call and returns the body as text (metrics, OpenAPI documents). */
  text(spec: RequestSpec): Promise<string> {
    return this.run(spec, (res) => res.text(), false, "text");
  }

  /**
   * Sends the call and yields each JSON event of the SSE reply until `[DONE]`. Retries (per
   * `spec.retry`) only until the response headers arrive, never once the stream has begun.
   * Breaking out of the loop aborts the request.
   */
  stream<T>(spec: RequestSpec): AsyncGenerator<T, void, undefined> {
    let live: Live | undefined;
    const open = async (): Promise<OpenedStream> => {
      const opened = await this.run(spec, (res, l, redactor) => ({ res, l, redactor }), true, "sse");
      const current = opened.l;
      live = current;
      const redactor = opened.redactor;
      return {
        res: opened.res,
        // A getter: the scoped redactor is built only when an error needs it.
        get redactor() {
          return redactor();
        },
        operation: `${spec.method} ${spec.path}`,
        abort: (why) => {
          current.why ??= why;
          current.controller.abort();
        },
        release: () => current.release(),
      };
    };
    return new EventStream<T>(open, this.#settings.idleTimeoutMs, (e, received) => this.streamFailure(e, live, received));
  }

  private streamFailure(e: unknown, live: Live | undefined, received: number): unknown {
    if (e instanceof ApiError || e instanceof StreamError) return e;
    if (live === undefined) return e;
    if (live.why === "caller") return new AbortError(undefined, { cause: live.controller.signal.reason });
    if (live.why === "idle") return new TimeoutError(`No stream data for ${this.#settings.idleTimeoutMs} ms (idleTimeoutMs); gave up after ${received} chunks`, "idle", this.#settings.idleTimeoutMs);
    if (e instanceof DeploymentsError) return e;
    return new StreamError(`The stream broke after ${received} chunk${received === 1 ? "" : "s"}: ${this.#settings.redactor.text(e instanceof Error ? e.message : String(e))}`, received);
  }

  private async run<T>(spec: RequestSpec, consume: (res: Response, live: Live, redactor: ScopedRedactor) => T | Promise<T>, keepOpen = false, accept: Accept = "json"): Promise<T> {
    const s = this.#settings;
    // Built only on an error path, from the live redactor: a copy taken up front would miss the
    // OAuth token fetched during the first attempt, and would cost a copy and sort per request.
    const secrets = spec.secrets;
    const redactor: ScopedRedactor = secrets === undefined || secrets.length === 0 ? () => s.redactor : () => s.redactor.with(secrets);
    let url = s.host + spec.path;
    if (spec.query !== undefined) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(spec.query)) if (v !== undefined) params.append(k, v);
      const qs = params.toString();
      if (qs.length > 0) url += `?${qs}`;
    }
    const payload = spec.lazyBody === undefined ? spec.body : spec.lazyBody();
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const deadline = Date.now() + s.totalTimeoutMs;
    let fetch = this.#fetch;
    if (fetch === undefined) {
      const resolved = resolveFetch(s.fetch);
      fetch = typeof resolved === "function" ? resolved : await resolved;
      this.#fetch = fetch;
    }
    for (let attempt = 1; ; attempt++) {
      let error: DeploymentsError;
      try {
        return await this.attempt(spec, url, body, deadline, fetch, redactor, consume, keepOpen, accept);
      } catch (e) {
        if (!(e instanceof DeploymentsError)) throw e;
        error = e;
      }
      if (attempt > s.maxRetries || !isRetryable(spec.retry, error)) throw error;
      const delayMs = retryDelayMs(attempt, error instanceof ApiError ? error.retryAfter : undefined, { baseDelayMs: s.retryBaseDelayMs, maxDelayMs: s.retryMaxDelayMs });
      if (Date.now() + delayMs >= deadline) throw error;
      s.onRetry?.({ attempt, delayMs, reason: retryReason(error), error });
      await sleep(delayMs, spec.signal);
    }
  }

  private async attempt<T>(
    spec: RequestSpec,
    url: string,
    body: string | undefined,
    deadline: number,
    fetch: FetchLike,
    redactor: ScopedRedactor,
    consume: (res: Response, live: Live, redactor: ScopedRedactor) => T | Promise<T>,
    keepOpen: boolean,
    accept: Accept,
  ): Promise<T> {
    const s = this.#settings;
    const signal = spec.signal;
    if (signal?.aborted === true) throw new AbortError(undefined, { cause: signal.reason });
    const controller = new AbortController();
    const onAbort = (): void => {
      live.why ??= "caller";
      controller.abort(signal?.reason);
    };
    const live: Live = {
      controller,
      why: undefined,
      timer: undefined,
      release: () => {
        if (live.timer !== undefined) clearTimeout(live.timer);
        signal?.removeEventListener("abort", onAbort);
      },
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const remaining = deadline - Date.now();
    const limitedByTotal = remaining < s.timeoutMs;
    const timeoutMs = Math.max(1, limitedByTotal ? remaining : s.timeoutMs);
    live.timer = setTimeout(() => {
      live.why ??= limitedByTotal ? "total" : "attempt";
      controller.abort();
    }, timeoutMs);
    let handedOver = false;
    try {
      let headers = this.#staticAuthHeaders[accept];
      if (headers === undefined) {
        let auth = s.authorizer.header(fetch, controller.signal);
        if (typeof auth !== "string") auth = await auth;
        const built: Record<string, string> = { ...this.#baseHeaders, authorization: auth };
        if (accept === "text") built.accept = "text/plain, application/json";
        else if (accept === "sse") built.accept = "text/event-stream, application/json";
        // An OAuth token expires and is refreshed: only static credentials can be kept.
        if (s.authorizer.type !== "oauth-m2m") this.#staticAuthHeaders[accept] = built;
        headers = built;
      }
      const res = await fetch(url, { method: spec.method, headers, body, signal: controller.signal });
      if (!res.ok) {
        if (res.status === 401) s.authorizer.invalidate?.();
        const text = await res.text();
        throw apiErrorFromResponse(res.status, res.statusText, res.headers, text, `${spec.method} ${spec.path}`, redactor());
      }
      if (keepOpen) {
        // The stream owns the controller from here; its idle timer replaces the attempt timer.
        clearTimeout(live.timer);
        live.timer = undefined;
        handedOver = true;
      }
      return await consume(res, live, redactor);
    } catch (e) {
      throw this.attemptFailure(e, live, timeoutMs, url, redactor);
    } finally {
      if (!handedOver) live.release();
    }
  }

  private attemptFailure(e: unknown, live: Live, timeoutMs: number, url: string, redactor: ScopedRedactor): unknown {
    if (e instanceof DeploymentsError) return e;
    switch (live.why) {
      case "caller":
        return new AbortError(undefined, { cause: live.controller.signal.reason });
      case "attempt":
        return new TimeoutError(`No answer from ${url.split("?")[0]} within ${timeoutMs} ms (timeoutMs)`, "attempt", timeoutMs);
      case "total":
        return new TimeoutError(`The call ran out of its total time budget of ${this.#settings.totalTimeoutMs} ms (totalTimeoutMs)`, "total", this.#settings.totalTimeoutMs);
      default: {
        const code = networkCode(e);
        const detail = redactor().text(e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e));
        return new ConnectionError(`Cannot reach ${this.#settings.host}: ${detail}`, code);
      }
    }
  }
}
