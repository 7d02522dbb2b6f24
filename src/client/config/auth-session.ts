import { homedir } from "node:os";
import { ConfigurationError } from "../../errors/configuration-error.js";
import { Redactor } from "../../secrets/redactor.js";
import { resolveFetch, type FetchLike } from "../request/fetch.js";
import { createApiError } from "../../errors/api-error.js";
import { parseErrorBody } from "../../errors/error-body.js";
import { parseScopes } from "./attributes.js";
import { createAuthorizer } from "./auth.js";
import { configFilePath, readConfigFile } from "./config-file.js";
import { ExternalBrowserAuthorizer } from "./external-browser.js";
import { normalizeHost } from "./host.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import { resolveCredentials, type CredentialOptions } from "./resolve-credentials.js";
import { updateProfile } from "./write-profile.js";

/**
 * Options of {@link authLogin}, {@link authStatus} and {@link authLogout}.
 *
 * @example
 * await authLogin({ host: "https://x.cloud.databricks.com", profile: "dev" });
 */
export interface AuthSessionOptions extends CredentialOptions {
  /** Any fetch (default global fetch). */
  readonly fetch?: FetchLike | undefined;
  /** Opens the authorize URL (default `$BROWSER`, else the platform opener). */
  readonly openBrowser?: ((url: string) => void | Promise<void>) | undefined;
  /** The U2M token cache directory (default `~/.config/databricks-deployments/oauth`). */
  readonly tokenCacheDir?: string | undefined;
  /** Where the authorize URL is printed (default stderr). */
  readonly log?: ((line: string) => void) | undefined;
  /** How long to wait for the browser (default 300 000 ms). */
  readonly loginTimeoutMs?: number | undefined;
}

/** What `auth status` reports: never a token. */
export interface AuthStatus {
  readonly host: string;
  readonly authType: string;
  /** Where host and credentials came from. */
  readonly source: string;
  /** The signed-in user or service principal (`/api/2.0/preview/scim/v2/Me`). */
  readonly user: string | undefined;
  /** When the current token expires (token-based auth types). */
  readonly expiresAt: Date | undefined;
}

/** What a login did. */
export interface LoginResult {
  readonly host: string;
  readonly profile: string;
  readonly configFile: string;
  readonly user: string | undefined;
  readonly expiresAt: Date | undefined;
}

function contextOf(options: AuthSessionOptions) {
  const env = options.env ?? process.env;
  return { env, openBrowser: options.openBrowser, tokenCacheDir: options.tokenCacheDir, home: env.HOME !== undefined && env.HOME !== "" ? env.HOME : homedir(), log: options.log };
}

async function whoAmI(host: string, header: string, fetch: FetchLike, redactor: Redactor): Promise<string | undefined> {
  const res = await fetch(`${host}/api/2.0/preview/scim/v2/Me`, { method: "GET", headers: { authorization: header, accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (!res.ok) {
    const parsed = parseErrorBody(text);
    throw createApiError({ status: res.status, errorCode: parsed.errorCode, message: redactor.text(parsed.message ?? res.statusText), details: undefined, requestId: undefined, retryAfter: undefined, operation: "GET /api/2.0/preview/scim/v2/Me" });
  }
  try {
    const me = JSON.parse(text) as { userName?: unknown; displayName?: unknown };
    return typeof me.userName === "string" ? me.userName : typeof me.displayName === "string" ? me.displayName : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `deployments auth login`: the browser OAuth login (authorization code + PKCE) for a host, the
 * token cached (0600) and the profile written with `host` and `auth_type = external-browser` —
 * never a token. The host comes from `host`, else the profile, else `DATABRICKS_HOST`.
 *
 * @example
 * const { user, profile } = await authLogin({ host: "https://x.cloud.databricks.com" });
 */
export async function authLogin(options: AuthSessionOptions = {}): Promise<LoginResult> {
  const env = options.env ?? process.env;
  const path = options.configFile ?? configFilePath(env);
  const profile = options.profile ?? (env.DATABRICKS_CONFIG_PROFILE || undefined) ?? "DEFAULT";
  const existing = readConfigFile(path)?.[profile];
  const rawHost = options.host ?? existing?.host ?? env.DATABRICKS_HOST;
  if (rawHost === undefined || rawHost === "") {
    throw new ConfigurationError(`auth login: no host: pass --host https://<workspace>.cloud.databricks.com (profile [${profile}] in ${path} has none${env.DATABRICKS_HOST === undefined ? ", and DATABRICKS_HOST is not set" : ""})`);
  }
  const host = normalizeHost(rawHost);
  const redactor = new Redactor();
  const clientId = options.clientId ?? existing?.client_id ?? "databricks-cli";
  const scopes = [...parseScopes(options.scopes?.join(" ") ?? existing?.scopes), "offline_access"];
  const authorizer = new ExternalBrowserAuthorizer(host, { clientId, clientSecret: options.clientSecret, scopes, profile }, { redactor, timeoutMs: options.loginTimeoutMs ?? 300_000, now: Date.now, ...contextOf(options) });
  const fetch = await resolveFetch(options.fetch);
  const token = await authorizer.login(fetch, options.loginTimeoutMs ?? 300_000);
  updateProfile(path, profile, { host, auth_type: "external-browser", ...(clientId !== "databricks-cli" ? { client_id: clientId } : {}) });
  const user = await whoAmI(host, `Bearer ${token.accessToken}`, fetch, redactor).catch(() => undefined);
  return { host, profile, configFile: path, user, expiresAt: token.expiresAt === undefined ? undefined : new Date(token.expiresAt) };
}

/**
 * `deployments auth status`: which host and auth type the configuration resolves to, where it
 * came from, who that is (`/api/2.0/preview/scim/v2/Me`) and when the token expires. A browser
 * login is never started (a missing one is reported); the token is never returned.
 *
 * @example
 * const s = await authStatus({ profile: "dev" });
 * console.log(`${s.user} on ${s.host} via ${s.authType}`);
 */
export async function authStatus(target: string | undefined, options: AuthSessionOptions = {}): Promise<AuthStatus> {
  const creds = resolveCredentials(target, options);
  const redactor = new Redactor();
  const ctx = contextOf(options);
  let authorizer;
  if (creds.auth.type === "external-browser") {
    const browser = new ExternalBrowserAuthorizer(creds.host, creds.auth, { redactor, timeoutMs: 120_000, now: Date.now, ...ctx });
    browser.interactive = false;
    authorizer = browser;
  } else {
    authorizer = createAuthorizer(creds.host, creds.auth, redactor, 120_000, ctx);
  }
  const fetch = await resolveFetch(options.fetch);
  let header = authorizer.header(fetch, AbortSignal.timeout(120_000));
  if (typeof header !== "string") header = await header;
  const user = await whoAmI(creds.host, header, fetch, redactor);
  const token = authorizer instanceof RefreshingAuthorizer ? authorizer.current : undefined;
  return { host: creds.host, authType: creds.auth.type, source: creds.source, user, expiresAt: token?.expiresAt === undefined ? undefined : new Date(token.expiresAt) };
}

/**
 * `deployments auth logout`: removes the cached browser-login token of the profile (or host).
 * The profile itself stays. Resolves to whether there was a token to remove.
 *
 * @example
 * await authLogout({ profile: "dev" }); // true
 */
export async function authLogout(target: string | undefined, options: AuthSessionOptions = {}): Promise<{ host: string; removed: boolean }> {
  const creds = resolveCredentials(target, { ...options, authType: options.authType ?? "external-browser" });
  if (creds.auth.type !== "external-browser") throw new ConfigurationError(`auth logout: ${creds.host} does not use a browser login`);
  const authorizer = new ExternalBrowserAuthorizer(creds.host, creds.auth, { redactor: new Redactor(), timeoutMs: 120_000, now: Date.now, ...contextOf(options) });
  return { host: creds.host, removed: authorizer.logout() };
}
