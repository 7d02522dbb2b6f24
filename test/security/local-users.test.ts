/**
 * No local user can read or plant state: the state file's temp file has a random name and is
 * created exclusively with mode 0600 (a file or symlink planted at the old predictable name is
 * never written through); a state file or journal owned by another user, or writable by every
 * user, is refused; a bad state file is reported by record, never by value; and tokens can come
 * from a file or the environment instead of the command line (`/proc/<pid>/cmdline`).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorStateError, startEmulator } from "../../src/emulator/index.js";
import { eventually } from "../helpers/eventually.js";
import { send } from "./helpers.js";

const TOKEN = "dapi-local-0123456789";
const SECRET = "s3cr3t-VALUE-local-5e4d3c2b1a";
const root = join(import.meta.dirname, "..", "..");
const test = suite("security: no local user can read or plant state");
const dir = mkdtempSync(join(tmpdir(), "dd-sec-local-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;
const OTHER_UID = 65534; // nobody

async function putSecret(statePath: string): Promise<void> {
  const emu = await startEmulator({ statePath, token: TOKEN });
  try {
    assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/scopes/create", { scope: "s" })).status, 200);
    assert.is((await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/put", { scope: "s", key: "k", string_value: SECRET })).status, 200);
  } finally {
    await emu.close();
  }
}

async function refused(statePath: string, pattern: RegExp): Promise<void> {
  try {
    const emu = await startEmulator({ statePath, token: TOKEN });
    await emu.close();
    assert.unreachable(`started on ${statePath}`);
  } catch (error) {
    assert.instance(error, EmulatorStateError);
    assert.match((error as Error).message, pattern);
    assert.not.match((error as Error).message, SECRET);
  }
}

test("a file or symlink planted at the old predictable temp name is never written through; the state file is 0600", async () => {
  const statePath = join(dir, "planted.json");
  const stolen = join(dir, "attacker-reads-this.txt");
  writeFileSync(stolen, "");
  chmodSync(stolen, 0o666);
  const planted = join(dir, `.planted.json.${process.pid}.tmp`);
  symlinkSync(stolen, planted);
  await putSecret(statePath);
  assert.is(readFileSync(stolen, "utf8"), "", "the secret was written into the planted file");
  assert.ok(lstatSync(planted).isSymbolicLink(), "the planted link was consumed");
  assert.ok(lstatSync(statePath).isFile(), "the state file became the attacker's link");
  assert.is(statSync(statePath).mode & 0o777, 0o600);
  for (const f of readdirSync(dir).filter((n) => n.startsWith(".planted.json.journal."))) assert.is(statSync(join(dir, f)).mode & 0o777, 0o600, f);
});

test("a state file writable by every local user is refused", async () => {
  const statePath = join(dir, "open.json");
  await putSecret(statePath);
  chmodSync(statePath, 0o666);
  await refused(statePath, /writable by every local user.*chmod 600/);
  chmodSync(statePath, 0o600);
  const again = await startEmulator({ statePath, token: TOKEN });
  await again.close();
});

test("a state file or journal segment owned by another user is refused", async () => {
  if (!isRoot) {
    console.log("security/local-users: skipped the other-owner check: it needs root to give a file to another uid");
    return;
  }
  const statePath = join(dir, "foreign.json");
  await putSecret(statePath);
  chownSync(statePath, OTHER_UID, OTHER_UID);
  await refused(statePath, /belongs to another user/);
  chownSync(statePath, 0, 0);
  const segment = join(dir, ".foreign.json.journal.7");
  writeFileSync(segment, "", { mode: 0o600 });
  chownSync(segment, OTHER_UID, OTHER_UID);
  await refused(statePath, /journal\.7 belongs to another user/);
  rmSync(segment);
});

test("another local uid cannot read the state file or its journal", async () => {
  if (!isRoot) {
    console.log("security/local-users: skipped the second-uid read: it needs root to run a process as another uid");
    return;
  }
  const sub = mkdtempSync(join(tmpdir(), "dd-sec-uid-"));
  try {
    chmodSync(sub, 0o755);
    const statePath = join(sub, "state.json");
    const emu = await startEmulator({ statePath, token: TOKEN });
    try {
      await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/scopes/create", { scope: "s" });
      await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/put", { scope: "s", key: "k", string_value: SECRET });
      const files = readdirSync(sub).map((f) => join(sub, f));
      assert.ok(files.length >= 1, files.join(", "));
      for (const file of files) {
        const r = spawnSync(process.execPath, ["-e", `try { require("fs").readFileSync(${JSON.stringify(file)}); console.log("READ") } catch (e) { console.log(e.code) }`], { uid: OTHER_UID, gid: OTHER_UID, encoding: "utf8" });
        assert.is(r.stdout.trim(), "EACCES", `${file}: ${r.stdout}${r.stderr}`);
      }
    } finally {
      await emu.close();
    }
  } finally {
    rmSync(sub, { recursive: true, force: true });
  }
});

test("a state file that fails to load names the bad record and field, never a value", async () => {
  const statePath = join(dir, "bad-record.json");
  await putSecret(statePath);
  const state = JSON.parse(readFileSync(statePath, "utf8"));
  // Written as text: an object literal's "__proto__" would set a prototype, not a key.
  const text = JSON.stringify(state).replace(/\]\}$/, `,{"name":"broken","backend_type":"DATABRICKS","secrets":{"__proto__":{"value":"${SECRET}"}}}]}`);
  writeFileSync(statePath, text, { mode: 0o600 });
  await refused(statePath, /scopes\[1\] \(name "broken"\): secrets\["__proto__"\] must be \{value, last_updated_timestamp\}/);
  state.scopes.pop();
  state.endpoints.push({ name: "e", id: "1", creator: "c", creation_timestamp: 1, last_updated_timestamp: 1, tags: [], access_control_list: [], build_logs: { constructor: 5 } });
  writeFileSync(statePath, JSON.stringify(state));
  await refused(statePath, /endpoints\[0\] \(name "e"\): build_logs\["constructor"\] must be a list of strings/);
  writeFileSync(statePath, `{"version": 1, "endpoints": [], "scopes": [{"name": "s", "secrets": {"k": ${SECRET}}}]}`);
  await refused(statePath, /not valid JSON \(syntax error( at character \d+)?\)/);
});

test("a torn last journal line (a crash mid-append) is ignored; a bad line elsewhere is named", async () => {
  const statePath = join(dir, "journal.json");
  await putSecret(statePath);
  const segment = join(dir, ".journal.json.journal.1");
  writeFileSync(segment, `${JSON.stringify({ n: 100, s: "t", r: { name: "t", backend_type: "DATABRICKS", secrets: {} } })}\n{"n": 101, "s": "u", "r": {"name": "u", "backend_`, { mode: 0o600 });
  const emu = await startEmulator({ statePath, token: TOKEN });
  try {
    const scopes = await send(emu.url, TOKEN, "GET", "/api/2.0/secrets/scopes/list");
    assert.equal(scopes.body.scopes.map((s: { name: string }) => s.name).sort(), ["s", "t"]);
  } finally {
    await emu.close();
  }
  writeFileSync(join(dir, ".journal.json.journal.2"), `{"n": 200, "s": "v", "r": {"name": "v", "secrets": {"k": ${SECRET}}}}\n`, { mode: 0o600 });
  writeFileSync(join(dir, ".journal.json.journal.3"), "", { mode: 0o600 });
  await refused(statePath, /journal\.json\.journal\.2 cannot be loaded: line 1: not valid JSON/);
});

function cli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "repl", "cli.ts"), "emulator", "--port", "0", "--no-seed", "-q", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function expectServes(args: string[], env: Record<string, string>, tokens: readonly string[]): Promise<void> {
  const { child, output } = cli(args, env);
  try {
    const url = (await eventually(() => output().match(/listening on (http:\/\/\S+)/), { timeoutMs: 20_000, message: output }))[1]!;
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, "utf8");
    for (const token of tokens) {
      assert.not.match(cmdline, token, "the token is in the process list");
      assert.is((await send(url, token, "GET", "/api/2.0/secrets/scopes/list")).status, 200, token);
    }
    assert.is((await send(url, "dapi-not-a-user-token", "GET", "/api/2.0/secrets/scopes/list")).status >= 401, true);
  } finally {
    await stop(child);
  }
}

test("--token-file, --users-file and DATABRICKS_DEPLOYMENTS_EMULATOR_TOKEN keep tokens off the command line", async () => {
  const tokenFile = join(dir, "token");
  writeFileSync(tokenFile, "dapi-from-a-file-0001\n", { mode: 0o600 });
  await expectServes(["--token-file", tokenFile], {}, ["dapi-from-a-file-0001"]);
  await expectServes([], { DATABRICKS_DEPLOYMENTS_EMULATOR_TOKEN: "dapi-from-the-env-0002" }, ["dapi-from-the-env-0002"]);
  const usersFile = join(dir, "users.json");
  writeFileSync(usersFile, JSON.stringify([{ name: "alice@example.com", token: "dapi-alice-file-0003", admin: true }, { name: "bob@example.com", token: "dapi-bob-file-0004", groups: ["ml"] }]), { mode: 0o600 });
  await expectServes(["--users-file", usersFile], {}, ["dapi-alice-file-0003", "dapi-bob-file-0004"]);
  // A bad users file names the entry and field, never a token.
  writeFileSync(usersFile, JSON.stringify([{ name: "alice@example.com", token: "dapi-alice-file-0003" }, { name: "bob@example.com", token: 5 }]));
  const bad = cli(["--users-file", usersFile]);
  await new Promise((resolve) => bad.child.once("exit", resolve));
  assert.match(bad.output(), /entry 1 \(bob@example.com\): "token" must be a non-empty string/);
  assert.not.match(bad.output(), "dapi-alice-file-0003");
});

test.run();
