import { readFile } from "node:fs/promises";
import { ConfigurationError } from "../../errors/configuration-error.js";
import { ConnectionError } from "../../errors/connection-error.js";
import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { discoverOidc, postTokenForm, type OidcEndpoints } from "./oidc.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";

/** Where a federated identity's ID token comes from. */
export type IdTokenSource =
  | { readonly kind: "env-oidc"; readonly variable: string }
  | { readonly kind: "file-oidc"; readonly path: string }
  | { readonly kind: "github-oidc"; readonly requestUrl: string; readonly requestToken: string; readonly audience: string | undefined };

/**
 * Workload identity federation (CI): an OIDC ID token from an environment variable, a file or
 * GitHub Actions is exchanged (RFC 8693 token exchange) at the workspace token endpoint for a
 * Databricks token. The ID token is read again at every refresh (files and CI tokens rotate).
 *
 * @example
 * const a = new WorkloadIdentityAuthorizer(host, { kind: "env-oidc", variable: "DATABRICKS_OIDC_TOKEN" }, "sp-app-id", ["all-apis"], ctx);
 */
export class WorkloadIdentityAuthorizer extends RefreshingAuthorizer {
  readonly type: "env-oidc" | "file-oidc" | "github-oidc";
  readonly #host: string;
  readonly #source: IdTokenSource;
  readonly #clientId: string | undefined;
  readonly #scopes: readonly string[];
  #endpoints: OidcEndpoints | undefined;

  constructor(host: string, source: IdTokenSource, clientId: string | undefined, scopes: readonly string[], ctx: AuthContext) {
    super(ctx);
    this.type = source.kind;
    this.#host = host;
    this.#source = source;
    this.#clientId = clientId;
    this.#scopes = scopes;
    if (source.kind === "github-oidc") ctx.redactor.add(source.requestToken);
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    this.#endpoints ??= await discoverOidc(this.#host, fetch, signal, this.ctx.redactor, this.ctx.timeoutMs);
    const idToken = await this.#idToken(fetch, signal, this.#endpoints.tokenEndpoint);
    this.ctx.redactor.add(idToken);
    return postTokenForm(
      fetch,
      {
        url: this.#endpoints.tokenEndpoint,
        form: {
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: idToken,
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          scope: this.#scopes.join(" "),
          client_id: this.#clientId,
        },
        what: this.type,
        now: this.ctx.now,
        timeoutMs: this.ctx.timeoutMs,
      },
      signal,
      this.ctx.redactor,
    );
  }

  async #idToken(fetch: FetchLike, signal: AbortSignal, tokenEndpoint: string): Promise<string> {
    const s = this.#source;
    if (s.kind === "env-oidc") {
      const value = this.ctx.env[s.variable]?.trim();
      if (value === undefined || value === "") throw new ConfigurationError(`env-oidc: the environment variable ${s.variable} (the OIDC ID token) is not set`);
      return value;
    }
    if (s.kind === "file-oidc") {
      let text: string;
      try {
        text = await readFile(s.path, "utf8");
      } catch (e) {
        throw new ConfigurationError(`file-oidc: cannot read the ID token file ${s.path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      }
      if (text.trim() === "") throw new ConfigurationError(`file-oidc: the ID token file ${s.path} is empty`);
      return text.trim();
    }
    const audience = s.audience ?? tokenEndpoint;
    const url = `${s.requestUrl}${s.requestUrl.includes("?") ? "&" : "?"}audience=${encodeURIComponent(audience)}`;
    let res: Response;
    try {
      res = await fetch(url, { method: "GET", headers: { authorization: `Bearer ${s.requestToken}`, accept: "application/json" }, signal });
    } catch (e) {
      throw new ConnectionError(`github-oidc: cannot reach ACTIONS_ID_TOKEN_REQUEST_URL: ${this.ctx.redactor.text(e instanceof Error ? e.message : String(e))}`, undefined);
    }
    const text = await res.text();
    if (!res.ok) throw new ConfigurationError(`github-oidc: GitHub's ID token service answered HTTP ${res.status} (does the job have \`permissions: id-token: write\`?)`);
    let value: unknown;
    try {
      value = (JSON.parse(text) as { value?: unknown }).value;
    } catch {
      throw new ConfigurationError("github-oidc: GitHub's ID token service answered something that is not JSON");
    }
    if (typeof value !== "string" || value === "") throw new ConfigurationError("github-oidc: GitHub's ID token service answered without a token");
    return value;
  }
}
