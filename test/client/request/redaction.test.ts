// Secrets in errors built from what a loopback server sends back, over both transports: cut
// messages are scrubbed before the cut, unparsable JSON bodies are not quoted, and the OAuth token
// fetched during a request is scrubbed even from requests carrying their own secrets.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import { DatabricksDeploymentClient, DeploymentsError, InvalidParameterError, type ClientOptions } from "../../../src/index.js";
import { TestServer, TRANSPORTS, TOKEN, sendJson, sendText } from "../helpers/server.js";

const INPUTS = { messages: [{ role: "user" as const, content: "hi" }] };
// The first characters of the token: what a cut or a parser's quote would leave behind.
const TOKEN_HEAD = TOKEN.slice(0, 8);

async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, DeploymentsError);
    return e as Error;
  }
  throw new Error("expected a rejection");
}

function assertClean(e: unknown, fragments: readonly string[]): void {
  const views = [String(e), (e as Error).stack ?? "", inspect(e, { depth: 10 }), JSON.stringify(e)];
  for (const f of fragments) for (const v of views) assert.not.ok(v.includes(f), `${f} leaked into: ${v.slice(0, 300)}`);
}

for (const transport of TRANSPORTS) {
  const test = suite<{ server: TestServer; client: (o?: Partial<ClientOptions>) => DatabricksDeploymentClient }>(`redaction over ${transport.name}`);
  test.before(async (ctx) => {
    ctx.server = await TestServer.start();
    ctx.client = (o = {}) => new DatabricksDeploymentClient({ host: ctx.server.url, token: TOKEN, fetch: transport.fetch, maxRetries: 0, timeoutMs: 2_000, ...o });
  });
  test.after(async (ctx) => ctx.server.close());
  test.before.each((ctx) => ctx.server.reset());

  test("a secret straddling the 2000-character cut of an error message leaves nothing behind", async ({ server, client }) => {
    const message = `${"x".repeat(1995)}${TOKEN} and more`;
    server.handler = (_req, res) => sendJson(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message });
    const e = await caught(() => client().getEndpoint("x"));
    assert.instance(e, InvalidParameterError);
    assert.ok(e.message.includes("[RED"), e.message.slice(-40));
    assertClean(e, [TOKEN_HEAD]);
  });

  for (const [name, call] of [
    ["getEndpoint (text then parse)", (c: DatabricksDeploymentClient) => c.getEndpoint("x")],
    ["predict (res.json())", (c: DatabricksDeploymentClient) => c.predict({ endpoint: "chat", inputs: INPUTS })],
  ] as const) {
    test(`${name}: a 200 body that is not JSON is reported without quoting it`, async ({ server, client }) => {
      const body = `x${TOKEN}${"y".repeat(100)}`;
      server.handler = (_req, res) => sendText(res, 200, body, "application/json");
      const e = await caught(() => call(client()));
      assert.match(e.message, /not JSON/);
      assert.match(e.message, /HTTP 200/);
      assertClean(e, [TOKEN_HEAD, "yyyy"]);
    });
  }

  test("OAuth: the token fetched during a request with its own secrets is scrubbed from its error", async ({ server }) => {
    const plaintext = "sk-plaintext-provider-key-42";
    server.handler = (req, res) => {
      if (req.path === "/oidc/v1/token") return sendJson(res, 200, { access_token: "oauth-fresh-token-abcdef", expires_in: 3600 });
      sendJson(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message: `echo ${req.headers.authorization ?? ""} ${plaintext}` });
    };
    const c = new DatabricksDeploymentClient({ host: server.url, clientId: "sp-id", clientSecret: "sp-secret-value", fetch: transport.fetch, maxRetries: 0 });
    const e = await caught(() => c.createEndpoint({ name: "chat", config: { served_entities: [{ name: "g", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: plaintext } } }] } }));
    assert.instance(e, InvalidParameterError);
    assertClean(e, ["oauth-fresh-token-abcdef", plaintext, "sp-secret-value"]);
  });

  test.run();
}
