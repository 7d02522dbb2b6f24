import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { OAuthToken } from "./token.js";

/** What identifies one U2M login: the host, the OAuth client, the profile and the scopes. */
export interface TokenCacheKey {
  readonly host: string;
  readonly clientId: string;
  readonly profile: string | undefined;
  readonly scopes: readonly string[];
}

/**
 * The default cache directory: `$XDG_CONFIG_HOME/databricks-deployments/oauth`, else
 * `~/.config/databricks-deployments/oauth`.
 *
 * @example
 * defaultTokenCacheDir({}, "/home/me"); // "/home/me/.config/databricks-deployments/oauth"
 */
export function defaultTokenCacheDir(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== "" ? env.XDG_CONFIG_HOME : join(home, ".config");
  return join(base, "databricks-deployments", "oauth");
}

/**
 * The cache file of a login, named like the Python SDK's: sha256 of the sorted JSON of
 * `{client_id, host, profile, scopes}`.
 *
 * @example
 * tokenCachePath("/tmp/oauth", { host: "https://x", clientId: "databricks-cli", profile: undefined, scopes: ["all-apis"] });
 */
export function tokenCachePath(dir: string, key: TokenCacheKey): string {
  const id = JSON.stringify({ client_id: key.clientId, host: key.host, profile: key.profile ?? "", scopes: [...key.scopes].sort() });
  return join(dir, `${createHash("sha256").update(id).digest("hex")}.json`);
}

function fromJson(o: unknown): OAuthToken | undefined {
  if (o === null || typeof o !== "object") return undefined;
  const t = o as { access_token?: unknown; token_type?: unknown; expiry?: unknown; refresh_token?: unknown };
  if (typeof t.access_token !== "string" || t.access_token === "") return undefined;
  const expiry = typeof t.expiry === "string" ? Date.parse(t.expiry) : Number.NaN;
  return {
    accessToken: t.access_token,
    tokenType: typeof t.token_type === "string" ? t.token_type : "Bearer",
    expiresAt: Number.isFinite(expiry) ? expiry : undefined,
    refreshToken: typeof t.refresh_token === "string" && t.refresh_token !== "" ? t.refresh_token : undefined,
  };
}

/**
 * A cached token, or `undefined` (no file, or one that is not a token: a broken cache means
 * "log in again", never a crash).
 *
 * @example
 * const token = readCachedToken("/tmp/oauth/abc.json");
 */
export function readCachedToken(path: string): OAuthToken | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return fromJson((JSON.parse(readFileSync(path, "utf8")) as { token?: unknown }).token);
  } catch {
    return undefined;
  }
}

/**
 * Writes a token atomically (a temporary file in the same directory, then a rename), the file
 * mode 0600 and the directory 0700, so no other user can read it and no reader sees half a file.
 *
 * @example
 * writeCachedToken("/tmp/oauth/abc.json", { accessToken, tokenType: "Bearer", expiresAt, refreshToken });
 */
export function writeCachedToken(path: string, token: OAuthToken): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const body = {
    token: {
      access_token: token.accessToken,
      token_type: token.tokenType,
      ...(token.expiresAt !== undefined ? { expiry: new Date(token.expiresAt).toISOString() } : {}),
      ...(token.refreshToken !== undefined ? { refresh_token: token.refreshToken } : {}),
    },
  };
  const tmp = join(dir, `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(body), { mode: 0o600, flag: "wx" });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Removes a cached token; true when there was one.
 *
 * @example
 * removeCachedToken("/tmp/oauth/abc.json");
 */
export function removeCachedToken(path: string): boolean {
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}

/**
 * The Databricks CLI's own cache (`~/.databricks/token-cache.json`, version 1): the token under
 * the profile name, else under the host. `undefined` when absent, unreadable or another version.
 *
 * @example
 * readDatabricksCliToken("/home/me", "https://x.cloud.databricks.com", "dev");
 */
export function readDatabricksCliToken(home: string, host: string, profile: string | undefined): OAuthToken | undefined {
  const path = join(home, ".databricks", "token-cache.json");
  if (!existsSync(path)) return undefined;
  try {
    const o = JSON.parse(readFileSync(path, "utf8")) as { version?: unknown; tokens?: Record<string, unknown> };
    if (o.version !== 1 || o.tokens === null || typeof o.tokens !== "object") return undefined;
    return (profile !== undefined ? fromJson(o.tokens[profile]) : undefined) ?? fromJson(o.tokens[host]);
  } catch {
    return undefined;
  }
}
