import { execFile } from "node:child_process";
import { ConfigurationError } from "../../errors/configuration-error.js";
import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";

interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly error: (Error & { code?: unknown }) | undefined;
}

function run(cli: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>, signal: AbortSignal): Promise<CliRun> {
  return new Promise((resolve) => {
    // No shell: the arguments are passed as they are (a profile name cannot inject anything).
    execFile(cli, [...args], { env: env as NodeJS.ProcessEnv, signal, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      resolve({ stdout: String(stdout), stderr: String(stderr), error: error ?? undefined });
    });
  });
}

/**
 * U2M through the Databricks CLI's login: runs `databricks auth token --profile P` (or
 * `--host H`) and reads `{access_token, token_type, expiry}`; runs it again inside the expiry
 * margin (the CLI refreshes its cached token itself). "databricks OAuth is not configured" and a
 * missing binary are configuration errors that say to run `databricks auth login`.
 *
 * @example
 * const a = new DatabricksCliAuthorizer("https://x.cloud.databricks.com", "/usr/local/bin/databricks", "dev", ctx);
 */
export class DatabricksCliAuthorizer extends RefreshingAuthorizer {
  readonly type = "databricks-cli" as const;
  readonly #host: string;
  readonly #cli: string;
  readonly #profile: string | undefined;

  constructor(host: string, cli: string, profile: string | undefined, ctx: AuthContext) {
    super(ctx);
    this.#host = host;
    this.#cli = cli;
    this.#profile = profile;
  }

  protected async fetchToken(_fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    const hostArgs = ["auth", "token", "--host", this.#host];
    let result = await run(this.#cli, this.#profile !== undefined ? ["auth", "token", "--profile", this.#profile] : hostArgs, this.ctx.env, signal);
    // CLIs older than 0.207.1 have no --profile.
    if (result.error !== undefined && this.#profile !== undefined && result.stderr.includes("unknown flag: --profile")) result = await run(this.#cli, hostArgs, this.ctx.env, signal);
    const redact = (s: string): string => this.ctx.redactor.text(s.trim());
    const login = this.#profile !== undefined ? `databricks auth login --profile ${this.#profile}` : `databricks auth login --host ${this.#host}`;
    if (result.error !== undefined) {
      if (result.error.code === "ENOENT") throw new ConfigurationError(`databricks-cli: Can't find the Databricks CLI at ${this.#cli}. Install it, set DATABRICKS_CLI_PATH, or use another auth type.`);
      if (signal.aborted) throw new ConfigurationError(`databricks-cli: \`${this.#cli} auth token\` did not finish within ${this.ctx.timeoutMs} ms`);
      if (/databricks OAuth is not/i.test(result.stderr)) {
        throw new ConfigurationError(`databricks-cli: the Databricks CLI has no login for ${this.#host} (it says: ${redact(result.stderr.split("\n")[0] ?? "")}). Run \`${login}\`, or \`deployments auth login --host ${this.#host}\`.`);
      }
      throw new ConfigurationError(`databricks-cli: cannot get access token: ${redact(result.stderr) || redact(result.stdout) || result.error.message}`);
    }
    let parsed: { access_token?: unknown; token_type?: unknown; expiry?: unknown };
    try {
      parsed = JSON.parse(result.stdout) as typeof parsed;
    } catch {
      throw new ConfigurationError(`databricks-cli: cannot unmarshal Databricks CLI result: \`${this.#cli} auth token\` printed ${result.stdout.length} characters that are not JSON`);
    }
    if (typeof parsed.access_token !== "string" || parsed.access_token === "") throw new ConfigurationError("databricks-cli: cannot unmarshal Databricks CLI result: no access_token");
    this.ctx.redactor.add(parsed.access_token);
    const expiry = typeof parsed.expiry === "string" ? Date.parse(parsed.expiry) : Number.NaN;
    return { accessToken: parsed.access_token, tokenType: typeof parsed.token_type === "string" ? parsed.token_type : "Bearer", expiresAt: Number.isFinite(expiry) ? expiry : undefined };
  }
}
