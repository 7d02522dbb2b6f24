/** A request as a transport sends it: everything settled (URL, headers, body). */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /**
   * A stream to be read in batches (`batchMs`): the node transport sends it on sockets of its own
   * whose one-byte read buffer lets a paused read stop at once (see node-transport.ts).
   */
  readonly batched?: boolean | undefined;
}

/** Reads one response header (lower-case name); `null` when absent, as `Headers#get`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * A response whose status and headers have arrived. The body is read once, by one of `text()`,
 * `json()` or `body` (bytes, decompressed); `text()` and `json()` stop at the transport's
 * `maxResponseBytes` with a `ResponseTooLargeError`.
 */
export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderReader;
  readonly body: AsyncIterable<Uint8Array>;
  /**
   * The body read at most once per `intervalMs`, where the transport can leave the socket unread in
   * between (node): for a consumer that shows a stream on a timer anyway. Absent elsewhere (fetch).
   * `armed`, when given, says whether a read may be held yet: until it does, each read is handed on
   * at once (so the first text is not held behind a stream's opening events).
   */
  batched?(intervalMs: number, armed?: () => boolean): AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Throws the body away and frees what it held (a redirect's body, an error left unread). */
  discard(): void;
}

/** One request on its way: its response, and how to stop it (before or after the headers). */
export interface Exchange {
  readonly response: Promise<WireResponse>;
  abort(): void;
}

/**
 * What carries requests: `node:http`/`node:https` with a keep-alive agent (the default in Node)
 * or a `fetch` (global fetch, cross-fetch, any given one). Redirects are not followed by the
 * transport: the attempt decides what may follow them (see `redirect.ts`).
 *
 * @example
 * const exchange = transport.send({ method: "GET", url, headers, body: undefined });
 * const res = await exchange.response;
 */
export interface Transport {
  readonly name: "node" | "fetch";
  send(request: WireRequest): Exchange;
}

/** The default `maxResponseBytes`: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 2 ** 20;
/** The default `maxEventBytes`: 16 MiB for one SSE line or event. */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 2 ** 20;
