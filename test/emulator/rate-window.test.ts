import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RateLimitError, type RetryEvent } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call, userMessage } from "./helpers.js";

// A fast clock for the rate limiters: "a minute" lasts rateLimitWindowMs, so a test or a notebook
// can watch the client wait out a real Retry-After and succeed, in seconds.
const test = suite<{ emu: Emulator }>("emulator rate limits on a fast clock (rateLimitWindowMs)");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0, rateLimitWindowMs: 1_500 });
  await ctx.emu.client().updateEndpointRateLimits({
    endpoint: "chat",
    config: { rate_limits: [{ key: "user", renewal_period: "minute", calls: 2 }] },
  });
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("the third call in the window gets 429 with Retry-After bounded by the window", async ({ emu }) => {
  for (let i = 0; i < 2; i++) assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage(`q${i}`))).status, 200);
  const limited = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("again"));
  assert.is(limited.status, 429);
  assert.is(limited.body.error_code, "REQUEST_LIMIT_EXCEEDED");
  assert.match(String(limited.body.message), "2 calls per minute per user");
  const retryAfter = Number(limited.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 2, `retry-after ${retryAfter}`);
});

test("the client waits out Retry-After once and then succeeds; without retries it gets RateLimitError", async ({ emu }) => {
  await new Promise((r) => setTimeout(r, 1_600)); // a fresh window
  const client = emu.client();
  for (let i = 0; i < 2; i++) await client.predict({ endpoint: "chat", inputs: userMessage(`fill${i}`) });
  try {
    await emu.client({ maxRetries: 0 }).predict({ endpoint: "chat", inputs: userMessage("no retries") });
    assert.unreachable("expected a 429");
  } catch (error) {
    assert.instance(error, RateLimitError);
  }
  const retries: RetryEvent[] = [];
  const started = Date.now();
  const reply = await emu.client({ onRetry: (e) => retries.push(e) }).predict({ endpoint: "chat", inputs: userMessage("patient") });
  assert.match(String(reply.choices?.[0]?.message?.content), "patient");
  assert.ok(retries.length >= 1, "onRetry reported the wait");
  assert.ok(retries.every((r) => r.delayMs >= 900 && r.delayMs <= 2_100), `waits ${retries.map((r) => r.delayMs).join(", ")}`);
  assert.ok(Date.now() - started >= 900, "it really waited");
});

test("a window that is not a positive number is refused at start", async () => {
  for (const bad of [0, -5, Number.NaN]) {
    try {
      await startEmulator({ rateLimitWindowMs: bad });
      assert.unreachable(`accepted ${bad}`);
    } catch (error) {
      assert.match(String(error), "rateLimitWindowMs");
    }
  }
});

test.run();
