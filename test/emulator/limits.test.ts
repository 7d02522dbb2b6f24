import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RateLimitError } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call, chatConfig, userMessage } from "./helpers.js";

const test = suite<{ emu: Emulator }>("emulator rate limits and guardrails");

const ALICE = "dapi-alice-token-0001";
const BOB = "dapi-bob-token-0002";
const BOT = "dapi-bot-token-0003";

test.before(async (ctx) => {
  ctx.emu = await startEmulator({
    seed: true,
    deployDelayMs: 0,
    users: [
      { name: "alice@example.com", token: ALICE, groups: ["analysts"] },
      { name: "bob@example.com", token: BOB },
      { name: "etl-bot", token: BOT, servicePrincipal: true },
    ],
  });
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("the seed's per-user limit (5/minute) is per user: alice is limited, bob is not; Retry-After in seconds", async ({ emu }) => {
  assert.is(emu.token, ALICE);
  for (let i = 0; i < 5; i++) assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage(`q${i}`), ALICE)).status, 200);
  const limited = await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("again"), ALICE);
  assert.is(limited.status, 429);
  assert.is(limited.body.error_code, "REQUEST_LIMIT_EXCEEDED");
  const retryAfter = Number(limited.headers.get("retry-after"));
  assert.ok(retryAfter >= 59 && retryAfter <= 60, `retry-after ${retryAfter}`);
  assert.is((await call(emu, "POST", "/serving-endpoints/chat/invocations", userMessage("bob"), BOB)).status, 200);
  const metrics = await call(emu, "GET", "/api/2.0/serving-endpoints/chat/metrics");
  assert.match(metrics.text, 'request_count_total{endpoint="chat",served_entity="test",status="429"} 1');
  try {
    await emu.client({ maxRetries: 0 }).predict({ endpoint: "chat", inputs: userMessage("client") });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, RateLimitError);
    assert.ok(((error as RateLimitError).retryAfter ?? 0) >= 59);
  }
});

test("legacy endpoint-wide limit counts everyone", async ({ emu }) => {
  await emu.client().createEndpoint({ name: "shared", config: chatConfig(), rate_limits: [{ calls: 3, key: "endpoint", renewal_period: "minute" }] } as any);
  await emu.client().updatePermissions({ endpoint: "shared", config: { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] } });
  const statuses: number[] = [];
  for (const token of [ALICE, BOB, BOT, BOB]) statuses.push((await call(emu, "POST", "/serving-endpoints/shared/invocations", userMessage("x"), token)).status);
  assert.equal(statuses, [200, 200, 200, 429]);
});

test("AI gateway: tokens per minute, per-group and service-principal calls", async ({ emu }) => {
  const client = emu.client();
  await client.createEndpoint({ name: "gw", config: chatConfig() } as any);
  await client.updatePermissions({ endpoint: "gw", config: { access_control_list: [{ service_principal_name: "etl-bot", permission_level: "CAN_QUERY" }] } });
  await client.updateEndpointAiGateway({
    endpoint: "gw",
    config: {
      rate_limits: [
        { key: "endpoint", tokens: 80, renewal_period: "minute" },
        { key: "user_group", principal: "analysts", calls: 1, renewal_period: "minute" },
        { key: "service_principal", calls: 2, renewal_period: "minute" },
      ],
    } as any,
  });
  assert.is((await call(emu, "POST", "/serving-endpoints/gw/invocations", userMessage("one"), ALICE)).status, 200);
  const group = await call(emu, "POST", "/serving-endpoints/gw/invocations", userMessage("two"), ALICE);
  assert.is(group.status, 429);
  assert.match(group.body.message, "group analysts");
  assert.is((await call(emu, "POST", "/serving-endpoints/gw/invocations", userMessage("bot1"), BOT)).status, 200);
  // ~50 tokens per simulated reply: two replies cross 80 tokens per minute.
  const third = await call(emu, "POST", "/serving-endpoints/gw/invocations", userMessage("bot2"), BOT);
  assert.is(third.status, 429);
  assert.match(third.body.message, "tokens per minute");
  assert.ok(Number(third.headers.get("retry-after")) >= 1);
});

test("guardrails: invalid keywords and valid topics BLOCK; PII MASK rewrites the input", async ({ emu }) => {
  const client = emu.client();
  await client.createEndpoint({ name: "guarded", config: chatConfig() } as any);
  await client.updatePermissions({ endpoint: "guarded", config: { access_control_list: [{ user_name: "bob@example.com", permission_level: "CAN_QUERY" }] } });
  await client.updateEndpointAiGateway({
    endpoint: "guarded",
    config: { guardrails: { input: { invalid_keywords: ["password"], valid_topics: ["databricks serving"], pii: { behavior: "MASK" } } } } as any,
  });
  const blocked = await call(emu, "POST", "/serving-endpoints/guarded/invocations", userMessage("Tell me the admin PASSWORD for databricks"), BOB);
  assert.is(blocked.status, 400);
  assert.match(blocked.body.message, "invalid keyword 'password'");
  const offTopic = await call(emu, "POST", "/serving-endpoints/guarded/invocations", userMessage("What is the weather?"), BOB);
  assert.is(offTopic.status, 400);
  assert.match(offTopic.body.message, "valid topics");
  const masked = await call(emu, "POST", "/serving-endpoints/guarded/invocations", userMessage("Databricks question from jane@example.com"), BOB);
  assert.is(masked.status, 200);
  assert.match(masked.body.choices[0].message.content, "[REDACTED]");
  assert.not.match(masked.body.choices[0].message.content, "jane@example.com");
  await client.updateEndpointAiGateway({ endpoint: "guarded", config: { guardrails: { output: { invalid_keywords: ["simulated"] } } } as any });
  const out = await call(emu, "POST", "/serving-endpoints/guarded/invocations", userMessage("anything"), BOB);
  assert.is(out.status, 400);
  assert.match(out.body.message, "output guardrail");
});

test.run();
