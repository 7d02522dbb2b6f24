import { RedirectError } from "../../errors/redirect-error.js";
import type { WireRequest } from "./transport.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** The headers that may follow a redirect to another origin: none that authenticates. */
const CROSS_ORIGIN_HEADERS = new Set(["user-agent", "accept", "accept-encoding", "content-type"]);

/** Redirects followed before giving up (fetch allows 20; an API that needs more is misconfigured). */
export const MAX_REDIRECTS = 5;

/**
 * Whether a status is a redirect the client judges (`Location` to follow or refuse).
 *
 * @example
 * isRedirect(307); // true
 */
export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status);
}

/**
 * The request to send after a redirect, or a `RedirectError` thrown when it must not be followed.
 * A 303 (and a 301/302 after a POST) becomes a GET without a body, as fetch does; a 307/308 keeps
 * method and body, so one for a POST or PATCH is refused (following would send the body again
 * without the caller's say); to another origin no credential header and no body ever go along.
 *
 * @example
 * const next = redirectTarget(request, 302, res.headers.get("location"), hops);
 */
export function redirectTarget(request: WireRequest, status: number, location: string | null, hops: number): WireRequest {
  const from = new URL(request.url);
  let to: URL;
  try {
    if (location === null || location.trim() === "") throw new TypeError("no Location");
    to = new URL(location, from);
  } catch {
    throw new RedirectError(`The server answered ${status} without a usable Location (${request.method} ${from.pathname})`, status, undefined);
  }
  const target = to.protocol === "http:" || to.protocol === "https:" ? to.origin : to.protocol;
  if (target !== to.origin) throw new RedirectError(`Refused a ${status} redirect to a ${to.protocol} URL`, status, target);
  if (hops >= MAX_REDIRECTS) throw new RedirectError(`More than ${MAX_REDIRECTS} redirects (last ${status} to ${target})`, status, target);
  const crossOrigin = to.origin !== from.origin;
  let method = request.method;
  let body = request.body;
  if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
    method = "GET";
    body = undefined;
  } else if ((status === 307 || status === 308) && !IDEMPOTENT_METHODS.has(method)) {
    throw new RedirectError(`Refused to re-send ${method} ${from.pathname} after a ${status} redirect to ${target}: it is not idempotent`, status, target);
  } else if (crossOrigin && body !== undefined) {
    throw new RedirectError(`Refused to send the body of ${method} ${from.pathname} to another origin (${status} redirect to ${target})`, status, target);
  }
  let headers = request.headers;
  if (crossOrigin || method !== request.method) {
    const kept: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (crossOrigin && !CROSS_ORIGIN_HEADERS.has(k.toLowerCase())) continue;
      if (body === undefined && k.toLowerCase() === "content-type") continue;
      kept[k] = v;
    }
    headers = kept;
  }
  return { method, url: to.href, headers, body, batched: request.batched };
}
