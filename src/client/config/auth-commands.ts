import type { AuthSessionOptions, AuthStatus, LoginResult } from "./auth-session.js";

export type { AuthSessionOptions, AuthStatus, LoginResult } from "./auth-session.js";

// The login machinery (node:http, node:child_process) loads only when one of these is called.
const load = () => import("./auth-session.js");

/**
 * `deployments auth login`: browser OAuth (authorization code + PKCE) for a host; caches the
 * token (0600) and writes the profile with `host` and `auth_type = external-browser`, never a token.
 *
 * @example
 * const { user, profile } = await authLogin({ host: "https://x.cloud.databricks.com" });
 */
export async function authLogin(options: AuthSessionOptions = {}): Promise<LoginResult> {
  return (await load()).authLogin(options);
}

/**
 * `deployments auth status`: host, auth type, where it came from, the user and the token's
 * expiry; never the token, and never a new browser login.
 *
 * @example
 * const s = await authStatus("databricks://dev");
 */
export async function authStatus(target: string | undefined, options: AuthSessionOptions = {}): Promise<AuthStatus> {
  return (await load()).authStatus(target, options);
}

/**
 * `deployments auth logout`: removes the cached browser-login token; the profile stays.
 *
 * @example
 * await authLogout("databricks://dev");
 */
export async function authLogout(target: string | undefined, options: AuthSessionOptions = {}): Promise<{ host: string; removed: boolean }> {
  return (await load()).authLogout(target, options);
}
