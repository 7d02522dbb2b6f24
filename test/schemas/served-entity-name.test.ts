import { test } from "uvu";
import * as assert from "uvu/assert";
import { endpoint } from "../../src/index.js";
import { defaultEntityName, hoistLegacyCreatePayload, LEGACY_TOP_LEVEL_KEYS } from "../../src/schemas/index.js";
import { startEmulator } from "../../src/emulator/index.js";

test("the documented rule: only '.' and ':' become '-' in an external model's name", () => {
  assert.is(defaultEntityName({ external_model: { name: "meta/llama-3" } }), "meta/llama-3");
  assert.is(defaultEntityName({ external_model: { name: "anthropic.claude-3-sonnet-20240229-v1:0" } }), "anthropic-claude-3-sonnet-20240229-v1-0");
  assert.is(defaultEntityName({ entity_name: "main.default.ads1", entity_version: "1" }), "ads1-1");
  assert.is(defaultEntityName({ model_name: "ads1", model_version: "12" }), "ads1-12");
});

test("the builder and the emulator name an unnamed entity alike (meta/llama-3 diverged before)", async () => {
  const built = endpoint("llama").externalModel("meta/llama-3", { provider: "openai", apiKeyPlaintext: "sk-test-key-1234" }).build();
  const builtName = (built.config as { served_entities: Array<{ name?: string }> }).served_entities[0]?.name;
  const emu = await startEmulator({ seed: false, deployDelayMs: 0 });
  try {
    const { name: _drop, ...unnamed } = (built.config as { served_entities: Array<Record<string, unknown>> }).served_entities[0]!;
    const created = await emu.client().createEndpoint({ name: "llama", config: { served_entities: [unnamed] } });
    const pending = (created as { pending_config?: { served_entities?: Array<{ name?: string }> } }).pending_config;
    const stored = pending?.served_entities?.[0]?.name ?? created.config?.served_entities?.[0]?.name;
    assert.is(builtName, "meta/llama-3");
    assert.is(stored, builtName);
  } finally {
    await emu.close();
  }
});

test("one list of legacy top-level keys drives the client's hoist", () => {
  const config: Record<string, unknown> = { served_entities: [] };
  for (const k of LEGACY_TOP_LEVEL_KEYS) config[k] = k === "route_optimized" ? true : [k];
  const hoisted = hoistLegacyCreatePayload("e", config);
  assert.equal(Object.keys(hoisted.config as object), ["served_entities"]);
  for (const k of LEGACY_TOP_LEVEL_KEYS) assert.ok(k in hoisted, k);
});

test.run();
