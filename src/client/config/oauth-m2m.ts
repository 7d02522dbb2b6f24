import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { discoverOidc, postTokenForm, type OidcEndpoints } from "./oidc.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";

/**
 * OAuth machine-to-machine (a service principal): `client_credentials` at the discovered token
 * endpoint with the client id and secret in a Basic header; refreshed by repeating the grant.
 *
 * @example
 * const a = new OAuthM2MAuthorizer("https://x.cloud.databricks.com", "id", "secret", ["all-apis"], ctx);
 */
export class OAuthM2MAuthorizer extends RefreshingAuthorizer {
  readonly type = "oauth-m2m" as const;
  readonly #host: string;
  readonly #basic: string;
  readonly #scopes: readonly string[];
  #endpoints: OidcEndpoints | undefined;

  constructor(host: string, clientId: string, clientSecret: string, scopes: readonly string[], ctx: AuthContext) {
    super(ctx);
    this.#host = host;
    this.#basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
    this.#scopes = scopes;
    ctx.redactor.add(clientSecret);
    ctx.redactor.add(this.#basic);
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    this.#endpoints ??= await discoverOidc(this.#host, fetch, signal, this.ctx.redactor, this.ctx.timeoutMs);
    return postTokenForm(
      fetch,
      {
        url: this.#endpoints.tokenEndpoint,
        form: { grant_type: "client_credentials", scope: this.#scopes.join(" ") },
        headers: { authorization: `Basic ${this.#basic}` },
        what: "oauth-m2m",
        now: this.ctx.now,
        timeoutMs: this.ctx.timeoutMs,
      },
      signal,
      this.ctx.redactor,
    );
  }
}
