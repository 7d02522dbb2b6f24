// databricks-cli: a fake `databricks` on PATH prints exactly what `databricks auth token` prints;
// the client runs it with --profile (or --host), re-runs it inside the expiry margin, and turns
// "not logged in", a failing CLI and a missing CLI into errors that say what to run.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError, DatabricksDeploymentClient, getDeployClient } from "../../src/index.js";
import { assertClean, authEmulator, onClock, rejection, script, tempDir, type AuthEmulator } from "./helpers.js";

const tmp = tempDir("dd-cli-");
const argsLog = join(tmp.dir, "args.log");
const cfg = join(tmp.dir, "databrickscfg");
// Prints what `databricks auth token` prints (json.MarshalIndent of an oauth2.Token), or its
// "not logged in" error, depending on FAKE_MODE; logs its arguments.
script(
  join(tmp.dir, "databricks"),
  `echo "$@" >> "${argsLog}"
case "$FAKE_MODE" in
  nologin) printf 'Error: cache: databricks OAuth is not configured for this host.\\n\\nTo reauthenticate, run the following command:\\n  $ databricks auth login --host %s\\n' "$FAKE_HOST" >&2; exit 1;;
  fail) echo "Error: something else broke" >&2; exit 1;;
  garbage) echo "not json at all"; exit 0;;
esac
printf '{\\n  "access_token": "%s",\\n  "token_type": "Bearer",\\n  "expiry": "%s"\\n}\\n' "$FAKE_TOKEN" "$FAKE_EXPIRY"`,
);

const test = suite<{ a: AuthEmulator }>("databricks-cli with a fake databricks on PATH");
test.before(async (ctx) => {
  ctx.a = await authEmulator();
  writeFileSync(cfg, `[DEFAULT]\nhost = ${ctx.a.emu.url}\n\n[dev]\nhost = ${ctx.a.emu.url}\nauth_type = databricks-cli\n`);
});
test.after(async ({ a }) => {
  await a.emu.close();
  tmp.cleanup();
});
test.before.each(() => writeFileSync(argsLog, ""));

const env = (a: AuthEmulator, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: `${tmp.dir}:/usr/bin:/bin`,
  FAKE_TOKEN: a.emu.token,
  FAKE_HOST: a.emu.url,
  FAKE_EXPIRY: new Date(a.clock.now() + 3600_000).toISOString(),
  ...extra,
});
const calls = (): string[] => readFileSync(argsLog, "utf8").split("\n").filter((l) => l !== "");

test("a host-only [DEFAULT] profile picks databricks-cli (default chain) and runs `auth token --profile DEFAULT`", async ({ a }) => {
  const c = getDeployClient(undefined, { configFile: cfg, env: env(a), ...onClock(a.clock) });
  assert.is(c.authType, "databricks-cli");
  assert.equal((await c.listEndpoints()).map((e) => e.name).sort(), ["agent", "chat"]); // the seed: chat and the agent
  await c.listEndpoints();
  assert.equal(calls(), ["auth token --profile DEFAULT"], "run once, then cached");
});

test("DATABRICKS_HOST alone runs `auth token --host H`; re-run inside the 40 s margin", async ({ a }) => {
  const c = new DatabricksDeploymentClient({ env: env(a, { DATABRICKS_HOST: a.emu.url }), configFile: cfg, ...onClock(a.clock) });
  assert.is(c.authType, "databricks-cli");
  await c.listEndpoints();
  a.clock.advance(3600_000 - 30_000);
  await c.listEndpoints();
  assert.equal(calls(), [`auth token --host ${a.emu.url}`, `auth token --host ${a.emu.url}`]);
});

test("auth_type = databricks-cli with DATABRICKS_CLI_PATH", async ({ a }) => {
  const c = getDeployClient("databricks://dev", { configFile: cfg, env: { ...env(a), PATH: "/usr/bin:/bin", DATABRICKS_CLI_PATH: join(tmp.dir, "databricks") }, ...onClock(a.clock) });
  assert.is(c.authType, "databricks-cli");
  await c.listEndpoints();
  assert.equal(calls(), ["auth token --profile dev"]);
});

test("not logged in: a ConfigurationError that says to run databricks auth login", async ({ a }) => {
  const c = getDeployClient(undefined, { configFile: cfg, env: env(a, { FAKE_MODE: "nologin" }), maxRetries: 0 });
  const e = await rejection(() => c.listEndpoints());
  assert.instance(e, ConfigurationError);
  assert.match(e.message, /has no login for/);
  assert.match(e.message, "databricks auth login --profile DEFAULT");
});

test("another CLI failure carries its stderr; unparsable output is named; tokens never leak", async ({ a }) => {
  const failing = await rejection(() => getDeployClient(undefined, { configFile: cfg, env: env(a, { FAKE_MODE: "fail" }) }).listEndpoints());
  assert.match(failing.message, "databricks-cli: cannot get access token: Error: something else broke");
  const garbage = await rejection(() => getDeployClient(undefined, { configFile: cfg, env: env(a, { FAKE_MODE: "garbage" }) }).listEndpoints());
  assert.match(garbage.message, "cannot unmarshal Databricks CLI result");
  assertClean(failing, [a.emu.token]);
});

test("no CLI on PATH: the host-only profile is a loud ConfigurationError, not a silent fallback", ({ a }) => {
  const e = (() => {
    try {
      getDeployClient(undefined, { configFile: cfg, env: { PATH: "/nonexistent" } });
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected a throw");
  })();
  assert.instance(e, ConfigurationError);
  assert.match(e.message, "a host is set but no credentials");
  assert.match(e.message, "cannot find the `databricks` command on PATH");
  assert.match(e.message, `deployments auth login --host ${a.emu.url}`);
  const forced = (() => {
    try {
      getDeployClient("databricks://dev", { configFile: cfg, env: { PATH: "/nonexistent" } });
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected a throw");
  })();
  assert.match(forced.message, "databricks-cli: cannot find the `databricks` command on PATH");
});

test.run();
