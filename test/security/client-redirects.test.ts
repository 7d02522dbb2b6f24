// Issue 12, the client's half of "never carry secrets across origins", over every transport: a
// redirect to another origin gets no Authorization and no body; a 307/308 for a call that is not
// idempotent is a RedirectError, never a silent re-send (putSecret once re-sent the secret value
// to the other origin and reported success; cross-fetch sent the token to another port).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import { DatabricksDeploymentClient, RedirectError, type ClientOptions } from "../../src/index.js";
import { TestServer, TRANSPORTS, TOKEN, sendJson } from "../client/helpers/server.js";

const SECRET_VALUE = "s3cr3t-value-that-must-stay-home";
const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };

async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

for (const transport of TRANSPORTS) {
  const test = suite<{ home: TestServer; other: TestServer; client: (o?: Partial<ClientOptions>) => DatabricksDeploymentClient }>(`client redirects over ${transport.name}`);
  test.before(async (ctx) => {
    ctx.home = await TestServer.start();
    ctx.other = await TestServer.start((_r, res) => sendJson(res, 200, { endpoints: [{ name: "elsewhere" }] }));
    ctx.client = (o = {}) => new DatabricksDeploymentClient({ host: ctx.home.url, token: TOKEN, fetch: transport.fetch, maxRetries: 2, retryBaseDelayMs: 1, timeoutMs: 3_000, ...o });
  });
  test.after(async (ctx) => {
    await ctx.home.close();
    await ctx.other.close();
  });
  test.before.each((ctx) => {
    ctx.home.reset();
    ctx.other.reset();
  });

  for (const status of [307, 308]) {
    test(`putSecret answered ${status} to another origin: RedirectError, the other origin gets nothing, not retried`, async ({ home, other, client }) => {
      home.handler = (req, res) => {
        res.writeHead(status, { location: `${other.url}${req.path}` });
        res.end();
      };
      const e = await rejection(() => client().putSecret({ scope: "s", key: "k", stringValue: SECRET_VALUE }));
      assert.instance(e, RedirectError);
      assert.is((e as RedirectError).status, status);
      assert.is((e as RedirectError).location, new URL(other.url).origin);
      assert.is(other.requests.length, 0, "nothing was sent to the other origin");
      assert.is(home.requests.length, 1, "a refused redirect is not retried");
      assert.not.match(`${String(e)} ${inspect(e)} ${JSON.stringify(e)}`, SECRET_VALUE);
    });

    test(`a POST model call answered ${status} on the same origin is refused too (it would run twice)`, async ({ home, client }) => {
      home.handler = (req, res) => {
        if (req.path.startsWith("/moved")) return sendJson(res, 200, { choices: [] });
        res.writeHead(status, { location: `/moved${req.path}` });
        res.end();
      };
      const e = await rejection(() => client().predict({ endpoint: "chat", inputs: INPUTS }));
      assert.instance(e, RedirectError);
      assert.is(home.requests.length, 1);
    });
  }

  test("a GET redirected (302) to another origin goes without Authorization", async ({ home, other, client }) => {
    home.handler = (req, res) => {
      res.writeHead(302, { location: `${other.url}${req.path}` });
      res.end();
    };
    assert.equal(await client({ headers: { "x-databricks-org-id": "1" } }).listEndpoints(), [{ name: "elsewhere" }]);
    assert.is(other.requests.length, 1);
    assert.is(other.last.headers.authorization, undefined, "the token stays home");
    assert.is(other.last.headers["x-databricks-org-id"], undefined, "so do the caller's own headers");
    assert.not.ok(JSON.stringify(other.last.headers).includes(TOKEN));
  });

  test("a 303 after a POST to another origin becomes a GET with no body and no Authorization", async ({ home, other, client }) => {
    home.handler = (_req, res) => {
      res.writeHead(303, { location: `${other.url}/api/2.0/serving-endpoints` });
      res.end();
    };
    await client().putSecret({ scope: "s", key: "k", stringValue: SECRET_VALUE });
    assert.is(other.last.method, "GET");
    assert.is(other.last.body, "");
    assert.is(other.last.headers.authorization, undefined);
  });

  test("a same-origin redirect of a GET is followed with the token", async ({ home, client }) => {
    home.handler = (req, res) => {
      if (req.path === "/api/2.0/serving-endpoints") {
        res.writeHead(301, { location: "/api/2.0/serving-endpoints-moved" });
        return res.end();
      }
      sendJson(res, 200, { endpoints: [{ name: "moved" }] });
    };
    assert.equal(await client().listEndpoints(), [{ name: "moved" }]);
    assert.is(home.last.headers.authorization, `Bearer ${TOKEN}`);
  });

  test("a redirect loop stops with RedirectError; a redirect to a non-http URL is refused", async ({ home, client }) => {
    home.handler = (req, res) => {
      res.writeHead(302, { location: req.path === "/loop" ? "/api/2.0/serving-endpoints" : "/loop" });
      res.end();
    };
    assert.instance(await rejection(() => client().listEndpoints()), RedirectError);
    home.handler = (_req, res) => {
      res.writeHead(302, { location: "file:///etc/passwd" });
      res.end();
    };
    assert.instance(await rejection(() => client().listEndpoints()), RedirectError);
  });

  test.run();
}
