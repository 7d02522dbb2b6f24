import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigurationError, UnavailableError, type RetryEvent } from "../../src/index.js";
import { manualClock, startEmulator } from "../../src/emulator/index.js";
import { call, chatConfig, userMessage } from "./helpers.js";

// The emulator's test hooks: the manual clock, the "next-read" deploy mode, the fault hook and
// in-process requests by path.
const test = suite("emulator test hooks (clock, next-read deploys, faults, request)");

test("manualClock runs due timers in due order, each at its due time, and only when advanced", () => {
  const clock = manualClock(1_000);
  const seen: string[] = [];
  clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
  clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
  const cancelled = clock.setTimeout(() => seen.push("never"), 5);
  clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
  clock.clearTimeout(cancelled);
  assert.is(clock.pendingTimers(), 3);
  clock.advance(9);
  assert.equal(seen, []);
  clock.advance(11);
  assert.equal(seen, ["a@1010", "b@1020", "c@1020"]);
  assert.is(clock.now(), 1_020);
  assert.is(clock.pendingTimers(), 0);
  assert.throws(() => clock.advance(-1), /non-negative/);
});

test('deployDelayMs "next-read": the first read reports IN_PROGRESS, the next one READY; an update does the same', async () => {
  const emu = await startEmulator({ seed: true, deployDelayMs: "next-read" });
  try {
    const created = await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "nr", config: chatConfig() });
    assert.is(created.body.state.config_update, "IN_PROGRESS");
    assert.is((await call(emu, "GET", "/api/2.0/serving-endpoints/nr")).body.state.config_update, "IN_PROGRESS");
    const second = await call(emu, "GET", "/api/2.0/serving-endpoints/nr");
    assert.equal(second.body.state, { ready: "READY", config_update: "NOT_UPDATING" });
    const updated = await call(emu, "PUT", "/api/2.0/serving-endpoints/nr/config", chatConfig("b"));
    assert.is(updated.body.pending_config.config_version, 2);
    // A poller converges: waitForEndpoint sees IN_PROGRESS once, then the new config.
    const done = await emu.client().waitForEndpoint({ endpoint: "nr", timeoutMs: 10_000, pollIntervalMs: 1 } as any);
    assert.is((done.config as any).config_version, 2);
  } finally {
    await emu.close();
  }
});

test("on a manual clock the deploy timer settles a deployment nobody reads, and the state file shows it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "emulator-clock-"));
  const statePath = join(dir, "state.json");
  const clock = manualClock();
  const emu = await startEmulator({ seed: true, deployDelayMs: 5_000, clock, statePath });
  try {
    assert.is((await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "timed", config: chatConfig() })).status, 200);
    const pending = () => JSON.parse(readFileSync(statePath, "utf8")).endpoints.find((e: { name: string }) => e.name === "timed").pending_config;
    assert.ok(pending() !== undefined);
    clock.advance(4_999);
    assert.ok(pending() !== undefined, "not due yet");
    clock.advance(2);
    assert.is(pending(), undefined, "settled by the timer and written");
    const record = JSON.parse(readFileSync(statePath, "utf8")).endpoints.find((e: { name: string }) => e.name === "timed");
    assert.is(record.creation_timestamp, clock.now() - 5_001, "timestamps come from the emulator clock");
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("faults.next fails the next calls of one route only, then it answers again; the client retries through it", async () => {
  const emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  try {
    const route = "POST /serving-endpoints/chat/invocations";
    emu.faults.next(route, { status: 503, times: 2, retryAfter: 0 });
    assert.is(emu.faults.pending(), 2);
    assert.is((await call(emu, "GET", "/api/2.0/serving-endpoints/chat")).status, 200, "other routes are untouched");
    const first = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("x"));
    assert.is(first.status, 503);
    assert.is(first.body.error_code, "TEMPORARILY_UNAVAILABLE");
    assert.is(first.headers.get("retry-after"), "0");
    assert.equal(first.body.details, [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: first.headers.get("x-request-id") }]);
    assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("x"))).status, 503);
    assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("x"))).status, 200);
    const unauthenticated = (emu.faults.next(route, { status: 500 }), await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("x"), null));
    assert.is(unauthenticated.status, 401, "authentication comes first");
    emu.faults.clear();

    emu.faults.next(route, { status: 429, times: 1, retryAfter: 0 });
    const retries: RetryEvent[] = [];
    const reply = await emu.client({ onRetry: (e) => retries.push(e) }).predict({ endpoint: "chat", inputs: userMessage("through") });
    assert.match(String(reply.choices?.[0]?.message?.content), "through");
    assert.is(retries.length, 1);
    assert.is(retries[0]!.reason, "429 REQUEST_LIMIT_EXCEEDED");
    emu.faults.next(route, { status: 503, errorCode: "TEMPORARILY_UNAVAILABLE", message: "planned outage" });
    try {
      await emu.client({ maxRetries: 0 }).predict({ endpoint: "chat", inputs: userMessage("no retries") });
      assert.unreachable("expected a 503");
    } catch (error) {
      assert.instance(error, UnavailableError);
      assert.match(String(error), "planned outage");
    }
    for (const [badRoute, spec] of [["/no-method", { status: 503 }], [route, { status: 200 }], [route, { status: 503, times: 0 }]] as const) {
      assert.throws(() => emu.faults.next(badRoute, spec), (error: unknown) => error instanceof ConfigurationError);
    }
  } finally {
    await emu.close();
  }
});

test("emu.request takes a path and fills host and token; an explicit authorization header wins", async () => {
  const emu = await startEmulator({ seed: true, deployDelayMs: 0 });
  try {
    const chat = await emu.request("/api/2.0/serving-endpoints/chat");
    assert.is(chat.status, 200);
    assert.is(((await chat.json()) as { name: string }).name, "chat");
    const created = await emu.request("api/2.0/secrets/scopes/create", { method: "POST", body: JSON.stringify({ scope: "by-request" }) });
    assert.is(created.status, 200);
    const scopes = (await (await emu.request("/api/2.0/secrets/scopes/list")).json()) as { scopes: { name: string }[] };
    assert.ok(scopes.scopes.some((s) => s.name === "by-request"));
    assert.is((await emu.request("/api/2.0/serving-endpoints", { headers: { authorization: "Bearer wrong" } })).status, 403);
    assert.is((await emu.request("/api/2.0/serving-endpoints", { headers: { authorization: "" } })).status, 401);
    assert.is((await emu.request(`${emu.url}/api/2.0/serving-endpoints/chat`)).status, 200, "a full URL works too");
  } finally {
    await emu.close();
  }
});

test("bad emulator options are ConfigurationErrors, before anything listens", async () => {
  const bad = [
    { deployDelayMs: -1 },
    { deployDelayMs: "soon" as unknown as number },
    { streamDelayMs: Number.NaN },
    { users: [] },
    { users: [{ name: "a", token: "t1" }, { name: "a", token: "t2" }] },
    { users: [{ name: "a", token: "" }] },
  ];
  for (const options of bad) {
    try {
      const emu = await startEmulator(options);
      await emu.close();
      assert.unreachable(`accepted ${JSON.stringify(options)}`);
    } catch (error) {
      assert.instance(error, ConfigurationError, JSON.stringify(options));
    }
  }
});

test.run();
