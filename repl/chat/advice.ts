import type { TurnError } from "../../src/index.js";

/**
 * What the user can do about an error (a saved `TurnError`, or `describeError(thrown)`), in one line — shown under the error in the REPL and on stderr
 * in piped mode. Empty when there is nothing better to say than the message.
 *
 * @example
 * advise({ name: "NotFoundError", message: "…", status: 404 }); // "Run /endpoints to see …"
 */
export function advise(error: TurnError, interactive = true): string {
  const list = interactive ? "Run /endpoints to see the endpoints you can use, then /use NAME." : "List endpoints with `deployments chat` then /endpoints, or pass another --endpoint.";
  if (error.status === 404 || error.errorCode === "RESOURCE_DOES_NOT_EXIST" || error.errorCode === "ENDPOINT_NOT_FOUND") return list;
  if (error.status === 401 || error.name === "UnauthenticatedError") {
    return "Check your credentials: set DATABRICKS_HOST and DATABRICKS_TOKEN, or a profile in ~/.databrickscfg (--target databricks://PROFILE).";
  }
  if (error.status === 403 || error.name === "PermissionDeniedError") return "Your token lacks CAN_QUERY on this endpoint: ask its owner for access, or use another endpoint.";
  if (error.status === 429 || error.name === "RateLimitError") {
    const wait = error.retryAfterMs !== undefined ? ` The endpoint asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s.` : "";
    return `The endpoint's rate limit was reached.${wait} ${interactive ? "Wait, then /retry." : "Wait, then run again."}`;
  }
  // A ValidationError is ours, raised before anything was sent: its message already lists each problem.
  if (error.name === "ValidationError") return interactive ? "Nothing was sent; /help lists the accepted values." : "";
  if (error.status === 400 || error.name === "InvalidParameterError") {
    return interactive ? "The endpoint rejected the request: check /params (e.g. /set max_tokens 256) and /info for the endpoint's task." : "The endpoint rejected the request: check --temperature / --max-tokens and the endpoint's task.";
  }
  if (error.status === 503 || error.name === "UnavailableError") return `The endpoint is not ready (scaling up or updating).${interactive ? " Try /retry in a moment; /endpoints shows its state." : " Try again in a moment."}`;
  if (error.name === "ConnectionError") return "Could not reach the server: check the host and your network.";
  if (error.name === "TimeoutError") return interactive ? "The request timed out. /retry, or ask for a shorter reply (/set max_tokens 256)." : "The request timed out.";
  if (error.status !== undefined && error.status >= 500) return interactive ? "The server failed; /retry usually helps." : "The server failed; try again.";
  return "";
}
