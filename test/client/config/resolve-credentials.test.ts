import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { getDeployClient, resolveCredentials, ConfigurationError, DatabricksDeploymentClient } from "../../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dd-cfg-"));
const cfg = join(dir, "databrickscfg");
const missing = join(dir, "nope.cfg");
writeFileSync(
  cfg,
  [
    "[DEFAULT]",
    "host = default.cloud.databricks.com/",
    "token = dapi-default-secret",
    "",
    "[dev]",
    "host = https://dev.cloud.databricks.com:443",
    "token = dapi-dev-secret",
    "",
    "[basic]",
    "host = https://basic.example.com",
    "username = me@example.com",
    "password = hunter2-secret",
    "",
    "[sp]",
    "host = https://sp.example.com",
    "client_id = abc",
    "client_secret = sp-client-secret",
    "",
    "[hostonly]",
    "host = https://hostonly.example.com",
  ].join("\n"),
);

const test = suite("credential resolution");
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("explicit options win and are used alone", () => {
  const c = resolveCredentials(undefined, { host: "x.example.com", token: "t", env: { DATABRICKS_HOST: "https://env", DATABRICKS_TOKEN: "e" }, configFile: cfg });
  assert.equal(c, { host: "https://x.example.com", auth: { type: "pat", token: "t" }, source: "options" });
});

test("environment before the config file", () => {
  const c = resolveCredentials("databricks", { env: { DATABRICKS_HOST: "env.example.com", DATABRICKS_TOKEN: "dapi-env" }, configFile: cfg });
  assert.is(c.host, "https://env.example.com");
  assert.equal(c.auth, { type: "pat", token: "dapi-env" });
  assert.is(c.source, "environment");
});

test("[DEFAULT] profile when the environment has nothing; host normalised", () => {
  const c = resolveCredentials(undefined, { env: {}, configFile: cfg });
  assert.is(c.host, "https://default.cloud.databricks.com");
  assert.equal(c.auth, { type: "pat", token: "dapi-default-secret" });
  assert.match(c.source, /profile \[DEFAULT\]/);
});

test("DATABRICKS_CONFIG_FILE and DATABRICKS_CONFIG_PROFILE pick the file and profile", () => {
  const c = resolveCredentials(undefined, { env: { DATABRICKS_CONFIG_FILE: cfg, DATABRICKS_CONFIG_PROFILE: "dev" } });
  assert.is(c.host, "https://dev.cloud.databricks.com");
  assert.equal(c.auth, { type: "pat", token: "dapi-dev-secret" });
});

test("databricks://<profile> reads only that profile, ignoring the environment; :443 dropped", () => {
  const c = resolveCredentials("databricks://dev", { env: { DATABRICKS_HOST: "https://env", DATABRICKS_TOKEN: "e" }, configFile: cfg });
  assert.is(c.host, "https://dev.cloud.databricks.com");
  assert.is(c.source, `profile [dev] in ${cfg}`);
});

test("MLFLOW_DEPLOYMENTS_TARGET is the default target", () => {
  const c = resolveCredentials(undefined, { env: { MLFLOW_DEPLOYMENTS_TARGET: "databricks://dev" }, configFile: cfg });
  assert.is(c.host, "https://dev.cloud.databricks.com");
});

test("basic and OAuth M2M profiles", () => {
  assert.equal(resolveCredentials("databricks://basic", { configFile: cfg, env: {} }).auth, { type: "basic", username: "me@example.com", password: "hunter2-secret" });
  assert.equal(resolveCredentials("databricks://sp", { configFile: cfg, env: {} }).auth, { type: "oauth-m2m", clientId: "abc", clientSecret: "sp-client-secret", scopes: ["all-apis"] });
  const env = { DATABRICKS_HOST: "h.example.com", DATABRICKS_CLIENT_ID: "id", DATABRICKS_CLIENT_SECRET: "s" };
  assert.equal(resolveCredentials(undefined, { env, configFile: missing }).auth, { type: "oauth-m2m", clientId: "id", clientSecret: "s", scopes: ["all-apis"] });
});

test("a profile does not inherit [DEFAULT]'s token", () => {
  try {
    resolveCredentials("databricks://hostonly", { configFile: cfg, env: {} });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ConfigurationError);
    assert.match((e as Error).message, /profile \[hostonly\] has host/);
  }
});

test("an options token overlays a profile's host", () => {
  const c = resolveCredentials("databricks://hostonly", { token: "explicit", configFile: cfg, env: {} });
  assert.is(c.host, "https://hostonly.example.com");
  assert.equal(c.auth, { type: "pat", token: "explicit" });
});

test("nothing found: ConfigurationError lists every place and how to fix it, without values", () => {
  let caught: unknown;
  try {
    getDeployClient(undefined, { env: { DATABRICKS_HOST: "https://only-host.example.com" }, configFile: missing });
  } catch (e) {
    caught = e;
  }
  assert.instance(caught, ConfigurationError);
  const e = caught as ConfigurationError;
  assert.match(e.message, /options: nothing given/);
  assert.match(e.message, /environment: DATABRICKS_HOST set/);
  assert.match(e.message, new RegExp(`config file ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: does not exist`));
  assert.match(e.message, /export DATABRICKS_TOKEN=/);
  assert.match(e.message, /startEmulator/);
  assert.is(e.searched.length, 4, "options, environment, config file, the databricks CLI");
  assert.match(e.message, /a host is set but no credentials/);
  assert.match(e.message, /deployments auth login --host https:\/\/only-host.example.com/);
  assert.match(e.message, /Env: DATABRICKS_HOST/);
});

test("a missing named profile says which profiles exist; secrets of others never shown", () => {
  try {
    getDeployClient("databricks://prod", { configFile: cfg, env: {} });
    assert.unreachable();
  } catch (e) {
    const text = `${(e as Error).message} ${inspect(e)} ${JSON.stringify(e)}`;
    assert.match(text, /no \[prod\] profile \(profiles: DEFAULT, dev, basic, sp, hostonly\)/);
    for (const s of ["dapi-default-secret", "dapi-dev-secret", "hunter2-secret", "sp-client-secret"]) assert.not.ok(text.includes(s), s);
  }
});

test("unsupported targets are named", () => {
  assert.throws(() => getDeployClient("sagemaker", { host: "h", token: "t" }), (e: unknown) => e instanceof ConfigurationError && /Unsupported deployments target "sagemaker"/.test((e as Error).message));
  assert.throws(() => getDeployClient("databricks://scope:prefix", { host: "h", token: "t" }), (e: unknown) => e instanceof ConfigurationError && /secret scope/.test((e as Error).message));
});

test("host normalisation and invalid hosts", () => {
  const h = (host: string) => new DatabricksDeploymentClient({ host, token: "t" }).host;
  assert.is(h("adb-1.azuredatabricks.net"), "https://adb-1.azuredatabricks.net");
  assert.is(h("https://x.com:443//"), "https://x.com");
  assert.is(h("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  assert.is(h("https://x.com/base/"), "https://x.com/base");
  assert.throws(() => h("ftp://x.com"), (e: unknown) => e instanceof ConfigurationError);
  assert.throws(() => h("https://user:pw@x.com"), (e: unknown) => e instanceof ConfigurationError && !(e as Error).message.includes("pw"));
});

test("getDeployClient is synchronous and exposes where credentials came from", () => {
  const client = getDeployClient("databricks://dev", { configFile: cfg, env: {} });
  assert.instance(client, DatabricksDeploymentClient);
  assert.is(client.authType, "pat");
  assert.match(client.credentialsSource, /\[dev\]/);
  assert.not.ok(inspect(client).includes("dapi-dev-secret"), "inspect(client) shows the token");
  assert.not.ok(JSON.stringify(client).includes("dapi-dev-secret"), "JSON of the client shows the token");
});

test.run();
