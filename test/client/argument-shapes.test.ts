// Wrong call shapes (a bare name where an object goes, a missing endpoint or inputs, a create with
// no served entity) are each one ValidationError that names the argument, and nothing is sent.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DatabricksDeploymentClient, ValidationError } from "../../src/index.js";
import { TestServer, TOKEN } from "./helpers/server.js";

const test = suite("argument shapes are checked before the wire");
let server: TestServer;
let client: DatabricksDeploymentClient;

test.before(async () => {
  server = await TestServer.start();
  client = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, maxRetries: 0 });
});
test.after(async () => server.close());
test.before.each(() => { server.requests.length = 0; });

/** Calls `call` (JS callers can pass anything), expects one ValidationError naming `path`, and no request. */
async function refused(call: () => unknown, path: string, says: RegExp): Promise<ValidationError> {
  let error: unknown;
  try { await call(); } catch (e) { error = e; }
  assert.instance(error, ValidationError, String(error));
  const v = error as ValidationError;
  assert.is(v.issues.length, 1, v.message);
  assert.is(v.issues[0]!.path, path, v.message);
  assert.match(v.message, says);
  assert.is(server.requests.length, 0, "nothing was sent");
  return v;
}
const loose = (c: DatabricksDeploymentClient) => c as unknown as Record<string, (...a: unknown[]) => unknown>;

test('createEndpoint("chat"): one problem, with the call that was meant', async () => {
  const e = await refused(() => loose(client)["createEndpoint"]!("chat"), "", /createEndpoint\(\) argument[\s\S]*got the string "chat"/);
  assert.match(e.message, /createEndpoint\(\{ name: "chat", config: \{ served_entities/);
  assert.not.match(e.message, /unknown field "0"/);
});

test("getEndpoint(undefined) and deleteEndpoint({}) name `endpoint` instead of throwing a TypeError", async () => {
  await refused(() => loose(client)["getEndpoint"]!(undefined), "endpoint", /getEndpoint\("chat"\) or getEndpoint\(\{ endpoint: "chat" \}\); got undefined/);
  await refused(() => loose(client)["deleteEndpoint"]!({}), "endpoint", /endpoint is undefined/);
  await refused(() => client.getEndpoint(""), "endpoint", /required/);
});

test("predict({ endpoint }) names `inputs` and shows its shape", async () => {
  await refused(() => loose(client)["predict"]!({ endpoint: "chat" }), "inputs", /inputs: required: the query payload, e\.g\. inputs: \{ messages/);
  await refused(() => loose(client)["predict"]!({ inputs: { messages: [] } }), "endpoint", /endpoint is undefined/);
  await refused(() => loose(client)["predict"]!("chat"), "", /expected one object/);
});

test("predictStream reports the same at its first next()", async () => {
  const stream = loose(client)["predictStream"]!({ endpoint: "chat" }) as AsyncGenerator<unknown>;
  await refused(() => stream.next(), "inputs", /predictStream\(\) argument[\s\S]*inputs: required/);
});

test("createEndpoint({ name }) without a served entity is refused as Databricks refuses it", async () => {
  await refused(() => client.createEndpoint({ name: "bare" }), "config.served_entities", /at least one served entity is required/);
  await refused(() => client.createEndpoint({ name: "bare", config: { served_entities: [] } }), "config.served_entities", /endpoint\("bare"\)\.externalModel/);
});

test("right shapes still go out", async () => {
  await client.getEndpoint("chat");
  await client.getEndpoint({ endpoint: "chat" });
  await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }] } });
  assert.equal(server.requests.map((r) => `${r.method} ${r.path}`), [
    "GET /api/2.0/serving-endpoints/chat", "GET /api/2.0/serving-endpoints/chat", "POST /serving-endpoints/chat/invocations",
  ]);
});

test.run();
