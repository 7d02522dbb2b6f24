// Every client method against a real loopback server, over global fetch and cross-fetch:
// method, path, query, headers and body as the REST API documents them.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DatabricksDeploymentClient, ValidationError, VERSION, endpoint, secret, type FetchLike } from "../../src/index.js";
import type { ServedEntityInput } from "../../src/schemas/index.js";
import { PIPELINE_TIME, type InternalClientOptions } from "../../src/client/internal-options.js";
import { TestServer, TRANSPORTS, TOKEN, sendJson, sendText, chatChunk, type Recorded } from "./helpers/server.js";

const SERVED: ServedEntityInput[] = [{ name: "gpt-4", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } }];
// The deprecation warning is emitted once per process, whichever suite triggers it first.
const deprecations: string[] = [];
process.on("warning", (w) => { if (w.name === "DeprecationWarning") deprecations.push(w.message); });

const EP = { name: "chat", id: "0123456789abcdef0123456789abcdef", state: { ready: "READY", config_update: "NOT_UPDATING" } };

for (const transport of TRANSPORTS) {
  const test = suite<{ server: TestServer; client: DatabricksDeploymentClient }>(`client methods over ${transport.name}`);

  test.before(async (ctx) => {
    ctx.server = await TestServer.start();
    ctx.client = new DatabricksDeploymentClient({ host: ctx.server.url, token: TOKEN, fetch: transport.fetch as FetchLike | undefined, headers: { "x-extra": "1" } });
  });
  test.after(async (ctx) => ctx.server.close());
  test.before.each((ctx) => ctx.server.reset((req, res) => sendJson(res, 200, req.method === "GET" ? EP : {})));

  const expectCall = (r: Recorded, method: string, path: string, body?: unknown) => {
    assert.is(r.method, method);
    assert.is(r.path, path);
    assert.is(r.headers.authorization, `Bearer ${TOKEN}`);
    assert.is(r.headers["user-agent"], `databricks-deployments/${VERSION}`);
    assert.is(r.headers["x-extra"], "1");
    if (body !== undefined) {
      assert.is(r.headers["content-type"], "application/json");
      assert.equal(r.json, body);
    } else {
      assert.is(r.body, "");
    }
  };

  test("createEndpoint: a full payload is sent as is", async ({ server, client }) => {
    const payload = { name: "chat", config: { served_entities: SERVED }, tags: [{ key: "foo", value: "bar" }], rate_limits: [{ calls: 5, key: "user" as const, renewal_period: "minute" as const }] };
    server.handler = (_r, res) => sendJson(res, 200, { ...EP, state: { ready: "NOT_READY", config_update: "IN_PROGRESS" } });
    const ep = await client.createEndpoint(payload);
    expectCall(server.last, "POST", "/api/2.0/serving-endpoints", payload);
    assert.is(ep.state?.config_update, "IN_PROGRESS");
  });

  test("createEndpoint: MLflow's legacy form hoists tags and rate_limits out of config", async ({ server, client }) => {
    await client.createEndpoint({ name: "chat", config: { served_entities: SERVED, tags: [{ key: "foo", value: "bar" }], rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }] } });
    const body = server.last.json as Record<string, unknown>;
    assert.equal(body.config, { served_entities: SERVED });
    assert.equal(body.tags, [{ key: "foo", value: "bar" }]);
    assert.equal(body.rate_limits, [{ calls: 5, key: "user", renewal_period: "minute" }]);
    assert.is(body.name, "chat");
  });

  test("createEndpoint: MLflow's { config: <full payload> } form and a builder-like object", async ({ server, client }) => {
    await client.createEndpoint({ config: { name: "chat", config: { served_entities: SERVED } } });
    assert.equal(server.last.json, { name: "chat", config: { served_entities: SERVED } });
    await client.createEndpoint({ build: () => ({ name: "built", config: { served_entities: SERVED } }) });
    assert.equal(server.last.json, { name: "built", config: { served_entities: SERVED } });
  });

  test("createEndpoint and createOrUpdateEndpoint take the fluent builder; the wire gets exactly .build()", async ({ server, client }) => {
    const builder = endpoint("chat").externalModel("gpt-4", { provider: "openai", apiKey: secret("my-scope", "openai-api-key") }).tag("foo", "bar");
    await client.createEndpoint(builder);
    expectCall(server.last, "POST", "/api/2.0/serving-endpoints", JSON.parse(JSON.stringify(builder.build())));
    assert.equal((server.last.json as { tags: unknown }).tags, [{ key: "foo", value: "bar" }]);
  });

  test("createEndpoint: an invalid payload throws ValidationError and sends nothing", async ({ server, client }) => {
    let caught: unknown;
    try { await client.createEndpoint({ name: "bad name!", config: { served_entitys: [] } }); } catch (e) { caught = e; }
    assert.instance(caught, ValidationError);
    assert.match((caught as Error).message, /name/);
    assert.match((caught as Error).message, /served_entitys/);
    assert.is(server.requests.length, 0);
  });

  test("createEndpoint with wait: polls until NOT_UPDATING", async ({ server, client }) => {
    let gets = 0;
    server.handler = (req, res) => {
      if (req.method === "POST") return sendJson(res, 200, { ...EP, state: { config_update: "IN_PROGRESS" } });
      gets++;
      sendJson(res, 200, { ...EP, state: gets < 3 ? { config_update: "IN_PROGRESS" } : { config_update: "NOT_UPDATING", ready: "READY" } });
    };
    // The polls' waits go through the client's injected sleep: the test checks the backoff asked
    // for (1 s, then 1.5 s) instead of sitting it out.
    const waits: number[] = [];
    const options: InternalClientOptions = { host: server.url, token: TOKEN, fetch: transport.fetch, [PIPELINE_TIME]: { sleep: async (ms) => void waits.push(ms) } };
    const c = new DatabricksDeploymentClient(options);
    const ep = await c.createEndpoint({ name: "chat", config: { served_entities: SERVED } }, { wait: true });
    assert.is(ep.state?.ready, "READY");
    assert.is(gets, 3);
    assert.equal(waits, [1_000, 1_500]);
  });

  test("getEndpoint by string and by object; names are path-encoded", async ({ server, client }) => {
    await client.getEndpoint("chat");
    expectCall(server.last, "GET", "/api/2.0/serving-endpoints/chat");
    await client.getEndpoint({ endpoint: "a/b c" });
    assert.is(server.last.path, "/api/2.0/serving-endpoints/a%2Fb%20c");
  });

  test("listEndpoints: the list, and [] when the response has no endpoints", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 200, { endpoints: [EP] });
    assert.equal(await client.listEndpoints(), [EP]);
    expectCall(server.last, "GET", "/api/2.0/serving-endpoints");
    server.handler = (_r, res) => sendJson(res, 200, {});
    assert.equal(await client.listEndpoints(), []);
  });

  test("deleteEndpoint", async ({ server, client }) => {
    await client.deleteEndpoint({ endpoint: "chat" });
    expectCall(server.last, "DELETE", "/api/2.0/serving-endpoints/chat");
    await client.deleteEndpoint("other");
    assert.is(server.last.path, "/api/2.0/serving-endpoints/other");
    server.handler = (_r, res) => { res.writeHead(200); res.end(); };
    await client.deleteEndpoint("empty-body");
    server.handler = (_r, res) => { res.writeHead(204); res.end(); };
    await client.deleteEndpoint("no-content");
  });

  test("updateEndpointConfig / Tags / RateLimits / AiGateway / Notifications", async ({ server, client }) => {
    await client.updateEndpointConfig({ endpoint: "chat", config: { served_entities: SERVED } });
    expectCall(server.last, "PUT", "/api/2.0/serving-endpoints/chat/config", { served_entities: SERVED });
    await client.updateEndpointTags({ endpoint: "chat", config: { add_tags: [{ key: "team", value: "ml" }], delete_tags: ["foo"] } });
    expectCall(server.last, "PATCH", "/api/2.0/serving-endpoints/chat/tags", { add_tags: [{ key: "team", value: "ml" }], delete_tags: ["foo"] });
    await client.updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 10, key: "endpoint", renewal_period: "minute" }] } });
    expectCall(server.last, "PUT", "/api/2.0/serving-endpoints/chat/rate-limits", { rate_limits: [{ calls: 10, key: "endpoint", renewal_period: "minute" }] });
    await client.updateEndpointAiGateway({ endpoint: "chat", config: { usage_tracking_config: { enabled: true } } });
    expectCall(server.last, "PUT", "/api/2.0/serving-endpoints/chat/ai-gateway", { usage_tracking_config: { enabled: true } });
    await client.updateEndpointNotifications({ endpoint: "chat", config: { email_notifications: { on_update_failure: ["me@example.com"] } } });
    expectCall(server.last, "PATCH", "/api/2.0/serving-endpoints/chat/notifications", { email_notifications: { on_update_failure: ["me@example.com"] } });
  });

  test("updateEndpoint (deprecated) routes like MLflow and warns once per process", async ({ server, client }) => {
    await client.updateEndpoint({ endpoint: "chat", config: { rate_limits: [{ calls: 1, renewal_period: "minute" }] } });
    assert.is(server.last.path, "/api/2.0/serving-endpoints/chat/rate-limits");
    await client.updateEndpoint({ endpoint: "chat", config: { served_entities: SERVED } });
    assert.is(server.last.path, "/api/2.0/serving-endpoints/chat/config");
    await new Promise((r) => setImmediate(r));
    assert.is(deprecations.length, 1);
    assert.match(deprecations[0]!, /updateEndpoint is deprecated/);
  });

  test("predict: POST /serving-endpoints/{name}/invocations with inputs as is; served model route", async ({ server, client }) => {
    const reply = { id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }] };
    server.handler = (_r, res) => sendJson(res, 200, reply);
    const inputs = { messages: [{ role: "user" as const, content: "Hi" }], max_tokens: 16, top_p: 0.5 };
    assert.equal(await client.predict({ endpoint: "chat", inputs }), reply);
    expectCall(server.last, "POST", "/serving-endpoints/chat/invocations", inputs);
    await client.predict({ endpoint: "chat", servedModel: "gpt-4", inputs });
    assert.is(server.last.path, "/serving-endpoints/chat/served-models/gpt-4/invocations");
  });

  test("predict: invalid inputs throw ValidationError, nothing sent", async ({ server, client }) => {
    let caught: unknown;
    try { await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "x" }], temperature: 9 } }); } catch (e) { caught = e; }
    assert.instance(caught, ValidationError);
    assert.match((caught as Error).message, /temperature/);
    assert.is(server.requests.length, 0);
  });

  test("predictStream forces stream: true and yields each chunk until [DONE]", async ({ server, client }) => {
    server.handler = (_r, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify(chatChunk(0, "Hel"))}\n\n`);
      res.write(`data: ${JSON.stringify(chatChunk(1, "lo"))}\n\ndata: [DONE]\n\n`);
      res.end();
    };
    const got: string[] = [];
    for await (const c of client.predictStream({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "x" }], stream: false } })) {
      got.push(c.choices[0]?.delta?.content ?? "");
    }
    assert.equal(got, ["Hel", "lo"]);
    const r = server.last;
    assert.is(r.path, "/serving-endpoints/chat/invocations");
    assert.is((r.json as { stream: boolean }).stream, true);
    assert.match(String(r.headers.accept), /text\/event-stream/);
  });

  test("predictStream: a JSON (non-SSE) answer is yielded as the only chunk", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 200, { predictions: [1] });
    const got: unknown[] = [];
    for await (const c of client.predictStream<unknown>({ endpoint: "custom", inputs: { dataframe_records: [{ a: 1 }] } })) got.push(c);
    assert.equal(got, [{ predictions: [1] }]);
    server.handler = (_r, res) => sendJson(res, 200, { error_code: "BAD_REQUEST", message: "streaming not supported" });
    let caught: unknown;
    try { for await (const c of client.predictStream({ endpoint: "custom", inputs: { dataframe_records: [] } })) void c; } catch (e) { caught = e; }
    assert.match(String(caught), /InvalidParameterError: 500 BAD_REQUEST: streaming not supported/);
  });

  test("waitForEndpoint reports progress and fails with the state message", async ({ server, client }) => {
    let n = 0;
    server.handler = (_r, res) => {
      n++;
      const failed = { config_update: "UPDATE_FAILED", ready: "NOT_READY" };
      sendJson(res, 200, { ...EP, state: n < 2 ? { config_update: "IN_PROGRESS" } : failed, pending_config: { served_entities: [{ name: "gpt-4", state: { deployment: "DEPLOYMENT_FAILED", deployment_state_message: "bad API key" } }] } });
    };
    const seen: string[] = [];
    let caught: unknown;
    try { await client.waitForEndpoint({ endpoint: "chat", pollIntervalMs: 10, onProgress: (s) => seen.push(String(s.config_update)) }); } catch (e) { caught = e; }
    assert.equal(seen, ["IN_PROGRESS", "UPDATE_FAILED"]);
    assert.match(String(caught), /EndpointUpdateError.*UPDATE_FAILED.*gpt-4: bad API key/);
  });

  test("waitForEndpoint is bounded by timeoutMs", async ({ server, client }) => {
    server.handler = (_r, res) => sendJson(res, 200, { ...EP, state: { config_update: "IN_PROGRESS" } });
    let caught: unknown;
    const started = Date.now();
    try { await client.waitForEndpoint({ endpoint: "chat", timeoutMs: 150, pollIntervalMs: 20 }); } catch (e) { caught = e; }
    assert.match(String(caught), /TimeoutError.*still IN_PROGRESS/);
    assert.ok(Date.now() - started < 1_000);
  });

  test("createOrUpdateEndpoint: creates when missing, updates config and tags when present", async ({ server, client }) => {
    let exists = false;
    server.handler = (req, res) => {
      if (req.method === "GET") return exists ? sendJson(res, 200, EP) : sendJson(res, 404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "no chat" });
      sendJson(res, 200, req.path.endsWith("/tags") ? { tags: [] } : EP);
    };
    const payload = { name: "chat", config: { served_entities: SERVED }, tags: [{ key: "foo", value: "bar" }] };
    await client.createOrUpdateEndpoint(payload);
    assert.equal(server.requests.map((r) => `${r.method} ${r.path}`), ["GET /api/2.0/serving-endpoints/chat", "POST /api/2.0/serving-endpoints"]);
    server.reset();
    exists = true;
    await client.createOrUpdateEndpoint(payload);
    assert.equal(server.requests.map((r) => `${r.method} ${r.path}`), ["GET /api/2.0/serving-endpoints/chat", "PUT /api/2.0/serving-endpoints/chat/config", "PATCH /api/2.0/serving-endpoints/chat/tags"]);
    assert.equal(server.requests[2]!.json, { add_tags: [{ key: "foo", value: "bar" }] });
  });

  test("logs, build logs, metrics, OpenAPI", async ({ server, client }) => {
    server.handler = (req, res) => {
      if (req.path.endsWith("/metrics")) return sendText(res, 200, "# HELP x\nx 1\n");
      if (req.path.endsWith("/openapi")) return sendText(res, 200, '{"openapi":"3.1.0"}', "text/plain");
      sendJson(res, 200, { logs: `logs of ${req.path}` });
    };
    assert.is(await client.getServedModelLogs({ endpoint: "m", servedModel: "m-1" }), "logs of /api/2.0/serving-endpoints/m/served-models/m-1/logs");
    assert.is(await client.getServedModelBuildLogs({ endpoint: "m", servedModel: "m-1" }), "logs of /api/2.0/serving-endpoints/m/served-models/m-1/build-logs");
    assert.is(await client.exportMetrics({ endpoint: "m" }), "# HELP x\nx 1\n");
    assert.match(String(server.last.headers.accept), /text\/plain/);
    assert.equal(await client.getOpenApi({ endpoint: "m" }), { openapi: "3.1.0" });
    assert.is(server.last.path, "/api/2.0/serving-endpoints/m/openapi");
  });

  test("permissions resolve the endpoint name to its id", async ({ server, client }) => {
    const acl = { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" as const }] };
    await client.getPermissions({ endpoint: "chat" });
    assert.equal(server.requests.map((r) => `${r.method} ${r.path}`), ["GET /api/2.0/serving-endpoints/chat", `GET /api/2.0/permissions/serving-endpoints/${EP.id}`]);
    server.reset();
    await client.setPermissions({ endpointId: "abc", config: acl });
    expectCall(server.last, "PUT", "/api/2.0/permissions/serving-endpoints/abc", acl);
    await client.updatePermissions({ endpointId: "abc", config: acl });
    expectCall(server.last, "PATCH", "/api/2.0/permissions/serving-endpoints/abc", acl);
    server.handler = (_r, res) => sendJson(res, 200, { permission_levels: [{ permission_level: "CAN_QUERY" }] });
    assert.equal(await client.getPermissionLevels({ endpointId: "abc" }), [{ permission_level: "CAN_QUERY" }]);
    assert.is(server.last.path, "/api/2.0/permissions/serving-endpoints/abc/permissionLevels");
  });

  test("secrets API", async ({ server, client }) => {
    await client.createSecretScope({ scope: "my-scope" });
    expectCall(server.last, "POST", "/api/2.0/secrets/scopes/create", { scope: "my-scope" });
    server.handler = (_r, res) => sendJson(res, 200, { scopes: [{ name: "my-scope", backend_type: "DATABRICKS" }] });
    assert.equal(await client.listSecretScopes(), [{ name: "my-scope", backend_type: "DATABRICKS" }]);
    expectCall(server.last, "GET", "/api/2.0/secrets/scopes/list");
    server.handler = (_r, res) => sendJson(res, 200, {});
    assert.equal(await client.listSecretScopes(), []);
    await client.putSecret({ scope: "my-scope", key: "openai-api-key", stringValue: "sk-secret" });
    expectCall(server.last, "POST", "/api/2.0/secrets/put", { scope: "my-scope", key: "openai-api-key", string_value: "sk-secret" });
    server.handler = (_r, res) => sendJson(res, 200, { secrets: [{ key: "openai-api-key", last_updated_timestamp: 1 }] });
    assert.equal(await client.listSecrets({ scope: "my-scope" }), [{ key: "openai-api-key", last_updated_timestamp: 1 }]);
    assert.is(server.last.path, "/api/2.0/secrets/list");
    assert.is(server.last.query.get("scope"), "my-scope");
    server.handler = (_r, res) => sendJson(res, 200, {});
    await client.deleteSecret({ scope: "my-scope", key: "openai-api-key" });
    expectCall(server.last, "POST", "/api/2.0/secrets/delete", { scope: "my-scope", key: "openai-api-key" });
    await client.deleteSecretScope({ scope: "my-scope" });
    expectCall(server.last, "POST", "/api/2.0/secrets/scopes/delete", { scope: "my-scope" });
  });

  test.run();
}
