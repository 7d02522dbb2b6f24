/**
 * The client against a fault-injecting loopback server, over all three transports (node:http, global fetch and
 * cross-fetch): every case ends in success or the right typed error, within a bound, with no
 * unhandled rejection, and no error ever carries the token.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import crossFetch from "cross-fetch";
import {
  DatabricksDeploymentClient, DeploymentsError, ApiError, ConnectionError, TimeoutError, AbortError, StreamError,
  RateLimitError, UnavailableError, InternalServerError, type ClientOptions,
} from "../../src/index.js";
import { PIPELINE_TIME, type InternalClientOptions } from "../../src/client/internal-options.js";
import { sleep } from "../../src/client/request/sleep.js";
import { FaultServer, json, completion, chunk, endpointBody } from "./fault-server.js";
import { timeScale } from "../helpers/eventually.js";
import { closedPort } from "../helpers/closed-port.js";

// The hang backstops and every "gave up within" bound stretch with TEST_TIME_SCALE; a loaded
// machine slips timers, and these bounds only check that a give-up was prompt, not exact.
const scaled = (ms: number): number => ms * timeScale();

const TOKEN = "dapi-reliability-secret-token-9f8e7d";
const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));
const stats = { scenarios: 0, requests: 0 };

/** Fails instead of hanging: the promise must settle within `ms`. */
async function bounded<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: still pending after ${scaled(ms)} ms (hang)`)), scaled(ms)); });
  try { return await Promise.race([p, hang]); } finally { clearTimeout(timer); }
}

/** Runs `fn`, expecting it to throw an instance of `type`; returns the error. Checks the token never leaks. */
async function expectError<E extends Error>(what: string, type: abstract new (...a: never[]) => E, fn: () => Promise<unknown>, ms = 8_000): Promise<E> {
  let caught: unknown;
  try { await bounded(what, ms, fn()); } catch (e) { caught = e; }
  assert.ok(caught !== undefined, `${what}: expected ${type.name}, got success`);
  if (!(caught instanceof type)) {
    const c = caught as Error;
    assert.unreachable(`${what}: expected ${type.name}, got ${c?.constructor?.name}: ${c?.message}`);
  }
  assert.instance(caught, DeploymentsError, `${what}: not a DeploymentsError`);
  const seen = `${String(caught)} ${(caught as Error).stack ?? ""} ${JSON.stringify(caught)} ${JSON.stringify((caught as { details?: unknown }).details ?? null)}`;
  assert.not.ok(seen.includes(TOKEN), `${what}: the token appears in the error`);
  return caught as E;
}

async function drain(it: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const c of it) { void c; n++; }
  return n;
}

const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

const TRANSPORT_OPTIONS: Record<"node:http" | "global fetch" | "cross-fetch", Partial<ClientOptions>> = {
  "node:http": {},
  "global fetch": { transport: "fetch" },
  "cross-fetch": { fetch: crossFetch as unknown as NonNullable<ClientOptions["fetch"]> },
};

for (const transport of ["node:http", "global fetch", "cross-fetch"] as const) {
  const test = suite<{ server: FaultServer; client: (o?: Partial<InternalClientOptions>) => DatabricksDeploymentClient }>(`client faults over ${transport}`);

  test.before(async (ctx) => {
    const server = await FaultServer.start();
    ctx.server = server;
    ctx.client = (o = {}) => new DatabricksDeploymentClient({
      host: server.url, token: TOKEN, maxRetries: 3, timeoutMs: 2_000, totalTimeoutMs: 10_000, retryBaseDelayMs: 50,
      ...TRANSPORT_OPTIONS[transport], ...o,
    });
    const s = server;
    s.on("ok", ({ res }) => json(res, 200, completion("fine")));
    s.on("reset-before-headers", ({ res }) => res.socket?.destroy());
    s.on("reset-once-get", ({ res, attempt, req }) => (attempt === 1 ? res.socket?.destroy() : json(res, 200, endpointBody(req.url!.split("/").pop()!))));
    s.on("reset-mid-body", ({ res }) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 5_000 });
      res.write(JSON.stringify(completion()).slice(0, 60));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    s.on("reset-mid-stream", ({ res, later }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk(0) + chunk(1));
      later(30, () => res.socket?.destroy());
    });
    s.on("error-mid-stream", ({ res }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(chunk(0) + `data: ${JSON.stringify({ error_code: "INTERNAL_ERROR", message: "the model crashed" })}\n\n` + chunk(1));
    });
    s.on("slow-headers", ({ res, later }) => later(3_000, () => json(res, 200, completion())));
    s.on("stream-stall", ({ res }) => { res.writeHead(200, { "content-type": "text/event-stream" }); res.write(chunk(0)); });
    s.on("slow-body", ({ res, later }) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 5_000 });
      res.write("{\"id\":");
      later(3_000, () => res.end());
    });
    const rateLimited = (retryAfter: (() => string) | undefined) => ({ res, attempt }: { res: import("node:http").ServerResponse; attempt: number }) =>
      attempt === 1
        ? json(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "Exceeded 5 calls per minute" }, retryAfter ? { "retry-after": retryAfter() } : {})
        : json(res, 200, completion("after 429"));
    s.on("429-seconds", rateLimited(() => "1"));
    s.on("429-date", rateLimited(() => new Date(Date.now() + 1_000).toUTCString()));
    s.on("429-none", rateLimited(undefined));
    s.on("429-forever", ({ res }) => json(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" }, { "retry-after": "10" }));
    s.on("503-once", ({ res, attempt }) => (attempt === 1 ? json(res, 503, { error_code: "TEMPORARILY_UNAVAILABLE", message: "try later" }) : json(res, 200, completion())));
    s.on("503-always", ({ res }) => json(res, 503, { error_code: "TEMPORARILY_UNAVAILABLE", message: "down" }));
    s.on("500", ({ res }) => json(res, 500, { error_code: "INTERNAL_ERROR", message: "boom" }));
    s.on("500-once-get", ({ res, attempt, req }) => (attempt === 1 ? json(res, 500, { error_code: "INTERNAL_ERROR", message: "boom" }) : json(res, 200, endpointBody(req.url!.split("/").pop()!))));
    s.on("html-502", ({ res }) => {
      const page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
      res.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(page) }).end(page);
    });
    s.on("invalid-json", ({ res }) => res.writeHead(200, { "content-type": "application/json" }).end("{not json at all"));
    s.on("truncated-json", ({ res }) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion()).slice(0, 50)));
    s.on("sse-garbage", ({ res }) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const garbage = [": keep-alive comment\n", "event: message\n", "id: 42\n", "retry: 1000\n", "\n", "thisisnotafield\n", "\r\n",
        chunk(0), "data: " + chunk(1).slice(6).replace("\n\n", "\r\n\r\n"), "data:" + chunk(2).slice(5), ":\n\n", chunk(3)];
      const text = garbage.join("") + "data: [DONE]\n\n";
      // split at awkward boundaries, including inside a multi-byte char and inside "\r\n"
      let i = 0;
      const step = () => { if (i >= text.length) { res.end(); return; } res.write(text.slice(i, i + 7)); i += 7; setImmediate(step); };
      step();
    });
    const big = (mb: number) => ({ res }: { res: import("node:http").ServerResponse }) => {
      const body = Buffer.from(JSON.stringify(completion("x".repeat(mb * 2 ** 20))));
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      // in 64 KiB writes, as a real server would flush it
      for (let o = 0; o < body.length; o += 65_536) res.write(body.subarray(o, o + 65_536));
      res.end();
    };
    s.on("big-5", big(5));
    s.on("big-50", big(50));
  });

  test.after(async (ctx) => {
    stats.requests += ctx.server.totalRequests;
    await ctx.server.close();
  });

  const scenario = (name: string, fn: Parameters<typeof test>[1]) => { stats.scenarios++; test(name, fn); };

  scenario("success baseline", async ({ client }) => {
    const r = await bounded("ok", 5_000, client().predict({ endpoint: "ok", inputs: INPUTS }));
    assert.is((r as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "fine");
  });

  scenario("connection refused: retried (nothing was processed), then ConnectionError", async () => {
    const port = await closedPort();
    const retries: number[] = [];
    const c = new DatabricksDeploymentClient({ host: `http://127.0.0.1:${port}`, token: TOKEN, maxRetries: 2, ...TRANSPORT_OPTIONS[transport], onRetry: (r) => retries.push(r.attempt) });
    await expectError("refused", ConnectionError, () => c.predict({ endpoint: "ok", inputs: INPUTS }));
    assert.is(retries.length, 2, "predict retries a refused connection: the server never saw it");
  });

  scenario("reset before headers: predict is not retried (the model may have run) → ConnectionError", async ({ server, client }) => {
    await expectError("reset", ConnectionError, () => client().predict({ endpoint: "reset-before-headers", inputs: INPUTS }));
    assert.is(server.hits("reset-before-headers"), 1, "a predict that may have been processed must not be re-sent");
  });

  scenario("reset before headers: an idempotent GET is retried and succeeds", async ({ server, client }) => {
    const e = await bounded("get", 8_000, client().getEndpoint({ endpoint: "reset-once-get" }));
    assert.is(e.name, "reset-once-get");
    assert.is(server.hits("reset-once-get"), 2);
  });

  scenario("reset mid-body → ConnectionError or StreamError, never a parse error", async ({ client }) => {
    let caught: unknown;
    const t0 = Date.now();
    try { await bounded("mid-body", 8_000, client({ timeoutMs: 600 }).predict({ endpoint: "reset-mid-body", inputs: INPUTS })); } catch (e) { caught = e; }
    if (transport === "cross-fetch") {
      // node-fetch 2.7 (under cross-fetch) never settles a body whose socket dies before
      // content-length bytes arrived; the client's per-attempt timeout is what ends it.
      assert.ok(caught instanceof ConnectionError || caught instanceof StreamError || caught instanceof TimeoutError, `got ${String(caught)}`);
      assert.ok(Date.now() - t0 < scaled(2_000), `took ${Date.now() - t0} ms`);
    } else {
      assert.ok(caught instanceof ConnectionError || caught instanceof StreamError, `got ${String(caught)}`);
    }
  });

  scenario("reset mid-stream → the chunks so far, then ConnectionError or StreamError", async ({ server, client }) => {
    let got = 0;
    let caught: unknown;
    try {
      for await (const c of client().predictStream({ endpoint: "reset-mid-stream", inputs: INPUTS })) { void c; got++; }
    } catch (e) { caught = e; }
    assert.is(got, 2);
    assert.ok(caught instanceof ConnectionError || caught instanceof StreamError, `got ${String(caught)}`);
    assert.is(server.hits("reset-mid-stream"), 1, "nothing is retried after a stream has begun");
  });

  scenario("an error object mid-stream → the chunks so far, then ApiError with its code", async ({ client }) => {
    let got = 0;
    const e = await expectError("error mid-stream", ApiError, async () => {
      for await (const c of client().predictStream({ endpoint: "error-mid-stream", inputs: INPUTS })) { void c; got++; }
    });
    assert.is(got, 1);
    assert.is(e.errorCode, "INTERNAL_ERROR");
    assert.match(e.message, /the model crashed/);
  });

  scenario("headers slower than timeoutMs → TimeoutError at about the timeout", async ({ client }) => {
    const t0 = Date.now();
    await expectError("slow headers", TimeoutError, () => client({ timeoutMs: 250, maxRetries: 0 }).predict({ endpoint: "slow-headers", inputs: INPUTS }));
    assert.ok(Date.now() - t0 < scaled(2_000), `took ${Date.now() - t0} ms`);
  });

  scenario("a stream stalling past the idle timeout → TimeoutError", async ({ client }) => {
    const t0 = Date.now();
    await expectError("stall", TimeoutError, () => drain(client({ timeoutMs: 300, maxRetries: 0 }).predictStream({ endpoint: "stream-stall", inputs: INPUTS })));
    assert.ok(Date.now() - t0 < scaled(3_000), `took ${Date.now() - t0} ms`);
  });

  for (const [name, min, max] of [["429-seconds", 900, 3_000], ["429-date", 0, 3_500], ["429-none", 0, 5_000]] as const) {
    scenario(`${name}: Retry-After honoured, then success`, async ({ server, client }) => {
      const delays: number[] = [];
      // The wait goes through an injected sleep: it records what was asked and returns at once.
      const waits: number[] = [];
      const instant = (ms: number, signal: AbortSignal | undefined) => { waits.push(ms); return sleep(0, signal); };
      const r = await bounded(name, 8_000, client({ onRetry: (x) => delays.push(x.delayMs), [PIPELINE_TIME]: { sleep: instant } }).predict({ endpoint: name, inputs: INPUTS }));
      assert.ok(r);
      assert.is(server.hits(name), 2);
      assert.is(delays.length, 1);
      assert.ok(delays[0]! >= min && delays[0]! <= max, `${name}: delay ${delays[0]} ms not in [${min}, ${max}]`);
      assert.equal(waits, delays, "the client waits exactly the delay it announced");
    });
  }

  scenario("429 with a Retry-After beyond the total budget → RateLimitError with retryAfter, promptly", async ({ client }) => {
    const t0 = Date.now();
    const e = await expectError("429 forever", RateLimitError, () => client({ totalTimeoutMs: 1_000 }).predict({ endpoint: "429-forever", inputs: INPUTS }));
    assert.is(e.status, 429);
    assert.is(e.errorCode, "REQUEST_LIMIT_EXCEEDED");
    assert.ok(Date.now() - t0 < scaled(2_500), `gave up after ${Date.now() - t0} ms`);
  });

  scenario("503 once → retried, success", async ({ server, client }) => {
    await bounded("503", 8_000, client().predict({ endpoint: "503-once", inputs: INPUTS }));
    assert.is(server.hits("503-once"), 2);
  });

  scenario("retry budget: 503 forever → exactly maxRetries + 1 attempts, then UnavailableError", async ({ server, client }) => {
    const e = await expectError("503 always", UnavailableError, () => client({ maxRetries: 2 }).getEndpoint({ endpoint: "503-always" }), 15_000);
    assert.is(e.status, 503);
    assert.is(server.hits("503-always"), 3);
  });

  scenario("500 on predict → InternalServerError, not retried", async ({ server, client }) => {
    const e = await expectError("500", InternalServerError, () => client().predict({ endpoint: "500", inputs: INPUTS }));
    assert.is(e.status, 500);
    assert.is(e.errorCode, "INTERNAL_ERROR");
    assert.is(server.hits("500"), 1);
  });

  scenario("500 on an idempotent GET → retried, success", async ({ server, client }) => {
    await bounded("500 get", 8_000, client().getEndpoint({ endpoint: "500-once-get" }));
    assert.is(server.hits("500-once-get"), 2);
  });

  scenario("HTML 502 page → ApiError 502 with a readable message", async ({ client }) => {
    const e = await expectError("502", ApiError, () => client({ maxRetries: 0 }).predict({ endpoint: "html-502", inputs: INPUTS }));
    assert.is(e.status, 502);
    assert.ok(e.message.length < 500, "the message is not the whole page");
  });

  for (const name of ["invalid-json", "truncated-json"]) {
    scenario(`${name} with 200 → a DeploymentsError, not a bare SyntaxError`, async ({ client }) => {
      await expectError(name, DeploymentsError, () => client().predict({ endpoint: name, inputs: INPUTS }));
    });
  }

  scenario("SSE with comments, event/id/retry lines, garbage, CRLF, odd chunk boundaries → the 4 chunks", async ({ client }) => {
    const chunks: unknown[] = [];
    for await (const c of client().predictStream({ endpoint: "sse-garbage", inputs: INPUTS })) chunks.push(c);
    assert.is(chunks.length, 4);
    const text = chunks.map((c) => (c as { choices: { delta: { content?: string } }[] }).choices[0]!.delta.content).join("");
    assert.is(text, "t0 t1 t2 t3 ");
  });

  scenario("a 50 MB response: parsed, and no quadratic slowdown against 5 MB", async ({ client }) => {
    const c = client({ timeoutMs: 30_000 });
    // CPU time of this process (client and server both run here), not wall time: other processes
    // on a shared machine cannot stretch it. The best of a few runs takes out a stray GC pause.
    const time = async (name: string) => {
      const t0 = process.cpuUsage();
      const r = await bounded(name, 30_000, c.predict({ endpoint: name, inputs: INPUTS }));
      const used = process.cpuUsage(t0);
      const len = (r as { choices: { message: { content: string } }[] }).choices[0]!.message.content.length;
      return { ms: (used.user + used.system) / 1000, len };
    };
    const best = async (name: string, runs: number, enough: (ms: number) => boolean) => {
      let result = await time(name);
      for (let i = 1; i < runs && !enough(result.ms); i++) {
        const next = await time(name);
        if (next.ms < result.ms) result = next;
      }
      return result;
    };
    await time("big-5"); // warm-up
    const small = await best("big-5", 3, () => false);
    // linear → ~10×; quadratic → ~100×. A second run only when the first looks slow.
    const large = await best("big-50", 2, (ms) => ms < small.ms * 30);
    assert.is(small.len, 5 * 2 ** 20);
    assert.is(large.len, 50 * 2 ** 20);
    assert.ok(large.ms < small.ms * 30, `50 MB took ${large.ms.toFixed(0)} ms of CPU vs ${small.ms.toFixed(0)} ms for 5 MB`);
  });

  scenario("abort before sending → AbortError, no request made", async ({ server, client }) => {
    const before = server.hits("ok");
    const ac = new AbortController();
    ac.abort();
    await expectError("abort early", AbortError, () => client().predict({ endpoint: "ok", inputs: INPUTS, signal: ac.signal }));
    assert.is(server.hits("ok"), before);
  });

  scenario("abort while waiting for headers → AbortError promptly", async ({ client }) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await expectError("abort headers", AbortError, () => client({ timeoutMs: 10_000 }).predict({ endpoint: "slow-headers", inputs: INPUTS, signal: ac.signal }));
    assert.ok(Date.now() - t0 < scaled(1_500));
  });

  scenario("abort mid-body → AbortError promptly", async ({ client }) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const t0 = Date.now();
    await expectError("abort body", AbortError, () => client({ timeoutMs: 10_000 }).predict({ endpoint: "slow-body", inputs: INPUTS, signal: ac.signal }));
    assert.ok(Date.now() - t0 < scaled(1_500));
  });

  scenario("abort mid-stream → AbortError after the chunks so far", async ({ client }) => {
    const ac = new AbortController();
    let got = 0;
    const t0 = Date.now();
    await expectError("abort stream", AbortError, async () => {
      for await (const c of client({ timeoutMs: 10_000 }).predictStream({ endpoint: "stream-stall", inputs: INPUTS, signal: ac.signal })) {
        void c; got++;
        setTimeout(() => ac.abort(), 50);
      }
    });
    assert.is(got, 1);
    assert.ok(Date.now() - t0 < scaled(1_500));
  });

  scenario("abort during a retry back-off → AbortError without waiting it out", async ({ client }) => {
    const ac = new AbortController();
    const t0 = Date.now();
    await expectError("abort backoff", AbortError, () => client({ totalTimeoutMs: 60_000, onRetry: () => setTimeout(() => ac.abort(), 50) }).predict({ endpoint: "429-forever", inputs: INPUTS, signal: ac.signal }));
    assert.ok(Date.now() - t0 < scaled(2_000), `took ${Date.now() - t0} ms`);
  });

  scenario("many concurrent faults at once settle, none unhandled", async ({ client }) => {
    // slow-headers must time out (and reset-mid-body does under cross-fetch, see above), so theirs
    // is short; the others must not, so theirs is a backstop a loaded machine cannot reach (one
    // shared 500 ms timed out the ok calls under load).
    const patient = client({ maxRetries: 0, timeoutMs: scaled(5_000) });
    const hasty = client({ maxRetries: 0, timeoutMs: 500 });
    const names = ["ok", "reset-before-headers", "reset-mid-body", "500", "html-502", "invalid-json", "truncated-json", "slow-headers"];
    const results = await bounded("burst", 10_000, Promise.allSettled(Array.from({ length: 64 }, (_, i) => {
      const endpoint = names[i % names.length]!;
      return (endpoint === "slow-headers" || endpoint === "reset-mid-body" ? hasty : patient).predict({ endpoint, inputs: INPUTS });
    })));
    for (const r of results) if (r.status === "rejected") assert.instance(r.reason, DeploymentsError);
    assert.is(results.filter((r) => r.status === "fulfilled").length, 8);
    await sleepMs(20);
  });

  test.run();
}

const final = suite("no unhandled rejections");
final("none were seen during the whole file", async () => {
  await sleepMs(50);
  assert.equal(unhandled.map(String), []);
  console.log(`reliability/client-faults: ${stats.scenarios / 3} scenarios × 3 transports, ${stats.requests} requests served`);
});
final.run();
