import type * as Http from "node:http";
import type * as Https from "node:https";
import type * as Tls from "node:tls";
import type * as Zlib from "node:zlib";
import type { Readable } from "node:stream";
import { tooLarge } from "./bounded-body.js";
import { proxyFor, tunnelAgent, type ProxyEnv } from "./proxy.js";
import type { Exchange, HeaderReader, Transport, WireRequest, WireResponse } from "./transport.js";

/** What a node transport is built from. */
export interface NodeTransportOptions {
  readonly maxResponseBytes: number;
  /** A caller's agent (custom TLS, its own proxy): used for every request, the proxy environment ignored. */
  readonly agent?: Http.Agent | undefined;
  readonly proxy: ProxyEnv;
}

interface Modules {
  readonly http: typeof Http;
  readonly https: typeof Https;
  readonly tls: typeof Tls;
}

/**
 * Keep-alive settings: sockets are reused, at most 64 per origin at once, and an idle socket is
 * kept 60 s (past the 30 s a pause between calls may last) so the next call skips a new TCP and
 * TLS handshake. LIFO reuse keeps the warmest socket in use and lets the rest time out.
 */
const AGENT_OPTIONS: Http.AgentOptions = { keepAlive: true, keepAliveMsecs: 15_000, maxSockets: 64, maxFreeSockets: 64, timeout: 60_000, scheduling: "lifo", noDelay: true };

/**
 * The read buffer of the sockets batched streams get: one byte, so that a paused response stops
 * its socket reading the descriptor at once instead of after 16 KiB more. Only theirs: on every
 * other socket a buffer this small costs a pause and a resume whenever a body arrives before its
 * reader listens (~5 % more CPU per call here). TLS sockets take it as `highWaterMark` (both sides:
 * a request is written with one `end()`, which does not wait on the write buffer).
 */
const BATCH_AGENT_OPTIONS = {
  http: { ...AGENT_OPTIONS, readableHighWaterMark: 1 },
  https: { ...AGENT_OPTIONS, highWaterMark: 1 },
} as const;

let modules: Promise<Modules | undefined> | undefined;
let zlib: Promise<typeof Zlib> | undefined;
const shared: { http?: Http.Agent; https?: Https.Agent; batchHttp?: Http.Agent; batchHttps?: Https.Agent } = {};

/**
 * Loads `node:http`/`node:https` (once, at the first request: a program that never calls pays
 * nothing at import); `undefined` where there is no Node.
 *
 * @example
 * const transport = await nodeTransport({ maxResponseBytes, proxy: proxyEnv(process.env) });
 */
export async function nodeTransport(options: NodeTransportOptions): Promise<Transport | undefined> {
  const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
  if (!isNode) return undefined;
  modules ??= Promise.all([import("node:http"), import("node:https"), import("node:tls")]).then(
    ([http, https, tls]) => ({ http, https, tls }),
    () => undefined,
  );
  const m = await modules;
  return m === undefined ? undefined : new NodeTransport(m, options);
}

/** The parts of a URL the node transport needs, worked out once per origin. */
interface Origin {
  readonly request: typeof Http.request;
  readonly hostname: string;
  readonly port: string;
  readonly agent: Http.Agent;
  /** For batched streams: our own sockets with a one-byte read buffer (or `agent`, with a caller's agent or a proxy). */
  readonly batchAgent: Http.Agent;
}

class NodeTransport implements Transport {
  readonly name = "node" as const;
  readonly #m: Modules;
  readonly #options: NodeTransportOptions;
  readonly #origins = new Map<string, Origin>();
  readonly #tunnels = new Map<string, Http.Agent>();

  constructor(m: Modules, options: NodeTransportOptions) {
    this.#m = m;
    this.#options = options;
  }

  send(request: WireRequest): Exchange {
    const url = request.url;
    // `url` is origin + path: split it by hand rather than parse a URL per call.
    const slash = url.indexOf("/", url.indexOf("//") + 2);
    const originText = slash === -1 ? url : url.slice(0, slash);
    const path = slash === -1 ? "/" : url.slice(slash);
    let origin = this.#origins.get(originText);
    if (origin === undefined) {
      origin = this.#origin(originText);
      this.#origins.set(originText, origin);
    }
    return new NodeExchange(origin, path, request, request.batched === true ? origin.batchAgent : origin.agent, this.#options.maxResponseBytes);
  }

  #origin(text: string): Origin {
    const u = new URL(text);
    const secure = u.protocol === "https:";
    if (!secure && u.protocol !== "http:") throw new TypeError(`unsupported protocol ${u.protocol}`);
    const hostname = u.hostname.replace(/^\[|\]$/g, "");
    const port = u.port || (secure ? "443" : "80");
    const m = this.#m;
    const agent = this.#agent(secure, hostname, port);
    const own = agent === shared.http || agent === shared.https;
    const batchAgent = !own ? agent : secure ? (shared.batchHttps ??= new m.https.Agent(BATCH_AGENT_OPTIONS.https)) : (shared.batchHttp ??= new m.http.Agent(BATCH_AGENT_OPTIONS.http));
    return { request: secure ? m.https.request : m.http.request, hostname, port, agent, batchAgent };
  }

  #agent(secure: boolean, hostname: string, port: string): Http.Agent {
    if (this.#options.agent !== undefined) return this.#options.agent;
    const proxy = proxyFor(secure ? "https" : "http", hostname, port, this.#options.proxy);
    if (proxy !== undefined) {
      const key = `${secure ? "https" : "http"} ${proxy}`;
      let agent = this.#tunnels.get(key);
      if (agent === undefined) {
        agent = tunnelAgent(this.#m, proxy, secure ? "https" : "http", AGENT_OPTIONS);
        this.#tunnels.set(key, agent);
      }
      return agent;
    }
    if (secure) return (shared.https ??= new this.#m.https.Agent(AGENT_OPTIONS));
    return (shared.http ??= new this.#m.http.Agent(AGENT_OPTIONS));
  }
}

const ignore = (): void => undefined;
const RESETS = new Set(["ECONNRESET", "EPIPE"]);
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

class NodeExchange implements Exchange {
  readonly response: Promise<WireResponse>;
  #req: Http.ClientRequest | undefined;
  #res: Http.IncomingMessage | undefined;
  // The decompressor a compressed body is read through: stopped with the response, or its
  // reader would wait forever for data from a socket that is gone.
  #body: Readable | undefined;
  #aborted = false;

  constructor(origin: Origin, path: string, request: WireRequest, agent: Http.Agent, limit: number) {
    this.response = new Promise<WireResponse>((resolve, reject) => this.#send(origin, path, request, agent, limit, resolve, reject, false));
  }

  // A method, not a closure: the build keeps function names (keepNames), and a named closure made
  // on every request costs a defineProperty call each time.
  #send(origin: Origin, path: string, request: WireRequest, agent: Http.Agent, limit: number, resolve: (r: WireResponse) => void, reject: (e: unknown) => void, resent: boolean): void {
    const headers = request.headers["accept-encoding"] === undefined ? { ...request.headers, "accept-encoding": "gzip, deflate, br" } : request.headers;
    // `timeout: 0`: no socket timer while a request is in flight (the agent puts its idle timer
    // back when the socket is free). The pipeline's own timers guard the request, and a socket
    // timer is re-armed on every read: a streamed reply's every event.
    const req = origin.request({ hostname: origin.hostname, port: origin.port, path, method: request.method, headers, agent, timeout: 0 });
    this.#req = req;
    req.once("response", (res) => {
      this.#res = res;
      // Readers listen for errors while they read; between reads an error must not be unhandled.
      res.on("error", ignore);
      if (this.#aborted) {
        res.destroy();
        reject(new Error("aborted"));
        return;
      }
      const encoding = res.headers["content-encoding"];
      if (encoding === undefined || encoding === "identity") {
        resolve(new NodeResponse(res, res, limit));
        return;
      }
      decoded(res, encoding).then((body) => {
        this.#body = body;
        resolve(new NodeResponse(res, body, limit));
      }, reject);
    });
    req.on("error", (e: Error & { code?: string }) => {
      // A kept-alive socket the server closed just as we reused it: most likely the request
      // never reached it, but only an idempotent one may be sent again on that guess.
      if (!resent && !this.#aborted && this.#res === undefined && req.reusedSocket && RESETS.has(e.code ?? "") && IDEMPOTENT.has(request.method)) {
        this.#send(origin, path, request, agent, limit, resolve, reject, true);
        return;
      }
      reject(e);
    });
    req.end(request.body);
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    // No error argument: readers see the body close early, the attempt knows why it was stopped.
    this.#body?.destroy();
    this.#res?.destroy();
    this.#req?.destroy();
  }
}

async function decoded(res: Http.IncomingMessage, encoding: string): Promise<Readable> {
  const z = await (zlib ??= import("node:zlib"));
  const e = encoding.trim().toLowerCase();
  const decoder = e === "br" ? z.createBrotliDecompress() : e === "gzip" || e === "x-gzip" ? z.createGunzip() : e === "deflate" ? z.createInflate() : undefined;
  if (decoder === undefined) return res;
  decoder.on("error", ignore);
  // Cut off: what the decompressor was already given (it works off the thread) is read out first,
  // then the cut is reported. A batched reader gets a whole backlog and the error at once.
  res.on("error", (err) => decoder.flush(() => decoder.destroy(err)));
  // Close the socket's side when the decoder is stopped early (too large, aborted).
  decoder.on("close", () => {
    if (!res.complete) res.destroy();
  });
  res.pipe(decoder);
  return decoder;
}

class NodeHeaders implements HeaderReader {
  readonly #raw: Http.IncomingHttpHeaders;
  constructor(raw: Http.IncomingHttpHeaders) {
    this.#raw = raw;
  }
  get(name: string): string | null {
    const v = this.#raw[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  }
}

/** A response read straight from the `IncomingMessage` (or its decompressor). */
class NodeResponse implements WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderReader;
  readonly #res: Http.IncomingMessage;
  readonly #body: Readable;
  readonly #limit: number;

  constructor(res: Http.IncomingMessage, body: Readable, limit: number) {
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? "";
    this.headers = new NodeHeaders(res.headers);
    this.#res = res;
    this.#body = body;
    this.#limit = limit;
  }

  get body(): AsyncIterable<Uint8Array> {
    const body = this.#body;
    return { [Symbol.asyncIterator]: () => new ChunkIterator(body, undefined) };
  }

  batched(intervalMs: number, armed?: () => boolean): AsyncIterable<Uint8Array> {
    const body = this.#body;
    const res = this.#res;
    return { [Symbol.asyncIterator]: () => new ChunkIterator(body, { res, intervalMs, armed }) };
  }

  text(): Promise<string> {
    const body = this.#body;
    const limit = this.#limit;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let settled = false;
      body.on("data", (chunk: Buffer) => {
        if (settled) return;
        total += chunk.length;
        if (total > limit) {
          settled = true;
          reject(tooLarge(limit));
          body.destroy();
          this.#res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.once("end", () => {
        if (settled) return;
        settled = true;
        resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks, total).toString("utf8"));
      });
      body.once("error", (e) => {
        if (settled) return;
        settled = true;
        reject(e);
      });
      body.once("close", () => {
        if (settled) return;
        settled = true;
        reject(Object.assign(new Error("the connection closed before the body ended"), { code: "ECONNRESET" }));
      });
    });
  }

  json(): Promise<unknown> {
    return this.text().then((t) => JSON.parse(t) as unknown);
  }

  discard(): void {
    const length = Number(this.#res.headers["content-length"] ?? Number.NaN);
    // A short body is drained so the socket is reused; anything else is cut off.
    if (length <= 65_536) this.#body.resume();
    else this.#res.destroy();
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** How a batched body is read: the response whose socket is held, and for how long after each read. */
interface Batching {
  readonly res: Http.IncomingMessage;
  readonly intervalMs: number;
  /** Whether a read may be held yet (asked after the read was handed on); absent: always. */
  readonly armed?: (() => boolean) | undefined;
}

/**
 * The body's chunks as an async iterator over `data` events: cheaper per chunk than a Readable's
 * own async iterator, with backpressure (the source pauses while chunks wait unread).
 *
 * Batched, the response is paused for `intervalMs` once a read has been handed on (in a
 * `setImmediate`, so that what one read brought is all handed on first). A batched stream's
 * sockets have a one-byte read buffer (`BATCH_AGENT_OPTIONS`), which the response takes too: the first event that
 * arrives while it is paused pauses the socket, the second stops the socket polling its descriptor,
 * and the kernel gathers the rest for one read when the interval is over. A reply of one event per
 * 5 ms then wakes the process a few times per interval instead of once per event.
 */
class ChunkIterator implements AsyncIterator<Uint8Array> {
  readonly #src: Readable;
  readonly #queue: Buffer[] = [];
  #head = 0;
  #waiter: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: unknown) => void } | undefined;
  #ended = false;
  #error: unknown;
  #paused = false;
  readonly #batching: Batching | undefined;
  #held: ReturnType<typeof setTimeout> | undefined;
  #holding = false;

  constructor(src: Readable, batching: Batching | undefined) {
    this.#src = src;
    this.#batching = batching;
    src.on("data", (chunk: Buffer) => {
      if (batching !== undefined && !this.#holding) {
        this.#holding = true;
        setImmediate(() => this.#hold(batching));
      }
      const w = this.#waiter;
      if (w !== undefined) {
        this.#waiter = undefined;
        w.resolve({ value: chunk, done: false });
        return;
      }
      this.#queue.push(chunk);
      if (this.#queue.length - this.#head >= 16 && !this.#paused) {
        this.#paused = true;
        src.pause();
      }
    });
    src.once("end", () => this.#finish(undefined));
    src.once("error", (e) => this.#finish(e));
    src.once("close", () => this.#finish(Object.assign(new Error("the connection closed before the body ended"), { code: "ECONNRESET" })));
    // The socket goes back to the agent when the response ends: it must not go back paused.
    if (batching !== undefined) {
      batching.res.once("end", () => this.#release());
      batching.res.once("close", () => this.#release());
    }
  }

  #hold(batching: Batching): void {
    const res = batching.res;
    // Asked in the setImmediate, after the reader has taken what this read brought (microtasks).
    if (this.#ended || this.#error !== undefined || res.complete || res.destroyed || (batching.armed !== undefined && !batching.armed())) {
      this.#holding = false;
      return;
    }
    res.pause();
    this.#held = setTimeout(() => this.#release(), batching.intervalMs);
  }

  #release(): void {
    this.#holding = false;
    if (this.#held === undefined) return;
    clearTimeout(this.#held);
    this.#held = undefined;
    // Unless our own backpressure holds the same stream (16 chunks unread): the reader resumes it then.
    const res = this.#batching?.res;
    if (res !== undefined && (!this.#paused || this.#src !== res)) res.resume();
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#head < this.#queue.length) {
      const chunk = this.#queue[this.#head++] as Buffer;
      if (this.#head === this.#queue.length) {
        this.#queue.length = 0;
        this.#head = 0;
        if (this.#paused) {
          this.#paused = false;
          // A batch's hold on the same stream resumes it when its interval is over.
          if (this.#held === undefined || this.#src !== this.#batching?.res) this.#src.resume();
        }
      }
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.#release();
    if (!this.#ended) this.#src.destroy();
    this.#ended = true;
    return Promise.resolve(DONE);
  }

  #finish(error: unknown): void {
    this.#release();
    if (this.#ended || this.#error !== undefined) return;
    if (error === undefined) this.#ended = true;
    else this.#error = error;
    const w = this.#waiter;
    if (w === undefined) return;
    this.#waiter = undefined;
    if (error === undefined) w.resolve(DONE);
    else w.reject(error);
  }
}
