// What `deployments chat` says while it waits, so a slow or unreachable server is never silence:
// "connecting to HOST…" before the first request, and each retry with its reason the moment it is
// scheduled (the client backs off for ~14 s in total before it gives up on a dead host).
import type { RetryEvent } from "../../src/index.js";

/** Seconds for humans: `0.5 s`, `2 s`, `30 s`. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 && !Number.isInteger(s) ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/**
 * One line about a scheduled retry: a rate limit says it waits and for how long; anything else
 * says what failed and when the next attempt is.
 *
 * @example
 * retryLine({ attempt: 1, delayMs: 500, reason: "connection error", error }); // "Cannot reach https://h: ECONNREFUSED; retry 1 in 0.5 s…"
 */
export function retryLine(event: Pick<RetryEvent, "attempt" | "delayMs" | "reason"> & { readonly error?: { readonly message: string } }): string {
  if (/^429\b/.test(event.reason)) return `rate limited (${event.reason}): waiting ${seconds(event.delayMs)} before retry ${event.attempt}…`;
  // The error's first line says what happened ("Cannot reach HOST: ECONNREFUSED"); the reason alone is a category.
  const what = event.error?.message.split("\n")[0] ?? `no answer (${event.reason})`;
  const badPort = /\bbad port\b/.test(what) ? " (a port fetch refuses to connect to: it will not work)" : "";
  return `${what}${badPort}; retry ${event.attempt} in ${seconds(event.delayMs)}…`;
}

/** The line before the first request to a workspace. */
export function connectingLine(host: string): string {
  return `connecting to ${host}…`;
}
