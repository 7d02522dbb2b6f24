import { ConfigurationError } from "../../errors/configuration-error.js";
import { UnauthenticatedError, createApiError } from "../../errors/api-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import { TimeoutError } from "../../errors/timeout-error.js";
import type { Redactor } from "../../secrets/redactor.js";
import type { FetchLike } from "../request/fetch.js";
import { parseErrorBody } from "../../errors/error-body.js";

/**
 * How requests authenticate: a personal access token, Basic credentials, or OAuth
 * machine-to-machine (a service principal's client id and secret).
 *
 * @example
 * const auth: AuthConfig = { type: "pat", token: process.env.DATABRICKS_TOKEN! };
 */
export type AuthConfig =
  | { readonly type: "pat"; readonly token: string }
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  | { readonly type: "oauth-m2m"; readonly clientId: string; readonly clientSecret: string };

/** Produces the `Authorization` header value; synchronous for static credentials (no await on the hot path). */
export interface Authorizer {
  readonly type: AuthConfig["type"];
  header(fetch: FetchLike, signal: AbortSignal): string | Promise<string>;
  /** Forgets a cached token after the server rejected it (401), so the next call fetches a fresh one. */
  invalidate?(): void;
}

// Refresh this long before the token's stated expiry, so a request never leaves with a token that dies in flight.
const EXPIRY_MARGIN_MS = 60_000;

class OAuthM2MAuthorizer implements Authorizer {
  readonly type = "oauth-m2m" as const;
  #cached: { header: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;
  readonly #host: string;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #redactor: Redactor;
  readonly #timeoutMs: number;

  constructor(host: string, clientId: string, clientSecret: string, redactor: Redactor, timeoutMs: number) {
    this.#host = host;
    this.#clientId = clientId;
    this.#clientSecret = clientSecret;
    this.#redactor = redactor;
    this.#timeoutMs = timeoutMs;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  header(fetch: FetchLike, signal: AbortSignal): string | Promise<string> {
    if (this.#cached !== undefined && Date.now() < this.#cached.expiresAt) return this.#cached.header;
    // Concurrent requests share one exchange. It runs on its own time limit, not on the signal of
    // whichever request happened to start it: that caller aborting (or its attempt timer firing)
    // must not fail every other request waiting for the same token.
    if (this.#pending === undefined) {
      const pending = this.#exchange(fetch, AbortSignal.timeout(this.#timeoutMs)).finally(() => {
        this.#pending = undefined;
      });
      // When every waiter has left (aborted), nobody awaits the exchange any more; its failure
      // has already been reported to them (or to nobody who cares), so it must not surface as an
      // unhandled rejection.
      pending.catch(() => undefined);
      this.#pending = pending;
    }
    return untilAborted(this.#pending, signal);
  }

  async #exchange(fetch: FetchLike, signal: AbortSignal): Promise<string> {
    const url = `${this.#host}/oidc/v1/token`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${this.#clientId}:${this.#clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: "grant_type=client_credentials&scope=all-apis",
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw new TimeoutError(`The OAuth token exchange with ${this.#host}/oidc/v1/token got no answer within ${this.#timeoutMs} ms (timeoutMs)`, "attempt", this.#timeoutMs);
      throw new ConnectionError(`OAuth token exchange with ${this.#host}/oidc/v1/token failed: ${this.#redactor.text(String(e instanceof Error ? e.message : e))}`, undefined);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      if (signal.aborted) throw new TimeoutError(`The OAuth token exchange with ${this.#host}/oidc/v1/token did not finish its answer within ${this.#timeoutMs} ms (timeoutMs)`, "attempt", this.#timeoutMs);
      throw new ConnectionError(`OAuth token exchange with ${this.#host}/oidc/v1/token broke off: ${this.#redactor.text(String(e instanceof Error ? e.message : e))}`, undefined);
    }
    if (!res.ok) {
      const parsed = parseErrorBody(text);
      const init = {
        status: res.status,
        errorCode: parsed.errorCode,
        message: this.#redactor.text(`OAuth client-credentials exchange failed: ${parsed.message ?? res.statusText}`),
        details: undefined,
        requestId: undefined,
        retryAfter: undefined,
        operation: "POST /oidc/v1/token",
      };
      throw res.status === 400 || res.status === 401 ? new UnauthenticatedError(init) : createApiError(init);
    }
    let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // Not retried and without the parser's message: V8 quotes the start of the body, which may
      // hold a credential; a token endpoint answering non-JSON is a misconfigured host, not a blip.
      throw new ConfigurationError(`OAuth token endpoint ${this.#host}/oidc/v1/token answered HTTP ${res.status} with ${res.headers.get("content-type") ?? "no content type"} (${text.length} characters) that is not JSON; is the host a Databricks workspace?`);
    }
    if (body === null || typeof body !== "object") throw new ConfigurationError("OAuth token endpoint answered without an access_token");
    if (typeof body.access_token !== "string") throw new ConfigurationError("OAuth token endpoint answered without an access_token");
    this.#redactor.add(body.access_token);
    const ttlMs = typeof body.expires_in === "number" ? body.expires_in * 1000 : 3_600_000;
    const header = `Bearer ${body.access_token}`;
    this.#cached = { header, expiresAt: Date.now() + Math.max(0, ttlMs - EXPIRY_MARGIN_MS) };
    return header;
  }
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The `Authorizer` for resolved credentials; registers every secret with the redactor.
 *
 * @example
 * const a = createAuthorizer("https://x.cloud.databricks.com", { type: "pat", token }, redactor);
 */
export function createAuthorizer(host: string, auth: AuthConfig, redactor: Redactor, exchangeTimeoutMs = 120_000): Authorizer {
  switch (auth.type) {
    case "pat": {
      redactor.add(auth.token);
      const header = `Bearer ${auth.token}`;
      return { type: "pat", header: () => header };
    }
    case "basic": {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
      redactor.add(auth.password);
      redactor.add(encoded);
      const header = `Basic ${encoded}`;
      return { type: "basic", header: () => header };
    }
    case "oauth-m2m":
      redactor.add(auth.clientSecret);
      redactor.add(Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString("base64"));
      return new OAuthM2MAuthorizer(host, auth.clientId, auth.clientSecret, redactor, exchangeTimeoutMs);
  }
}
