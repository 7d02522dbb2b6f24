import { RedirectError } from "../../errors/redirect-error.js";
import type { FetchLike } from "./fetch.js";
import { readBounded } from "./bounded-body.js";
import type { Exchange, Transport, WireRequest, WireResponse } from "./transport.js";

/** What a fetch transport is built from. */
export interface FetchTransportOptions {
  readonly fetch: FetchLike;
  readonly maxResponseBytes: number;
  /** Passed to global fetch as `dispatcher` (an undici `Agent`/`ProxyAgent` for custom TLS or proxies). */
  readonly dispatcher?: object | undefined;
}

type BodyLike = { cancel?: () => Promise<void>; destroy?: () => void };

/**
 * A transport over a `fetch` (global fetch, cross-fetch, or one the caller gave). Each request has
 * its own `AbortController` (fetch offers no cheaper way to stop one); redirects come back as
 * they are (`redirect: "manual"`) for the attempt to judge.
 *
 * @example
 * const transport = fetchTransport({ fetch: globalThis.fetch, maxResponseBytes: 64 * 2 ** 20 });
 */
export function fetchTransport(options: FetchTransportOptions): Transport {
  const { fetch, maxResponseBytes, dispatcher } = options;
  return {
    name: "fetch",
    send(request: WireRequest): Exchange {
      const controller = new AbortController();
      const init: RequestInit & { dispatcher?: object } = { method: request.method, headers: request.headers, body: request.body, signal: controller.signal, redirect: "manual" };
      if (dispatcher !== undefined) init.dispatcher = dispatcher;
      const abort = (): void => controller.abort();
      return { response: fetch(request.url, init).then((res) => wrap(res, maxResponseBytes, abort)), abort };
    },
  };
}

function wrap(res: Response, limit: number, abort: () => void): WireResponse {
  // A browser hides a manual redirect's status and Location: nothing can be judged, so nothing is followed.
  if (res.type === "opaqueredirect") throw new RedirectError("The server redirected the request and this runtime hides where to; it was not followed", 0, undefined);
  // The body's own length bounds it when it is not compressed: the cheaper native readers are safe then.
  const fits = (): boolean => {
    if (res.headers.get("content-encoding") !== null) return false;
    const length = Number(res.headers.get("content-length") ?? Number.NaN);
    return Number.isFinite(length) && length <= limit;
  };
  const bounded = (): Promise<string> => {
    const body = res.body as unknown as AsyncIterable<Uint8Array> | null;
    return body === null ? Promise.resolve("") : readBounded(body, limit, abort);
  };
  return {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
    get body(): AsyncIterable<Uint8Array> {
      return (res.body ?? emptyBody()) as unknown as AsyncIterable<Uint8Array>;
    },
    text: () => (fits() ? res.text() : bounded()),
    json: () => (fits() ? (res.json() as Promise<unknown>) : bounded().then((t) => JSON.parse(t) as unknown)),
    discard(): void {
      const body = res.body as unknown as BodyLike | null;
      if (body === null) return;
      if (typeof body.cancel === "function") body.cancel().catch(() => undefined);
      else if (typeof body.destroy === "function") body.destroy();
    },
  };
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {
  // no bytes
}
