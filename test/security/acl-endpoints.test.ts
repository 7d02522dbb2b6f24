// The two-user ACL matrix over real HTTP: for each permission level bob holds on alice's
// endpoint, every route either works or is refused as Databricks refuses it (404 when bob has no
// permission at all, so existence does not leak; 403 PERMISSION_DENIED when he can see it).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../src/emulator/index.js";
import { call, userMessage, type Answer } from "../emulator/helpers.js";
import { ADMIN, ALICE, BOB, CAROL, chatConfigWith, startWorkspace } from "./acl-helpers.js";

type Level = "NONE" | "CAN_VIEW" | "CAN_QUERY" | "CAN_MANAGE";
const RANK: Record<Level, number> = { NONE: 0, CAN_VIEW: 1, CAN_QUERY: 2, CAN_MANAGE: 3 };
const LEVELS: Level[] = ["NONE", "CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"];

interface Target {
  readonly name: string;
  readonly id: string;
}

interface Route {
  readonly label: string;
  readonly need: Exclude<Level, "NONE">;
  /** The status when allowed (not always 200: a chat endpoint refuses a completions body with 400, after the permission check). */
  readonly ok: number;
  send(emu: Emulator, token: string, target: Target, level: Level): Promise<Answer>;
}

const E = "/api/2.0/serving-endpoints";
const P = "/api/2.0/permissions/serving-endpoints";
const bobEntry = (level: Level) => (level === "NONE" ? [] : [{ user_name: "bob@example.com", permission_level: level }]);

// Every route that names an endpoint; DELETE last, since it ends the endpoint.
const ROUTES: Route[] = [
  { label: "GET endpoint", need: "CAN_VIEW", ok: 200, send: (emu, t, e) => call(emu, "GET", `${E}/${e.name}`, undefined, t) },
  { label: "GET metrics", need: "CAN_VIEW", ok: 200, send: (emu, t, e) => call(emu, "GET", `${E}/${e.name}/metrics`, undefined, t) },
  { label: "GET openapi", need: "CAN_VIEW", ok: 200, send: (emu, t, e) => call(emu, "GET", `${E}/${e.name}/openapi`, undefined, t) },
  { label: "GET permissions", need: "CAN_VIEW", ok: 200, send: (emu, t, e) => call(emu, "GET", `${P}/${e.id}`, undefined, t) },
  { label: "GET permissionLevels", need: "CAN_VIEW", ok: 200, send: (emu, t, e) => call(emu, "GET", `${P}/${e.id}/permissionLevels`, undefined, t) },
  { label: "POST invocations", need: "CAN_QUERY", ok: 200, send: (emu, t, e) => call(emu, "POST", `/serving-endpoints/${e.name}/invocations`, userMessage("hi"), t) },
  { label: "POST served-model invocations", need: "CAN_QUERY", ok: 200, send: (emu, t, e) => call(emu, "POST", `/serving-endpoints/${e.name}/served-models/m/invocations`, userMessage("hi"), t) },
  { label: "POST chat/completions", need: "CAN_QUERY", ok: 200, send: (emu, t, e) => call(emu, "POST", "/serving-endpoints/chat/completions", { model: e.name, ...userMessage("hi") }, t) },
  { label: "POST completions", need: "CAN_QUERY", ok: 400, send: (emu, t, e) => call(emu, "POST", "/serving-endpoints/completions", { model: e.name, prompt: "hi" }, t) },
  { label: "POST embeddings", need: "CAN_QUERY", ok: 400, send: (emu, t, e) => call(emu, "POST", "/serving-endpoints/embeddings", { model: e.name, input: "hi" }, t) },
  { label: "POST responses", need: "CAN_QUERY", ok: 200, send: (emu, t, e) => call(emu, "POST", "/serving-endpoints/responses", { model: e.name, input: "hi" }, t) },
  { label: "GET served-model logs", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "GET", `${E}/${e.name}/served-models/m/logs`, undefined, t) },
  { label: "GET build logs", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "GET", `${E}/${e.name}/served-models/m/build-logs`, undefined, t) },
  { label: "PUT config", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "PUT", `${E}/${e.name}/config`, chatConfigWith("sk-bob-plain", undefined, true), t) },
  { label: "PUT rate-limits", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "PUT", `${E}/${e.name}/rate-limits`, { rate_limits: [] }, t) },
  { label: "PATCH tags", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "PATCH", `${E}/${e.name}/tags`, { add_tags: [{ key: "by", value: "bob" }] }, t) },
  { label: "PUT ai-gateway", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "PUT", `${E}/${e.name}/ai-gateway`, { usage_tracking_config: { enabled: true } }, t) },
  { label: "PATCH notifications", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "PATCH", `${E}/${e.name}/notifications`, { email_notifications: { on_update_failure: ["bob@example.com"] } }, t) },
  { label: "PATCH permissions", need: "CAN_MANAGE", ok: 200, send: (emu, t, e, l) => call(emu, "PATCH", `${P}/${e.id}`, { access_control_list: bobEntry(l) }, t) },
  { label: "PUT permissions", need: "CAN_MANAGE", ok: 200, send: (emu, t, e, l) => call(emu, "PUT", `${P}/${e.id}`, { access_control_list: bobEntry(l) }, t) },
  { label: "DELETE endpoint", need: "CAN_MANAGE", ok: 200, send: (emu, t, e) => call(emu, "DELETE", `${E}/${e.name}`, undefined, t) },
];

const test = suite<{ emu: Emulator }>("endpoint ACLs: every route × every level, over real HTTP");

test.before(async (ctx) => {
  ctx.emu = await startWorkspace();
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

async function aliceCreates(emu: Emulator, name: string): Promise<Target> {
  const created = await call(emu, "POST", E, { name, config: chatConfigWith("sk-alice-plain", undefined, true) }, ALICE);
  assert.is(created.status, 200, created.text);
  assert.is(created.body.permission_level, "CAN_MANAGE", "the creator gets CAN_MANAGE");
  return { name, id: created.body.id };
}

for (const level of LEVELS) {
  test(`bob with ${level} on alice's endpoint`, async ({ emu }) => {
    const target = await aliceCreates(emu, `matrix-${level.toLowerCase().replace("_", "-")}`);
    if (level !== "NONE") assert.is((await call(emu, "PUT", `${P}/${target.id}`, { access_control_list: bobEntry(level) }, ALICE)).status, 200);

    const listed = await call(emu, "GET", E, undefined, BOB);
    assert.is(listed.status, 200);
    const names = (listed.body.endpoints ?? []).map((e: { name: string }) => e.name);
    assert.is(names.includes(target.name), level !== "NONE", "list shows only what bob can view");
    if (level !== "NONE") assert.is(listed.body.endpoints.find((e: { name: string }) => e.name === target.name).permission_level, level);

    for (const route of ROUTES) {
      const answer = await route.send(emu, BOB, target, level);
      const where = `${route.label} with ${level}: ${answer.status} ${answer.text.slice(0, 200)}`;
      if (RANK[level] >= RANK[route.need]) {
        assert.is(answer.status, route.ok, where);
      } else if (level === "NONE") {
        assert.is(answer.status, 404, where);
        assert.is(answer.body.error_code, "RESOURCE_DOES_NOT_EXIST", where);
      } else {
        assert.is(answer.status, 403, where);
        assert.is(answer.body.error_code, "PERMISSION_DENIED", where);
      }
    }

    const after = await call(emu, "GET", `${E}/${target.name}`, undefined, ALICE);
    if (level === "CAN_MANAGE") {
      assert.is(after.status, 404, "bob, a manager, deleted it");
    } else {
      // Nothing a refused call tried to change changed.
      assert.is(after.status, 200);
      assert.equal(after.body.tags, []);
      assert.is(after.body.config.config_version, 1);
      assert.is(after.body.ai_gateway, undefined);
      assert.is(after.body.email_notifications, undefined);
    }
  });
}

test("no permission looks exactly like no endpoint (name and id routes)", async ({ emu }) => {
  const target = await aliceCreates(emu, "hidden");
  const hidden = await call(emu, "GET", `${E}/hidden`, undefined, BOB);
  const missing = await call(emu, "GET", `${E}/never-created`, undefined, BOB);
  assert.is(hidden.status, 404);
  assert.is(hidden.body.message.replace("hidden", "X"), missing.body.message.replace("never-created", "X"));
  const byId = await call(emu, "GET", `${P}/${target.id}`, undefined, BOB);
  const bogus = await call(emu, "GET", `${P}/0123456789abcdef0123456789abcdef`, undefined, BOB);
  assert.is(byId.status, 404);
  assert.is(byId.body.message.replace(target.id, "X"), bogus.body.message.replace("0123456789abcdef0123456789abcdef", "X"));
  assert.is((await call(emu, "GET", `${P}/hidden`, undefined, BOB)).body.message.includes("is an endpoint name"), false, "the name hint is for those who can see it");
  assert.is((await call(emu, "GET", `${P}/hidden`, undefined, ALICE)).body.message.includes("is an endpoint name"), true);
});

test("groups: a grant to ml-team reaches carol, not bob; a grant to `users` reaches everyone", async ({ emu }) => {
  const target = await aliceCreates(emu, "team");
  await call(emu, "PATCH", `${P}/${target.id}`, { access_control_list: [{ group_name: "ml-team", permission_level: "CAN_QUERY" }] }, ALICE);
  assert.is((await call(emu, "POST", "/serving-endpoints/team/invocations", userMessage("hi"), CAROL)).status, 200);
  assert.is((await call(emu, "PUT", `${E}/team/rate-limits`, { rate_limits: [] }, CAROL)).status, 403);
  assert.is((await call(emu, "POST", "/serving-endpoints/team/invocations", userMessage("hi"), BOB)).status, 404);
  await call(emu, "PATCH", `${P}/${target.id}`, { access_control_list: [{ group_name: "users", permission_level: "CAN_VIEW" }] }, ALICE);
  assert.is((await call(emu, "GET", `${E}/team`, undefined, BOB)).body.permission_level, "CAN_VIEW");
  assert.is((await call(emu, "POST", "/serving-endpoints/team/invocations", userMessage("hi"), BOB)).status, 403);
  // The strongest grant wins: carol has CAN_QUERY through ml-team and CAN_VIEW through users.
  assert.is((await call(emu, "GET", `${E}/team`, undefined, CAROL)).body.permission_level, "CAN_QUERY");
});

test("admins manage everything without a grant; the admins group is inherited and cannot be edited", async ({ emu }) => {
  const target = await aliceCreates(emu, "admin-view");
  const listed = await call(emu, "GET", E, undefined, ADMIN);
  assert.ok(listed.body.endpoints.some((e: { name: string; permission_level: string }) => e.name === "admin-view" && e.permission_level === "CAN_MANAGE"));
  assert.is((await call(emu, "PATCH", `${E}/admin-view/tags`, { add_tags: [{ key: "by", value: "admin" }] }, ADMIN)).status, 200);
  const acl = await call(emu, "GET", `${P}/${target.id}`, undefined, ADMIN);
  assert.equal(acl.body.access_control_list.at(-1), { group_name: "admins", all_permissions: [{ permission_level: "CAN_MANAGE", inherited: true, inherited_from_object: ["/serving-endpoints/"] }] });
  const edit = await call(emu, "PATCH", `${P}/${target.id}`, { access_control_list: [{ group_name: "admins", permission_level: "CAN_VIEW" }] }, ALICE);
  assert.is(edit.status, 400);
  assert.is(edit.body.error_code, "INVALID_PARAMETER_VALUE");
  assert.is((await call(emu, "DELETE", `${E}/admin-view`, undefined, ADMIN)).status, 200);
});

test("a replace keeps the creator's CAN_MANAGE; a manager that is not the creator can be removed", async ({ emu }) => {
  const target = await aliceCreates(emu, "owned");
  await call(emu, "PUT", `${P}/${target.id}`, { access_control_list: [{ user_name: "bob@example.com", permission_level: "CAN_MANAGE" }] }, ALICE);
  const replaced = await call(emu, "PUT", `${P}/${target.id}`, { access_control_list: [] }, BOB);
  assert.is(replaced.status, 200);
  assert.equal(replaced.body.access_control_list.map((e: { user_name?: string; group_name?: string }) => e.user_name ?? e.group_name), ["alice@example.com", "admins"]);
  assert.is((await call(emu, "GET", `${E}/owned`, undefined, BOB)).status, 404);
  assert.is((await call(emu, "GET", `${E}/owned`, undefined, ALICE)).body.permission_level, "CAN_MANAGE");
});

test("a grant to a user or service principal that does not exist is refused (400); groups are open", async ({ emu }) => {
  const target = await aliceCreates(emu, "typo");
  const typo = await call(emu, "PATCH", `${P}/${target.id}`, { access_control_list: [{ user_name: "bob@exmaple.com", permission_level: "CAN_QUERY" }] }, ALICE);
  assert.is(typo.status, 400);
  assert.match(typo.body.message, "bob@exmaple.com");
  const wrongKind = await call(emu, "PATCH", `${P}/${target.id}`, { access_control_list: [{ service_principal_name: "bob@example.com", permission_level: "CAN_QUERY" }] }, ALICE);
  assert.is(wrongKind.status, 400, "bob is a user, not a service principal");
  assert.is((await call(emu, "PATCH", `${P}/${target.id}`, { access_control_list: [{ group_name: "not-yet-used", permission_level: "CAN_VIEW" }] }, ALICE)).status, 200);
});

test("a name taken by an endpoint bob cannot see is still taken (409), as names are workspace-wide", async ({ emu }) => {
  await aliceCreates(emu, "taken");
  const clash = await call(emu, "POST", E, { name: "taken", config: chatConfigWith("sk-b", undefined, true) }, BOB);
  assert.is(clash.status, 409);
});

test.run();
