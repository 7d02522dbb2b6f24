// connect() and `deployments chat` use the emulator only when nothing at all is configured; any
// configuration that is present and broken is an error (non-zero exit) that says where it looked.
// And `deployments auth login|status|logout` end to end against the emulator, in a subprocess
// with its own HOME, config file and a $BROWSER that follows the redirect with curl.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "../../src/index.js";
import { connect, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { curlBrowser, tempDir } from "./helpers.js";

const tmp = tempDir("dd-nofallback-");
const root = join(import.meta.dirname, "..", "..");
const missing = join(tmp.dir, "missing.cfg");
const garbage = join(tmp.dir, "garbage.cfg");
writeFileSync(garbage, "this is not an ini file\n");

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "dist", "esm", "repl", "cli.js"), ...args], { cwd: root, env: { PATH: `${process.env.PATH}`, HOME: join(tmp.dir, "home"), NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("exit", (code) => resolve({ code, out, err }));
  });
}

const test = suite<{ emu: Emulator }>("no silent fallback to the emulator; deployments auth");
test.before(async (ctx) => {
  ctx.emu = await startEmulator({ seed: true, deployDelayMs: 0 });
});
test.after(async ({ emu }) => {
  await emu.close();
  tmp.cleanup();
});

async function connectError(options: Parameters<typeof connect>[0]): Promise<ConfigurationError> {
  try {
    const c = await connect(options);
    await c.close();
  } catch (e) {
    assert.instance(e, ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error("connect() should have failed");
}

test("connect(): DATABRICKS_HOST with no token, a garbage config file, a bad host → the error, not the emulator", async () => {
  const hostOnly = await connectError({ client: { env: { DATABRICKS_HOST: "https://x.cloud.databricks.com", PATH: "/nonexistent" }, configFile: missing } });
  assert.match(hostOnly.message, "a host is set but no credentials");
  const broken = await connectError({ client: { env: {}, configFile: garbage } });
  assert.match(broken.message, "is not an INI file");
  const badHost = await connectError({ client: { env: { DATABRICKS_HOST: "ftp://x", DATABRICKS_TOKEN: "t" }, configFile: missing } });
  assert.match(badHost.message, "Invalid Databricks host");
});

test("connect(): nothing configured → the emulator; emulator: true forces it whatever is configured", async () => {
  const none = await connect({ client: { env: {}, configFile: missing }, emulator: { streamDelayMs: 0 } });
  assert.is(none.kind, "emulator");
  await none.close();
  const forced = await connect({ emulator: true, client: { env: { DATABRICKS_HOST: "https://x.cloud.databricks.com" }, configFile: garbage } });
  assert.is(forced.kind, "emulator");
  assert.is(forced.client.authType, "pat");
  await forced.close();
});

test("connect(): a working configuration says its auth type in the description", async ({ emu }) => {
  const c = await connect({ client: { env: { DATABRICKS_HOST: emu.url, DATABRICKS_TOKEN: emu.token }, configFile: missing } });
  assert.is(c.kind, "databricks");
  assert.match(c.description, `workspace ${emu.url} (pat auth from environment)`);
  assert.not.match(c.description, emu.token);
});

test("`deployments chat` with DATABRICKS_HOST and no credentials exits 1 with the error (no simulated reply)", async () => {
  const r = await cli(["chat", "--no-transcript", "hello"], { DATABRICKS_HOST: "https://x.cloud.databricks.com", PATH: "/usr/bin:/bin", DATABRICKS_CONFIG_FILE: missing });
  assert.is(r.code, 1, r.err);
  assert.match(r.err, "a host is set but no credentials");
  assert.is(r.out, "", "no reply was printed");
  const forced = await cli(["chat", "--emulator", "--no-transcript", "hello"], { DATABRICKS_HOST: "https://x.cloud.databricks.com", DATABRICKS_CONFIG_FILE: missing });
  assert.is(forced.code, 0, forced.err);
  assert.ok(forced.out.length > 0, "--emulator chats with the simulated model");
});

test("`deployments auth --help` and its subcommands' help", async () => {
  const r = await cli(["auth", "--help"], {});
  assert.is(r.code, 0);
  for (const word of ["login", "status", "logout"]) assert.match(r.out, word);
  const login = await cli(["auth", "login", "--help"], {});
  assert.match(login.out, "--host");
  assert.match(login.out, "--profile");
  assert.match(login.out, "$BROWSER");
});

test("`deployments auth login` → profile with auth_type = external-browser and no token; status; logout", async ({ emu }) => {
  const cfg = join(tmp.dir, "login.cfg");
  writeFileSync(cfg, "# my settings\n[other]\nhost = https://other.cloud.databricks.com\n");
  const env = { DATABRICKS_CONFIG_FILE: cfg, BROWSER: curlBrowser(tmp.dir), XDG_CONFIG_HOME: join(tmp.dir, "xdg") };
  const login = await cli(["auth", "login", "--host", emu.url, "--profile", "dev"], env);
  assert.is(login.code, 0, login.err);
  assert.match(login.out, `Logged in to ${emu.url} as ${emu.users[0]}`);
  assert.match(login.err, "/oidc/v1/authorize?", "the URL is printed");
  const written = readFileSync(cfg, "utf8");
  assert.match(written, "# my settings\n[other]\nhost = https://other.cloud.databricks.com\n");
  assert.match(written, `[dev]\nhost = ${emu.url}\nauth_type = external-browser\n`);
  assert.not.match(written, "token");
  assert.is(statSync(cfg).mode & 0o077, 0, "the config file is private");
  const cacheDir = join(tmp.dir, "xdg", "databricks-deployments", "oauth");
  const cached = readdirSync(cacheDir);
  assert.is(cached.length, 1);
  const token = (JSON.parse(readFileSync(join(cacheDir, cached[0]!), "utf8")) as { token: { access_token: string; refresh_token: string } }).token;

  const status = await cli(["auth", "status", "--profile", "dev"], { ...env, BROWSER: "/bin/false" });
  assert.is(status.code, 0, status.err);
  assert.match(status.out, `host:      ${emu.url}`);
  assert.match(status.out, "auth type: external-browser");
  assert.match(status.out, `from:      profile [dev] in ${cfg}`);
  assert.match(status.out, `user:      ${emu.users[0]}`);
  assert.match(status.out, /expires:   \d{4}-/);
  const whoami = await cli(["auth", "whoami", "--profile", "dev", "--json"], env);
  assert.is((JSON.parse(whoami.out) as { authType: string }).authType, "external-browser");
  for (const r of [login, status, whoami]) for (const secret of [token.access_token, token.refresh_token]) assert.not.ok(`${r.out}${r.err}`.includes(secret), "a token was printed");

  const logout = await cli(["auth", "logout", "--profile", "dev"], env);
  assert.is(logout.code, 0, logout.err);
  assert.match(logout.out, "the cached token is removed");
  assert.not.ok(existsSync(join(cacheDir, cached[0]!)));
  const after = await cli(["auth", "status", "--profile", "dev"], env);
  assert.is(after.code, 1);
  assert.match(after.err, `not logged in to ${emu.url}`);
  assert.match(after.err, "deployments auth login --profile dev");
});

test.run();
