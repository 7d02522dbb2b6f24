import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigurationError, RateLimitError, type RetryEvent } from "../../src/index.js";
import { manualClock, startEmulator, type Emulator, type ManualClock } from "../../src/emulator/index.js";
import { call, userMessage } from "./helpers.js";

// A fast clock for the rate limiters: "a minute" lasts rateLimitWindowMs, so a notebook can watch
// the client wait out a real Retry-After in seconds. Here the emulator also runs on a manual
// clock, so the window moves only when the test says so: no call can slip out of the window on a
// loaded machine, and no test sleeps for a fresh one.
const WINDOW_MS = 1_500;
const test = suite<{ emu: Emulator; clock: ManualClock }>("emulator rate limits on a fast clock (rateLimitWindowMs)");

test.before(async (ctx) => {
  ctx.clock = manualClock();
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0, rateLimitWindowMs: WINDOW_MS, clock: ctx.clock });
  await ctx.emu.client().updateEndpointRateLimits({
    endpoint: "chat",
    config: { rate_limits: [{ key: "user", renewal_period: "minute", calls: 2 }] },
  });
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("the third call in the window gets 429 with Retry-After bounded by the window, shrinking as the window moves", async ({ emu, clock }) => {
  for (let i = 0; i < 2; i++) assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage(`q${i}`))).status, 200);
  const limited = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("again"));
  assert.is(limited.status, 429);
  assert.is(limited.body.error_code, "REQUEST_LIMIT_EXCEEDED");
  assert.match(String(limited.body.message), "2 calls per minute per user");
  // Nothing moved since the two calls: the slot frees a whole window later, rounded up to seconds.
  assert.is(Number(limited.headers.get("retry-after")), Math.ceil(WINDOW_MS / 1000));
  clock.advance(600);
  const later = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("later"));
  assert.is(later.status, 429);
  assert.is(Number(later.headers.get("retry-after")), Math.ceil((WINDOW_MS - 600) / 1000));
  clock.advance(WINDOW_MS - 600);
  assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("fresh"))).status, 200, "a fresh window once it has passed");
});

test("the client waits out Retry-After once and then succeeds; without retries it gets RateLimitError", async ({ emu, clock }) => {
  clock.advance(WINDOW_MS); // a fresh window
  const client = emu.client();
  for (let i = 0; i < 2; i++) await client.predict({ endpoint: "chat", inputs: userMessage(`fill${i}`) });
  try {
    await emu.client({ maxRetries: 0 }).predict({ endpoint: "chat", inputs: userMessage("no retries") });
    assert.unreachable("expected a 429");
  } catch (error) {
    assert.instance(error, RateLimitError);
  }
  clock.advance(600); // the slot frees in 900 ms: a one-second hint, so the real wait stays short
  const retries: RetryEvent[] = [];
  const started = Date.now();
  // The client sleeps the Retry-After for real; the emulator's window moves by the same amount.
  const patient = emu.client({ onRetry: (e) => (retries.push(e), clock.advance(e.delayMs)) });
  const reply = await patient.predict({ endpoint: "chat", inputs: userMessage("patient") });
  assert.match(String(reply.choices?.[0]?.message?.content), "patient");
  assert.is(retries.length, 1, "one wait of the hinted length was enough");
  assert.is(retries[0]!.delayMs, 1_000);
  assert.ok(Date.now() - started >= retries[0]!.delayMs - 50, "it really waited");
});

test("a window that is not a positive number is refused at start with a ConfigurationError", async () => {
  for (const bad of [0, -5, Number.NaN]) {
    try {
      await startEmulator({ rateLimitWindowMs: bad });
      assert.unreachable(`accepted ${bad}`);
    } catch (error) {
      assert.instance(error, ConfigurationError);
      assert.match(String(error), "rateLimitWindowMs");
    }
  }
});

test.run();
