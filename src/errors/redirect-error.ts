import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * The server redirected a call the client will not follow: a 307/308 for a call that is not
 * idempotent (following it would send the body again), a 307/308 that would carry a body to
 * another origin, a redirect without a usable `Location`, or too many redirects. Never retried.
 * `location` is the target's origin only (a query can hold a token).
 *
 * @example
 * catch (e) { if (e instanceof RedirectError) console.log(`refused ${e.status} to ${e.location}`); }
 */
export class RedirectError extends DeploymentsError {
  override name = "RedirectError";
  readonly status: number;
  readonly location: string | undefined;

  constructor(message: string, status: number, location: string | undefined) {
    super(message);
    this.status = status;
    this.location = location;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { status: this.status, location: this.location };
  }
}
