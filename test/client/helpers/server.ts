// A recording loopback HTTP server for the client tests: every request is kept (method, path,
// query, headers, body) and answered by the current handler.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import crossFetch from "cross-fetch";
import type { FetchLike } from "../../../src/index.js";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  json: unknown;
}

export type Handler = (req: Recorded, res: ServerResponse, raw: IncomingMessage) => void;

export const TOKEN = "dapi-test-token-0123456789abcdef";

export class TestServer {
  readonly requests: Recorded[] = [];
  handler: Handler = (_req, res) => sendJson(res, 200, {});
  closedConnections = 0;
  openedConnections = 0;
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(handler?: Handler): Promise<TestServer> {
    let self: TestServer | undefined;
    const server = createServer((raw, res) => {
      const chunks: Buffer[] = [];
      raw.on("data", (c: Buffer) => chunks.push(c));
      raw.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const url = new URL(raw.url ?? "/", "http://x");
        let json: unknown;
        try { json = body.length > 0 ? JSON.parse(body) : undefined; } catch { json = body; }
        const rec: Recorded = { method: raw.method ?? "", path: url.pathname, query: url.searchParams, headers: raw.headers, body, json };
        self!.requests.push(rec);
        self!.handler(rec, res, raw);
      });
    });
    server.on("connection", (socket) => {
      if (self) self.openedConnections++;
      socket.on("close", () => { if (self) self.closedConnections++; });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    self = new TestServer(server, `http://127.0.0.1:${port}`);
    if (handler) self.handler = handler;
    return self;
  }

  get last(): Recorded {
    const r = this.requests[this.requests.length - 1];
    if (!r) throw new Error("no request recorded");
    return r;
  }

  reset(handler?: Handler): void {
    this.requests.length = 0;
    if (handler) this.handler = handler;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = "text/plain", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * The transports every wire suite runs over: the default (`node:http`), global fetch (what
 * `transport: "fetch"` picks) and cross-fetch (the fallback where there is no global fetch).
 */
export const TRANSPORTS: readonly { name: string; fetch: FetchLike | undefined }[] = [
  { name: "node:http", fetch: undefined },
  { name: "global fetch", fetch: (url, init) => globalThis.fetch(url, init) },
  { name: "cross-fetch", fetch: crossFetch as unknown as FetchLike },
];

export const chatChunk = (i: number, content: string): Record<string, unknown> => ({
  id: "c1", object: "chat.completion.chunk", created: 1, model: "m",
  choices: [{ index: 0, delta: i === 0 ? { role: "assistant", content } : { content }, finish_reason: null }],
});
