import { DeploymentsError } from "./deployments-error.js";

/**
 * The caller's `AbortSignal` fired. `cause` holds the signal's reason.
 *
 * @example
 * const ac = new AbortController();
 * setTimeout(() => ac.abort(), 1000);
 * try { await client.predict({ endpoint: "chat", inputs, signal: ac.signal }); }
 * catch (e) { if (e instanceof AbortError) console.log("cancelled"); }
 */
export class AbortError extends DeploymentsError {
  override name = "AbortError";

  constructor(message = "The operation was aborted", options?: { cause?: unknown }) {
    super(message, options);
  }
}
