// predictStream against a loopback server, over both transports: what a misbehaving server sends
// in place of (or inside) the event stream.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import { DatabricksDeploymentClient, DeploymentsError, StreamError, TimeoutError, type ClientOptions } from "../../../src/index.js";
import { TestServer, TRANSPORTS, TOKEN, chatChunk } from "../helpers/server.js";

const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };

async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, DeploymentsError);
    return e as Error;
  }
  throw new Error("expected a rejection");
}

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

for (const transport of TRANSPORTS) {
  const test = suite<{ server: TestServer; client: (o?: Partial<ClientOptions>) => DatabricksDeploymentClient }>(`event stream over ${transport.name}`);
  test.before(async (ctx) => {
    ctx.server = await TestServer.start();
    ctx.client = (o = {}) => new DatabricksDeploymentClient({ host: ctx.server.url, token: TOKEN, fetch: transport.fetch, maxRetries: 0, timeoutMs: 2_000, ...o });
  });
  test.after(async (ctx) => ctx.server.close());
  test.before.each((ctx) => ctx.server.reset());

  test("a plain JSON answer that stalls mid-body ends in the idle TimeoutError", async ({ server, client }) => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"id":"r","choices":[');
    };
    const e = await within(3_000, caught(async () => {
      for await (const c of client({ idleTimeoutMs: 100 }).predictStream({ endpoint: "chat", inputs: INPUTS })) void c;
    }));
    assert.instance(e, TimeoutError);
    assert.is((e as TimeoutError).kind, "idle");
  });

  test("a non-JSON event with a secret straddling the 200-character cut leaves nothing behind", async ({ server, client }) => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`data: ${"z".repeat(195)}${TOKEN} tail\n\n`);
    };
    const e = await caught(async () => {
      for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) void c;
    });
    assert.instance(e, StreamError);
    for (const view of [e.message, inspect(e, { depth: 10 })]) assert.not.ok(view.includes(TOKEN.slice(0, 5)), view.slice(0, 400));
  });

  test('chunks carrying "error": null or "error_code": null are ordinary chunks', async ({ server, client }) => {
    const events = [
      { ...chatChunk(0, "a"), error_code: null },
      { ...chatChunk(1, "b"), error: null, error_code: null },
      { id: "c1", object: "chat.completion.chunk", usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }, error: null },
      { id: "c1", object: "chat.completion.chunk", usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }, error_code: null, error: null },
    ];
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(`${events.map((o) => `data: ${JSON.stringify(o)}\n\n`).join("")}data: [DONE]\n\n`);
    };
    const got: unknown[] = [];
    for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) got.push(c);
    assert.is(got.length, 4);
  });

  test.run();
}
