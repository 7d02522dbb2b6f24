import { ConfigurationError } from "../../errors/configuration-error.js";
import { UnauthenticatedError, createApiError } from "../../errors/api-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import { TimeoutError } from "../../errors/timeout-error.js";
import { parseErrorBody } from "../../errors/error-body.js";
import type { Redactor } from "../../secrets/redactor.js";
import type { FetchLike } from "../request/fetch.js";
import type { OAuthToken } from "./token.js";

/** A workspace's OAuth endpoints. */
export interface OidcEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

/**
 * The workspace's OAuth endpoints from `GET {host}/oidc/.well-known/oauth-authorization-server`
 * (no credentials sent). A host that answers without a usable document gets the conventional
 * `{host}/oidc/v1/{authorize,token}`; a host that cannot be reached is an error.
 *
 * @example
 * const { tokenEndpoint } = await discoverOidc("https://x.cloud.databricks.com", fetch, AbortSignal.timeout(10_000), redactor, 10_000);
 */
export async function discoverOidc(host: string, fetch: FetchLike, signal: AbortSignal, redactor: Redactor, timeoutMs: number): Promise<OidcEndpoints> {
  const url = `${host}/oidc/.well-known/oauth-authorization-server`;
  const fallback = { authorizationEndpoint: `${host}/oidc/v1/authorize`, tokenEndpoint: `${host}/oidc/v1/token` };
  let res: Response;
  try {
    res = await fetch(url, { method: "GET", headers: { accept: "application/json" }, signal });
  } catch (e) {
    if (signal.aborted) throw new TimeoutError(`oidc: discovery at ${url} got no answer in time`, "attempt", timeoutMs);
    throw new ConnectionError(`oidc: Unable to discover OIDC endpoints at ${url}: ${redactor.text(e instanceof Error ? e.message : String(e))}`, undefined);
  }
  const text = await res.text().catch(() => "");
  if (!res.ok) return fallback;
  try {
    const doc = JSON.parse(text) as { authorization_endpoint?: unknown; token_endpoint?: unknown };
    if (typeof doc.authorization_endpoint === "string" && typeof doc.token_endpoint === "string") {
      return { authorizationEndpoint: doc.authorization_endpoint, tokenEndpoint: doc.token_endpoint };
    }
  } catch {
    // Not a discovery document: the conventional paths below.
  }
  return fallback;
}

/** One token request: where, the form, extra headers, and a name for messages. */
export interface TokenRequest {
  readonly url: string;
  readonly form: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** `"oauth-m2m"`, `"external-browser"` …: the prefix of every message. */
  readonly what: string;
  readonly now: () => number;
  readonly timeoutMs: number;
}

/**
 * POSTs a form to a token endpoint and reads `{access_token, token_type, expires_in,
 * refresh_token}`. A 400/401 is an `UnauthenticatedError` with the server's
 * `error: error_description`; a body that is not JSON is a `ConfigurationError` that quotes
 * nothing of it. Every secret in the reply is registered with the redactor before it returns.
 *
 * @example
 * const token = await postTokenForm(fetch, { url, form: { grant_type: "client_credentials", scope: "all-apis" }, what: "oauth-m2m", now: Date.now, timeoutMs: 10_000 }, signal, redactor);
 */
export async function postTokenForm(fetch: FetchLike, req: TokenRequest, signal: AbortSignal, redactor: Redactor): Promise<OAuthToken> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(req.form)) if (v !== undefined) body.append(k, v);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...req.headers },
      body: body.toString(),
      signal,
    });
  } catch (e) {
    if (signal.aborted) throw new TimeoutError(`${req.what}: the token request to ${req.url} got no answer in time (timeoutMs)`, "attempt", req.timeoutMs);
    throw new ConnectionError(`${req.what}: the token request to ${req.url} failed: ${redactor.text(e instanceof Error ? e.message : String(e))}`, undefined);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    if (signal.aborted) throw new TimeoutError(`${req.what}: the token request to ${req.url} did not finish its answer in time (timeoutMs)`, "attempt", req.timeoutMs);
    throw new ConnectionError(`${req.what}: the token request to ${req.url} broke off: ${redactor.text(e instanceof Error ? e.message : String(e))}`, undefined);
  }
  if (!res.ok) {
    let message: string | undefined;
    let errorCode: string | undefined;
    try {
      const o = JSON.parse(text) as { error?: unknown; error_description?: unknown };
      if (typeof o.error === "string") {
        errorCode = o.error;
        message = typeof o.error_description === "string" ? `${o.error}: ${o.error_description}` : o.error;
      }
    } catch {
      // Not JSON: the shared error-body reader below.
    }
    if (message === undefined) {
      const parsed = parseErrorBody(text);
      errorCode = parsed.errorCode;
      message = parsed.message ?? `${res.status} ${res.statusText}`;
    }
    const init = {
      status: res.status,
      errorCode: res.status === 400 || res.status === 401 ? undefined : errorCode,
      message: redactor.text(`${req.what}: Failed to retrieve token: ${message}`),
      details: undefined,
      requestId: undefined,
      retryAfter: undefined,
      operation: `POST ${new URL(req.url).pathname}`,
    };
    throw res.status === 400 || res.status === 401 ? new UnauthenticatedError(init) : createApiError(init);
  }
  let o: { access_token?: unknown; expires_in?: unknown; token_type?: unknown; refresh_token?: unknown };
  try {
    o = JSON.parse(text) as typeof o;
  } catch {
    // Neither the parser's message nor the body: V8 quotes its start, which may hold a credential.
    throw new ConfigurationError(`${req.what}: the token endpoint ${req.url} answered HTTP ${res.status} with ${res.headers.get("content-type") ?? "no content type"} (${text.length} characters) that is not JSON; is the host a Databricks workspace?`);
  }
  if (o === null || typeof o !== "object" || typeof o.access_token !== "string" || o.access_token === "") {
    throw new ConfigurationError(`${req.what}: the token endpoint ${req.url} answered without an access_token`);
  }
  redactor.add(o.access_token);
  const refreshToken = typeof o.refresh_token === "string" && o.refresh_token !== "" ? o.refresh_token : undefined;
  if (refreshToken !== undefined) redactor.add(refreshToken);
  const seconds = typeof o.expires_in === "number" ? o.expires_in : typeof o.expires_in === "string" && o.expires_in.trim() !== "" ? Number(o.expires_in) : 3600;
  return {
    accessToken: o.access_token,
    tokenType: typeof o.token_type === "string" ? o.token_type : "Bearer",
    expiresAt: Number.isFinite(seconds) ? req.now() + seconds * 1000 : undefined,
    refreshToken,
  };
}
