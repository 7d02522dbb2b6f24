// OAuth M2M against the emulator's OAuth server over loopback: discovery, the client-credentials
// grant, the 40 s margin, one shared refresh, short-lived tokens reused (not fetched per call),
// and the failures.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DatabricksDeploymentClient, UnauthenticatedError } from "../../src/index.js";
import { assertClean, authEmulator, onClock, rejection, type AuthEmulator } from "./helpers.js";

const SECRET = "sp-oauth-secret-9f8e7d6c5b4a";
const test = suite<{ a: AuthEmulator }>("oauth-m2m against the emulator's OAuth server");
test.before(async (ctx) => {
  ctx.a = await authEmulator({ oauth: { servicePrincipals: [{ clientId: "sp-app-id", clientSecret: SECRET, name: "etl-bot" }] } });
});
test.after(async ({ a }) => a.emu.close());
test.before.each(({ a }) => {
  a.log.length = 0;
  a.emu.oauth.expiresInSeconds = 3600;
});

const client = (a: AuthEmulator, extra: Record<string, unknown> = {}): DatabricksDeploymentClient =>
  new DatabricksDeploymentClient({ host: a.emu.url, clientId: "sp-app-id", clientSecret: SECRET, env: {}, maxRetries: 0, ...onClock(a.clock), ...extra });

test("discovers the token endpoint, signs in as the service principal, caches the token", async ({ a }) => {
  const c = client(a);
  assert.is(c.authType, "oauth-m2m");
  await Promise.all([c.listEndpoints(), c.listEndpoints(), c.getEndpoint("chat")]);
  await c.listEndpoints();
  assert.is(a.calls("/oidc/.well-known/oauth-authorization-server"), 1);
  assert.is(a.calls("/oidc/v1/token"), 1, "one exchange shared by concurrent calls, then cached");
  const me = await a.emu.request("/api/2.0/preview/scim/v2/Me");
  assert.is(me.status, 200);
});

test("refreshes inside the 40 s margin, once for concurrent callers; not before", async ({ a }) => {
  const c = client(a);
  await c.listEndpoints();
  a.clock.advance(3600_000 - 41_000);
  await c.listEndpoints();
  assert.is(a.calls("/oidc/v1/token"), 1, "still outside the margin");
  a.clock.advance(2_000);
  await Promise.all(Array.from({ length: 8 }, () => c.listEndpoints()));
  assert.is(a.calls("/oidc/v1/token"), 2, "one refresh for eight concurrent callers");
});

test("a token with expires_in ≤ 60 s is reused for half its life, not exchanged on every call", async ({ a }) => {
  a.emu.oauth.expiresInSeconds = 30;
  const c = client(a);
  for (let i = 0; i < 5; i++) await c.listEndpoints();
  assert.is(a.calls("/oidc/v1/token"), 1);
  a.clock.advance(16_000);
  await c.listEndpoints();
  assert.is(a.calls("/oidc/v1/token"), 2, "refreshed after half of 30 s");
});

test("an expired token gets Databricks' 403 Invalid access token → UnauthenticatedError, and is forgotten", async ({ a }) => {
  // The client's clock stands still: the token dies on the server while the client still trusts it.
  const frozen = a.clock.now();
  const c = client(a, onClock({ now: () => frozen }));
  await c.listEndpoints();
  a.clock.advance(3601_000);
  const e = await rejection(() => c.listEndpoints());
  assert.instance(e, UnauthenticatedError);
  assert.is((e as UnauthenticatedError).status, 403);
  assert.match(e.message, "Invalid access token");
  assertClean(e, [SECRET]);
  assert.is(a.calls("/oidc/v1/token"), 1);
  await c.listEndpoints();
  assert.is(a.calls("/oidc/v1/token"), 2, "the rejected token was forgotten: the next call fetches a new one");
});

test("a wrong secret: UnauthenticatedError naming the OAuth error, without the secret", async ({ a }) => {
  const c = new DatabricksDeploymentClient({ host: a.emu.url, clientId: "sp-app-id", clientSecret: "wrong-secret-value-123", env: {}, maxRetries: 0 });
  const e = await rejection(() => c.listEndpoints());
  assert.instance(e, UnauthenticatedError);
  assert.match(e.message, /oauth-m2m: Failed to retrieve token: invalid_client/);
  assertClean(e, ["wrong-secret-value-123", SECRET]);
});

test("scopes are sent, space separated and sorted", async ({ a }) => {
  let body = "";
  const c = client(a, {
    scopes: ["sql", "all-apis"],
    fetch: async (url: string, init: RequestInit) => {
      if (String(url).endsWith("/oidc/v1/token")) body = String(init.body);
      return fetch(url, init);
    },
  });
  await c.listEndpoints();
  assert.match(body, "grant_type=client_credentials");
  assert.match(body, "scope=all-apis+sql");
});

test.run();
