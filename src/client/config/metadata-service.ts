import { ConfigurationError } from "../../errors/configuration-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";

/**
 * A local credential server (the VS Code extension's): `GET <url>` with
 * `X-Databricks-Metadata-Version: 1` and `X-Databricks-Host`, answered with
 * `{access_token, token_type, expires_on}` (unix seconds). Only localhost URLs are accepted, as
 * the JS SDK does: the server hands out workspace tokens.
 *
 * @example
 * const a = new MetadataServiceAuthorizer("https://x.cloud.databricks.com", "http://localhost:8300/abc", ctx);
 */
export class MetadataServiceAuthorizer extends RefreshingAuthorizer {
  readonly type = "metadata-service" as const;
  readonly #host: string;
  readonly #url: string;

  constructor(host: string, url: string, ctx: AuthContext) {
    super(ctx);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigurationError("metadata-service: invalid auth server URL in DATABRICKS_METADATA_SERVICE_URL (not a URL)");
    }
    if (!["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname)) {
      throw new ConfigurationError(`metadata-service: invalid auth server URL: the host must be localhost or 127.0.0.1, not ${parsed.hostname}`);
    }
    // The URL's path is a session key of the server: treat it as a secret.
    ctx.redactor.add(url);
    this.#host = host;
    this.#url = url;
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    let res: Response;
    try {
      res = await fetch(this.#url, { method: "GET", headers: { "x-databricks-metadata-version": "1", "x-databricks-host": this.#host, accept: "application/json" }, signal });
    } catch (e) {
      throw new ConnectionError(`metadata-service: error fetching auth server URL: ${this.ctx.redactor.text(e instanceof Error ? e.message : String(e))}`, undefined);
    }
    const text = await res.text();
    if (!res.ok) throw new ConfigurationError(`metadata-service: the auth server answered HTTP ${res.status} (is it serving ${this.#host}?)`);
    let o: { access_token?: unknown; token_type?: unknown; expires_on?: unknown };
    try {
      o = JSON.parse(text) as typeof o;
    } catch {
      throw new ConfigurationError("metadata-service: token parse: the auth server's answer is not JSON");
    }
    if (typeof o.access_token !== "string" || o.access_token === "") throw new ConfigurationError("metadata-service: token parse: invalid token (no access_token)");
    if (typeof o.token_type !== "string" || o.token_type === "") throw new ConfigurationError("metadata-service: Metadata Service returned empty token type");
    this.ctx.redactor.add(o.access_token);
    const seconds = typeof o.expires_on === "number" ? o.expires_on : typeof o.expires_on === "string" ? Number(o.expires_on) : Number.NaN;
    if (!Number.isFinite(seconds)) throw new ConfigurationError("metadata-service: Metadata Service returned invalid expiry");
    return { accessToken: o.access_token, tokenType: o.token_type, expiresAt: seconds * 1000 };
  }
}
