// Where no global fetch exists, the fetch transport loads cross-fetch on its own (and only then).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DatabricksDeploymentClient } from "../../../src/index.js";
import { TestServer, TOKEN, sendJson } from "../helpers/server.js";

const test = suite("fetch fallback");

test("transport: \"fetch\" with no global fetch → cross-fetch carries the request", async () => {
  const server = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [{ name: "chat" }] }));
  const saved = globalThis.fetch;
  try {
    Reflect.deleteProperty(globalThis, "fetch"); // a runtime without a global fetch
    assert.is(typeof globalThis.fetch, "undefined");
    const client = new DatabricksDeploymentClient({ host: server.url, token: TOKEN, transport: "fetch" });
    assert.equal(await client.listEndpoints(), [{ name: "chat" }]);
    assert.is(server.last.headers["user-agent"]?.startsWith("databricks-deployments/"), true);
    assert.is(server.last.headers.authorization, `Bearer ${TOKEN}`);
  } finally {
    globalThis.fetch = saved;
    await server.close();
  }
});

test.run();
