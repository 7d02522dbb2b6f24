// Unified-auth resolution as the SDKs do it, and every loud failure: precedence, when the
// profile is read, conflicts, the auth_type override, partial or broken configuration. Each
// error says where it looked and how to fix it, and never shows a credential.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError, hasDatabricksConfiguration, resolveCredentials } from "../../src/index.js";
import { assertClean, tempDir } from "./helpers.js";

const tmp = tempDir("dd-resolve-");
const cfg = join(tmp.dir, "databrickscfg");
writeFileSync(cfg, ["[DEFAULT]", "host = https://default.cloud.databricks.com", "token = dapi-default-profile-secret", "", "[nohost]", "token = dapi-nohost-secret", "", "[u2m]", "host = https://u2m.cloud.databricks.com", "auth_type = external-browser", "", "[weird]", "host = https://w.cloud.databricks.com", "auth_type = kerberos"].join("\n"));
const garbage = join(tmp.dir, "garbage.cfg");
writeFileSync(garbage, "dapi-pasted-token-secret-here\n{\"json\": true}\n");
const missing = join(tmp.dir, "missing.cfg");
const SECRETS = ["dapi-default-profile-secret", "dapi-nohost-secret", "dapi-pasted-token-secret-here", "dapi-env-secret", "hunter2-pw"];

const test = suite("unified-auth resolution and its failures");
test.after(() => tmp.cleanup());

function error(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, ConfigurationError);
    assertClean(e, SECRETS);
    return e as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError");
}

test("host in code while [DEFAULT] holds a token: the profile is not merged (the SDKs' rule)", () => {
  const e = error(() => resolveCredentials(undefined, { host: "https://x.cloud.databricks.com", configFile: cfg, env: {} }));
  assert.match(e.message, "a host is set but no credentials");
  assert.match(e.message, "Config: host=https://x.cloud.databricks.com");
  assert.match(e.message, "not read, because host or credentials were given");
});

test("a token without a host; a profile with a token but no host", () => {
  const e = error(() => resolveCredentials(undefined, { configFile: missing, env: { DATABRICKS_TOKEN: "dapi-env-secret" } }));
  assert.match(e.message, "pat credentials are configured (from DATABRICKS_TOKEN) but no host");
  assert.match(e.message, "Config: token=***. Env: DATABRICKS_TOKEN");
  const p = error(() => resolveCredentials(undefined, { configFile: cfg, env: { DATABRICKS_CONFIG_PROFILE: "nohost" } }));
  assert.match(p.message, "Config: token=***, profile=nohost. Env: DATABRICKS_CONFIG_PROFILE");
});

test("two methods at once: `validate: more than one authorization method configured: basic and pat`", () => {
  const e = error(() => resolveCredentials(undefined, { configFile: cfg, env: { DATABRICKS_HOST: "https://h.cloud.databricks.com", DATABRICKS_TOKEN: "dapi-env-secret", DATABRICKS_USERNAME: "me", DATABRICKS_PASSWORD: "hunter2-pw" } }));
  assert.match(e.message, "validate: more than one authorization method configured: basic and pat");
  assert.match(e.message, "DATABRICKS_AUTH_TYPE=");
  const az = error(() => resolveCredentials(undefined, { host: "h", token: "t", azureWorkspaceResourceId: "/sub/rg/ws", env: {} }));
  assert.match(az.message, "more than one authorization method configured: azure and pat");
});

test("DATABRICKS_AUTH_TYPE=basic with token, username and password: basic, no conflict", () => {
  const r = resolveCredentials(undefined, { env: { DATABRICKS_AUTH_TYPE: "basic", DATABRICKS_HOST: "h.example.com", DATABRICKS_TOKEN: "dapi-env-secret", DATABRICKS_USERNAME: "me", DATABRICKS_PASSWORD: "hunter2-pw" }, configFile: missing });
  assert.is(r.auth.type, "basic");
  assert.is(r.source, "environment");
});

test("auth_type from a profile wins over the chain; an unknown one and one that cannot work are errors", () => {
  const r = resolveCredentials("databricks://u2m", { configFile: cfg, env: {} });
  assert.equal(r.auth, { type: "external-browser", clientId: "databricks-cli", clientSecret: undefined, scopes: ["all-apis", "offline_access"], profile: "u2m" });
  assert.match(error(() => resolveCredentials("databricks://weird", { configFile: cfg, env: {} })).message, /auth_type "kerberos" \(from profile \[weird\]/);
  const e = error(() => resolveCredentials(undefined, { host: "h.example.com", authType: "oauth-m2m", env: {} }));
  assert.match(e.message, "auth_type=oauth-m2m needs a client id and a client secret");
  assert.match(e.message, "DATABRICKS_CLIENT_ID");
});

test("a named profile that does not exist, and a named profile with no config file", () => {
  const e = error(() => resolveCredentials(undefined, { configFile: cfg, env: { DATABRICKS_CONFIG_PROFILE: "prod" } }));
  assert.match(e.message, `resolve: ${cfg} has no prod profile configured (profiles: DEFAULT, nohost, u2m, weird)`);
  const f = error(() => resolveCredentials("databricks://prod", { configFile: missing, env: {} }));
  assert.match(f.message, `Profile "prod" was asked for, but the config file ${missing} does not exist`);
});

test("a garbage config file says which file and line, never its content", () => {
  const e = error(() => resolveCredentials(undefined, { env: { DATABRICKS_CONFIG_FILE: garbage } }));
  assert.match(e.message, `${garbage} is not an INI file (line 1`);
  assert.match(e.message, "DATABRICKS_CONFIG_FILE");
});

test("a bad host names where it came from", () => {
  const e = error(() => resolveCredentials(undefined, { env: { DATABRICKS_HOST: "ftp://nope", DATABRICKS_TOKEN: "dapi-env-secret" }, configFile: missing }));
  assert.match(e.message, "Invalid Databricks host");
  assert.match(e.message, "host from DATABRICKS_HOST");
});

test("precedence: options over environment over profile, each filling what is unset; source says which", () => {
  const r = resolveCredentials(undefined, { token: "explicit-token", configFile: cfg, env: { DATABRICKS_HOST: "env.example.com" } });
  assert.is(r.host, "https://env.example.com");
  assert.is(r.source, "options + environment");
  const p = resolveCredentials(undefined, { configFile: cfg, env: {} });
  assert.is(p.source, `profile [DEFAULT] in ${cfg}`);
  assert.is(p.profile, "DEFAULT");
});

test("hasDatabricksConfiguration: false only when nothing at all is configured", () => {
  assert.is(hasDatabricksConfiguration(undefined, { env: {}, configFile: missing }), false);
  assert.is(hasDatabricksConfiguration(undefined, { env: { DATABRICKS_HOST: "h" }, configFile: missing }), true);
  assert.is(hasDatabricksConfiguration(undefined, { env: { DATABRICKS_CONFIG_PROFILE: "x" }, configFile: missing }), true);
  assert.is(hasDatabricksConfiguration(undefined, { env: {}, configFile: garbage }), true, "a config file, even a broken one");
  assert.is(hasDatabricksConfiguration("databricks://dev", { env: {}, configFile: missing }), true);
});

test.run();
