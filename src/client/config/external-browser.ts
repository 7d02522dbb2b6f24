import { homedir } from "node:os";
import { ConfigurationError } from "../../errors/configuration-error.js";
import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { browserLogin, openInBrowser } from "./browser-login.js";
import { discoverOidc, postTokenForm, type OidcEndpoints } from "./oidc.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import { EXPIRY_MARGIN_MS, type OAuthToken } from "./token.js";
import { defaultTokenCacheDir, readCachedToken, readDatabricksCliToken, removeCachedToken, tokenCachePath, writeCachedToken } from "./token-cache.js";

/** The settings of an `external-browser` login. */
export interface ExternalBrowserSettings {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly scopes: readonly string[];
  readonly profile?: string | undefined;
}

/**
 * U2M OAuth (authorization code + PKCE) with a token cache: the cached token while it is
 * usable, then its refresh token (no browser), and only without either a browser login. The
 * Databricks CLI's own cache (`~/.databricks/token-cache.json`) seeds it when there is no cache
 * of ours. Every new token is written to the cache (0600, atomically).
 *
 * @example
 * const a = new ExternalBrowserAuthorizer("https://x.cloud.databricks.com", { clientId: "databricks-cli", scopes: ["all-apis", "offline_access"] }, ctx);
 */
export class ExternalBrowserAuthorizer extends RefreshingAuthorizer {
  readonly type = "external-browser" as const;
  readonly #host: string;
  readonly #settings: ExternalBrowserSettings;
  /** The cache file of this host, client, profile and scopes. */
  readonly cachePath: string;
  #endpoints: OidcEndpoints | undefined;
  /** False for `auth status`: a missing login is reported, not started. */
  interactive = true;

  constructor(host: string, settings: ExternalBrowserSettings, ctx: AuthContext) {
    super(ctx);
    this.#host = host;
    this.#settings = settings;
    if (settings.clientSecret !== undefined) ctx.redactor.add(settings.clientSecret);
    const dir = ctx.tokenCacheDir ?? defaultTokenCacheDir(ctx.env, ctx.home ?? homedir());
    this.cachePath = tokenCachePath(dir, { host, clientId: settings.clientId, profile: settings.profile, scopes: settings.scopes });
  }

  /** The cached token, if any (no network). */
  cached(): OAuthToken | undefined {
    return readCachedToken(this.cachePath) ?? readDatabricksCliToken(this.ctx.home ?? homedir(), this.#host, this.#settings.profile);
  }

  /** Forgets the login: the cache file is removed. */
  logout(): boolean {
    this.invalidate();
    return removeCachedToken(this.cachePath);
  }

  /**
   * A new browser login, whatever is cached (`deployments auth login`).
   *
   * @example
   * const token = await authorizer.login(fetch);
   */
  async login(fetch: FetchLike, timeoutMs = 300_000): Promise<OAuthToken> {
    this.invalidate();
    const signal = AbortSignal.timeout(timeoutMs);
    const token = await this.#browser(fetch, signal, timeoutMs);
    await this.token(fetch);
    return token;
  }

  protected async fetchToken(fetch: FetchLike, signal: AbortSignal, previous: OAuthToken | undefined): Promise<OAuthToken> {
    const known = previous ?? this.cached();
    if (known !== undefined && (known.expiresAt === undefined || known.expiresAt - EXPIRY_MARGIN_MS > this.ctx.now())) {
      this.ctx.redactor.add(known.accessToken);
      if (known.refreshToken !== undefined) this.ctx.redactor.add(known.refreshToken);
      return known;
    }
    let refreshFailure: string | undefined;
    if (known?.refreshToken !== undefined) {
      try {
        const refreshed = await this.#refresh(fetch, signal, known.refreshToken);
        writeCachedToken(this.cachePath, refreshed);
        return refreshed;
      } catch (e) {
        refreshFailure = this.ctx.redactor.text(e instanceof Error ? e.message : String(e));
      }
    }
    if (!this.interactive) {
      throw new ConfigurationError(
        `external-browser: ${known === undefined ? `not logged in to ${this.#host}` : refreshFailure !== undefined ? `the cached login for ${this.#host} could not be refreshed (${refreshFailure})` : `the cached login for ${this.#host} has expired and has no refresh token`}. Run \`deployments auth login${this.#settings.profile !== undefined ? ` --profile ${this.#settings.profile}` : ` --host ${this.#host}`}\`.`,
      );
    }
    if (refreshFailure !== undefined) this.#log(`Failed to refresh cached token: ${refreshFailure}. Initiating new OAuth login flow`);
    return this.#browser(fetch, signal, this.ctx.timeoutMs);
  }

  #pendingLogin: Promise<OAuthToken> | undefined;

  async #browser(fetch: FetchLike, signal: AbortSignal, timeoutMs: number): Promise<OAuthToken> {
    this.#endpoints ??= await discoverOidc(this.#host, fetch, signal, this.ctx.redactor, this.ctx.timeoutMs);
    const env = this.ctx.env;
    const pending = browserLogin({
      endpoints: this.#endpoints,
      clientId: this.#settings.clientId,
      clientSecret: this.#settings.clientSecret,
      scopes: this.#settings.scopes,
      fetch,
      signal,
      redactor: this.ctx.redactor,
      open: this.ctx.openBrowser ?? ((url) => openInBrowser(url, env)),
      log: (line) => this.#log(line),
      now: this.ctx.now,
      timeoutMs,
    });
    this.#pendingLogin = pending;
    try {
      const token = await pending;
      writeCachedToken(this.cachePath, token);
      return token;
    } finally {
      this.#pendingLogin = undefined;
    }
  }

  #refresh(fetch: FetchLike, signal: AbortSignal, refreshToken: string): Promise<OAuthToken> {
    return (async () => {
      this.#endpoints ??= await discoverOidc(this.#host, fetch, signal, this.ctx.redactor, this.ctx.timeoutMs);
      const token = await postTokenForm(
        fetch,
        {
          url: this.#endpoints.tokenEndpoint,
          form: { grant_type: "refresh_token", refresh_token: refreshToken, client_id: this.#settings.clientId, client_secret: this.#settings.clientSecret },
          what: "external-browser",
          now: this.ctx.now,
          timeoutMs: this.ctx.timeoutMs,
        },
        signal,
        this.ctx.redactor,
      );
      // A server that does not rotate refresh tokens answers without one: keep the old one.
      return token.refreshToken !== undefined ? token : { ...token, refreshToken };
    })();
  }

  #log(line: string): void {
    (this.ctx.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }
}
