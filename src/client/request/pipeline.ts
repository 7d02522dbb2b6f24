import { VERSION } from "../../version.js";
import { DeploymentsError } from "../../errors/deployments-error.js";
import { ApiError } from "../../errors/api-error.js";
import type { Redactor } from "../../secrets/redactor.js";
import type { Authorizer } from "../config/auth.js";
import { Attempt, type Accept, type OpenedResponse, type RequestPlan } from "./attempt.js";
import type { CancelHook } from "./cancel-hook.js";
import type { FetchLike } from "./fetch.js";
import { selectTransport, type SelectedTransport, type TransportChoice } from "./select-transport.js";
import type { WireResponse } from "./transport.js";
import { isRetryable, retryDelayMs, retryReason, type RetryMode } from "./retry-policy.js";
import { sleep as realSleep } from "./sleep.js";

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
  /** The transport options (`transport`, `fetch`, `agent`, `dispatcher`, `maxResponseBytes`). */
  readonly wire: TransportChoice;
  /** Longest SSE line or event (`maxEventBytes`). */
  readonly maxEventBytes: number;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  /** Waits between retries (internal: tests inject one instead of waiting out real delays). */
  readonly sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
  /** The clock of the total budget (internal, with `sleep`). */
  readonly now?: (() => number) | undefined;
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
  readonly retry: RetryMode;
  readonly signal?: AbortSignal | undefined;
  /** Internal cancellation of a call with retries off (see cancel-hook.ts); beside `signal`. */
  readonly cancel?: CancelHook | undefined;
  /** Extra values to scrub from errors (`*_plaintext`, secret values in this request). */
  readonly secrets?: readonly string[];
  /** A stream that will be read in batches (`batchMs` > 0): the node transport gives it its own sockets. */
  readonly batched?: boolean;
}

/**
 * The one request pipeline: URL, auth header, User-Agent, the transport (chosen at the first
 * call), per-attempt timeout linked to the caller's signal, total budget, redirects, retries,
 * error mapping.
 * Resource methods only describe calls (`RequestSpec`). Its primitive is `open()`; `json()` and
 * `text()` read the opened body inside the retry loop, so a body that breaks off is retried as
 * the call's mode allows.
 *
 * @example
 * const endpoint = await pipeline.json<ServingEndpointDetailed>({ method: "GET", path: "/api/2.0/serving-endpoints/chat", retry: "idempotent" });
 */
export class RequestPipeline {
  readonly #baseHeaders: Readonly<Record<string, string>>;
  // Per accept kind, for static credentials only: built once, not on every call.
  readonly #staticAuthHeaders: Partial<Record<Accept, Readonly<Record<string, string>>>> = {};
  readonly #settings: PipelineSettings;
  readonly #sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly #now: () => number;
  #wire: SelectedTransport | undefined;

  constructor(settings: PipelineSettings) {
    this.#settings = settings;
    this.#sleep = settings.sleep ?? realSleep;
    this.#now = settings.now ?? Date.now;
    this.#baseHeaders = {
      // No `accept` on JSON calls: the API answers JSON regardless, and every header costs undici time.
      "user-agent": `databricks-deployments/${VERSION}`,
      "content-type": "application/json",
      ...settings.headers,
    };
  }

  /** Longest silence between two chunks of a stream (`ClientOptions.idleTimeoutMs`). */
  get idleTimeoutMs(): number {
    return this.#settings.idleTimeoutMs;
  }

  /** Longest SSE line or event (`ClientOptions.maxEventBytes`). */
  get maxEventBytes(): number {
    return this.#settings.maxEventBytes;
  }

  /** Waits as the retries do, through the same (in tests, injected) sleep: for waits between calls, such as polling. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return this.#sleep(ms, signal);
  }

  /**
   * Sends the call, retrying (per `spec.retry`) until a 2xx arrives, and hands over the response:
   * its body, the attempt timer stopped, and how to abort and release it. Nothing is retried
   * once it is handed over.
   *
   * @example
   * const opened = await pipeline.open({ method: "POST", path, body, retry: "unprocessed" }, "sse");
   */
  async open(spec: RequestSpec, accept: Accept): Promise<OpenedResponse> {
    let plan = this.#plan(spec, accept);
    if (plan instanceof Promise) plan = await plan;
    return this.#retrying(plan, spec.retry, (attempt) => attempt.open(true));
  }

  /** Sends the call and returns the parsed JSON body (`{}` for an empty one). */
  async json<T>(spec: RequestSpec): Promise<T> {
    let plan = this.#plan(spec, "json");
    if (plan instanceof Promise) plan = await plan;
    // Closures as arguments, not named consts: the build keeps names, and naming a closure made
    // on every call costs a defineProperty each time.
    return this.#retrying(plan, spec.retry, (attempt) => attempt.consume((res: WireResponse): T | Promise<T> => readJson<T>(res, spec)));
  }

  /** Sends the call and returns the body as text (metrics, OpenAPI documents). */
  async text(spec: RequestSpec): Promise<string> {
    let plan = this.#plan(spec, "text");
    if (plan instanceof Promise) plan = await plan;
    return this.#retrying(plan, spec.retry, (attempt) => attempt.consume((res) => res.text()));
  }

  // A promise only on the first call, when the transport is not settled yet: no extra await after that.
  #plan(spec: RequestSpec, accept: Accept): RequestPlan | Promise<RequestPlan> {
    const wire = this.#wire;
    if (wire !== undefined) return this.#planWith(spec, accept, wire);
    const deadline = this.#now() + this.#settings.totalTimeoutMs;
    return selectTransport(this.#settings.wire).then((w) => {
      this.#wire ??= w;
      return this.#planWith(spec, accept, this.#wire, deadline);
    });
  }

  #planWith(spec: RequestSpec, accept: Accept, wire: SelectedTransport, deadline = this.#now() + this.#settings.totalTimeoutMs): RequestPlan {
    const s = this.#settings;
    // Built only on an error path, from the live redactor: a copy taken up front would miss the
    // OAuth token fetched during the first attempt, and would cost a copy and sort per request.
    const secrets = spec.secrets;
    const redactor = secrets === undefined || secrets.length === 0 ? () => s.redactor : () => s.redactor.with(secrets);
    let url = s.host + spec.path;
    if (spec.query !== undefined) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(spec.query)) if (v !== undefined) params.append(k, v);
      const qs = params.toString();
      if (qs.length > 0) url += `?${qs}`;
    }
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const known = this.#staticAuthHeaders[accept];
    return {
      method: spec.method,
      url,
      operation: `${spec.method} ${spec.path}`,
      body,
      accept,
      signal: spec.signal,
      cancel: spec.cancel,
      deadline,
      transport: wire.transport,
      fetch: wire.fetch,
      host: s.host,
      authorizer: s.authorizer,
      timeoutMs: s.timeoutMs,
      totalTimeoutMs: s.totalTimeoutMs,
      maxEventBytes: s.maxEventBytes,
      batched: spec.batched === true,
      now: this.#now,
      headers: known !== undefined ? () => known : (signal) => this.#headers(accept, wire.fetch, signal),
      redactor,
    };
  }

  #headers(accept: Accept, fetch: FetchLike, signal: () => AbortSignal): Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>> {
    const s = this.#settings;
    const cached = this.#staticAuthHeaders[accept];
    if (cached !== undefined) return cached;
    // Static credentials reach here once per accept kind (then they are cached): the attempt builds its signal only then.
    const auth = s.authorizer.header(fetch, signal());
    return typeof auth === "string" ? this.#withAuth(accept, auth) : auth.then((a) => this.#withAuth(accept, a));
  }

  #withAuth(accept: Accept, auth: string): Readonly<Record<string, string>> {
    const built: Record<string, string> = { ...this.#baseHeaders, authorization: auth };
    if (accept === "text") built.accept = "text/plain, application/json";
    else if (accept === "sse") built.accept = "text/event-stream, application/json";
    // A token expires and is refreshed: only static credentials (pat, basic) can be kept.
    if (this.#settings.authorizer.static === true) this.#staticAuthHeaders[accept] = built;
    return built;
  }

  async #retrying<T>(plan: RequestPlan, mode: RetryMode, run: (attempt: Attempt) => Promise<T>): Promise<T> {
    const s = this.#settings;
    for (let n = 1; ; n++) {
      let error: DeploymentsError;
      try {
        return await run(new Attempt(plan));
      } catch (e) {
        if (!(e instanceof DeploymentsError)) throw e;
        error = e;
      }
      if (n > s.maxRetries || !isRetryable(mode, error)) throw error;
      const delayMs = retryDelayMs(n, error instanceof ApiError ? error.retryAfter : undefined, { baseDelayMs: s.retryBaseDelayMs, maxDelayMs: s.retryMaxDelayMs });
      if (this.#now() + delayMs >= plan.deadline) throw error;
      s.onRetry?.({ attempt: n, delayMs, reason: retryReason(error), error });
      await this.#sleep(delayMs, plan.signal);
    }
  }
}

function notJson(res: WireResponse, spec: RequestSpec, length: string): never {
  // Neither the parser's message nor a `cause`: V8 quotes the first characters of the body,
  // and a credential cut off there is a fragment no redactor can recognise.
  throw new DeploymentsError(`Expected JSON from ${spec.method} ${spec.path}, got HTTP ${res.status} with ${res.headers.get("content-type") ?? "no content type"} (${length}) that is not JSON`);
}

function readJson<T>(res: WireResponse, spec: RequestSpec): T | Promise<T> {
  if (res.status === 204) return {} as T;
  if (spec.alwaysJson === true) {
    // res.json() is measurably cheaper than res.text() + JSON.parse under undici (≈30 µs per call).
    return (res.json() as Promise<T>).then(undefined, (e: unknown) => {
      // undici throws a SyntaxError; node-fetch (cross-fetch) a FetchError of type "invalid-json".
      if (e instanceof SyntaxError || (e as { type?: unknown } | null)?.type === "invalid-json") notJson(res, spec, `content-length ${res.headers.get("content-length") ?? "unknown"}`);
      throw e;
    });
  }
  return res.text().then((text) => {
    if (text.length === 0) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return notJson(res, spec, `${text.length} characters`);
    }
  });
}
