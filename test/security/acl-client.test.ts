// The client over the ACL'd emulator: getPermissions/setPermissions/updatePermissions carry the
// caller's own level, refusals are typed errors, and the secret ACL methods speak the wire API.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { NotFoundError, PermissionDeniedError, UnauthenticatedError } from "../../src/index.js";
import type { Emulator } from "../../src/emulator/index.js";
import { ALICE, BOB, chatConfigWith, startWorkspace } from "./acl-helpers.js";

const test = suite<{ emu: Emulator }>("client permission methods show the caller's level");

test.before(async (ctx) => {
  ctx.emu = await startWorkspace();
});
test.after(async (ctx) => {
  await ctx.emu.close();
});

test("callerPermissionLevel follows the grant, for the creator and for bob", async ({ emu }) => {
  const alice = emu.client({ token: ALICE, maxRetries: 0 });
  const bob = emu.client({ token: BOB, maxRetries: 0 });
  await alice.createEndpoint({ name: "shared", config: chatConfigWith("sk-plain", undefined, true) });
  const own = await alice.getPermissions({ endpoint: "shared" });
  assert.is(own.callerPermissionLevel, "CAN_MANAGE");
  assert.is(own.object_type, "serving-endpoint");
  try {
    await bob.getPermissions({ endpoint: "shared" });
    assert.unreachable("bob cannot see it");
  } catch (error) {
    assert.instance(error, NotFoundError);
  }
  const granted = await alice.updatePermissions({ endpoint: "shared", config: { access_control_list: [{ user_name: "bob@example.com", permission_level: "CAN_QUERY" }] } });
  assert.is(granted.callerPermissionLevel, "CAN_MANAGE", "alice's own level after her change");
  assert.is((await bob.getPermissions({ endpoint: "shared" })).callerPermissionLevel, "CAN_QUERY");
  assert.is((await bob.getEndpoint("shared")).permission_level, "CAN_QUERY");
  const byId = await bob.getPermissions({ endpointId: (await bob.getEndpoint("shared")).id! });
  assert.is(byId.callerPermissionLevel, undefined, "by id alone the client does not read the endpoint");
  try {
    await bob.setPermissions({ endpoint: "shared", config: { access_control_list: [] } });
    assert.unreachable("bob cannot manage it");
  } catch (error) {
    assert.instance(error, PermissionDeniedError);
    assert.is((error as PermissionDeniedError).errorCode, "PERMISSION_DENIED");
  }
});

test("secret ACL methods: put, get, list, delete", async ({ emu }) => {
  const alice = emu.client({ token: ALICE, maxRetries: 0 });
  const bob = emu.client({ token: BOB, maxRetries: 0 });
  await alice.createSecretScope({ scope: "team" });
  assert.equal(await alice.listSecretAcls({ scope: "team" }), [{ principal: "alice@example.com", permission: "MANAGE" }]);
  await alice.putSecretAcl({ scope: "team", principal: "bob@example.com", permission: "WRITE" });
  assert.equal(await alice.getSecretAcl({ scope: "team", principal: "bob@example.com" }), { principal: "bob@example.com", permission: "WRITE" });
  await bob.putSecret({ scope: "team", key: "k", stringValue: "bob-wrote-this" });
  try {
    await bob.listSecretAcls({ scope: "team" });
    assert.unreachable("WRITE is not MANAGE");
  } catch (error) {
    assert.instance(error, PermissionDeniedError);
  }
  await alice.deleteSecretAcl({ scope: "team", principal: "bob@example.com" });
  try {
    await bob.listSecrets({ scope: "team" });
    assert.unreachable("no READ any more");
  } catch (error) {
    assert.instance(error, PermissionDeniedError);
  }
});

// Databricks answers a wrong or expired token with 403 "Invalid access token."; the client reads
// that as what it is, an authentication failure (as the SDKs do), not a missing permission.
test("a wrong token (Databricks' 403 Invalid access token) is an UnauthenticatedError, no token a 401", async ({ emu }) => {
  try {
    await emu.client({ token: "dapi-not-a-token", maxRetries: 0 }).listEndpoints();
    assert.unreachable();
  } catch (error) {
    assert.instance(error, UnauthenticatedError);
    assert.is((error as UnauthenticatedError).status, 403);
    assert.match((error as Error).message, "Invalid access token.");
  }
  const res = await fetch(`${emu.url}/api/2.0/serving-endpoints`);
  assert.is(res.status, 401);
  assert.equal(await res.json(), { error_code: 401, message: "Credential was not sent or was of an unsupported type for this API." });
});

test.run();
