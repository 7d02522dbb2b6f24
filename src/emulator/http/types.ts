/**
 * The emulator's own request/reply shapes: a lean, transport-neutral form of a fetch `Request`
 * and `Response`. The node:http adapter builds them without allocating WHATWG objects (the hot
 * path), and `toFetchHandler` adapts them to `(Request) => Promise<Response>` for in-process use.
 */

/** A parsed incoming call. `header(name)` takes a lower-case name. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/api/2.0/serving-endpoints/chat`. */
  readonly path: string;
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
  readonly bodyText: string;
  /**
   * Set to the adapter's size limit when the body exceeded it (bodyText is then empty): the core
   * handler answers 413 itself, so the error carries the request id like every other error.
   */
  readonly bodyLimitExceeded?: number;
  /** Aborted when the client disconnects; upstream calls take it. */
  readonly signal: AbortSignal;
}

/** What a route answers: JSON, plain text, or a stream of text/bytes (Server-Sent Events). */
export type ReplyBody =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "text"; readonly text: string; readonly contentType: string }
  | { readonly kind: "stream"; readonly contentType: string; readonly chunks: AsyncIterable<string | Uint8Array> };

/** A reply: status, headers (lower-case names) and body. */
export interface EmulatorReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ReplyBody;
}

/** The core handler: one function from call to reply, no socket involved. */
export type EmulatorHandler = (request: EmulatorRequest) => Promise<EmulatorReply>;

/** A JSON reply. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): EmulatorReply {
  return { status, headers, body: { kind: "json", value } };
}

/** A plain-text reply. */
export function text(status: number, body: string, contentType = "text/plain; charset=utf-8"): EmulatorReply {
  return { status, headers: {}, body: { kind: "text", text: body, contentType } };
}
