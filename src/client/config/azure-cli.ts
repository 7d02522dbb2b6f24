import { execFile } from "node:child_process";
import { ConfigurationError } from "../../errors/configuration-error.js";
import type { AuthContext } from "./auth-context.js";
import type { FetchLike } from "../request/fetch.js";
import { RefreshingAuthorizer } from "./refreshing-authorizer.js";
import type { OAuthToken } from "./token.js";

function runAz(az: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>, signal: AbortSignal): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  return new Promise((resolve) => {
    execFile(az, [...args], { env: env as NodeJS.ProcessEnv, signal, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      resolve({ stdout: String(stdout), stderr: String(stderr), failed: error !== null });
    });
  });
}

/**
 * `az account get-access-token --resource <login app> --output json` (with `--subscription`
 * from the workspace resource id, retried without it), as both SDKs run it.
 *
 * @example
 * const a = new AzureCliAuthorizer({ type: "azure-cli", azPath: "/usr/bin/az", loginAppId }, ctx);
 */
export class AzureCliAuthorizer extends RefreshingAuthorizer {
  readonly type = "azure-cli" as const;
  readonly #az: string;
  readonly #args: readonly string[];
  readonly #subscription: string | undefined;

  constructor(auth: { azPath: string; resourceId?: string | undefined; loginAppId: string; tenantId?: string | undefined }, ctx: AuthContext) {
    super(ctx);
    this.#az = auth.azPath;
    this.#args = ["account", "get-access-token", "--resource", auth.loginAppId, "--output", "json", ...(auth.tenantId !== undefined ? ["--tenant", auth.tenantId] : [])];
    this.#subscription = auth.resourceId?.split("/")[2];
  }

  protected async fetchToken(_fetch: FetchLike, signal: AbortSignal): Promise<OAuthToken> {
    let r = await runAz(this.#az, this.#subscription !== undefined ? [...this.#args, "--subscription", this.#subscription] : this.#args, this.ctx.env, signal);
    if (r.failed && this.#subscription !== undefined) r = await runAz(this.#az, this.#args, this.ctx.env, signal);
    if (r.failed) throw new ConfigurationError(`azure-cli: cannot get access token: ${this.ctx.redactor.text(r.stderr.trim()) || "az failed"} (run \`az login\`)`);
    let o: { accessToken?: unknown; tokenType?: unknown; expiresOn?: unknown; expires_on?: unknown };
    try {
      o = JSON.parse(r.stdout) as typeof o;
    } catch {
      throw new ConfigurationError("azure-cli: cannot unmarshal the output of `az account get-access-token` (not JSON)");
    }
    if (typeof o.accessToken !== "string" || o.accessToken === "") throw new ConfigurationError("azure-cli: `az account get-access-token` printed no accessToken");
    this.ctx.redactor.add(o.accessToken);
    // Newer az prints `expires_on` (unix seconds); older only `expiresOn` in local time.
    const epoch = Number(o.expires_on);
    const local = typeof o.expiresOn === "string" ? Date.parse(o.expiresOn.replace(" ", "T")) : Number.NaN;
    const expiresAt = Number.isFinite(epoch) && o.expires_on !== undefined ? epoch * 1000 : Number.isFinite(local) ? local : undefined;
    return { accessToken: o.accessToken, tokenType: typeof o.tokenType === "string" ? o.tokenType : "Bearer", expiresAt };
  }
}
