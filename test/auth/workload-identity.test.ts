// Workload identity federation (env-oidc, file-oidc, github-oidc) and the metadata service,
// against the emulator's token-exchange grant and small loopback servers (GitHub's ID token
// service, the VS Code extension's credential server).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError, DatabricksDeploymentClient, UnauthenticatedError } from "../../src/index.js";
import { assertClean, authEmulator, fakeJwt, onClock, rejection, tempDir, type AuthEmulator } from "./helpers.js";

const tmp = tempDir("dd-wif-");
const JWT = fakeJwt({ sub: "repo:acme/app:ref:refs/heads/main", aud: "databricks" });
const GH_REQUEST_TOKEN = "gh-request-token-secret-4242";

interface Servers {
  a: AuthEmulator;
  gh: Server;
  ghUrl: string;
  ghCalls: string[];
  meta: Server;
  metaUrl: string;
  metaCalls: { version: string | undefined; host: string | undefined }[];
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const test = suite<Servers>("workload identity federation and the metadata service");
test.before(async (ctx) => {
  ctx.a = await authEmulator();
  ctx.ghCalls = [];
  ctx.gh = createServer((req, res) => {
    ctx.ghCalls.push(req.url ?? "");
    if (req.headers.authorization !== `Bearer ${GH_REQUEST_TOKEN}`) return void res.writeHead(401).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: JWT }));
  });
  ctx.ghUrl = await listen(ctx.gh);
  ctx.metaCalls = [];
  ctx.meta = createServer((req, res) => {
    const version = req.headers["x-databricks-metadata-version"] as string | undefined;
    const host = req.headers["x-databricks-host"] as string | undefined;
    ctx.metaCalls.push({ version, host });
    if (version !== "1") return void res.writeHead(400).end();
    if (host !== ctx.a.emu.url) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: ctx.a.emu.token, token_type: "Bearer", expires_on: Math.floor(ctx.a.clock.now() / 1000) + 3600 }));
  });
  ctx.metaUrl = (await listen(ctx.meta)).replace("127.0.0.1", "localhost");
});
test.after(async (ctx) => {
  await ctx.a.emu.close();
  ctx.gh.close();
  ctx.meta.close();
  tmp.cleanup();
});

const whoAmI = async (c: DatabricksDeploymentClient, a: AuthEmulator): Promise<void> => {
  assert.equal((await c.listEndpoints()).map((e) => e.name).sort(), ["agent", "chat"]); // the seed: chat and the agent
  void a;
};

test("env-oidc: DATABRICKS_OIDC_TOKEN + host is picked by the default chain and exchanged (RFC 8693)", async ({ a }) => {
  let form = "";
  const c = new DatabricksDeploymentClient({
    env: { DATABRICKS_HOST: a.emu.url, DATABRICKS_OIDC_TOKEN: JWT, DATABRICKS_CLIENT_ID: "sp-fed" },
    configFile: join(tmp.dir, "none"),
    fetch: async (url, init) => {
      if (String(url).endsWith("/oidc/v1/token")) form = String(init?.body);
      return fetch(url, init);
    },
    ...onClock(a.clock),
  });
  assert.is(c.authType, "env-oidc");
  await whoAmI(c, a);
  const f = new URLSearchParams(form);
  assert.is(f.get("grant_type"), "urn:ietf:params:oauth:grant-type:token-exchange");
  assert.is(f.get("subject_token_type"), "urn:ietf:params:oauth:token-type:jwt");
  assert.is(f.get("subject_token"), JWT);
  assert.is(f.get("client_id"), "sp-fed");
  assert.is(f.get("scope"), "all-apis");
});

test("file-oidc: the ID token file is re-read at every refresh", async ({ a }) => {
  const file = join(tmp.dir, "id-token");
  writeFileSync(file, JWT);
  const c = new DatabricksDeploymentClient({ host: a.emu.url, oidcTokenFilepath: file, env: {}, ...onClock(a.clock) });
  assert.is(c.authType, "file-oidc");
  await whoAmI(c, a);
  writeFileSync(file, "not-a-jwt");
  a.clock.advance(3600_000);
  const e = await rejection(() => c.listEndpoints());
  assert.instance(e, UnauthenticatedError);
  assert.match(e.message, "file-oidc: Failed to retrieve token: invalid_grant");
  assertClean(e, [JWT]);
});

test("github-oidc: asks ACTIONS_ID_TOKEN_REQUEST_URL (&audience=) with its bearer token, then exchanges", async (ctx) => {
  const c = new DatabricksDeploymentClient({
    env: { DATABRICKS_AUTH_TYPE: "github-oidc", DATABRICKS_HOST: ctx.a.emu.url, DATABRICKS_CLIENT_ID: "sp-gh", ACTIONS_ID_TOKEN_REQUEST_URL: `${ctx.ghUrl}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: GH_REQUEST_TOKEN },
    configFile: join(tmp.dir, "none"),
    ...onClock(ctx.a.clock),
  });
  assert.is(c.authType, "github-oidc");
  await whoAmI(c, ctx.a);
  assert.is(ctx.ghCalls.length, 1);
  assert.match(ctx.ghCalls[0]!, `/token?api-version=2.0&audience=${encodeURIComponent(`${ctx.a.emu.url}/oidc/v1/token`)}`);
});

test("github-oidc without its variables, env-oidc forced without a token: errors that name what is missing", () => {
  assert.throws(() => new DatabricksDeploymentClient({ host: "https://x.cloud.databricks.com", authType: "github-oidc", clientId: "sp", env: {} }), (e: unknown) => e instanceof ConfigurationError && /github-oidc needs ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN/.test((e as Error).message));
  assert.throws(() => new DatabricksDeploymentClient({ host: "https://x.cloud.databricks.com", authType: "env-oidc", env: {} }), (e: unknown) => e instanceof ConfigurationError && /DATABRICKS_OIDC_TOKEN \(the OIDC ID token\) is not set/.test((e as Error).message));
});

test("metadata-service: X-Databricks-Metadata-Version: 1 and X-Databricks-Host; localhost only", async (ctx) => {
  const c = new DatabricksDeploymentClient({ env: { DATABRICKS_HOST: ctx.a.emu.url, DATABRICKS_METADATA_SERVICE_URL: `${ctx.metaUrl}/session-abc` }, configFile: join(tmp.dir, "none"), ...onClock(ctx.a.clock) });
  assert.is(c.authType, "metadata-service");
  await whoAmI(c, ctx.a);
  await c.listEndpoints();
  assert.equal(ctx.metaCalls, [{ version: "1", host: ctx.a.emu.url }], "fetched once, then cached");
  ctx.a.clock.advance(3600_000 - 30_000);
  await c.listEndpoints();
  assert.is(ctx.metaCalls.length, 2, "refetched inside the margin");
  assert.throws(() => new DatabricksDeploymentClient({ host: ctx.a.emu.url, metadataServiceUrl: "http://metadata.example.com/x", env: {} }), (e: unknown) => e instanceof ConfigurationError && /must be localhost/.test((e as Error).message));
  const wrongHost = new DatabricksDeploymentClient({ host: "https://other.cloud.databricks.com", metadataServiceUrl: `${ctx.metaUrl}/s`, env: {}, maxRetries: 0 });
  const e = await rejection(() => wrongHost.listEndpoints());
  assert.match(e.message, "metadata-service: the auth server answered HTTP 404");
  assertClean(e, [ctx.a.emu.token, "/session-abc"]);
});

test.run();
