import { suite } from "uvu";
import * as assert from "uvu/assert";
import { eventually } from "../helpers/eventually.js";
import { request as httpRequest } from "node:http";
import { manualClock, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call, chatConfig, userMessage } from "./helpers.js";

const test = suite<{ emu: Emulator }>("emulator bad input and faults");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0, maxBodyBytes: 64 * 1024 });
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("every route needs a Bearer token (none: 401), a valid one (wrong: 403, as Databricks), and the token is never echoed", async ({ emu }) => {
  for (const path of ["/api/2.0/serving-endpoints", "/serving-endpoints/chat/invocations", "/api/2.0/secrets/scopes/list", "/no/such/route"]) {
    const none = await call(emu, "GET", path, undefined, null);
    assert.is(none.status, 401, path);
    assert.is(none.body.error_code, 401);
    const wrong = await call(emu, "GET", path, undefined, `${emu.token}x`);
    assert.is(wrong.status, 403, path);
    assert.equal(wrong.body, { error_code: 403, message: "Invalid access token." });
    assert.is(wrong.headers.get("x-databricks-reason-phrase"), "Invalid access token.");
    assert.not.ok(wrong.text.includes(emu.token));
  }
});

test("malformed JSON → 400 MALFORMED_REQUEST; non-object body too", async ({ emu }) => {
  const bad = await call(emu, "POST", "/serving-endpoints/chat/invocations", "{not json");
  assert.is(bad.status, 400);
  assert.is(bad.body.error_code, "MALFORMED_REQUEST");
  const array = await call(emu, "POST", "/api/2.0/serving-endpoints", "[1,2]");
  assert.is(array.body.error_code, "MALFORMED_REQUEST");
});

test("bodies over the limit → 413, by content-length and by chunked streaming", async ({ emu }) => {
  const big = JSON.stringify({ messages: [{ role: "user", content: "x".repeat(70 * 1024) }] });
  const r = await call(emu, "POST", "/serving-endpoints/chat/invocations", big);
  assert.is(r.status, 413);
  const chunked = await new Promise<number>((resolve, reject) => {
    const url = new URL(`${emu.url}/serving-endpoints/chat/invocations`);
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${emu.token}`, "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    for (let i = 0; i < 10; i++) req.write("y".repeat(10 * 1024));
    req.end();
  });
  assert.is(chunked, 413);
});

test("unknown route → 404 ENDPOINT_NOT_FOUND; wrong method → 405 with Allow", async ({ emu }) => {
  const missing = await call(emu, "GET", "/api/2.0/nothing-here");
  assert.is(missing.status, 404);
  assert.is(missing.body.error_code, "ENDPOINT_NOT_FOUND");
  const wrong = await call(emu, "PATCH", "/api/2.0/serving-endpoints/chat/config", {});
  assert.is(wrong.status, 405);
  assert.is(wrong.headers.get("allow"), "PUT");
  const get = await call(emu, "GET", "/serving-endpoints/chat/invocations");
  assert.is(get.status, 405);
});

test("413, 404 and 405 carry the request id too (over the socket and in-process); 405 keeps Allow, 413 closes the connection", async ({ emu }) => {
  const requestInfo = (id: string | null) => [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: id }];
  const big = JSON.stringify({ messages: [{ role: "user", content: "x".repeat(70 * 1024) }] });
  const tooLarge = await call(emu, "POST", "/serving-endpoints/chat/invocations", big);
  assert.is(tooLarge.status, 413);
  assert.is(tooLarge.body.error_code, "REQUEST_ENTITY_TOO_LARGE");
  assert.is(tooLarge.body.message, `Request body exceeds ${64 * 1024} bytes.`);
  assert.is(tooLarge.headers.get("connection"), "close");
  assert.equal(tooLarge.body.details, requestInfo(tooLarge.headers.get("x-request-id")));
  const missing = await call(emu, "GET", "/api/2.0/nothing-here");
  assert.is(missing.body.message, "No API found for 'GET /api/2.0/nothing-here'.");
  assert.equal(missing.body.details, requestInfo(missing.headers.get("x-request-id")));
  const wrong = await call(emu, "PATCH", "/api/2.0/serving-endpoints/chat/config", {});
  assert.is(wrong.status, 405);
  assert.is(wrong.headers.get("allow"), "PUT");
  assert.is(wrong.body.error_code, "BAD_REQUEST");
  assert.equal(wrong.body.details, requestInfo(wrong.headers.get("x-request-id")));
  const inProcess = await emu.fetch(new Request(`${emu.url}/serving-endpoints/chat/invocations`, { method: "POST", headers: { authorization: `Bearer ${emu.token}` }, body: big }));
  assert.is(inProcess.status, 413);
  const body = (await inProcess.json()) as { error_code: string; details: unknown };
  assert.is(body.error_code, "REQUEST_ENTITY_TOO_LARGE");
  assert.equal(body.details, requestInfo(inProcess.headers.get("x-request-id")));
});

test("errors carry a request id in the x-request-id header and in Databricks' RequestInfo detail", async ({ emu }) => {
  const r = await call(emu, "GET", "/api/2.0/serving-endpoints/missing");
  const id = r.headers.get("x-request-id");
  assert.ok(id !== null && id.length > 8);
  assert.equal(r.body.details, [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: id }]);
  const other = await call(emu, "GET", "/api/2.0/serving-endpoints/missing");
  assert.is.not(other.headers.get("x-request-id"), id);
  try {
    await emu.client().getEndpoint("missing");
    assert.unreachable();
  } catch (error) {
    assert.type((error as { requestId?: string }).requestId, "string");
  }
});

test("SCIM Me names the caller (SDK login checks)", async ({ emu }) => {
  const me = await call(emu, "GET", "/api/2.0/preview/scim/v2/Me");
  assert.is(me.status, 200);
  assert.is(me.body.userName, emu.users[0]);
  assert.is(me.body.active, true);
  assert.equal(me.body.groups.map((g: { display: string }) => g.display), ["users", "admins"], "the single-token user is an admin");
});

test("50 concurrent creates of one name: exactly one succeeds, the rest get 409", async ({ emu }) => {
  const results = await Promise.all(Array.from({ length: 50 }, () => call(emu, "POST", "/api/2.0/serving-endpoints", { name: "race", config: chatConfig() })));
  const statuses = results.map((r) => r.status);
  assert.is(statuses.filter((s) => s === 200).length, 1);
  assert.is(statuses.filter((s) => s === 409).length, 49);
});

test("the in-process fetch handler answers without a socket, streams included", async ({ emu }) => {
  const res = await emu.fetch(new Request("http://in-process/serving-endpoints/chat/invocations", {
    method: "POST",
    headers: { authorization: `Bearer ${emu.token}` },
    body: JSON.stringify({ ...userMessage("in process"), stream: true }),
  }));
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-type"), "text/event-stream");
  const text = await res.text();
  assert.ok(text.trimEnd().endsWith("data: [DONE]"));
  assert.match(text, '"simulated":true');
});

test("50 paced streams whose clients leave after the first chunk stop at once (no lingering timers)", async ({ emu }) => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const before = timers();
  await Promise.all(Array.from({ length: 50 }, async () => {
    const controller = new AbortController();
    const res = await fetch(`${emu.url}/serving-endpoints/chat/invocations`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...userMessage("leave early"), stream: true, extra_params: { simulated_tokens: "2000", simulated_delay_ms: "20" } }),
      signal: controller.signal,
    });
    await res.body!.getReader().read();
    controller.abort();
  }));
  await eventually(() => timers() <= before + 2, { timeoutMs: 2000, intervalMs: 20, message: () => `${timers() - before} timers still running (2000 tokens at 20 ms would take 40 s)` });
});

test("an endpoint whose first deployment is in progress answers 503 with Retry-After until the deploy delay has passed", async () => {
  // A manual clock: the deployment stays in progress exactly as long as the test says.
  const clock = manualClock();
  const emu = await startEmulator({ deployDelayMs: 3000, clock });
  try {
    await emu.client().createSecretScope({ scope: "my-scope" });
    await emu.client().putSecret({ scope: "my-scope", key: "openai-api-key", stringValue: "k" } as any);
    assert.is((await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "slow", config: chatConfig() })).status, 200);
    const r = await call(emu, "POST", "/serving-endpoints/slow/invocations", userMessage("early"));
    assert.is(r.status, 503);
    assert.is(r.body.error_code, "TEMPORARILY_UNAVAILABLE");
    assert.is(Number(r.headers.get("retry-after")), 3);
    clock.advance(2_000);
    assert.is(Number((await call(emu, "POST", "/serving-endpoints/slow/invocations", userMessage("still early"))).headers.get("retry-after")), 1);
    clock.advance(1_000);
    assert.is((await call(emu, "POST", "/serving-endpoints/slow/invocations", userMessage("ready"))).status, 200);
  } finally {
    await emu.close();
  }
});

test.run();
