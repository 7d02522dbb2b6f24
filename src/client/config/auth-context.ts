import type { Redactor } from "../../secrets/redactor.js";

/**
 * What an authorizer may use besides its own settings: the redactor every secret is registered
 * with, the exchange time limit, the environment, the clock, and the U2M hooks.
 *
 * @example
 * const ctx: AuthContext = { redactor: new Redactor(), timeoutMs: 120_000, env: process.env, now: Date.now };
 */
export interface AuthContext {
  readonly redactor: Redactor;
  /** Time limit of one token exchange (the client's `timeoutMs`). */
  readonly timeoutMs: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock token expiry is measured with (tests move it). */
  readonly now: () => number;
  /** Opens the authorize URL for `external-browser` (default: `$BROWSER`, else the platform opener). */
  readonly openBrowser?: ((url: string) => void | Promise<void>) | undefined;
  /** Where `external-browser` keeps its tokens (default `~/.config/databricks-deployments/oauth`). */
  readonly tokenCacheDir?: string | undefined;
  /** Home directory (for `~/.databricks/token-cache.json`); default `os.homedir()`. */
  readonly home?: string | undefined;
  /** Where progress lines go (the authorize URL of a browser login); default stderr. */
  readonly log?: ((line: string) => void) | undefined;
}
