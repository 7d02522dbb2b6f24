import { suite } from "uvu";
import * as assert from "uvu/assert";
import { AlreadyExistsError, ConflictError, InvalidParameterError, NotFoundError } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { call, chatConfig } from "./helpers.js";

const test = suite<{ emu: Emulator }>("emulator management through the client");

test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 150 });
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("the seed is the MLflow docs' chat endpoint, READY, with tag, rate limit and no secret value", async ({ emu }) => {
  const chat = await emu.client().getEndpoint("chat");
  assert.is(chat.state?.ready, "READY");
  assert.is(chat.state?.config_update, "NOT_UPDATING");
  assert.equal(chat.tags, [{ key: "foo", value: "bar" }]);
  const entity = (chat.config as any).served_entities[0];
  assert.is(entity.external_model.name, "gpt-4");
  assert.is(entity.external_model.openai_config.openai_api_key, "{{secrets/my-scope/openai-api-key}}");
  assert.equal((chat as any).rate_limits, [{ key: "user", renewal_period: "minute", calls: 5 }]);
  assert.equal((chat.config as any).traffic_config.routes, [{ served_entity_name: "test", served_model_name: "test", traffic_percentage: 100 }]);
  assert.is(chat.task, "llm/v1/chat");
  assert.ok(typeof chat.id === "string" && chat.id.length === 32);
});

test("create is long-running: IN_PROGRESS with pending_config, then READY; plaintext keys are never returned", async ({ emu }) => {
  const client = emu.client();
  const created = await client.createEndpoint({
    name: "plain",
    config: { served_entities: [{ external_model: { name: "gpt-4o-mini", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: "sk-very-secret-value-123" } } }] },
  } as any);
  assert.is(created.state?.config_update, "IN_PROGRESS");
  assert.is(created.state?.ready, "NOT_READY");
  assert.ok((created as any).pending_config.start_time > 0);
  assert.is((created as any).pending_config.served_entities[0].name, "gpt-4o-mini");
  const ready = await client.waitForEndpoint({ endpoint: "plain", timeoutMs: 5000, pollIntervalMs: 50 } as any);
  assert.is(ready.state?.ready, "READY");
  assert.is(ready.state?.config_update, "NOT_UPDATING");
  const raw = await call(emu, "GET", "/api/2.0/serving-endpoints/plain");
  assert.not.ok(raw.text.includes("sk-very-secret-value-123"));
  assert.not.ok(raw.text.includes("_plaintext"));
  const list = await call(emu, "GET", "/api/2.0/serving-endpoints/");
  assert.not.ok(list.text.includes("sk-very-secret-value-123"));
});

test("duplicate names → 409 RESOURCE_ALREADY_EXISTS; bad payloads → 400 naming the path; no such endpoint → 404", async ({ emu }) => {
  const client = emu.client();
  try {
    await client.createEndpoint({ name: "chat", config: chatConfig() } as any);
    assert.unreachable("duplicate create succeeded");
  } catch (error) {
    assert.instance(error, AlreadyExistsError);
    assert.is((error as AlreadyExistsError).status, 409);
  }
  const bad = await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "bad", config: { served_entities: [{ external_model: { name: "x", provider: "openai", task: "llm/v1/chat", openai_config: {} } }] } });
  assert.is(bad.status, 400);
  assert.is(bad.body.error_code, "INVALID_PARAMETER_VALUE");
  assert.match(bad.body.message, "config.served_entities[0].external_model.openai_config");
  const badName = await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "-nope-", config: chatConfig() });
  assert.is(badName.status, 400);
  assert.match(badName.body.message, "name");
  const missingSecret = await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "nokey", config: chatConfig("t", "{{secrets/my-scope/missing}}") });
  assert.is(missingSecret.status, 400);
  assert.match(missingSecret.body.message, "{{secrets/my-scope/missing}}");
  try {
    await client.getEndpoint("nope");
    assert.unreachable();
  } catch (error) {
    assert.instance(error, NotFoundError);
    assert.is((error as NotFoundError).errorCode, "RESOURCE_DOES_NOT_EXIST");
  }
  try {
    await client.createEndpoint({ name: "unknown-field", config: { ...chatConfig(), surprise: 1 } } as any);
    assert.unreachable();
  } catch (error) {
    // The client validates before the wire; either way the payload never becomes an endpoint.
    assert.ok(error instanceof InvalidParameterError || (error as Error).name === "ValidationError");
  }
  const direct = await call(emu, "POST", "/api/2.0/serving-endpoints", { name: "unknown-field", config: { ...chatConfig(), surprise: 1 } });
  assert.is(direct.status, 400);
  assert.match(direct.body.message, "surprise");
});

test("config update while IN_PROGRESS → 409; after it settles the version increments", async ({ emu }) => {
  const client = emu.client();
  await client.createEndpoint({ name: "updating", config: chatConfig("a") } as any);
  const conflict = await call(emu, "PUT", "/api/2.0/serving-endpoints/updating/config", chatConfig("b"));
  assert.is(conflict.status, 409);
  assert.is(conflict.body.error_code, "RESOURCE_CONFLICT");
  await client.waitForEndpoint({ endpoint: "updating", timeoutMs: 5000, pollIntervalMs: 50 } as any);
  const updated = await call(emu, "PUT", "/api/2.0/serving-endpoints/updating/config", chatConfig("b"));
  assert.is(updated.status, 200);
  assert.is(updated.body.state.config_update, "IN_PROGRESS");
  assert.is(updated.body.config.config_version, 1);
  assert.is(updated.body.pending_config.config_version, 2);
  const done = await client.waitForEndpoint({ endpoint: "updating", timeoutMs: 5000, pollIntervalMs: 50 } as any);
  assert.is((done.config as any).config_version, 2);
  assert.is((done.config as any).served_entities[0].name, "b");
  try {
    await client.updateEndpointConfig({ endpoint: "updating", config: chatConfig("c") } as any);
    await client.updateEndpointConfig({ endpoint: "updating", config: chatConfig("d") } as any);
    assert.unreachable("second update during IN_PROGRESS succeeded");
  } catch (error) {
    assert.instance(error, ConflictError);
  }
});

test("tags, rate limits, AI gateway, notifications, delete", async ({ emu }) => {
  const client = emu.client();
  await client.createEndpoint({ name: "knobs", config: chatConfig() } as any);
  const tags = await client.updateEndpointTags({ endpoint: "knobs", config: { add_tags: [{ key: "z", value: "1" }, { key: "a", value: "2" }] } });
  assert.equal(tags.tags, [{ key: "a", value: "2" }, { key: "z", value: "1" }]);
  const tags2 = await client.updateEndpointTags({ endpoint: "knobs", config: { delete_tags: ["z"] } });
  assert.equal(tags2.tags, [{ key: "a", value: "2" }]);
  const limits = await client.updateEndpointRateLimits({ endpoint: "knobs", config: { rate_limits: [{ calls: 7, key: "endpoint", renewal_period: "minute" }] } });
  assert.equal(limits.rate_limits, [{ calls: 7, key: "endpoint", renewal_period: "minute" }]);
  const gateway = await client.updateEndpointAiGateway({ endpoint: "knobs", config: { usage_tracking_config: { enabled: true }, inference_table_config: { catalog_name: "main", schema_name: "default", enabled: true } } as any });
  assert.equal((gateway as any).usage_tracking_config, { enabled: true });
  assert.is((gateway as any).inference_table_config.table_name_prefix, "knobs");
  const notifications = await call(emu, "PATCH", "/api/2.0/serving-endpoints/knobs/notifications", { email_notifications: { on_update_failure: ["a@example.com"] } });
  assert.is(notifications.status, 200);
  assert.equal(notifications.body, { name: "knobs", email_notifications: { on_update_failure: ["a@example.com"] } });
  await client.deleteEndpoint("knobs");
  assert.is((await call(emu, "GET", "/api/2.0/serving-endpoints/knobs")).status, 404);
  assert.is((await call(emu, "DELETE", "/api/2.0/serving-endpoints/knobs")).status, 404);
});

test("permissions by id, logs, build logs, metrics and OpenAPI", async ({ emu }) => {
  const client = emu.client();
  const chat = await client.getEndpoint("chat");
  const byName = await call(emu, "GET", "/api/2.0/permissions/serving-endpoints/chat");
  assert.is(byName.status, 404);
  assert.match(byName.body.message, "id");
  const perms = await call(emu, "PATCH", `/api/2.0/permissions/serving-endpoints/${chat.id}`, { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] });
  assert.is(perms.status, 200);
  assert.is(perms.body.object_id, `/serving-endpoints/${chat.id}`);
  assert.equal(perms.body.access_control_list.map((e: any) => e.group_name ?? e.user_name), ["emulator-user@example.com", "users", "admins"]);
  const levels = await call(emu, "GET", `/api/2.0/permissions/serving-endpoints/${chat.id}/permissionLevels`);
  assert.is(levels.body.permission_levels.length, 3);
  await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "hello" }] } });
  const build = await client.getServedModelBuildLogs({ endpoint: "chat", servedModel: "test" } as any);
  assert.match(build, "deploying served entity 'test'");
  const logs = await call(emu, "GET", "/api/2.0/serving-endpoints/chat/served-models/test/logs");
  assert.match(logs.body.logs, "chat simulated 200");
  assert.is((await call(emu, "GET", "/api/2.0/serving-endpoints/chat/served-models/nope/logs")).status, 404);
  const metrics = await call(emu, "GET", "/api/2.0/serving-endpoints/chat/metrics");
  assert.match(metrics.headers.get("content-type") ?? "", "text/plain");
  assert.match(metrics.text, /request_count_total\{endpoint="chat",served_entity="test",status="200"\} \d+/);
  assert.match(metrics.text, /tokens_total\{endpoint="chat",kind="completion"\} [1-9]/);
  const openapi = await call(emu, "GET", "/api/2.0/serving-endpoints/chat/openapi");
  assert.is(openapi.body.openapi, "3.1.0");
  assert.ok(openapi.body.paths["/serving-endpoints/chat/invocations"]);
  assert.equal(openapi.body.components.schemas.Request.required, ["messages"]);
});

test("secrets API: scopes and secrets; values are never returned", async ({ emu }) => {
  const client = emu.client();
  await client.createSecretScope({ scope: "team" });
  const dup = await call(emu, "POST", "/api/2.0/secrets/scopes/create", { scope: "team" });
  assert.is(dup.body.error_code, "RESOURCE_ALREADY_EXISTS");
  await client.putSecret({ scope: "team", key: "k1", stringValue: "super-secret-value-987" } as any);
  const listed = await call(emu, "GET", "/api/2.0/secrets/list?scope=team");
  assert.is(listed.body.secrets[0].key, "k1");
  assert.not.ok(listed.text.includes("super-secret-value-987"));
  const get = await call(emu, "GET", "/api/2.0/secrets/get?scope=team&key=k1");
  assert.is(get.status, 403);
  assert.not.ok(get.text.includes("super-secret-value-987"));
  const scopes = await call(emu, "GET", "/api/2.0/secrets/scopes/list");
  assert.ok(scopes.body.scopes.some((s: any) => s.name === "team" && s.backend_type === "DATABRICKS"));
  await client.deleteSecret({ scope: "team", key: "k1" });
  assert.is((await call(emu, "GET", "/api/2.0/secrets/list?scope=team")).text, "{}");
  await client.deleteSecretScope({ scope: "team" });
  assert.is((await call(emu, "POST", "/api/2.0/secrets/scopes/delete", { scope: "team" })).status, 404);
});

test.run();
