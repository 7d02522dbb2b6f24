// A serving config may reference {{secrets/s/k}} only with READ on s — on create and on every
// config update — and forwarding resolves only references that passed that check. The attack
// this closes: bob points an endpoint (his own, or one he manages) at his own server with
// alice's secret as the key, and the emulator sends it to him as a bearer header.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "../../src/emulator/index.js";
import { call, userMessage } from "../emulator/helpers.js";
import { ALICE, BOB, chatConfigWith, startUpstream, startWorkspace, type Upstream } from "./acl-helpers.js";

const SECRET = "sk-alice-secret-value-9f8e7d";
const REF = "{{secrets/alice-scope/openai}}";
const E = "/api/2.0/serving-endpoints";

interface Ctx {
  emu: Emulator;
  bobServer: Upstream;
  aliceServer: Upstream;
}

const test = suite<Ctx>("secret references need READ; forwarding resolves only approved ones");

test.before(async (ctx) => {
  ctx.emu = await startWorkspace();
  ctx.bobServer = await startUpstream();
  ctx.aliceServer = await startUpstream();
  assert.is((await call(ctx.emu, "POST", "/api/2.0/secrets/scopes/create", { scope: "alice-scope" }, ALICE)).status, 200);
  assert.is((await call(ctx.emu, "POST", "/api/2.0/secrets/put", { scope: "alice-scope", key: "openai", string_value: SECRET }, ALICE)).status, 200);
});
test.after(async (ctx) => {
  await ctx.emu.close();
  await ctx.bobServer.close();
  await ctx.aliceServer.close();
});

const leaked = (server: Upstream): boolean => server.received.some((r) => JSON.stringify(r.headers).includes(SECRET) || r.body.includes(SECRET));

test("create: without READ, 403 before the key is even looked up; nothing reaches bob's server", async ({ emu, bobServer }) => {
  const steal = await call(emu, "POST", E, { name: "steal", config: chatConfigWith(REF, bobServer.url) }, BOB);
  assert.is(steal.status, 403, steal.text);
  assert.is(steal.body.error_code, "PERMISSION_DENIED");
  assert.match(steal.body.message, "READ");
  const probe = await call(emu, "POST", E, { name: "probe", config: chatConfigWith("{{secrets/alice-scope/no-such-key}}", bobServer.url) }, BOB);
  assert.is(probe.status, 403, "a key's existence does not leak either");
  assert.is((await call(emu, "GET", `${E}/steal`, undefined, ALICE)).status, 404, "nothing was created");
  assert.is(bobServer.received.length, 0);
});

test("config update: a CAN_MANAGE holder without READ cannot re-point alice's endpoint with her reference", async ({ emu, bobServer, aliceServer }) => {
  const created = await call(emu, "POST", E, { name: "alices", config: chatConfigWith(REF, aliceServer.url) }, ALICE);
  assert.is(created.status, 200, created.text);
  await call(emu, "PATCH", `/api/2.0/permissions/serving-endpoints/${created.body.id}`, { access_control_list: [{ user_name: "bob@example.com", permission_level: "CAN_MANAGE" }] }, ALICE);
  const repoint = await call(emu, "PUT", `${E}/alices/config`, chatConfigWith(REF, bobServer.url), BOB);
  assert.is(repoint.status, 403, repoint.text);
  const still = await call(emu, "GET", `${E}/alices`, undefined, ALICE);
  assert.is(still.body.config.served_entities[0].external_model.openai_config.openai_api_base, aliceServer.url);
  assert.is((await call(emu, "POST", "/serving-endpoints/alices/invocations", userMessage("hi"), BOB)).status, 200);
  assert.ok(aliceServer.received.at(-1)!.headers.authorization === `Bearer ${SECRET}`, "alice's own config still forwards with her key");
  assert.not.ok(leaked(bobServer));
});

test("config update: a manager re-pointing an entity of the same name forwards only the key he sent, never alice's plaintext", async ({ emu, bobServer, aliceServer }) => {
  const created = await call(emu, "POST", E, { name: "plain", config: chatConfigWith(SECRET, aliceServer.url, true) }, ALICE);
  assert.is(created.status, 200, created.text);
  await call(emu, "PATCH", `/api/2.0/permissions/serving-endpoints/${created.body.id}`, { access_control_list: [{ user_name: "bob@example.com", permission_level: "CAN_MANAGE" }] }, ALICE);
  const config = { served_entities: [{ name: "m", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_base: bobServer.url, openai_api_key_plaintext: "sk-bob-own" } } }] };
  const repoint = await call(emu, "PUT", `${E}/plain/config`, config, BOB);
  assert.is(repoint.status, 200, repoint.text);
  const before = bobServer.received.length;
  assert.is((await call(emu, "POST", "/serving-endpoints/plain/invocations", userMessage("hi"), BOB)).status, 200);
  assert.is(bobServer.received.length, before + 1, "the new config forwards to bob's server");
  assert.is(bobServer.received.at(-1)!.headers.authorization, "Bearer sk-bob-own");
  assert.not.ok(leaked(bobServer));
});

test("with READ the same config is accepted (the rule is READ, not ownership)", async ({ emu, bobServer }) => {
  await call(emu, "POST", "/api/2.0/secrets/acls/put", { scope: "alice-scope", principal: "bob@example.com", permission: "READ" }, ALICE);
  try {
    const allowed = await call(emu, "POST", E, { name: "granted", config: chatConfigWith(REF, bobServer.url) }, BOB);
    assert.is(allowed.status, 200, allowed.text);
    assert.is((await call(emu, "POST", "/serving-endpoints/granted/invocations", userMessage("hi"), BOB)).status, 200);
    assert.is(bobServer.received.at(-1)!.headers.authorization, `Bearer ${SECRET}`);
  } finally {
    await call(emu, "POST", "/api/2.0/secrets/acls/delete", { scope: "alice-scope", principal: "bob@example.com" }, ALICE);
    bobServer.received.length = 0;
  }
  // Revoking READ later does not break the accepted endpoint, but a new config needs READ again.
  const update = await call(emu, "PUT", `${E}/granted/config`, chatConfigWith(REF, bobServer.url), BOB);
  assert.is(update.status, 403);
});

test("forwarding resolves only approved references: a stored config whose reference was never approved sends no key", async ({ bobServer }) => {
  const dir = mkdtempSync(join(tmpdir(), "acl-refs-"));
  const statePath = join(dir, "state.json");
  try {
    let emu = await startWorkspace({ statePath });
    await call(emu, "POST", "/api/2.0/secrets/scopes/create", { scope: "s" }, ALICE);
    await call(emu, "POST", "/api/2.0/secrets/put", { scope: "s", key: "k", string_value: SECRET }, ALICE);
    const created = await call(emu, "POST", E, { name: "stored", config: chatConfigWith("{{secrets/s/k}}", bobServer.url) }, ALICE);
    assert.is(created.status, 200, created.text);
    await emu.close();
    // A record that bypassed the check (here: edited on disk) keeps its reference but no approval.
    const state = JSON.parse(readFileSync(statePath, "utf8"));
    const record = state.endpoints.find((e: { name: string }) => e.name === "stored");
    assert.equal(record.secret_references, ["s/k"], "approvals are persisted");
    record.secret_references = [];
    writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
    emu = await startWorkspace({ statePath });
    try {
      bobServer.received.length = 0;
      const answer = await call(emu, "POST", "/serving-endpoints/stored/invocations", userMessage("hi"), ALICE);
      assert.is(answer.status, 400, answer.text);
      assert.is(bobServer.received.length, 0);
      assert.not.ok(answer.text.includes(SECRET));
    } finally {
      await emu.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
