import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Principal } from "../../../src/emulator/auth.js";
import { manualClock } from "../../../src/emulator/clock.js";
import { EndpointService } from "../../../src/emulator/endpoints/service.js";
import { SecretService } from "../../../src/emulator/secrets/service.js";
import { ApiFailure } from "../../../src/emulator/http/api-failure.js";
import { Store } from "../../../src/emulator/store/store.js";
import { chatConfig } from "../helpers.js";

/** A store without a file that counts how often the state would be written. */
class CountingStore extends Store {
  writes = 0;
  constructor() {
    super(undefined);
  }
  override commit(): void {
    this.writes++;
  }
  override write(): void {
    this.writes++;
  }
}

const alice: Principal = { name: "alice@example.com", groups: [], servicePrincipal: false, admin: true };

function setup(deployDelay: number | "next-read" = 1_000) {
  const store = new CountingStore();
  const clock = manualClock(1_700_000_000_000);
  const events: string[] = [];
  const endpoints = new EndpointService({ store, clock, deployDelay, listener: { limitsChanged: (n) => events.push(`limits ${n}`), removed: (n) => events.push(`removed ${n}`) } });
  const secrets = new SecretService(store, clock);
  secrets.createScope(alice, { scope: "my-scope" });
  secrets.putSecret(alice, { scope: "my-scope", key: "openai-api-key", string_value: "k" });
  store.writes = 0;
  return { store, clock, endpoints, events };
}

/** Runs `op` and returns how many state writes it made (also when it throws). */
function writesOf(store: CountingStore, op: () => unknown): number {
  const before = store.writes;
  try {
    op();
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
  }
  return store.writes - before;
}

const test = suite("EndpointService: operations on the state, one write each");

test("each management operation writes the state exactly once", () => {
  const { store, clock, endpoints, events } = setup();
  assert.is(writesOf(store, () => endpoints.create(alice, { name: "a", config: chatConfig() })), 1);
  clock.advance(1_001); // the deploy timer settles it: one write for the pass
  assert.is(store.writes, 2);
  assert.is(writesOf(store, () => endpoints.updateConfig(alice, "a", chatConfig("b"))), 1);
  assert.is(writesOf(store, () => endpoints.putRateLimits(alice, "a", { rate_limits: [{ key: "user", renewal_period: "minute", calls: 3 }] })), 1);
  assert.is(writesOf(store, () => endpoints.patchTags(alice, "a", { add_tags: [{ key: "k", value: "v" }] })), 1);
  assert.is(writesOf(store, () => endpoints.putAiGateway(alice, "a", { usage_tracking_config: { enabled: true } })), 1);
  assert.is(writesOf(store, () => endpoints.patchNotifications(alice, "a", { email_notifications: { on_update_success: ["a@example.com"] } })), 1);
  assert.is(writesOf(store, () => endpoints.delete(alice, "a")), 1);
  assert.equal(events, ["limits a", "limits a", "removed a"]);
});

test("a refused operation writes nothing; a read writes only when it settles something", () => {
  const { store, endpoints } = setup();
  assert.is(writesOf(store, () => endpoints.updateConfig(alice, "missing", chatConfig())), 0);
  assert.is(writesOf(store, () => endpoints.create(alice, { name: "databricks-x", config: chatConfig() })), 0);
  endpoints.create(alice, { name: "a", config: chatConfig() });
  assert.is(writesOf(store, () => endpoints.create(alice, { name: "a", config: chatConfig() })), 0, "409");
  assert.is(writesOf(store, () => endpoints.updateConfig(alice, "a", chatConfig("b"))), 0, "409 while IN_PROGRESS, nothing due");
  assert.is(writesOf(store, () => endpoints.get(alice, "a")), 0, "nothing due: a read changes nothing");
});

test("a settle caught by a refused update is still written (once)", () => {
  const { store, clock, endpoints } = setup(1_000);
  endpoints.create(alice, { name: "a", config: chatConfig() });
  endpoints.stop(); // no timer (and nothing due yet): the deployment falls due with nobody settling it
  clock.advance(1_000);
  const before = store.writes;
  try {
    endpoints.updateConfig(alice, "a", { served_entities: "not a list" });
    assert.unreachable("bad config accepted");
  } catch (error) {
    assert.instance(error, ApiFailure);
  }
  assert.is(store.writes - before, 1);
  assert.is(endpoints.get(alice, "a").config?.config_version, 1);
});

test('"next-read" deploys: no timer; the first read keeps IN_PROGRESS, the second settles', () => {
  const { clock, endpoints } = setup("next-read");
  endpoints.create(alice, { name: "a", config: chatConfig() });
  assert.is(clock.pendingTimers(), 0);
  endpoints.settleDue();
  assert.ok(endpoints.get(alice, "a").pending_config !== undefined, "first read");
  assert.is(endpoints.get(alice, "a").pending_config, undefined, "second read");
});

test("the creator comes from the caller, timestamps from the clock", () => {
  const { clock, endpoints } = setup();
  const record = endpoints.create(alice, { name: "a", config: chatConfig() });
  assert.is(record.creator, alice.name);
  assert.is(record.creation_timestamp, clock.now());
  assert.equal(record.access_control_list, [{ user_name: alice.name, permission_level: "CAN_MANAGE" }]);
});

test.run();
