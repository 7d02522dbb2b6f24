// Issue 12: the client bounds what it holds, over every transport. A body past maxResponseBytes
// (a 1 GiB body, a gzip bomb) is a ResponseTooLargeError — not "cannot reach host", not retried
// (a GET used to download it again); an SSE line or event past maxEventBytes likewise; a stream
// of nothing but SSE comments trips idleTimeoutMs; a token echoed into a request id is scrubbed
// from error.requestId, inspect and toJSON.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { ApiError, DatabricksDeploymentClient, ResponseTooLargeError, TimeoutError, type ClientOptions } from "../../src/index.js";
import { TestServer, TRANSPORTS, TOKEN, chatChunk } from "../client/helpers/server.js";

const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };
const MIB = 2 ** 20;
// 64 MiB of zeros in ≈ 64 KiB of gzip.
const BOMB = gzipSync(Buffer.alloc(64 * MIB));

async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const c of stream) {
    void c;
    n++;
  }
  return n;
}

for (const transport of TRANSPORTS) {
  const test = suite<{ server: TestServer; client: (o?: Partial<ClientOptions>) => DatabricksDeploymentClient }>(`client limits over ${transport.name}`);
  test.before(async (ctx) => {
    ctx.server = await TestServer.start();
    ctx.client = (o = {}) => new DatabricksDeploymentClient({ host: ctx.server.url, token: TOKEN, fetch: transport.fetch, maxRetries: 3, retryBaseDelayMs: 1, timeoutMs: 5_000, ...o });
  });
  test.after(async (ctx) => ctx.server.close());
  test.before.each((ctx) => ctx.server.reset());

  for (const framing of ["content-length", "chunked"] as const) {
    test(`a ${framing} body past maxResponseBytes: ResponseTooLargeError, read no further, not retried`, async ({ server, client }) => {
      const body = Buffer.alloc(3 * MIB, 0x61);
      server.handler = (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", ...(framing === "content-length" ? { "content-length": body.length } : {}) });
        // Chunked: written in pieces, so the limit is met mid-stream.
        if (framing === "chunked") for (let i = 0; i < 12; i++) res.write(body.subarray(i * (body.length / 12), (i + 1) * (body.length / 12)));
        res.end(framing === "chunked" ? undefined : body);
      };
      const e = await rejection(() => client({ maxResponseBytes: MIB }).listEndpoints());
      assert.instance(e, ResponseTooLargeError);
      assert.is((e as ResponseTooLargeError).what, "body");
      assert.is((e as ResponseTooLargeError).limitBytes, MIB);
      assert.match(String(e), /maxResponseBytes/);
      assert.is(server.requests.length, 1, "a GET too large is not downloaded again");
    });
  }

  test("a gzip bomb stops at maxResponseBytes after decompression", async ({ server, client }) => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": BOMB.length });
      res.end(BOMB);
    };
    const e = await rejection(() => client({ maxResponseBytes: 4 * MIB }).listEndpoints());
    assert.instance(e, ResponseTooLargeError);
    assert.is(server.requests.length, 1);
  });

  test("the default limit is 64 MiB: a body just under it is read", async ({ server, client }) => {
    const text = JSON.stringify({ endpoints: [{ name: "x", description: "y".repeat(2 * MIB) }] });
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(text);
    };
    const list = await client().listEndpoints();
    assert.is(list.length, 1);
  });

  test("an SSE line past maxEventBytes (no newline ever comes): ResponseTooLargeError, not a hang", async ({ server, client }) => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(chatChunk(0, "a"))}\n\n`);
      res.write(`data: ${"x".repeat(8_192)}`);
      // …and the connection stays open.
    };
    const e = await rejection(() => drain(client({ maxEventBytes: 4_096, idleTimeoutMs: 10_000 }).predictStream({ endpoint: "chat", inputs: INPUTS })));
    assert.instance(e, ResponseTooLargeError);
    assert.is((e as ResponseTooLargeError).what, "event");
  });

  test("an SSE event of many data lines past maxEventBytes: ResponseTooLargeError", async ({ server, client }) => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${"y".repeat(1_000)}\n`.repeat(10));
    };
    const e = await rejection(() => drain(client({ maxEventBytes: 4_096, idleTimeoutMs: 10_000 }).predictStream({ endpoint: "chat", inputs: INPUTS })));
    assert.instance(e, ResponseTooLargeError);
  });

  test("a stream of only SSE comments trips idleTimeoutMs", async ({ server, client }) => {
    let timer: ReturnType<typeof setInterval> | undefined;
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(chatChunk(0, "a"))}\n\n`);
      timer = setInterval(() => res.write(": keep-alive\n\n"), 20);
      res.on("close", () => clearInterval(timer));
    };
    try {
      let got = 0;
      const e = await rejection(async () => {
        for await (const c of client({ idleTimeoutMs: 300 }).predictStream({ endpoint: "chat", inputs: INPUTS })) {
          void c;
          got++;
        }
      });
      assert.instance(e, TimeoutError);
      assert.is((e as TimeoutError).kind, "idle");
      assert.is(got, 1, "the one real event came through first");
    } finally {
      clearInterval(timer);
    }
  });

  test("a token echoed into the request id is scrubbed from requestId, inspect and toJSON", async ({ server, client }) => {
    server.handler = (_req, res) => {
      const body = JSON.stringify({ error_code: "PERMISSION_DENIED", message: "no", details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: `req-${TOKEN}` }] });
      res.writeHead(403, { "content-type": "application/json", "x-request-id": `hdr-${TOKEN}` });
      res.end(body);
    };
    const e = await rejection(() => client({ maxRetries: 0 }).getEndpoint("x"));
    assert.instance(e, ApiError);
    const id = (e as ApiError).requestId ?? "";
    assert.ok(id.startsWith("req-"), id);
    for (const view of [id, inspect(e, { depth: 10 }), JSON.stringify(e), String(e)]) assert.not.ok(view.includes(TOKEN), view.slice(0, 300));
    // From the header when the body has none.
    server.handler = (_req, res) => {
      res.writeHead(500, { "content-type": "text/plain", "x-request-id": `hdr-${TOKEN}` });
      res.end("boom");
    };
    const h = await rejection(() => client({ maxRetries: 0 }).getEndpoint("x"));
    assert.ok(((h as ApiError).requestId ?? "").startsWith("hdr-"));
    for (const view of [(h as ApiError).requestId ?? "", inspect(h, { depth: 10 }), JSON.stringify(h)]) assert.not.ok(view.includes(TOKEN), view);
  });

  test.run();
}
