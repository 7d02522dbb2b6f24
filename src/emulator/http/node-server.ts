import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ApiFailure } from "./api-failure.js";
import { ReadyStream } from "./ready-stream.js";
import type { EmulatorHandler, EmulatorReply, EmulatorRequest } from "./types.js";

/** Options of the node:http adapter. */
export interface NodeServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** How long close() waits for in-flight requests before cutting their connections (default 10 s). */
  readonly closeGraceMs?: number;
  /**
   * Whether an `Authorization` header value is a valid credential. A request that fails it is
   * answered (by the handler, with its 401/403) without reading its body, and its connection is
   * closed: an unauthenticated caller cannot make the emulator buffer anything.
   */
  readonly authenticate?: (authorization: string | undefined, path: string) => boolean;
  /** Open connections at most (default 1024); further ones are closed at once. */
  readonly maxConnections?: number;
  /** Called after each reply with a one-line summary (never bodies or headers). */
  readonly onRequestDone?: (line: RequestLogEntry) => void;
}

/**
 * What the adapter reports per request: method, path (no query string), status and duration —
 * never headers or bodies, so no token or secret value.
 *
 * @example
 * await startEmulator({ onRequest: (e) => console.log(`${e.method} ${e.path} ${e.status} ${e.ms.toFixed(1)}ms`) });
 */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

/** A listening adapter. */
export interface NodeServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/**
 * Serves an {@link EmulatorHandler} over node:http: keep-alive, streaming bodies with
 * back-pressure, a body size limit (flagged as `bodyLimitExceeded` for the handler's 413), and a client disconnect aborts the handler's signal so
 * upstream calls are cancelled.
 */
export async function listen(handler: EmulatorHandler, options: NodeServerOptions): Promise<NodeServer> {
  let shuttingDown = false;
  // Idle keep-alive 65 s, as load balancers keep idle connections: with Node's 5 s, an event loop
  // blocked for a few seconds (a tslab kernel compiling a cell, in-process with the emulator) let
  // the idle timer fire just after the client reused the socket — ECONNRESET on the next cell.
  // Headers must arrive within 66 s and the whole request within 120 s (Node's 300 s request
  // timeout lets slow senders hold connections for minutes); headersTimeout stays above the idle
  // keep-alive so a reused socket is never cut between requests.
  // Connections that have not yet sent a request (a client's spare pooled socket): Node's
  // closeIdleConnections() leaves them open (v20), so close() would wait out the grace deadline.
  const unasked = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 120_000 }, (req, res) => {
    // Once close() has begun, a reply must not leave its socket as an idle keep-alive connection:
    // server.close() would then wait for the client (or the grace deadline) to drop it.
    if (shuttingDown) res.shouldKeepAlive = false;
    unasked.delete(req.socket);
    void serve(handler, options, req, res, afterReply);
  });
  // Called once a reply has finished (from serve's one close listener, not a second per request).
  const afterReply = (): void => {
    if (shuttingDown) server.closeIdleConnections();
  };
  server.maxConnections = options.maxConnections ?? 1024;
  server.on("connection", (socket: Socket) => {
    unasked.add(socket);
    socket.once("close", () => unasked.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close() {
      shuttingDown = true;
      closing ??= new Promise<void>((resolve) => {
        // A stalled reader or a long paced stream must not hold the shutdown forever.
        const deadline = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 10_000);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
        for (const socket of unasked) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * The adapter's {@link EmulatorRequest}: a class, so a request allocates no closures, and its
 * abort signal exists only once something asks for it (most replies never do; an
 * AbortController per request was a visible share of the profile).
 */
class NodeRequest implements EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly bodyText: string;
  readonly bodyLimitExceeded?: number;
  readonly #req: IncomingMessage;
  readonly #rawQuery: string;
  #query: URLSearchParams | undefined;
  #controller: AbortController | undefined;
  #disconnected: Error | undefined;

  constructor(req: IncomingMessage, path: string, rawQuery: string, bodyText: string | undefined, limit: number) {
    this.method = req.method ?? "GET";
    this.path = path;
    this.#req = req;
    this.#rawQuery = rawQuery;
    this.bodyText = bodyText ?? "";
    if (bodyText === undefined) this.bodyLimitExceeded = limit;
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#rawQuery));
  }

  header(name: string): string | undefined {
    // The one header every call reads, without building `req.headers` (Node keeps its first value too).
    if (name === "authorization") return firstHeader(this.#req, name);
    const value = this.#req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#disconnected !== undefined) this.#controller.abort(this.#disconnected);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#disconnected !== undefined;
  }

  /** The client went away before the reply finished. */
  disconnect(reason: Error): void {
    if (this.#disconnected !== undefined) return;
    this.#disconnected = reason;
    this.#controller?.abort(reason);
  }
}

async function serve(handler: EmulatorHandler, options: NodeServerOptions, req: IncomingMessage, res: ServerResponse, afterReply: () => void): Promise<void> {
  const started = performance.now();
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  let status = 500;
  let request: NodeRequest | undefined;
  let gone: Error | undefined;
  res.once("close", () => {
    if (res.writableFinished) return afterReply();
    gone = new Error("client disconnected");
    request?.disconnect(gone);
  });
  try {
    const trusted = options.authenticate === undefined || options.authenticate(firstHeader(req, "authorization"), path);
    // Unauthenticated: the body is never read (the handler answers 401/403 from the headers).
    if (!trusted) res.shouldKeepAlive = false;
    const bodyText = trusted ? await readBody(req, options.maxBodyBytes) : "";
    // The rest of an oversized body may still be arriving: do not reuse the connection.
    if (bodyText === undefined) res.shouldKeepAlive = false;
    request = new NodeRequest(req, path, q === -1 ? "" : rawUrl.slice(q + 1), bodyText, options.maxBodyBytes);
    if (gone !== undefined) request.disconnect(gone);
    const reply = await handler(request);
    status = reply.status;
    await write(reply, res, request);
  } catch (error) {
    if (!res.headersSent) {
      status = 500;
      // The handler itself failed, so no request id exists; the body still has the ApiFailure shape.
      await write(new ApiFailure(500, "INTERNAL_ERROR", `Emulator failure: ${(error as Error).message}`).toReply(), res, request);
    } else {
      res.destroy();
    }
  } finally {
    options.onRequestDone?.({ method: req.method ?? "GET", path, status, ms: performance.now() - started });
  }
}

/**
 * The first value of a header (`name` lower-case) from `rawHeaders`: what `req.headers` holds for
 * authorization and content-length (Node drops their duplicates), found without building that
 * object on every request — the emulator reads only these on the hot path.
 */
function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && (key === name || key.toLowerCase() === name)) return raw[i + 1];
  }
  return undefined;
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const declared = Number(firstHeader(req, "content-length") ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  if (req.method === "GET" || req.method === "HEAD") {
    if (declared === 0 && firstHeader(req, "transfer-encoding") === undefined) {
      req.resume();
      return Promise.resolve("");
    }
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(tooLarge ? undefined : chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

async function write(reply: EmulatorReply, res: ServerResponse, request: NodeRequest | undefined): Promise<void> {
  const body = reply.body;
  if (body.kind === "json" || body.kind === "text") {
    const payload = body.kind === "json" ? JSON.stringify(body.value) : body.text;
    const headers = reply.headers;
    headers["content-type"] = body.kind === "json" ? "application/json" : body.contentType;
    headers["content-length"] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
    return;
  }
  const headers = reply.headers;
  headers["content-type"] = body.contentType;
  headers["cache-control"] = "no-cache";
  headers["x-accel-buffering"] = "no";
  res.writeHead(reply.status, headers);
  if (body.chunks instanceof ReadyStream) {
    // All bytes known now: headers, the one chunk and the last-chunk leave in one write.
    if (request?.aborted === true) res.end();
    else res.end(body.chunks.bytes);
    return;
  }
  // The headers go out with the first chunk (one write, not two) when it is ready at once, as a
  // simulated stream's is; a stream whose first chunk takes longer still gets its headers on
  // the next turn of the event loop, so the caller sees the 200 before the first token.
  const early = setImmediate(flushHeaders, res);
  // Chunks that arrive within one tick leave in one write, with the stream's end if it follows at
  // once (an unpaced stream is then a single write): one cork per tick, not one per chunk.
  try {
    for await (const chunk of body.chunks) {
      if (request?.aborted === true) break;
      if (res.writableCorked === 0) {
        res.cork();
        process.nextTick(uncork, res);
      }
      if (!res.write(chunk)) await drained(res);
    }
  } finally {
    clearImmediate(early);
  }
  res.end();
}

function flushHeaders(res: ServerResponse): void {
  if (!res.headersSent) res.flushHeaders();
}

// A module function, not a closure per reply (the build keeps names, at a defineProperty per named closure).
function uncork(res: ServerResponse): void {
  res.uncork();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
