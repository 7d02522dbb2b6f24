import type { Redactor } from "../../secrets/redactor.js";
import type { AuthConfig } from "./auth-config.js";
import type { AuthContext } from "./auth-context.js";
import type { Authorizer } from "./authorizer.js";
import type { AuthType } from "./attributes.js";
import { AzureClientSecretAuthorizer, AzureMsiAuthorizer } from "./azure.js";
import { MetadataServiceAuthorizer } from "./metadata-service.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";
import type { IdTokenSource } from "./workload-identity.js";
import type { FetchLike } from "../request/fetch.js";

export type { AuthConfig } from "./auth-config.js";
export type { Authorizer } from "./authorizer.js";

/**
 * The `Authorizer` for resolved credentials; registers every secret with the redactor. Static
 * credentials (pat, basic) give a constant header the pipeline may build its headers from once;
 * every other type fetches and refreshes a token.
 *
 * @example
 * const a = createAuthorizer("https://x.cloud.databricks.com", { type: "pat", token }, redactor);
 */
export function createAuthorizer(host: string, auth: AuthConfig, redactor: Redactor, exchangeTimeoutMs = 120_000, context: Partial<Omit<AuthContext, "redactor" | "timeoutMs">> = {}): Authorizer {
  const env = context.env ?? process.env;
  // The home of the given environment (tests and sandboxes pass their own), for the token caches.
  const home = context.home ?? (env.HOME !== undefined && env.HOME !== "" ? env.HOME : undefined);
  const ctx: AuthContext = { redactor, timeoutMs: exchangeTimeoutMs, env, now: context.now ?? Date.now, openBrowser: context.openBrowser, tokenCacheDir: context.tokenCacheDir, home, log: context.log };
  switch (auth.type) {
    case "pat": {
      redactor.add(auth.token);
      const header = `Bearer ${auth.token}`;
      return { type: "pat", static: true, header: () => header };
    }
    case "basic": {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
      redactor.add(auth.password);
      redactor.add(encoded);
      const header = `Basic ${encoded}`;
      return { type: "basic", static: true, header: () => header };
    }
    // The token exchanges load their code (OIDC discovery, node:child_process, node:http for a
    // browser's redirect) at the first token, not at import: the main entry stays cheap to import.
    case "oauth-m2m":
      return new LazyAuthorizer("oauth-m2m", async () => new (await import("./oauth-m2m.js")).OAuthM2MAuthorizer(host, auth.clientId, auth.clientSecret, auth.scopes ?? ["all-apis"], ctx), ctx);
    case "databricks-cli":
      return new LazyAuthorizer("databricks-cli", async () => new (await import("./databricks-cli.js")).DatabricksCliAuthorizer(host, auth.cliPath, auth.profile, ctx), ctx);
    case "external-browser":
      return new LazyAuthorizer("external-browser", async () => new (await import("./external-browser.js")).ExternalBrowserAuthorizer(host, auth, ctx), ctx);
    case "metadata-service":
      return new MetadataServiceAuthorizer(host, auth.url, ctx);
    case "env-oidc":
      return workloadIdentity(auth.type, host, { kind: "env-oidc", variable: auth.tokenEnv }, auth, ctx);
    case "file-oidc":
      return workloadIdentity(auth.type, host, { kind: "file-oidc", path: auth.path }, auth, ctx);
    case "github-oidc":
      return workloadIdentity(auth.type, host, { kind: "github-oidc", requestUrl: auth.requestUrl, requestToken: auth.requestToken, audience: auth.audience }, auth, ctx);
    case "azure-cli":
      return new LazyAuthorizer("azure-cli", async () => new (await import("./azure-cli.js")).AzureCliAuthorizer(auth, ctx), ctx);
    case "azure-client-secret":
      return new AzureClientSecretAuthorizer(auth, ctx);
    case "azure-msi":
      return new AzureMsiAuthorizer(auth, ctx);
  }
}

/** A workload-identity federation authorizer (an OIDC ID token exchanged for a Databricks token), loaded at its first token. */
function workloadIdentity(type: AuthType, host: string, source: IdTokenSource, auth: { clientId?: string | undefined; scopes?: readonly string[] | undefined }, ctx: AuthContext): Authorizer {
  return new LazyAuthorizer(type, async () => new (await import("./workload-identity.js")).WorkloadIdentityAuthorizer(host, source, auth.clientId, auth.scopes ?? ["all-apis"], ctx), ctx);
}

/** An authorizer whose implementation is imported at its first token. */
class LazyAuthorizer extends RefreshingAuthorizer {
  readonly type: AuthType;
  readonly #load: () => Promise<RefreshingAuthorizer>;
  #inner: Promise<RefreshingAuthorizer> | undefined;

  constructor(type: AuthType, load: () => Promise<RefreshingAuthorizer>, ctx: AuthContext) {
    super(ctx);
    this.type = type;
    this.#load = load;
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal, previous: OAuthToken | undefined): Promise<OAuthToken> {
    const inner = await (this.#inner ??= this.#load());
    return inner.freshToken(fetch, signal, previous);
  }
}
