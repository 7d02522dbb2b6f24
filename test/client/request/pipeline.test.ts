// The request pipeline against fault-injecting loopback servers, over both transports: error
// bodies, secret scrubbing, retries (and when not to), Retry-After, timeouts, aborts, streams, auth.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import {
  DatabricksDeploymentClient, ApiError, NotFoundError, AlreadyExistsError, InvalidParameterError, RateLimitError,
  UnavailableError, InternalServerError, UnauthenticatedError, ConnectionError, TimeoutError, AbortError, StreamError,
  DeploymentsError, type RetryEvent,
} from "../../../src/index.js";
import { eventually } from "../../helpers/eventually.js";
import { PIPELINE_TIME, type InternalClientOptions } from "../../../src/client/internal-options.js";
import { sleep } from "../../../src/client/request/sleep.js";
import { TestServer, TRANSPORTS, TOKEN, sendJson, sendText, chatChunk } from "../helpers/server.js";
import { closedPort } from "../../helpers/closed-port.js";

const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };
const REPLY = { id: "r", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] };

async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, DeploymentsError);
    return e as Error;
  }
  throw new Error("expected a rejection");
}

function assertClean(e: unknown, secrets: readonly string[]): void {
  const views = [String(e), (e as Error).stack ?? "", inspect(e, { depth: 10 }), JSON.stringify(e)];
  for (const s of secrets) for (const v of views) assert.not.ok(v.includes(s), `secret ${s} leaked into: ${v.slice(0, 300)}`);
}

for (const transport of TRANSPORTS) {
  // Retry waits go through an injected sleep that records what was asked and returns at once
  // (still honouring the signal): a test proves a Retry-After by the wait asked for, not by waiting it out.
  const waits: number[] = [];
  const instantSleep = (ms: number, signal: AbortSignal | undefined): Promise<void> => {
    waits.push(ms);
    return sleep(0, signal);
  };
  const test = suite<{ server: TestServer; client: (o?: Partial<InternalClientOptions>) => DatabricksDeploymentClient }>(`pipeline over ${transport.name}`);
  test.before(async (ctx) => {
    ctx.server = await TestServer.start();
    ctx.client = (o = {}) => {
      const options: InternalClientOptions = { host: ctx.server.url, token: TOKEN, fetch: transport.fetch, retryBaseDelayMs: 5, retryMaxDelayMs: 20, timeoutMs: 2_000, [PIPELINE_TIME]: { sleep: instantSleep }, ...o };
      return new DatabricksDeploymentClient(options);
    };
  });
  test.after(async (ctx) => ctx.server.close());
  test.before.each((ctx) => {
    ctx.server.reset();
    waits.length = 0;
  });

  const sse = (parts: string[], end = true, gapMs = 0): TestServer["handler"] => (_r, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    let i = 0;
    const next = () => {
      if (i < parts.length) { res.write(parts[i++]); setTimeout(next, gapMs); }
      else if (end) res.end();
    };
    next();
  };
  const ev = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;


  test("{error_code, message, details} → subclass with status, code, details, request id", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Endpoint with name 'x' not found", details: [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: "req-1" }] });
    const e = (await caught(() => client().getEndpoint("x"))) as NotFoundError;
    assert.instance(e, NotFoundError);
    assert.instance(e, ApiError);
    assert.is(e.status, 404);
    assert.is(e.errorCode, "RESOURCE_DOES_NOT_EXIST");
    assert.is(e.requestId, "req-1");
    assert.match(e.message, /404 RESOURCE_DOES_NOT_EXIST: Endpoint with name 'x' not found \(GET \/api\/2.0\/serving-endpoints\/x\)/);
    assert.is(server.requests.length, 1, "a 404 is not retried");
  });

  test("error code wins over status: RESOURCE_ALREADY_EXISTS on 400 is AlreadyExistsError", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 400, { error_code: "RESOURCE_ALREADY_EXISTS", message: "Scope my-scope already exists" });
    const e = await caught(() => client().createSecretScope({ scope: "my-scope" }));
    assert.instance(e, AlreadyExistsError);
  });

  test("{error}, plain text, HTML and empty bodies all give readable messages", async ({ server, client }) => {
    const run = async (handler: TestServer["handler"], re: RegExp, type: abstract new (...a: never[]) => Error) => {
      server.handler = handler;
      const e = await caught(() => client({ maxRetries: 0 }).getEndpoint("x"));
      assert.instance(e, type);
      assert.match(e.message, re);
    };
    await run((_r, res) => sendJson(res, 400, { error: "Bad request: missing field" }), /^400: Bad request: missing field/, InvalidParameterError);
    await run((_r, res) => sendText(res, 400, "INVALID_PARAMETER_VALUE: temperature too high"), /^400 INVALID_PARAMETER_VALUE: temperature too high/, InvalidParameterError);
    await run((_r, res) => sendText(res, 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>", "text/html"), /^502: 502 Bad Gateway/, InternalServerError);
    await run((_r, res) => { res.writeHead(503); res.end(); }, /^503: Service Unavailable/, UnavailableError);
    // Databricks puts the status itself in error_code for a wrong token: it reads as the status's name.
    await run((_r, res) => sendJson(res, 401, { error_code: 401, message: "Invalid access token." }), /^401 UNAUTHENTICATED: Invalid access token/, UnauthenticatedError);
    await run((_r, res) => sendJson(res, 403, { error_code: 403, message: "Invalid access token." }), /^403 PERMISSION_DENIED: Invalid access token\. \(GET /, UnauthenticatedError);
  });

  test("secrets never appear in errors, even when the server echoes them back", async ({ server, client }) => {
    server.handler = (req, res) => sendJson(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message: `echo: ${req.headers.authorization} ${req.body}`, details: [{ echoed: req.body, auth: req.headers.authorization }] });
    const plaintext = "sk-plaintext-provider-key";
    const e1 = await caught(() => client().createEndpoint({ name: "chat", config: { served_entities: [{ name: "g", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: plaintext } } }] } }));
    assert.match(e1.message, /\[REDACTED\]/);
    assertClean(e1, [TOKEN, plaintext]);
    const e2 = await caught(() => client().putSecret({ scope: "s", key: "k", stringValue: "the-secret-value" }));
    assertClean(e2, [TOKEN, "the-secret-value"]);
    const basic = new DatabricksDeploymentClient({ host: server.url, username: "me", password: "pa55word-secret", fetch: transport.fetch, maxRetries: 0 });
    const e3 = await caught(() => basic.getEndpoint("x"));
    assert.is(server.last.headers.authorization, `Basic ${Buffer.from("me:pa55word-secret").toString("base64")}`);
    assertClean(e3, ["pa55word-secret", Buffer.from("me:pa55word-secret").toString("base64")]);
  });

  test("a 200 that is not JSON (echoing the token) is a DeploymentsError without the token, also in a stream", async ({ server, client }) => {
    server.handler = (req, res) => sendText(res, 200, `<html>${req.headers.authorization}</html>`, "text/html");
    const e = await caught(() => client().predict({ endpoint: "chat", inputs: INPUTS }));
    assert.match(e.message, /Expected JSON/);
    assertClean(e, [TOKEN]);
    server.reset(sse([`data: not json ${TOKEN}\n\n`]));
    const e2 = await caught(async () => { for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) void c; });
    assert.instance(e2, StreamError);
    assertClean(e2, [TOKEN]);
  });

  test("idempotent calls retry on 500/502/503/504/429; onRetry reports each wait", async ({ server, client }) => {
    const statuses = [500, 502, 503, 504, 429];
    server.handler = (_r, res) => {
      const s = statuses[server.requests.length - 1];
      if (s === undefined) sendJson(res, 200, { name: "x" });
      else sendJson(res, s, { error_code: s === 429 ? "REQUEST_LIMIT_EXCEEDED" : s === 503 ? "TEMPORARILY_UNAVAILABLE" : "INTERNAL_ERROR", message: "again" });
    };
    const events: RetryEvent[] = [];
    const ep = await client({ maxRetries: 5, onRetry: (e) => events.push(e) }).getEndpoint("x");
    assert.is(ep.name, "x");
    assert.is(server.requests.length, 6);
    assert.equal(events.map((e) => e.attempt), [1, 2, 3, 4, 5]);
    assert.match(events[4]!.reason, /^429 REQUEST_LIMIT_EXCEEDED/);
    for (const e of events) assert.ok(e.delayMs >= 0 && e.delayMs <= 20, `delay ${e.delayMs}`);
    assert.instance(events[0]!.error, InternalServerError);
  });

  test("predict is never retried on 500/502/504 (the model may have run)", async ({ server, client }) => {
    for (const status of [500, 502, 504]) {
      server.reset((_r, res) => sendJson(res, status, { error_code: "INTERNAL_ERROR", message: "boom" }));
      const e = (await caught(() => client({ maxRetries: 3 }).predict({ endpoint: "chat", inputs: INPUTS }))) as ApiError;
      assert.is(e.status, status);
      assert.is(server.requests.length, 1, `status ${status} was retried`);
    }
  });

  test("predict retries 429 and 503 (not processed), honouring Retry-After in seconds and as a date", async ({ server, client }) => {
    server.handler = (_r, res) => {
      const n = server.requests.length;
      if (n === 1) return sendJson(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow" }, { "retry-after": "0" });
      if (n === 2) return sendJson(res, 503, { error_code: "TEMPORARILY_UNAVAILABLE", message: "scaling" }, { "retry-after": new Date(Date.now() - 1000).toUTCString() });
      if (n === 3) return sendJson(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow" }, { "retry-after": "1" });
      sendJson(res, 200, REPLY);
    };
    const events: RetryEvent[] = [];
    assert.equal(await client({ onRetry: (e) => events.push(e) }).predict({ endpoint: "chat", inputs: INPUTS }), REPLY);
    assert.equal(events.map((e) => e.delayMs), [0, 0, 1000]);
    assert.equal(waits, [0, 0, 1000], "the waits asked for are the Retry-After values");
    assert.is(server.requests.length, 4);
  });

  test("a Retry-After beyond the total budget fails at once with retryAfter", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow" }, { "retry-after": "30" });
    const events: RetryEvent[] = [];
    const e = (await caught(() => client({ totalTimeoutMs: 2_000, onRetry: (x) => events.push(x) }).predict({ endpoint: "chat", inputs: INPUTS }))) as RateLimitError;
    assert.instance(e, RateLimitError);
    assert.is(e.retryAfter, 30);
    assert.equal(waits, [], "no wait was started");
    assert.is(events.length, 0, "no retry was announced");
    assert.is(server.requests.length, 1);
  });

  test("maxRetries bounds the attempts", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 503, { message: "down" });
    await caught(() => client({ maxRetries: 2 }).listEndpoints());
    assert.is(server.requests.length, 3);
  });

  test("connection refused: predict retries (nothing was processed), then ConnectionError", async () => {
    const port = await closedPort();
    const events: RetryEvent[] = [];
    const c = new DatabricksDeploymentClient({ host: `http://127.0.0.1:${port}`, token: TOKEN, fetch: transport.fetch, maxRetries: 2, retryBaseDelayMs: 1, onRetry: (e) => events.push(e) });
    const e = (await caught(() => c.predict({ endpoint: "chat", inputs: INPUTS }))) as ConnectionError;
    assert.instance(e, ConnectionError);
    assert.is(e.code, "ECONNREFUSED");
    assert.is(events.length, 2);
    assert.is(events[0]!.reason, "ECONNREFUSED");
    assertClean(e, [TOKEN]);
  });

  test("attempt timeout: GET retried then TimeoutError; predict not retried", async ({ server, client }) => {
    server.handler = () => { /* never answers */ };
    const e = (await caught(() => client({ timeoutMs: 100, maxRetries: 1 }).getEndpoint("x"))) as TimeoutError;
    assert.instance(e, TimeoutError);
    assert.is(e.kind, "attempt");
    assert.is(server.requests.length, 2);
    server.reset();
    await caught(() => client({ timeoutMs: 100, maxRetries: 3 }).predict({ endpoint: "chat", inputs: INPUTS }));
    assert.is(server.requests.length, 1);
  });

  test("total budget bounds a call's attempts and waits", async ({ server, client }) => {
    server.handler = () => { /* never answers */ };
    // The attempt timeout (10 s) is far off: only the total budget can end the call with kind "total".
    const e = (await caught(() => client({ timeoutMs: 10_000, totalTimeoutMs: 300 }).getEndpoint("x"))) as TimeoutError;
    assert.is(e.kind, "total");
  });

  test("abort: before sending (nothing sent), while waiting, and during a retry wait", async ({ server, client }) => {
    const early = new AbortController();
    early.abort();
    assert.instance(await caught(() => client().predict({ endpoint: "chat", inputs: INPUTS, signal: early.signal })), AbortError);
    assert.is(server.requests.length, 0);

    server.handler = () => { /* hang */ };
    const ac = new AbortController();
    // Aborted once the request has reached the server; the 10 s attempt timeout would be a TimeoutError.
    server.handler = () => ac.abort();
    assert.instance(await caught(() => client({ timeoutMs: 10_000 }).getEndpoint({ endpoint: "x", signal: ac.signal })), AbortError);

    // The real sleep here: the abort must cut a 5 s Retry-After short. Had it waited, a second
    // request would have reached the server before the call ended.
    server.reset((_r, res) => sendJson(res, 429, { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow" }, { "retry-after": "5" }));
    const ac2 = new AbortController();
    const e = await caught(() => client({ totalTimeoutMs: 60_000, [PIPELINE_TIME]: { sleep }, onRetry: () => setTimeout(() => ac2.abort(), 20) }).predict({ endpoint: "chat", inputs: INPUTS, signal: ac2.signal }));
    assert.instance(e, AbortError);
    assert.is(server.requests.length, 1, "waited out the Retry-After");
  });

  test("stream: an error object mid-stream becomes ApiError after the chunks so far", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a")), ev({ error_code: "REQUEST_LIMIT_EXCEEDED", message: `quota ${TOKEN}` })]);
    const got: unknown[] = [];
    const e = await caught(async () => { for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) got.push(c); });
    assert.instance(e, RateLimitError);
    assert.is(got.length, 1);
    assertClean(e, [TOKEN]);
    server.reset(sse([ev({ error: { message: "provider overloaded", type: "overloaded_error" } })]));
    const e2 = await caught(async () => { for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) void c; });
    assert.instance(e2, ApiError);
    assert.match(e2.message, /provider overloaded/);
  });

  test("stream: connection closed before [DONE] is a StreamError with the count, and not retried", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a")), ev(chatChunk(1, "b"))]);
    const got: unknown[] = [];
    const e = (await caught(async () => { for await (const c of client({ maxRetries: 3 }).predictStream({ endpoint: "chat", inputs: INPUTS })) got.push(c); })) as StreamError;
    assert.instance(e, StreamError);
    assert.is(e.received, 2);
    assert.is(got.length, 2);
    assert.is(server.requests.length, 1);
  });

  test("stream: a non-JSON event is a StreamError", async ({ server, client }) => {
    server.handler = sse(["data: {not json\n\n"]);
    assert.instance(await caught(async () => { for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) void c; }), StreamError);
  });

  test("stream: idle timeout between chunks", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a"))], false);
    const got: unknown[] = [];
    const e = (await caught(async () => { for await (const c of client({ idleTimeoutMs: 150 }).predictStream({ endpoint: "chat", inputs: INPUTS })) got.push(c); })) as TimeoutError;
    assert.instance(e, TimeoutError);
    assert.is(e.kind, "idle");
    assert.is(got.length, 1);
  });

  test("stream: slow but steady chunks within the idle timeout are fine", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a")), ev(chatChunk(1, "b")), ev(chatChunk(2, "c")), "data: [DONE]\n\n"], true, 60);
    let n = 0;
    for await (const c of client({ idleTimeoutMs: 200 }).predictStream({ endpoint: "chat", inputs: INPUTS })) { void c; n++; }
    assert.is(n, 3);
  });

  test("stream: a consumer slower than idleTimeoutMs is not mistaken for a silent server", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a")), ev(chatChunk(1, "b")), ev(chatChunk(2, "c")), "data: [DONE]\n\n"], true, 30);
    let n = 0;
    for await (const c of client({ idleTimeoutMs: 100 }).predictStream({ endpoint: "chat", inputs: INPUTS })) {
      void c;
      n++;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.is(n, 3);
  });

  test("stream: overlapping next() calls are answered in order", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a")), ev(chatChunk(1, "b")), ev(chatChunk(2, "c")), "data: [DONE]\n\n"], true, 15);
    const it = client().predictStream({ endpoint: "chat", inputs: INPUTS });
    const results = await Promise.all([it.next(), it.next(), it.next(), it.next(), it.next()]);
    assert.equal(results.map((r) => (r.done ? "done" : r.value.choices[0]?.delta?.content)), ["a", "b", "c", "done", "done"]);
  });

  test("stream: breaking out of the loop aborts the request (the server sees the connection close)", async ({ server, client }) => {
    const closed = new Promise<void>((resolve) => {
      server.handler = (_r, res, raw) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const timer = setInterval(() => res.write(ev(chatChunk(1, "x"))), 10);
        raw.socket.on("close", () => { clearInterval(timer); resolve(); });
      };
    });
    let n = 0;
    for await (const c of client().predictStream({ endpoint: "chat", inputs: INPUTS })) { void c; if (++n === 3) break; }
    let seen = false;
    void closed.then(() => (seen = true));
    await eventually(() => seen, { timeoutMs: 2_000, message: "the server to see the connection close" });
  });

  test("stream: the caller's signal aborts mid-stream", async ({ server, client }) => {
    server.handler = sse([ev(chatChunk(0, "a"))], false);
    const ac = new AbortController();
    const got: unknown[] = [];
    const e = await caught(async () => {
      for await (const c of client({ idleTimeoutMs: 10_000 }).predictStream({ endpoint: "chat", inputs: INPUTS, signal: ac.signal })) { got.push(c); setTimeout(() => ac.abort(), 20); }
    });
    assert.instance(e, AbortError);
    assert.is(got.length, 1);
  });

  test("OAuth M2M: one client-credentials exchange shared by concurrent calls, then cached", async ({ server }) => {
    let exchanges = 0;
    server.handler = (req, res) => {
      // No discovery document here: the client falls back to the conventional /oidc/v1/token.
      if (req.path === "/oidc/.well-known/oauth-authorization-server") return sendJson(res, 404, {});
      if (req.path === "/oidc/v1/token") {
        exchanges++;
        assert.is(req.headers.authorization, `Basic ${Buffer.from("sp-id:sp-secret-value").toString("base64")}`);
        assert.is(req.headers["content-type"], "application/x-www-form-urlencoded");
        assert.is(req.body, "grant_type=client_credentials&scope=all-apis");
        return sendJson(res, 200, { access_token: "oauth-access-token-xyz", token_type: "Bearer", expires_in: 3600 });
      }
      assert.is(req.headers.authorization, "Bearer oauth-access-token-xyz");
      sendJson(res, 200, { name: "x" });
    };
    const c = new DatabricksDeploymentClient({ host: server.url, clientId: "sp-id", clientSecret: "sp-secret-value", fetch: transport.fetch });
    assert.is(c.authType, "oauth-m2m");
    await Promise.all([c.getEndpoint("x"), c.getEndpoint("y"), c.listEndpoints()]);
    await c.getEndpoint("z");
    assert.is(exchanges, 1);
    server.reset((req, res) => sendJson(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message: `echo ${req.headers.authorization}` }));
    const e = await caught(() => c.getEndpoint("x"));
    assertClean(e, ["oauth-access-token-xyz", "sp-secret-value"]);
    // A 401 drops the cached token: the next call exchanges again.
    server.reset((req, res) => {
      if (req.path === "/oidc/v1/token") { exchanges++; return sendJson(res, 200, { access_token: "second-token", expires_in: 3600 }); }
      if (req.headers.authorization === "Bearer second-token") return sendJson(res, 200, { name: "ok" });
      sendJson(res, 401, { error_code: "UNAUTHENTICATED", message: "expired" });
    });
    assert.instance(await caught(() => c.getEndpoint("x")), UnauthenticatedError);
    assert.is((await c.getEndpoint("x")).name, "ok");
    assert.is(exchanges, 2);
  });

  test("OAuth M2M: a rejected exchange is an UnauthenticatedError without the secret", async ({ server }) => {
    server.handler = (req, res) => sendJson(res, 401, { error: "invalid_client", error_description: `bad ${req.headers.authorization}` });
    const c = new DatabricksDeploymentClient({ host: server.url, clientId: "sp-id", clientSecret: "sp-secret-value", fetch: transport.fetch, maxRetries: 0 });
    const e = await caught(() => c.getEndpoint("x"));
    assert.instance(e, UnauthenticatedError);
    assertClean(e, ["sp-secret-value", Buffer.from("sp-id:sp-secret-value").toString("base64")]);
  });

  test.run();
}
