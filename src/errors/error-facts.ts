import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * Any thrown value in the one serialisable error shape: this package's errors give their
 * `toJSON()`; another `Error` only its name, message and cause's name and message (its other
 * fields are not ours to trust or show); anything else is `{ name: "Error", message: String(value) }`.
 *
 * @example
 * try { await client.predict({ endpoint: "chat", inputs }); }
 * catch (e) { const facts = errorFacts(e); if (facts.status === 429) wait(facts.retryAfter); }
 */
export function errorFacts(error: unknown): DeploymentsErrorJSON {
  if (error instanceof DeploymentsError) return error.toJSON();
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? errorFacts(error.cause) : undefined;
    return cause === undefined ? { name: error.name, message: error.message } : { name: error.name, message: error.message, cause: { name: cause.name, message: cause.message } };
  }
  return { name: "Error", message: String(error) };
}
