// external-browser (U2M, authorization code + PKCE) against the emulator's authorize and token
// endpoints: $BROWSER is a script that follows the authorize URL with curl, so the redirect
// reaches the client's listener on localhost:8020 over real loopback HTTP. The token is cached
// (0600, atomically) and refreshed without a browser; a refused login and a bad verifier fail.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError, DatabricksDeploymentClient, UnauthenticatedError } from "../../src/index.js";
import { assertClean, authEmulator, curlBrowser, onClock, rejection, script, tempDir, type AuthEmulator } from "./helpers.js";

const tmp = tempDir("dd-u2m-");
const browserLog = join(tmp.dir, "browser.log");
const browser = curlBrowser(tmp.dir, browserLog);
const noBrowser = script(join(tmp.dir, "no-browser.sh"), `echo "$1" >> "${browserLog}.refused"; exit 1`);

const test = suite<{ a: AuthEmulator }>("external-browser login against the emulator");
test.before(async (ctx) => {
  ctx.a = await authEmulator();
});
test.after(async ({ a }) => {
  await a.emu.close();
  tmp.cleanup();
});

const cacheDir = join(tmp.dir, "cache");
const env = (b: string): Record<string, string> => ({ PATH: "/usr/bin:/bin", BROWSER: b, HOME: join(tmp.dir, "home") });
const client = (a: AuthEmulator, b = browser, extra: Record<string, unknown> = {}): DatabricksDeploymentClient =>
  new DatabricksDeploymentClient({ host: a.emu.url, authType: "external-browser", env: env(b), tokenCacheDir: cacheDir, maxRetries: 0, timeoutMs: 30_000, ...onClock(a.clock), ...extra });
const lines = (path: string): string[] => (existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l !== "") : []);

test("first call: the browser is opened on the authorize URL with PKCE, the code exchanged, the token cached 0600", async ({ a }) => {
  const printed: string[] = [];
  const c = new DatabricksDeploymentClient({ host: a.emu.url, authType: "external-browser", env: env(browser), tokenCacheDir: cacheDir, ...onClock(a.clock) });
  assert.is(c.authType, "external-browser");
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    assert.equal((await c.listEndpoints()).map((e) => e.name).sort(), ["agent", "chat"]); // the seed: chat and the agent
  } finally {
    process.stderr.write = original;
  }
  const [opened] = lines(browserLog);
  assert.ok(opened, "the browser script was run");
  const url = new URL(opened!);
  assert.is(url.pathname, "/oidc/v1/authorize");
  assert.is(url.searchParams.get("client_id"), "databricks-cli");
  assert.is(url.searchParams.get("code_challenge_method"), "S256");
  assert.match(url.searchParams.get("redirect_uri")!, /^http:\/\/localhost:80(2\d|3\d|40)$/);
  assert.is(url.searchParams.get("scope"), "all-apis offline_access");
  assert.match(printed.join(""), "/oidc/v1/authorize?", "the URL is printed too");
  const files = readdirSync(cacheDir).filter((f) => f.endsWith(".json"));
  assert.is(files.length, 1, "one cache file, no temporary file left behind");
  assert.is(readdirSync(cacheDir).length, 1);
  assert.is(statSync(join(cacheDir, files[0]!)).mode & 0o777, 0o600);
  assert.is(statSync(cacheDir).mode & 0o777, 0o700);
  const cached = JSON.parse(readFileSync(join(cacheDir, files[0]!), "utf8")) as { token: { refresh_token?: string; expiry?: string } };
  assert.ok(cached.token.refresh_token, "offline_access gave a refresh token");
  assert.ok(cached.token.expiry);
});

test("a new client (a new process) reuses the cached token: no browser", async ({ a }) => {
  const before = lines(browserLog).length;
  const c = client(a, noBrowser);
  await c.listEndpoints();
  assert.is(lines(browserLog).length, before);
  assert.is(lines(`${browserLog}.refused`).length, 0);
});

test("an expired token is refreshed with its refresh token, browser-less; the cache is updated", async ({ a }) => {
  const file = join(cacheDir, readdirSync(cacheDir)[0]!);
  const old = readFileSync(file, "utf8");
  a.clock.advance(3600_000);
  const c = client(a, noBrowser);
  await c.listEndpoints();
  assert.is(lines(`${browserLog}.refused`).length, 0, "no browser for a refresh");
  assert.is.not(readFileSync(file, "utf8"), old, "the refreshed token was written back");
  const me = (await (await fetch(`${a.emu.url}/api/2.0/preview/scim/v2/Me`, { headers: { authorization: `Bearer ${(JSON.parse(readFileSync(file, "utf8")) as { token: { access_token: string } }).token.access_token}` } })).json()) as { userName: string };
  assert.is(me.userName, a.emu.users[0]);
});

test("a refused login (access_denied) is a ConfigurationError; nothing is cached", async ({ a }) => {
  a.emu.oauth.denyAuthorization = true;
  try {
    const dir = join(tmp.dir, "cache-denied");
    const c = client(a, browser, { tokenCacheDir: dir });
    const e = await rejection(() => c.listEndpoints());
    assert.instance(e, ConfigurationError);
    assert.match(e.message, "the login was refused: access_denied");
    assert.not.ok(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".json")));
  } finally {
    a.emu.oauth.denyAuthorization = false;
  }
});

test("the emulator checks PKCE and the redirect URI; the code works once", async ({ a }) => {
  const authorize = await fetch(`${a.emu.url}/oidc/v1/authorize?response_type=code&client_id=databricks-cli&redirect_uri=${encodeURIComponent("http://localhost:9999")}&scope=all-apis&state=s1&code_challenge=${"x".repeat(43)}&code_challenge_method=S256`, { redirect: "manual" });
  assert.is(authorize.status, 302);
  const back = new URL(authorize.headers.get("location")!);
  assert.is(back.searchParams.get("state"), "s1");
  const code = back.searchParams.get("code")!;
  const post = (form: Record<string, string>) => fetch(`${a.emu.url}/oidc/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  const wrong = await post({ grant_type: "authorization_code", code, code_verifier: "not-the-verifier", redirect_uri: "http://localhost:9999", client_id: "databricks-cli" });
  assert.is(wrong.status, 400);
  assert.match(((await wrong.json()) as { error_description: string }).error_description, "PKCE");
  const offHost = await fetch(`${a.emu.url}/oidc/v1/authorize?response_type=code&client_id=x&redirect_uri=${encodeURIComponent("https://evil.example.com/")}&state=s&code_challenge=c&code_challenge_method=S256`, { redirect: "manual" });
  assert.is(offHost.status, 400, "no redirect off loopback");
});

test("the Databricks CLI's token cache (~/.databricks/token-cache.json, version 1) is read when ours is empty", async ({ a }) => {
  const home = join(tmp.dir, "cli-home");
  mkdirSync(join(home, ".databricks"), { recursive: true });
  writeFileSync(join(home, ".databricks", "token-cache.json"), JSON.stringify({ version: 1, tokens: { [a.emu.url]: { access_token: a.emu.token, token_type: "Bearer", expiry: new Date(a.clock.now() + 3600_000).toISOString() } } }));
  const c = new DatabricksDeploymentClient({ host: a.emu.url, authType: "external-browser", env: { ...env(noBrowser), HOME: home }, tokenCacheDir: join(tmp.dir, "cache-empty"), ...onClock(a.clock) });
  await c.listEndpoints();
  assert.is(lines(`${browserLog}.refused`).length, 0);
});

test("an invalid refresh token with no browser available fails loudly without leaking it", async ({ a }) => {
  const dir = join(tmp.dir, "cache-bad");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { tokenCachePath, writeCachedToken } = await import("../../src/client/config/token-cache.js");
  const path = tokenCachePath(dir, { host: a.emu.url, clientId: "databricks-cli", profile: undefined, scopes: ["all-apis", "offline_access"] });
  writeCachedToken(path, { accessToken: "expired-access-token-abc", tokenType: "Bearer", expiresAt: Date.now() - 1000, refreshToken: "revoked-refresh-token-xyz" });
  const { authStatus } = await import("../../src/index.js");
  const e = await rejection(() => authStatus(undefined, { host: a.emu.url, authType: "external-browser", env: env(noBrowser), tokenCacheDir: dir }));
  assert.instance(e, ConfigurationError, e.stack);
  assert.match(e.message, "could not be refreshed");
  assert.match(e.message, "deployments auth login");
  assertClean(e, ["expired-access-token-abc", "revoked-refresh-token-xyz"]);
  void UnauthenticatedError;
});

test.run();
