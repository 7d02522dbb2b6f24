import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ConfigurationError } from "../../src/index.js";
import { connect } from "../../src/emulator/index.js";

const test = suite("connect(): a workspace when credentials resolve, else a seeded emulator");
const nowhere = { env: {}, configFile: "/nonexistent/.databrickscfg" };

test("no credentials anywhere → an in-process seeded emulator on loopback", async () => {
  const conn = await connect({ client: nowhere, emulator: { streamDelayMs: 0 } });
  try {
    assert.is(conn.kind, "emulator");
    assert.match(conn.description, /^emulator at http:\/\/127\.0\.0\.1:\d+ \(simulated model\)$/);
    assert.ok(conn.emulator);
    const endpoints = await conn.client.listEndpoints();
    assert.equal(endpoints.map((e) => e.name).sort(), ["agent", "chat"], "the seed: chat and the ResponsesAgent agent");
    const reply = (await conn.client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "hi" }] } })) as any;
    assert.is(reply.simulated, true);
  } finally {
    await conn.close();
  }
  const refused = await fetch(`${conn.emulator!.url}/api/2.0/serving-endpoints`).catch((error: unknown) => error);
  assert.instance(refused, Error);
});

test("credentials in the environment → the workspace, with no token in the description", async () => {
  const conn = await connect({ client: { env: { DATABRICKS_HOST: "adb-123.azuredatabricks.net", DATABRICKS_TOKEN: "dapi-workspace-secret" }, configFile: "/nonexistent/.databrickscfg" } });
  assert.is(conn.kind, "databricks");
  assert.match(conn.description, "workspace https://adb-123.azuredatabricks.net");
  assert.not.match(conn.description, "dapi-workspace-secret");
  assert.is(conn.emulator, undefined);
  await conn.close();
});

test("an explicit target that does not resolve is reported, not silently emulated", async () => {
  try {
    await connect({ target: "databricks://missing-profile", client: nowhere });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConfigurationError);
  }
});

test.run();
