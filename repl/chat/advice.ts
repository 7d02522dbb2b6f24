import type { TurnError } from "../../src/index.js";

// A failure is classified by its data (the HTTP status the error shape carries), not by its class
// name. Only errors raised before or outside HTTP (validation, connection, timeout) have nothing
// but their name to go by. Type-only import: advice is on the REPL's start-up path.

/**
 * What the user can do about an error (a saved `TurnError`, or `describeError(thrown)`, which
 * reads the error's `toJSON()` shape), in one line — shown under the error in the REPL and on
 * stderr in piped mode. Empty when there is nothing better to say than the message.
 *
 * @example
 * advise({ name: "NotFoundError", message: "…", status: 404 }); // "Run /endpoints to see …"
 */
export function advise(error: TurnError, interactive = true): string {
  const status = error.status;
  const list = interactive ? "Run /endpoints to see the endpoints you can use, then /use NAME." : "List endpoints with `deployments chat` then /endpoints, or pass another --endpoint.";
  if (status === 404 || error.errorCode === "RESOURCE_DOES_NOT_EXIST" || error.errorCode === "ENDPOINT_NOT_FOUND") return list;
  // Before 403: Databricks answers an expired or wrong token with 403 "Invalid access token." (an UnauthenticatedError).
  if (status === 401 || error.name === "UnauthenticatedError") return "Check your credentials: `deployments auth status` shows what is used, `deployments auth login` signs in again; or set DATABRICKS_HOST and DATABRICKS_TOKEN, or a profile in ~/.databrickscfg (--profile NAME).";
  if (status === 403) return "Your token lacks CAN_QUERY on this endpoint: ask its owner for access, or use another endpoint.";
  if (status === 429) {
    const wait = error.retryAfterMs !== undefined ? ` The endpoint asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s.` : "";
    return `The endpoint's rate limit was reached.${wait} ${interactive ? "Wait, then /retry." : "Wait, then run again."}`;
  }
  // A ValidationError is ours, raised before anything was sent: its message already lists each problem.
  if (error.name === "ValidationError") return interactive ? "Nothing was sent; /help lists the accepted values." : "";
  if (status === 400 || status === 413) {
    return interactive ? "The endpoint rejected the request: check /params (e.g. /set max_tokens 256) and /info for the endpoint's task." : "The endpoint rejected the request: check --temperature / --max-tokens and the endpoint's task.";
  }
  if (status === 503) return `The endpoint is not ready (scaling up or updating).${interactive ? " Try /retry in a moment; /endpoints shows its state." : " Try again in a moment."}`;
  if (error.name === "ConnectionError" && /\bbad port\b/.test(error.message)) {
    // fetch refuses some ports outright (the Fetch standard's "bad ports": 1, 21, 25, 6000, …); nothing was sent.
    return "That port is one fetch refuses to connect to (a \"bad port\" of the Fetch standard, such as 1, 21, 25 or 6000): nothing was sent. Use the server's real port.";
  }
  if (error.name === "ConnectionError") return "Could not reach the server: check the host and your network.";
  if (error.name === "TimeoutError") return interactive ? "The request timed out. /retry, or ask for a shorter reply (/set max_tokens 256)." : "The request timed out.";
  if (status !== undefined && status >= 500) return interactive ? "The server failed; /retry usually helps." : "The server failed; try again.";
  return "";
}
