// Secret scope ACLs over real HTTP: for each permission bob holds on alice's scope, every secrets
// route works or answers 403 PERMISSION_DENIED (as the Secrets API documents); the ACL API itself.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../src/emulator/index.js";
import { call, type Answer } from "../emulator/helpers.js";
import { ADMIN, ALICE, BOB, CAROL, startWorkspace } from "./acl-helpers.js";

type Level = "NONE" | "READ" | "WRITE" | "MANAGE";
const RANK: Record<Level, number> = { NONE: 0, READ: 1, WRITE: 2, MANAGE: 3 };

interface Route {
  readonly label: string;
  readonly need: Exclude<Level, "NONE">;
  send(emu: Emulator, token: string, scope: string): Promise<Answer>;
}

const S = "/api/2.0/secrets";
// scopes/delete last: it ends the scope.
const ROUTES: Route[] = [
  { label: "secrets/list", need: "READ", send: (emu, t, s) => call(emu, "GET", `${S}/list?scope=${s}`, undefined, t) },
  { label: "secrets/put", need: "WRITE", send: (emu, t, s) => call(emu, "POST", `${S}/put`, { scope: s, key: "by-bob", string_value: "bob-value" }, t) },
  { label: "secrets/delete", need: "WRITE", send: (emu, t, s) => call(emu, "POST", `${S}/delete`, { scope: s, key: "spare" }, t) },
  { label: "acls/list", need: "MANAGE", send: (emu, t, s) => call(emu, "GET", `${S}/acls/list?scope=${s}`, undefined, t) },
  { label: "acls/get", need: "MANAGE", send: (emu, t, s) => call(emu, "GET", `${S}/acls/get?scope=${s}&principal=alice@example.com`, undefined, t) },
  { label: "acls/put", need: "MANAGE", send: (emu, t, s) => call(emu, "POST", `${S}/acls/put`, { scope: s, principal: "ml-team", permission: "READ" }, t) },
  { label: "acls/delete", need: "MANAGE", send: (emu, t, s) => call(emu, "POST", `${S}/acls/delete`, { scope: s, principal: "ml-team" }, t) },
  { label: "scopes/delete", need: "MANAGE", send: (emu, t, s) => call(emu, "POST", `${S}/scopes/delete`, { scope: s }, t) },
];

const test = suite<{ emu: Emulator }>("secret scope ACLs: every route × every permission, over real HTTP");

test.before(async (ctx) => {
  ctx.emu = await startWorkspace();
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

async function aliceScope(emu: Emulator, scope: string): Promise<void> {
  assert.is((await call(emu, "POST", `${S}/scopes/create`, { scope }, ALICE)).status, 200);
  assert.is((await call(emu, "POST", `${S}/put`, { scope, key: "key", string_value: "alice-value" }, ALICE)).status, 200);
  assert.is((await call(emu, "POST", `${S}/put`, { scope, key: "spare", string_value: "spare-value" }, ALICE)).status, 200);
}

for (const level of ["NONE", "READ", "WRITE", "MANAGE"] as Level[]) {
  test(`bob with ${level} on alice's scope`, async ({ emu }) => {
    const scope = `scope-${level.toLowerCase()}`;
    await aliceScope(emu, scope);
    if (level !== "NONE") assert.is((await call(emu, "POST", `${S}/acls/put`, { scope, principal: "bob@example.com", permission: level }, ALICE)).status, 200);
    const listed = await call(emu, "GET", `${S}/scopes/list`, undefined, BOB);
    assert.is((listed.body.scopes ?? []).some((s: { name: string }) => s.name === scope), level !== "NONE", "scopes/list shows what bob can read");
    for (const route of ROUTES) {
      const answer = await route.send(emu, BOB, scope);
      const where = `${route.label} with ${level}: ${answer.status} ${answer.text.slice(0, 200)}`;
      if (RANK[level] >= RANK[route.need]) {
        assert.is(answer.status, 200, where);
      } else {
        assert.is(answer.status, 403, where);
        assert.is(answer.body.error_code, "PERMISSION_DENIED", where);
      }
      assert.not.ok(answer.text.includes("alice-value"), "a value never comes back");
    }
    const keys = await call(emu, "GET", `${S}/list?scope=${scope}`, undefined, ALICE);
    if (level === "MANAGE") {
      assert.is(keys.status, 404, "bob, a manager, deleted the scope");
    } else {
      const names = keys.body.secrets.map((s: { key: string }) => s.key).sort();
      assert.equal(names, level === "WRITE" ? ["by-bob", "key"] : ["key", "spare"]);
    }
  });
}

test("the creator gets MANAGE; ACL get/list/delete answer as the API documents", async ({ emu }) => {
  await aliceScope(emu, "documented");
  assert.equal((await call(emu, "GET", `${S}/acls/list?scope=documented`, undefined, ALICE)).body, { items: [{ principal: "alice@example.com", permission: "MANAGE" }] });
  assert.equal((await call(emu, "GET", `${S}/acls/get?scope=documented&principal=alice@example.com`, undefined, ALICE)).body, { principal: "alice@example.com", permission: "MANAGE" });
  const none = await call(emu, "GET", `${S}/acls/get?scope=documented&principal=bob@example.com`, undefined, ALICE);
  assert.is(none.status, 404);
  assert.is(none.body.error_code, "RESOURCE_DOES_NOT_EXIST");
  assert.is((await call(emu, "POST", `${S}/acls/delete`, { scope: "documented", principal: "bob@example.com" }, ALICE)).status, 404);
  // put overwrites the principal's entry.
  await call(emu, "POST", `${S}/acls/put`, { scope: "documented", principal: "bob@example.com", permission: "READ" }, ALICE);
  await call(emu, "POST", `${S}/acls/put`, { scope: "documented", principal: "bob@example.com", permission: "WRITE" }, ALICE);
  assert.equal((await call(emu, "GET", `${S}/acls/list?scope=documented`, undefined, ALICE)).body.items.filter((e: { principal: string }) => e.principal === "bob@example.com"), [{ principal: "bob@example.com", permission: "WRITE" }]);
  const bad = await call(emu, "POST", `${S}/acls/put`, { scope: "documented", principal: "bob@example.com", permission: "OWNER" }, ALICE);
  assert.is(bad.status, 400);
  assert.is((await call(emu, "GET", `${S}/acls/list?scope=no-such-scope`, undefined, ALICE)).status, 404);
});

test("groups and initial_manage_principal=users; admins manage every scope", async ({ emu }) => {
  await aliceScope(emu, "team-scope");
  await call(emu, "POST", `${S}/acls/put`, { scope: "team-scope", principal: "ml-team", permission: "READ" }, ALICE);
  assert.is((await call(emu, "GET", `${S}/list?scope=team-scope`, undefined, CAROL)).status, 200);
  assert.is((await call(emu, "GET", `${S}/list?scope=team-scope`, undefined, BOB)).status, 403);
  assert.is((await call(emu, "POST", `${S}/scopes/create`, { scope: "open", initial_manage_principal: "users" }, ALICE)).status, 200);
  assert.is((await call(emu, "POST", `${S}/acls/put`, { scope: "open", principal: "carol@example.com", permission: "READ" }, BOB)).status, 200, "users has MANAGE");
  const odd = await call(emu, "POST", `${S}/scopes/create`, { scope: "odd", initial_manage_principal: "bob@example.com" }, ALICE);
  assert.is(odd.status, 400);
  assert.is((await call(emu, "POST", `${S}/put`, { scope: "team-scope", key: "by-admin", string_value: "v" }, ADMIN)).status, 200);
  assert.is((await call(emu, "POST", `${S}/scopes/delete`, { scope: "team-scope" }, ADMIN)).status, 200);
});

test.run();
