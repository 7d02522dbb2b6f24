// The Azure auth types. Their endpoints are fixed cloud hosts (login.microsoftonline.com, the
// instance metadata service), so, as the SDKs' own tests do, the client gets an injected fetch
// that answers those hosts and sends the workspace host to the emulator; `az` is a fake script
// on PATH that prints what the real one prints.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { ConfigurationError, DatabricksDeploymentClient, UnauthenticatedError } from "../../src/index.js";
import type { FetchLike } from "../../src/client/request/fetch.js";
import { assertClean, authEmulator, onClock, rejection, script, tempDir, type AuthEmulator } from "./helpers.js";

const HOST = "https://adb-1234567890123456.7.azuredatabricks.net";
const AZ_SECRET = "azure-client-secret-value-77";
const tmp = tempDir("dd-azure-");
const azLog = join(tmp.dir, "az.log");
script(
  join(tmp.dir, "az"),
  `echo "$@" >> "${azLog}"
if [ "$FAKE_AZ" = "fail" ]; then echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; fi
printf '{"accessToken": "%s", "expiresOn": "%s", "subscription": "sub-1", "tenant": "tenant-1", "tokenType": "Bearer"}\\n' "$FAKE_TOKEN" "$FAKE_EXPIRES_ON"`,
);

interface Ctx {
  a: AuthEmulator;
  cloud: { url: string; method: string; headers: Headers; body: string }[];
}

const test = suite<Ctx>("azure-client-secret, azure-msi, azure-cli");
test.before(async (ctx) => {
  ctx.a = await authEmulator();
  ctx.cloud = [];
});
test.after(async ({ a }) => {
  await a.emu.close();
  tmp.cleanup();
});
test.before.each((ctx) => {
  ctx.cloud.length = 0;
  writeFileSync(azLog, "");
});

const jsonResponse = (body: unknown, init: ResponseInit = {}): Response => new Response(JSON.stringify(body), { ...init, headers: { "content-type": "application/json" } });

function cloudFetch(ctx: Ctx): FetchLike {
  return async (input, init) => {
    const url = String(input);
    if (url.startsWith(HOST)) return fetch(ctx.a.emu.url + url.slice(HOST.length), init);
    ctx.cloud.push({ url, method: init?.method ?? "GET", headers: new Headers(init?.headers), body: String(init?.body ?? "") });
    if (url.startsWith("https://login.microsoftonline.com/")) {
      const form = new URLSearchParams(String(init?.body));
      if (form.get("client_secret") !== AZ_SECRET) return jsonResponse({ error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." }, { status: 401 });
      return jsonResponse({ token_type: "Bearer", expires_in: "3599", access_token: ctx.a.emu.token });
    }
    if (url.startsWith("http://169.254.169.254/")) return jsonResponse({ token_type: "Bearer", expires_in: "3599", access_token: ctx.a.emu.token });
    return new Response("not here", { status: 404 });
  };
}

test("azure-client-secret: ARM_* on an Azure host; client_credentials at the tenant's AAD endpoint", async (ctx) => {
  const c = new DatabricksDeploymentClient({ env: { DATABRICKS_HOST: HOST, ARM_CLIENT_ID: "app-1", ARM_CLIENT_SECRET: AZ_SECRET, ARM_TENANT_ID: "tenant-1" }, configFile: join(tmp.dir, "none"), fetch: cloudFetch(ctx), ...onClock(ctx.a.clock) });
  assert.is(c.authType, "azure-client-secret");
  await c.listEndpoints();
  await c.listEndpoints();
  assert.is(ctx.cloud.length, 1, "one token, cached");
  assert.is(ctx.cloud[0]!.url, "https://login.microsoftonline.com/tenant-1/oauth2/token");
  const form = new URLSearchParams(ctx.cloud[0]!.body);
  assert.is(form.get("grant_type"), "client_credentials");
  assert.is(form.get("resource"), "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
});

test("azure-client-secret: a wrong secret is an UnauthenticatedError with AAD's message, not the secret", async (ctx) => {
  const c = new DatabricksDeploymentClient({ host: HOST, azureClientId: "app-1", azureClientSecret: "wrong-azure-secret-1", azureTenantId: "t", env: {}, fetch: cloudFetch(ctx), maxRetries: 0 });
  const e = await rejection(() => c.listEndpoints());
  assert.instance(e, UnauthenticatedError);
  assert.match(e.message, "AADSTS7000215");
  assertClean(e, ["wrong-azure-secret-1"]);
});

test("azure-msi: ARM_USE_MSI=true asks the instance metadata service with Metadata: true", async (ctx) => {
  const c = new DatabricksDeploymentClient({ env: { DATABRICKS_HOST: HOST, ARM_USE_MSI: "true", ARM_CLIENT_ID: "msi-client" }, configFile: join(tmp.dir, "none"), fetch: cloudFetch(ctx), ...onClock(ctx.a.clock) });
  assert.is(c.authType, "azure-msi");
  await c.listEndpoints();
  const call = ctx.cloud[0]!;
  assert.match(call.url, "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d&client_id=msi-client");
  assert.is(call.headers.get("metadata"), "true");
  assert.throws(() => new DatabricksDeploymentClient({ host: HOST, env: { ARM_USE_MSI: "false", PATH: "/nonexistent" }, configFile: join(tmp.dir, "none") }), (e: unknown) => e instanceof ConfigurationError, "ARM_USE_MSI=false is false (the JS SDK reads any string as true)");
});

test("azure-cli: an Azure host and `az` on PATH; --subscription from the resource id, retried without", async (ctx) => {
  const expiresOn = new Date(ctx.a.clock.now() + 3600_000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "");
  const env = { PATH: `${tmp.dir}:/usr/bin:/bin`, FAKE_TOKEN: ctx.a.emu.token, FAKE_EXPIRES_ON: expiresOn, TZ: "UTC" };
  const c = new DatabricksDeploymentClient({ host: HOST, azureWorkspaceResourceId: "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws", env, fetch: cloudFetch(ctx), ...onClock(ctx.a.clock) });
  assert.is(c.authType, "azure-cli");
  await c.listEndpoints();
  assert.equal(readFileSync(azLog, "utf8").trim().split("\n"), ["account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --output json --subscription sub-1"]);
  const failing = new DatabricksDeploymentClient({ host: HOST, env: { ...env, FAKE_AZ: "fail" }, fetch: cloudFetch(ctx) });
  const e = await rejection(() => failing.listEndpoints());
  assert.instance(e, ConfigurationError);
  assert.match(e.message, "azure-cli: cannot get access token: ERROR: Please run 'az login'");
});

test.run();
