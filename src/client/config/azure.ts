import { ConfigurationError } from "../../errors/configuration-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";

const AAD_HOSTS: Readonly<Record<string, string>> = {
  PUBLIC: "https://login.microsoftonline.com",
  USGOVERNMENT: "https://login.microsoftonline.us",
  CHINA: "https://login.chinacloudapi.cn",
};

/** The Azure instance metadata service (managed identities). */
export const AZURE_IMDS_URL = "http://169.254.169.254/metadata/identity/oauth2/token";

/**
 * An Entra ID service principal with a client secret: `client_credentials` at
 * `{login host}/{tenant}/oauth2/token` for the Azure Databricks login app.
 *
 * @example
 * const a = new AzureClientSecretAuthorizer({ type: "azure-client-secret", clientId, clientSecret, tenantId, loginAppId, environment: "PUBLIC" }, ctx);
 */
export class AzureClientSecretAuthorizer extends RefreshingAuthorizer {
  readonly type = "azure-client-secret" as const;
  readonly #url: string;
  readonly #form: Readonly<Record<string, string>>;

  constructor(auth: { clientId: string; clientSecret: string; tenantId: string; loginAppId: string; environment: string }, ctx: AuthContext) {
    super(ctx);
    const aad = AAD_HOSTS[auth.environment];
    if (aad === undefined) throw new ConfigurationError(`azure-client-secret: unknown ARM_ENVIRONMENT ${JSON.stringify(auth.environment)}: use ${Object.keys(AAD_HOSTS).join(", ")}`);
    ctx.redactor.add(auth.clientSecret);
    this.#url = `${aad}/${encodeURIComponent(auth.tenantId)}/oauth2/token`;
    this.#form = { grant_type: "client_credentials", client_id: auth.clientId, client_secret: auth.clientSecret, resource: auth.loginAppId };
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    // The token exchange's code loads with the first token (the package's import stays cheaper).
    const { postTokenForm } = await import("./oidc.js");
    return postTokenForm(fetch, { url: this.#url, form: this.#form, what: "azure-client-secret", now: this.ctx.now, timeoutMs: this.ctx.timeoutMs }, signal, this.ctx.redactor);
  }
}

/**
 * An Azure managed identity: `GET` the instance metadata service with `Metadata: true`.
 *
 * @example
 * const a = new AzureMsiAuthorizer({ type: "azure-msi", loginAppId }, ctx);
 */
export class AzureMsiAuthorizer extends RefreshingAuthorizer {
  readonly type = "azure-msi" as const;
  readonly #url: string;

  constructor(auth: { clientId?: string | undefined; loginAppId: string }, ctx: AuthContext) {
    super(ctx);
    const q = new URLSearchParams({ "api-version": "2018-02-01", resource: auth.loginAppId });
    if (auth.clientId !== undefined) q.set("client_id", auth.clientId);
    this.#url = `${AZURE_IMDS_URL}?${q.toString()}`;
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    let res: Response;
    try {
      res = await fetch(this.#url, { method: "GET", headers: { metadata: "true", accept: "application/json" }, signal });
    } catch (e) {
      throw new ConnectionError(`azure-msi: cannot reach the instance metadata service (is this an Azure VM with a managed identity?): ${this.ctx.redactor.text(e instanceof Error ? e.message : String(e))}`, undefined);
    }
    const text = await res.text();
    if (!res.ok) throw new ConfigurationError(`azure-msi: failed to get token: HTTP ${res.status}`);
    let o: { access_token?: unknown; token_type?: unknown; expires_in?: unknown; expires_on?: unknown };
    try {
      o = JSON.parse(text) as typeof o;
    } catch {
      throw new ConfigurationError("azure-msi: invalid token (not JSON)");
    }
    if (typeof o.access_token !== "string" || o.access_token === "") throw new ConfigurationError("azure-msi: invalid token");
    this.ctx.redactor.add(o.access_token);
    const seconds = Number(o.expires_in);
    return { accessToken: o.access_token, tokenType: typeof o.token_type === "string" ? o.token_type : "Bearer", expiresAt: Number.isFinite(seconds) ? this.ctx.now() + seconds * 1000 : undefined };
  }
}
