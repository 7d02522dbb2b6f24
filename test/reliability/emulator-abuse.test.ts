/**
 * The emulator under abuse: thousands of generated malformed requests (fast-check) get only 4xx
 * error bodies while the server stays up and its state intact; raw garbage on the socket; and a
 * scan of every response and log line for the planted secrets. (The create race and the 20,000
 * requests against a rate limit are in emulator-load.test.ts, in their own process.)
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { connect } from "node:net";
import { startEmulator } from "../../src/emulator/index.js";
import { SECRETS, Transcript, captureOutput, plantedEndpoint } from "./abuse-helpers.js";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const transcript = new Transcript();
const counts = { scenarios: 0, inputs: 0, requests: 0, rawSocketInputs: 0 };
const unhandled: unknown[] = [];
process.on("unhandledRejection", (r) => unhandled.push(r));

interface Reply { status: number; body: string; json: unknown }

async function call(emu: Emulator, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  counts.requests++;
  const res = await fetch(emu.url + path, {
    method,
    headers: { authorization: `Bearer ${SECRETS.token}`, "content-type": "application/json", ...headers },
    body: method === "GET" || method === "HEAD" ? undefined : body,
  });
  const text = await res.text();
  transcript.add(`${method} ${path} → ${res.status} ${JSON.stringify([...res.headers])} ${text}`);
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch (error) { json = { unparsable: String(error) }; }
  return { status: res.status, body: text, json };
}

const test = suite<{ emu: Emulator; restore: () => void; before: string }>("emulator under abuse");

test.before(async (ctx) => {
  ctx.restore = captureOutput(transcript);
  ctx.emu = await startEmulator({ port: 0, seed: true, token: SECRETS.token, streamDelayMs: 0, deployDelayMs: 0, onRequest: (entry) => transcript.add(JSON.stringify(entry)) });
  const c = ctx.emu.client();
  await c.createSecretScope({ scope: "abuse" });
  await c.putSecret({ scope: "abuse", key: "k", stringValue: SECRETS.secretValue });
  await c.createEndpoint(plantedEndpoint("planted"));
  await c.waitForEndpoint({ endpoint: "planted", timeoutMs: 10_000 });
  ctx.before = JSON.stringify(await snapshot(ctx.emu));
});

test.after(async (ctx) => {
  await ctx.emu.close();
  ctx.restore();
});

/** The state the abuse must not change: endpoints (as GET shows them), scopes, secret keys. */
async function snapshot(emu: Emulator): Promise<unknown> {
  const list = (await call(emu, "GET", "/api/2.0/serving-endpoints")).json as { endpoints?: { name: string }[] };
  const names = (list.endpoints ?? []).map((e) => e.name).sort();
  const endpoints = [];
  for (const n of names) endpoints.push((await call(emu, "GET", `/api/2.0/serving-endpoints/${n}`)).json);
  const scopes = (await call(emu, "GET", "/api/2.0/secrets/scopes/list")).json;
  const secrets = (await call(emu, "GET", "/api/2.0/secrets/list?scope=abuse")).json;
  return { endpoints, scopes, secrets };
}

// ---- generators: every request below is malformed by construction ------------------------------
const EXISTING = ["chat", "planted"];
const FIELDS = ["name", "config", "tags", "rate_limits", "ai_gateway", "route_optimized", "served_entities", "traffic_config", "auto_capture_config",
  "add_tags", "delete_tags", "usage_tracking_config", "inference_table_config", "guardrails", "fallback_config", "access_control_list",
  "scope", "key", "string_value", "bytes_value", "initial_manage_principal", "email_notifications", "description"];
const wrongValue = fc.oneof(fc.integer(), fc.constant(true), fc.constant(-1.5), fc.constant("not-an-object-or-list"));
/** An object whose every known field has the wrong type: no validator, strict or lax, can accept it. */
const wrongTypes = fc.tuple(fc.subarray(FIELDS, { minLength: FIELDS.length }), fc.array(wrongValue, { minLength: FIELDS.length, maxLength: FIELDS.length }), fc.dictionary(fc.string({ maxLength: 8 }).map((k) => `zz_${k}`), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }))
  .map(([keys, values, extra]) => JSON.stringify({ ...Object.fromEntries(keys.map((k, i) => [k, values[i]])), ...extra }));
const invalidJson = fc.oneof(
  fc.string({ maxLength: 40 }).filter((s) => { try { JSON.parse(s); return false; } catch (error) { void error; return true; } }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ name: "x", v })).map((s) => s.slice(0, Math.max(1, s.length - 2))),
  fc.constant("{\"name\": \"a\" ".repeat(50)),
  fc.constant("[".repeat(5_000)),
  fc.constant("\u0000\u0001\u00ff"),
);
const nonObjectJson = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.string({ maxLength: 20 })).map((v) => JSON.stringify(v));
const badBody = fc.oneof(wrongTypes, invalidJson, nonObjectJson);
const badName = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^[A-Za-z0-9_-]+$/.test(s)), fc.constant("a".repeat(200)), fc.constant("..%2F..%2Fetc%2Fpasswd"), fc.constant("%00"), fc.constant("é"));

interface Abuse { method: string; path: string; body?: string; headers?: Record<string, string>; expect: "4xx" }
const writeRoutes = (n: string): [string, string][] => [
  ["POST", "/api/2.0/serving-endpoints"], ["PUT", `/api/2.0/serving-endpoints/${n}/config`], ["PATCH", `/api/2.0/serving-endpoints/${n}/tags`],
  ["PUT", `/api/2.0/serving-endpoints/${n}/rate-limits`], ["PUT", `/api/2.0/serving-endpoints/${n}/ai-gateway`],
  ["POST", "/api/2.0/secrets/scopes/create"], ["POST", "/api/2.0/secrets/put"], ["POST", "/api/2.0/secrets/delete"], ["POST", "/api/2.0/secrets/scopes/delete"],
];
const abuse: fc.Arbitrary<Abuse> = fc.oneof(
  // a malformed body to a write route of an existing endpoint
  fc.tuple(fc.constantFrom(...EXISTING), fc.nat(100), badBody).map(([n, i, body]) => { const r = writeRoutes(n); const [method, path] = r[i % r.length]!; return { method, path, body, expect: "4xx" as const }; }),
  // a non-object or unparsable body to the invocations route
  fc.tuple(fc.constantFrom(...EXISTING), fc.oneof(invalidJson, nonObjectJson)).map(([n, body]) => ({ method: "POST", path: `/serving-endpoints/${n}/invocations`, body, expect: "4xx" as const })),
  // a name that cannot be an endpoint, on every route
  fc.tuple(badName, fc.constantFrom("GET", "DELETE", "PUT", "PATCH", "POST"), fc.constantFrom("", "/config", "/tags", "/rate-limits", "/ai-gateway", "/invocations", "/openapi"))
    .map(([n, method, sub]) => ({ method, path: sub === "/invocations" ? `/serving-endpoints/${encodeURIComponent(n)}/invocations` : `/api/2.0/serving-endpoints/${encodeURIComponent(n)}${sub}`, body: "{}", expect: "4xx" as const })),
  // no token, a wrong token, a malformed Authorization header — even on the read routes
  fc.tuple(fc.constantFrom("", "Bearer ", "Bearer wrong", "Basic Zm9vOmJhcg==", `Bearer ${SECRETS.token}x`, `bearer${SECRETS.token}`), fc.constantFrom("/api/2.0/serving-endpoints", "/api/2.0/serving-endpoints/chat", "/api/2.0/secrets/scopes/list"))
    .map(([auth, path]) => ({ method: "GET", path, headers: { authorization: auth }, expect: "4xx" as const })),
  // routes that do not exist
  fc.tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), fc.array(fc.stringMatching(/^[a-z0-9.%-]{1,12}$/), { minLength: 1, maxLength: 4 }))
    .map(([method, segs]) => ({ method, path: `/api/2.0/nope/${segs.join("/")}`, body: "{}", expect: "4xx" as const })),
  // methods a route does not take
  fc.constantFrom<Abuse>({ method: "PATCH", path: "/api/2.0/serving-endpoints", body: "{}", expect: "4xx" }, { method: "DELETE", path: "/api/2.0/serving-endpoints", expect: "4xx" },
    { method: "POST", path: "/api/2.0/serving-endpoints/chat", body: "{}", expect: "4xx" }, { method: "GET", path: "/serving-endpoints/chat/invocations", expect: "4xx" }),
);

test("thousands of malformed requests: only 4xx error bodies, server up, state intact", async ({ emu, before }) => {
  counts.scenarios++;
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  await fc.assert(fc.asyncProperty(abuse, async (a) => {
    counts.inputs++;
    const r = await call(emu, a.method, a.path, a.body, a.headers ?? {});
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const body = r.json as { error_code?: unknown; message?: unknown } | undefined;
    if (r.status < 400 || r.status > 499) problems.push(`${a.method} ${a.path} ${a.body?.slice(0, 80) ?? ""} → ${r.status} ${r.body.slice(0, 120)}`);
    // Authentication failures carry Databricks' integer code (401/403); every other error a string one.
    else if (a.method !== "HEAD" && (!(typeof body?.error_code === "string" || body?.error_code === r.status) || typeof body?.message !== "string")) problems.push(`${a.method} ${a.path} → ${r.status} without an error body: ${r.body.slice(0, 120)}`);
  }), { numRuns: 3_000, seed: 7, endOnFailure: true });
  console.log(`reliability/emulator-abuse: statuses of the generated requests ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  assert.ok(statuses.size >= 4, "the generators reach several kinds of rejection");
  assert.equal(problems.slice(0, 10), [], `${problems.length} of ${counts.inputs} malformed requests were not answered with a 4xx error body`);
  assert.is(JSON.stringify(await snapshot(emu)), before, "state changed");
});

test("raw garbage on the socket: the server answers or hangs up, and stays up", async ({ emu }) => {
  counts.scenarios++;
  const port = Number(new URL(emu.url).port);
  await fc.assert(fc.asyncProperty(fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 300 }),
    fc.constantFrom("GET / HTTP/9.9\r\n\r\n", "POST /api/2.0/serving-endpoints HTTP/1.1\r\ncontent-length: 99999999999\r\n\r\n{", "\r\n\r\n\r\n", "GET /api/2.0/serving-endpoints HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
      .map((s) => new TextEncoder().encode(s)),
  ), async (bytes) => {
    counts.rawSocketInputs++;
    counts.requests++;
    await new Promise<void>((resolve) => {
      const s = connect(port, "127.0.0.1");
      let answer = "";
      const done = () => { clearTimeout(timer); s.destroy(); resolve(); };
      // The bytes, then end of input: an incomplete request is answered or dropped at once instead
      // of being waited on (that was ~30 of the 200 inputs × 300 ms). The timer is only a backstop.
      const timer = setTimeout(done, 300);
      s.on("data", (d) => (answer += d.toString("latin1")));
      s.on("error", done);
      s.on("close", () => { transcript.add(answer); done(); });
      s.end(bytes);
    });
  }), { numRuns: 200, seed: 11 });
  const r = await call(emu, "GET", "/api/2.0/serving-endpoints/chat");
  assert.is(r.status, 200, "still serving after the garbage");
});

test("no planted secret in any response, header or log line", () => {
  counts.scenarios++;
  const control = new Transcript();
  control.add(`{"string_value":"${SECRETS.secretValue}"}`);
  assert.is(control.scan().length, 1, "the scan finds a planted value (positive control)");
  const found = transcript.scan();
  assert.equal(found.slice(0, 5), []);
  assert.ok(transcript.count > 3_000);
  assert.is(unhandled.length, 0, unhandled.map(String).join("; "));
  console.log(`reliability/emulator-abuse: ${counts.scenarios} scenarios, ${counts.inputs} generated HTTP inputs + ${counts.rawSocketInputs} raw-socket inputs, ${counts.requests} requests, ${transcript.count} responses/log lines scanned (${(transcript.bytes / 1e6).toFixed(1)} MB), 0 secrets found`);
});

test.run();
