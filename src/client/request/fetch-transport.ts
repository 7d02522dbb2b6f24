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
      return new FetchExchange(fetch, request, maxResponseBytes, dispatcher);
    },
  };
}

// Classes with methods rather than objects of closures: the build keeps function names, and each
// named closure made per request would cost a defineProperty call.
class FetchExchange implements Exchange {
  readonly response: Promise<WireResponse>;
  readonly #controller = new AbortController();

  constructor(fetch: FetchLike, request: WireRequest, limit: number, dispatcher: object | undefined) {
    const init: RequestInit & { dispatcher?: object } = { method: request.method, headers: request.headers, body: request.body, signal: this.#controller.signal, redirect: "manual" };
    if (dispatcher !== undefined) init.dispatcher = dispatcher;
    this.response = fetch(request.url, init).then((res) => {
      // A browser hides a manual redirect's status and Location: nothing can be judged, so nothing is followed.
      if (res.type === "opaqueredirect") throw new RedirectError("The server redirected the request and this runtime hides where to; it was not followed", 0, undefined);
      return new FetchResponse(res, limit, this);
    });
  }

  abort(): void {
    this.#controller.abort();
  }
}

class FetchResponse implements WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Response["headers"];
  readonly #res: Response;
  readonly #limit: number;
  readonly #exchange: FetchExchange;

  constructor(res: Response, limit: number, exchange: FetchExchange) {
    this.#res = res;
    this.#limit = limit;
    this.#exchange = exchange;
    this.status = res.status;
    this.statusText = res.statusText;
    this.headers = res.headers;
  }

  get body(): AsyncIterable<Uint8Array> {
    return (this.#res.body ?? emptyBody()) as unknown as AsyncIterable<Uint8Array>;
  }

  text(): Promise<string> {
    return this.#fits() ? this.#res.text() : this.#bounded();
  }

  json(): Promise<unknown> {
    return this.#fits() ? (this.#res.json() as Promise<unknown>) : this.#bounded().then((t) => JSON.parse(t) as unknown);
  }

  discard(): void {
    const body = this.#res.body as unknown as BodyLike | null;
    if (body === null) return;
    if (typeof body.cancel === "function") body.cancel().catch(() => undefined);
    else if (typeof body.destroy === "function") body.destroy();
  }

  // The body's own length bounds it when it is not compressed: the cheaper native readers are safe then.
  #fits(): boolean {
    if (this.#res.headers.get("content-encoding") !== null) return false;
    const length = Number(this.#res.headers.get("content-length") ?? Number.NaN);
    return Number.isFinite(length) && length <= this.#limit;
  }

  #bounded(): Promise<string> {
    const body = this.#res.body as unknown as AsyncIterable<Uint8Array> | null;
    return body === null ? Promise.resolve("") : readBounded(body, this.#limit, () => this.#exchange.abort());
  }
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {
  // no bytes
}
