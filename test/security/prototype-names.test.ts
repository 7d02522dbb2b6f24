/**
 * Names that are properties of Object.prototype (`constructor`, `__proto__`, `toString`, …) are
 * ordinary names everywhere: served entities, secret keys and scopes, tags. Before the fix an
 * entity named `constructor` made the deploy settle throw (every route 500, then the timer killed
 * the process), and a secret keyed `__proto__` vanished from the list and the state file.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { HOSTILE_NAMES, send } from "./helpers.js";

const test = suite("security: prototype names are ordinary names");
const dir = mkdtempSync(join(tmpdir(), "dd-sec-proto-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const entity = (name: string) => ({
  name,
  external_model: { name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: "sk-proto-test-0000" } },
});

async function expectHealthy(emu: Emulator): Promise<void> {
  const listed = await send(emu.url, emu.token, "GET", "/api/2.0/serving-endpoints");
  assert.is(listed.status, 200, listed.text);
}

test("served entities named like Object.prototype members deploy, settle, log and survive a restart", async () => {
  const statePath = join(dir, "entities.json");
  const clock = manualClock();
  let emu = await startEmulator({ statePath, clock, deployDelayMs: 1_000, token: "dapi-proto" });
  try {
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const created = await send(emu.url, emu.token, "POST", "/api/2.0/serving-endpoints", { name: `ep-${i}`, config: { served_entities: [entity(name)] } });
      assert.is(created.status, 200, `${name}: ${created.text}`);
    }
    clock.advance(1_001); // the deploy timer settles every one (this threw for `constructor`)
    await expectHealthy(emu);
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const got = await send(emu.url, emu.token, "GET", `/api/2.0/serving-endpoints/ep-${i}`);
      assert.is(got.status, 200, got.text);
      assert.is(got.body.state.config_update, "NOT_UPDATING", name);
      assert.is(got.body.config.served_entities[0].name, name);
      const logs = await send(emu.url, emu.token, "GET", `/api/2.0/serving-endpoints/ep-${i}/served-models/${encodeURIComponent(name)}/build-logs`);
      assert.is(logs.status, 200, logs.text);
      assert.match(logs.body.logs, "is ready", name);
      const update = await send(emu.url, emu.token, "PUT", `/api/2.0/serving-endpoints/ep-${i}/config`, { served_entities: [entity(name)] });
      assert.is(update.status, 200, update.text);
    }
    clock.advance(1_001);
    await expectHealthy(emu);
  } finally {
    await emu.close();
  }
  emu = await startEmulator({ statePath, clock, token: "dapi-proto" });
  try {
    await expectHealthy(emu);
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const got = await send(emu.url, emu.token, "GET", `/api/2.0/serving-endpoints/ep-${i}`);
      assert.is(got.body.config.config_version, 2, name);
    }
  } finally {
    await emu.close();
  }
});

test("secret keys and scopes named like Object.prototype members are stored, listed, saved and deleted like any other", async () => {
  const statePath = join(dir, "secrets.json");
  let emu = await startEmulator({ statePath, token: "dapi-proto" });
  const names = HOSTILE_NAMES.filter((n) => /^[A-Za-z0-9_.-]+$/.test(n));
  try {
    for (const scope of ["s", ...names]) assert.is((await send(emu.url, emu.token, "POST", "/api/2.0/secrets/scopes/create", { scope })).status, 200, scope);
    for (const key of names) {
      assert.is((await send(emu.url, emu.token, "POST", "/api/2.0/secrets/put", { scope: "s", key, string_value: `v-${key}` })).status, 200, key);
    }
    // A key never put is missing, even when Object.prototype has a member of that name.
    const missing = await send(emu.url, emu.token, "POST", "/api/2.0/secrets/delete", { scope: "constructor", key: "constructor" });
    assert.is(missing.status, 404, missing.text);
    const listed = await send(emu.url, emu.token, "GET", "/api/2.0/secrets/list?scope=s");
    assert.equal(listed.body.secrets.map((s: { key: string }) => s.key).sort(), [...names].sort());
  } finally {
    await emu.close();
  }
  emu = await startEmulator({ statePath, token: "dapi-proto" });
  try {
    const listed = await send(emu.url, emu.token, "GET", "/api/2.0/secrets/list?scope=s");
    assert.equal(listed.body.secrets.map((s: { key: string }) => s.key).sort(), [...names].sort(), "after a restart");
    const scopes = await send(emu.url, emu.token, "GET", "/api/2.0/secrets/scopes/list");
    assert.equal(scopes.body.scopes.map((s: { name: string }) => s.name).sort(), ["s", ...names].sort());
    for (const key of names) assert.is((await send(emu.url, emu.token, "POST", "/api/2.0/secrets/delete", { scope: "s", key })).status, 200, key);
    assert.is((await send(emu.url, emu.token, "POST", "/api/2.0/secrets/delete", { scope: "s", key: "__proto__" })).status, 404);
    assert.equal(await send(emu.url, emu.token, "GET", "/api/2.0/secrets/list?scope=s").then((r) => r.body), {});
  } finally {
    await emu.close();
  }
});

test("tags keyed like Object.prototype members are added, listed and deleted", async () => {
  const emu = await startEmulator({ token: "dapi-proto", deployDelayMs: 0 });
  try {
    assert.is((await send(emu.url, emu.token, "POST", "/api/2.0/serving-endpoints", { name: "tagged" })).status, 200);
    const added = await send(emu.url, emu.token, "PATCH", "/api/2.0/serving-endpoints/tagged/tags", { add_tags: HOSTILE_NAMES.map((key) => ({ key, value: key })) });
    assert.is(added.status, 200, added.text);
    assert.equal(added.body.tags.map((t: { key: string }) => t.key).sort(), [...HOSTILE_NAMES].sort());
    const deleted = await send(emu.url, emu.token, "PATCH", "/api/2.0/serving-endpoints/tagged/tags", { delete_tags: [...HOSTILE_NAMES] });
    assert.equal(deleted.body.tags, []);
  } finally {
    await emu.close();
  }
});

test.run();
