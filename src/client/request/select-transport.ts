import type { Agent } from "node:http";
import { ConfigurationError } from "../../errors/configuration-error.js";
import type { ClientOptions } from "../client-options.js";
import type { FetchLike } from "./fetch.js";
import { resolveFetch } from "./fetch.js";
import { DEFAULT_MAX_RESPONSE_BYTES, type Transport } from "./transport.js";

/** Which transport carries requests: `"node"` (`node:http`/`node:https`, the default in Node) or `"fetch"`. */
export type TransportName = "node" | "fetch";

/** The client options that choose and shape the transport. */
export interface TransportChoice {
  readonly transport: TransportName | undefined;
  readonly fetch: FetchLike | undefined;
  readonly agent: Agent | undefined;
  readonly dispatcher: object | undefined;
  readonly maxResponseBytes: number;
}

/**
 * The transport options of a client, checked (a wrong value fails at construction, not at the first call).
 *
 * @example
 * const choice = transportChoice({ transport: "fetch", maxResponseBytes: 2 ** 20 });
 */
export function transportChoice(options: ClientOptions): TransportChoice {
  const { transport, maxResponseBytes, maxEventBytes } = options;
  if (transport !== undefined && transport !== "node" && transport !== "fetch") {
    throw new ConfigurationError(`transport must be "node" or "fetch", not ${JSON.stringify(transport)}`, []);
  }
  for (const [name, value] of [["maxResponseBytes", maxResponseBytes], ["maxEventBytes", maxEventBytes]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw new ConfigurationError(`${name} must be a positive whole number of bytes, not ${String(value)}`, []);
  }
  return { transport, fetch: options.fetch, agent: options.agent, dispatcher: options.dispatcher, maxResponseBytes: maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES };
}

/** The settled transport, and the fetch an OAuth exchange goes through (the same wire). */
export interface SelectedTransport {
  readonly transport: Transport;
  readonly fetch: FetchLike;
}

/**
 * The transport for a client: a given `fetch` always wins; else `node:http` in Node unless
 * `transport: "fetch"`; else global fetch; else cross-fetch (loaded only then).
 *
 * @example
 * const { transport } = await selectTransport({ transport: undefined, fetch: undefined, agent: undefined, dispatcher: undefined, maxResponseBytes: 64 * 2 ** 20 });
 */
export async function selectTransport(choice: TransportChoice): Promise<SelectedTransport> {
  // The transports are loaded here, at a client's first request, not when the package is imported.
  if (choice.fetch === undefined && choice.transport !== "fetch") {
    const env = typeof process !== "undefined" ? process.env : {};
    const [{ nodeTransport }, { proxyEnv }] = await Promise.all([import("./node-transport.js"), import("./proxy.js")]);
    const node = await nodeTransport({ maxResponseBytes: choice.maxResponseBytes, agent: choice.agent, proxy: proxyEnv(env) });
    if (node !== undefined) return { transport: node, fetch: fetchOver(node) };
  }
  const fetch = await resolveFetch(choice.fetch);
  const { fetchTransport } = await import("./fetch-transport.js");
  return { transport: fetchTransport({ fetch, maxResponseBytes: choice.maxResponseBytes, dispatcher: choice.dispatcher }), fetch };
}

const KEPT_HEADERS = ["content-type", "content-length", "retry-after", "www-authenticate", "x-request-id", "x-databricks-request-id"];

/**
 * A `FetchLike` over a transport (for the OAuth token exchange, so it goes through the same
 * agent, proxy and certificates as every call). The body is read whole, bounded.
 *
 * @example
 * const res = await fetchOver(transport)(url, { method: "POST", headers, body });
 */
export function fetchOver(transport: Transport): FetchLike {
  return async (url, init) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted === true) throw signal.reason;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const exchange = transport.send({ method: init.method ?? "GET", url, headers, body: typeof init.body === "string" ? init.body : undefined });
    let onAbort: (() => void) | undefined;
    const aborted = signal === undefined ? undefined : new Promise<never>((_, reject) => {
      onAbort = () => {
        exchange.abort();
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
    aborted?.catch(() => undefined);
    try {
      const read = exchange.response.then(async (res) => ({ res, text: await res.text() }));
      const { res, text } = await (aborted === undefined ? read : Promise.race([read, aborted]));
      const out = new Headers();
      for (const name of KEPT_HEADERS) {
        const v = res.headers.get(name);
        if (v !== null) out.set(name, v);
      }
      const empty = res.status === 204 || res.status === 205 || res.status === 304;
      return new Response(empty ? null : text, { status: res.status, statusText: res.statusText, headers: out });
    } finally {
      if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    }
  };
}
