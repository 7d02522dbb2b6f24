/**
 * The bare loopback server of the client benchmarks (its own process): answers any POST with a
 * chat completion, or an SSE stream when the endpoint name asks for one (see payloads.ts).
 * Kept minimal so the measured client, not the server, dominates.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "../lib/proc.js";
import { CHAT_COMPLETION, chunkEvent, DONE_EVENT, parseMode, sseBurst } from "../lib/payloads.js";

const bursts = new Map<number, Buffer>();
const completion = Buffer.from(CHAT_COMPLETION);
let requests = 0;

function endpointName(req: IncomingMessage, body: string): string {
  const m = /^\/serving-endpoints\/([^/]+)\/invocations/.exec(req.url ?? "");
  if (m) return decodeURIComponent(m[1]!);
  // openai's chat.completions.create posts to <base>/chat/completions with the endpoint as `model`
  const model = /"model"\s*:\s*"([^"]+)"/.exec(body);
  return model?.[1] ?? "predict";
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (c: string) => (body += c));
  req.on("end", () => {
    requests++;
    const mode = parseMode(endpointName(req, body));
    if (mode.kind === "predict") {
      res.writeHead(200, { "content-type": "application/json", "content-length": completion.length });
      res.end(completion);
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (mode.kind === "burst") {
      let bytes = bursts.get(mode.events);
      if (!bytes) bursts.set(mode.events, (bytes = Buffer.from(sseBurst(mode.events))));
      res.end(bytes);
      return;
    }
    let i = 0;
    const timer = setInterval(() => {
      if (i < mode.events) res.write(chunkEvent(i++));
      else { clearInterval(timer); res.end(DONE_EVENT); }
    }, mode.intervalMs);
    res.on("close", () => clearInterval(timer));
  });
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
const listening = new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
serve({
  url: async () => { await listening; return `http://127.0.0.1:${(server.address() as AddressInfo).port}`; },
  requests: () => requests,
  rss: () => process.memoryUsage().rss,
});
