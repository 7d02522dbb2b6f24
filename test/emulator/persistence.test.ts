import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorStateError, startEmulator } from "../../src/emulator/index.js";
import { call, chatConfig } from "./helpers.js";

const test = suite("emulator state file");
const dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("state survives a restart: endpoints (with ids), tags, secrets; secret values stay out of responses", async () => {
  const path = join(dir, "restart.json");
  const first = await startEmulator({ statePath: path, seed: true, deployDelayMs: 0, token: "t1" });
  const chat = await first.client().getEndpoint("chat");
  await first.client().updateEndpointTags({ endpoint: "chat", config: { add_tags: [{ key: "team", value: "ml" }] } });
  await first.close();
  const second = await startEmulator({ statePath: path, seed: true, deployDelayMs: 0, token: "t2" });
  try {
    const again = await second.client().getEndpoint("chat");
    assert.is(again.id, chat.id);
    assert.equal(again.tags, [{ key: "foo", value: "bar" }, { key: "team", value: "ml" }]);
    const keys = await call(second, "GET", "/api/2.0/secrets/list?scope=my-scope");
    assert.is(keys.body.secrets[0].key, "openai-api-key");
    // A deleted seed endpoint stays deleted: the seed only applies to a fresh state.
    await second.client().deleteEndpoint("chat");
  } finally {
    await second.close();
  }
  const third = await startEmulator({ statePath: path, seed: true, token: "t3" });
  try {
    assert.is((await call(third, "GET", "/api/2.0/serving-endpoints/chat")).status, 404);
  } finally {
    await third.close();
  }
});

test("an unreadable state file stops the start with a clear error and is never overwritten", async () => {
  const path = join(dir, "corrupt.json");
  writeFileSync(path, '{"version": 1, "endpoints": [');
  try {
    await startEmulator({ statePath: path, seed: true });
    assert.unreachable("started on a corrupt state file");
  } catch (error) {
    assert.instance(error, EmulatorStateError);
    assert.match((error as Error).message, path);
    assert.match((error as Error).message, "not valid JSON");
  }
  assert.is(readFileSync(path, "utf8"), '{"version": 1, "endpoints": [');
  const foreign = join(dir, "foreign.json");
  writeFileSync(foreign, '{"hello": "world"}');
  try {
    await startEmulator({ statePath: foreign });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, EmulatorStateError);
  }
  assert.is(readFileSync(foreign, "utf8"), '{"hello": "world"}');
});

test("kill -9 in the middle of writes: every acknowledged change survives", async () => {
  const path = join(dir, "crash.json");
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures", "state-child.ts"), path], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve(JSON.parse(line!).url);
    });
    child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
  });
  const emu = { url, token: "dapi-crash-test" } as Parameters<typeof call>[0];
  const acknowledged: string[] = [];
  let stop = false;
  const writer = async (lane: number): Promise<void> => {
    for (let i = 0; !stop && i < 10_000; i++) {
      const scope = `s${lane}-${i}`;
      try {
        const r = await call(emu, "POST", "/api/2.0/secrets/scopes/create", { scope });
        if (r.status === 200) acknowledged.push(scope);
      } catch (error) {
        void error; // the connection died with the child: this change was never acknowledged
        return;
      }
    }
  };
  const lanes = [0, 1, 2, 3].map(writer);
  while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
  child.kill("SIGKILL");
  stop = true;
  await Promise.all(lanes);
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once("exit", r)));
  const reborn = await startEmulator({ statePath: path, token: "dapi-after" });
  try {
    const listed = await call(reborn, "GET", "/api/2.0/secrets/scopes/list");
    const names = new Set<string>(listed.body.scopes.map((s: { name: string }) => s.name));
    const lost = acknowledged.filter((s) => !names.has(s));
    assert.equal(lost, [], `lost acknowledged scopes: ${lost.join(", ")}`);
    assert.ok(acknowledged.length >= 60);
    const create = await call(reborn, "POST", "/api/2.0/secrets/scopes/create", { scope: "my-scope" });
    assert.is(create.status, 200);
    await reborn.client().putSecret({ scope: "my-scope", key: "openai-api-key", stringValue: "x" } as any);
    assert.is((await call(reborn, "POST", "/api/2.0/serving-endpoints", { name: "after-crash", config: chatConfig() })).status, 200);
  } finally {
    await reborn.close();
  }
});

test.run();
