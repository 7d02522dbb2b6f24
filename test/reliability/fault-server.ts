/**
 * A fault-injecting loopback server for the reliability suite. Each scenario is an endpoint name;
 * the handler for it decides, per attempt, how to misbehave. Every socket and timer it opens is
 * closed by `close()`, so a test file cannot hang on it.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What a scenario handler gets: the request, the response, and which attempt this is (1-based). */
export interface FaultRequest { req: IncomingMessage; res: ServerResponse; attempt: number; body: string; later: (ms: number, fn: () => void) => void }
export type FaultHandler = (r: FaultRequest) => void;

/**
 * The server: `url`, `hits(name)` (requests seen for a scenario), `on(name, handler)`, `close()`.
 *
 * @example
 * const s = await FaultServer.start();
 * s.on("boom", ({ res }) => res.destroy());
 */
export class FaultServer {
  readonly #handlers = new Map<string, FaultHandler>();
  readonly #hits = new Map<string, number>();
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #total = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<FaultServer> {
    let self: FaultServer | undefined;
    const server = createServer((req, res) => self!.#handle(req, res));
    server.on("connection", (s) => { self!.#sockets.add(s); s.on("close", () => self!.#sockets.delete(s)); });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new FaultServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  on(name: string, handler: FaultHandler): this { this.#handlers.set(name, handler); return this; }
  hits(name: string): number { return this.#hits.get(name) ?? 0; }
  get totalRequests(): number { return this.#total; }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    // the scenario is the endpoint name: /serving-endpoints/<name>/invocations or /api/2.0/serving-endpoints/<name>
    const m = /serving-endpoints\/([^/?]+)/.exec(req.url ?? "");
    const name = m ? decodeURIComponent(m[1]!) : "";
    const attempt = (this.#hits.get(name) ?? 0) + 1;
    this.#hits.set(name, attempt);
    this.#total++;
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const handler = this.#handlers.get(name);
      if (!handler) { res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `no scenario ${name}` })); return; }
      const later = (ms: number, fn: () => void): void => {
        const t = setTimeout(() => { this.#timers.delete(t); if (!res.destroyed) fn(); }, ms);
        this.#timers.add(t);
      };
      handler({ req, res, attempt, body, later });
    });
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A JSON body with the right headers. */
export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A chat completion as the serving API returns it. */
export function completion(content = "ok"): Record<string, unknown> {
  return { id: "chatcmpl-1", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
}

/** One SSE data line with a chat.completion.chunk. */
export function chunk(i: number): string {
  return `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: `t${i} ` }, finish_reason: null }] })}\n\n`;
}

/** A minimal endpoint description for management GETs. */
export function endpointBody(name: string): Record<string, unknown> {
  return { name, id: "id-1", creator: "a@b.c", creation_timestamp: 1, last_updated_timestamp: 1, state: { ready: "READY", config_update: "NOT_UPDATING" }, config: { served_entities: [] }, tags: [], permission_level: "CAN_MANAGE", route_optimized: false, task: "llm/v1/chat" };
}
