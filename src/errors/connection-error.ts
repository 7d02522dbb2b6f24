import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * The request never got an HTTP answer: DNS failure, connection refused or reset, TLS failure.
 * `code` is the system error code when there is one (`ECONNREFUSED`, `ENOTFOUND`…).
 *
 * @example
 * catch (e) { if (e instanceof ConnectionError) console.log(`cannot reach the workspace (${e.code})`); }
 */
export class ConnectionError extends DeploymentsError {
  override name = "ConnectionError";
  readonly code: string | undefined;

  constructor(message: string, code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { code: this.code };
  }
}
