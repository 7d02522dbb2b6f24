// The OAuth M2M token exchange against a loopback server, over both transports: the shared
// exchange is independent of whichever caller started it, and a token endpoint answering
// something other than JSON is a clear, unretried configuration error.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import { DatabricksDeploymentClient, AbortError, ConfigurationError, TimeoutError, DeploymentsError } from "../../../src/index.js";
import { TestServer, TRANSPORTS, sendJson, sendText } from "../helpers/server.js";

const SECRET = "sp-secret-value-0123456789";

async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, DeploymentsError);
    return e as Error;
  }
  throw new Error("expected a rejection");
}

for (const transport of TRANSPORTS) {
  const test = suite<{ server: TestServer }>(`OAuth exchange over ${transport.name}`);
  test.before(async (ctx) => {
    ctx.server = await TestServer.start();
  });
  test.after(async (ctx) => ctx.server.close());
  test.before.each((ctx) => ctx.server.reset());

  const client = (server: TestServer, timeoutMs = 2_000): DatabricksDeploymentClient =>
    new DatabricksDeploymentClient({ host: server.url, clientId: "sp-id", clientSecret: SECRET, fetch: transport.fetch, maxRetries: 0, timeoutMs });

  test("the caller that started the shared exchange aborting fails only its own call", async ({ server }) => {
    let exchanges = 0;
    server.handler = (req, res) => {
      if (req.path === "/oidc/v1/token") {
        exchanges++;
        setTimeout(() => sendJson(res, 200, { access_token: "oauth-token-shared-1234", expires_in: 3600 }), 150);
        return;
      }
      sendJson(res, 200, { name: req.path.split("/").pop() });
    };
    const c = client(server);
    const ac = new AbortController();
    const first = caught(() => c.getEndpoint({ endpoint: "a", signal: ac.signal }));
    const second = c.getEndpoint("b");
    setTimeout(() => ac.abort(), 30);
    assert.instance(await first, AbortError);
    assert.is((await second).name, "b");
    assert.is(exchanges, 1);
  });

  test("the starter's attempt timer firing does not fail a caller with time left", async ({ server }) => {
    let exchanges = 0;
    server.handler = (req, res) => {
      if (req.path === "/oidc/v1/token") {
        exchanges++;
        setTimeout(() => sendJson(res, 200, { access_token: "oauth-token-shared-5678", expires_in: 3600 }), 200);
        return;
      }
      sendJson(res, 200, { name: "ok" });
    };
    // Same client, so the exchange is shared; the starter's total budget is far shorter.
    const c = new DatabricksDeploymentClient({ host: server.url, clientId: "sp-id", clientSecret: SECRET, fetch: transport.fetch, maxRetries: 0, timeoutMs: 2_000, totalTimeoutMs: 2_000 });
    const starter = caught(() => c.getEndpoint({ endpoint: "a", signal: AbortSignal.timeout(50) }));
    const waiter = c.getEndpoint("b");
    assert.instance(await starter, AbortError);
    assert.is((await waiter).name, "ok");
    assert.is(exchanges, 1);
  });

  test("a token endpoint that never answers ends in a TimeoutError, not a hang", async ({ server }) => {
    server.handler = (req, res) => {
      if (req.path === "/oidc/v1/token") return; // never answers
      sendJson(res, 200, {});
    };
    const e = await caught(() => client(server, 150).getEndpoint("x"));
    assert.instance(e, TimeoutError);
  });

  test("a non-JSON 200 from the token endpoint is a ConfigurationError, not retried, without the body", async ({ server }) => {
    let exchanges = 0;
    const page = `<html>login ${SECRET}${"x".repeat(200)}</html>`;
    server.handler = (req, res) => {
      if (req.path === "/oidc/v1/token") {
        exchanges++;
        return sendText(res, 200, page, "text/html");
      }
      sendJson(res, 200, {});
    };
    const c = new DatabricksDeploymentClient({ host: server.url, clientId: "sp-id", clientSecret: SECRET, fetch: transport.fetch, maxRetries: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
    const e = await caught(() => c.getEndpoint("x"));
    assert.instance(e, ConfigurationError);
    assert.match(e.message, /not JSON/);
    assert.match(e.message, /text\/html/);
    assert.is(exchanges, 1);
    for (const view of [e.message, inspect(e, { depth: 10 })]) assert.not.ok(view.includes("<html>login") || view.includes(SECRET.slice(0, 8)), view);
  });

  test.run();
}
