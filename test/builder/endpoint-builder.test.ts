import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inspect } from "node:util";
import { endpoint, EndpointBuilder, isEndpointBuilder, secret, ValidationError } from "../../src/index.js";

const KEY = secret("my-scope", "openai-api-key");

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

const b = suite("endpoint builder");

b("the MLflow docs chain compiles to exactly the docs payload, byte for byte", () => {
  const payload = endpoint("chat")
    .externalModel("gpt-4", { provider: "openai", task: "llm/v1/chat", name: "test", openaiConfig: { openaiApiKey: secret("my-scope", "openai-api-key") } })
    .tag("foo", "bar")
    .rateLimit({ key: "user", renewalPeriod: "minute", calls: 5 })
    .build();
  assert.is(
    JSON.stringify(payload),
    '{"name":"chat","config":{"served_entities":[{"name":"test","external_model":{"name":"gpt-4","provider":"openai","task":"llm/v1/chat","openai_config":{"openai_api_key":"{{secrets/my-scope/openai-api-key}}"}}}]},"tags":[{"key":"foo","value":"bar"}],"rate_limits":[{"calls":5,"key":"user","renewal_period":"minute"}]}',
  );
  assert.not.ok("route_optimized" in payload);
});

b("immutable: every call returns a new builder and the old one is unchanged", () => {
  const base = endpoint("chat").externalModel("gpt-4o", { apiKey: KEY });
  const before = JSON.stringify(base.build());
  const tagged = base.tag("a", "1");
  const limited = base.rateLimit({ calls: 3 });
  assert.is.not(tagged, base);
  assert.is(JSON.stringify(base.build()), before);
  assert.equal(tagged.build().tags, [{ key: "a", value: "1" }]);
  assert.is(limited.build().tags, undefined);
  assert.ok(Object.isFrozen(base));
  assert.throws(() => {
    (base as unknown as Record<string, unknown>)["x"] = 1;
  });
});

b("the caller's objects are copied, not frozen or shared", () => {
  const entity = { name: "a", entity_name: "main.default.m", entity_version: "1", workload_size: "Small", scale_to_zero_enabled: true };
  const built = endpoint("x").servedEntity(entity);
  entity.workload_size = "Large";
  assert.not.ok(Object.isFrozen(entity));
  assert.is(built.build().config?.served_entities?.[0]?.workload_size, "Small");
  const out = built.build();
  out.name = "mutated";
  assert.is(built.build().name, "x");
});

b("build() and toJSON() agree; JSON.stringify(builder) is the payload", () => {
  const x = endpoint("chat").externalModel("claude-3-5-sonnet-latest", { apiKey: KEY }).description("d");
  assert.equal(x.toJSON(), x.build());
  assert.is(JSON.stringify(x), JSON.stringify(x.build()));
});

b("provider and task inference, provider-neutral keys and default names", () => {
  const cases: [string, string, string, Record<string, unknown>][] = [
    ["gpt-4o", "openai", "llm/v1/chat", { openai_config: { openai_api_key: KEY } }],
    ["o3-mini", "openai", "llm/v1/chat", { openai_config: { openai_api_key: KEY } }],
    ["text-embedding-3-small", "openai", "llm/v1/embeddings", { openai_config: { openai_api_key: KEY } }],
    ["claude-3-5-sonnet-latest", "anthropic", "llm/v1/chat", { anthropic_config: { anthropic_api_key: KEY } }],
    ["command-r-plus", "cohere", "llm/v1/chat", { cohere_config: { cohere_api_key: KEY } }],
    ["embed-english-v3.0", "cohere", "llm/v1/embeddings", { cohere_config: { cohere_api_key: KEY } }],
  ];
  for (const [model, provider, task, config] of cases) {
    const entity = endpoint("e").externalModel(model, { apiKey: KEY }).build().config?.served_entities?.[0];
    assert.equal(entity?.external_model, { name: model, provider, task, ...config } as never, model);
  }
  assert.is(endpoint("e").externalModel("embed-english-v3.0", { apiKey: KEY }).build().config?.served_entities?.[0]?.name, "embed-english-v3-0");
  const gemini = endpoint("g").externalModel("gemini-1.5-pro", { googleCloudVertexAiConfig: { projectId: "p", region: "us-central1" }, apiKey: KEY }).build();
  assert.equal(gemini.config?.served_entities?.[0]?.external_model?.google_cloud_vertex_ai_config, { project_id: "p", region: "us-central1", private_key: KEY });
});

b("an uninferable model says which option to add; bedrock has no single apiKey", () => {
  const e = thrown(() => endpoint("x").externalModel("llama-3-70b", { apiKey: KEY }));
  assert.match(e.message, /cannot infer the provider of "llama-3-70b".*add \{ provider:/);
  const br = thrown(() => endpoint("x").externalModel("anthropic.claude-v2", { provider: "amazon-bedrock", apiKey: KEY }));
  assert.match(br.message, /amazonBedrockConfig/);
  const both = thrown(() => endpoint("x").externalModel("gpt-4o", { apiKey: KEY, openaiConfig: { openaiApiKey: KEY } }));
  assert.match(both.message, /both given/);
});

b("the config option alone names the provider", () => {
  const p = endpoint("x").externalModel("my-model", { customProviderConfig: { customProviderUrl: "https://llm.example.com/v1" }, apiKey: KEY }).build();
  assert.equal(p.config?.served_entities?.[0]?.external_model?.custom_provider_config, {
    custom_provider_url: "https://llm.example.com/v1",
    bearer_token_auth: { token: KEY },
  });
});

b("build() validates: bad names and missing keys name their path", () => {
  const e = thrown(() => endpoint("databricks-chat").externalModel("gpt-4o").build());
  assert.equal(e.issues.map((i) => i.path).sort(), ["config.served_entities[0].external_model.openai_config", "name"]);
  assert.match(e.message, /exactly one of openai_api_key or openai_api_key_plaintext is required/);
  const bad = thrown(() => endpoint("x").externalModel("gpt-4o", { apiKey: "{{secrets/}}" }).build());
  assert.match(bad.message, /\{\{secrets\/<scope>\/<key>\}\}/);
});

b("registered models, traffic split, gateway, notifications and route optimisation", () => {
  const p = endpoint("ab")
    .registeredModel("main.default.ads1", { version: 1, workloadSize: "Small", scaleToZero: true, environmentVars: { OPENAI_KEY: KEY } })
    .registeredModel("main.default.ads1", { version: 2, workloadSize: "Small", scaleToZero: true })
    .traffic({ "ads1-1": 90, "ads1-2": 10 })
    .usageTracking()
    .gatewayRateLimit({ tokens: 1000, key: "user" })
    .guardrails({ input: { safety: true, pii: "BLOCK" } })
    .fallback()
    .notifications({ onUpdateFailure: ["ops@example.com"] })
    .routeOptimized()
    .budgetPolicy("bp-1")
    .build();
  assert.equal(p.config?.traffic_config, { routes: [{ served_entity_name: "ads1-1", traffic_percentage: 90 }, { served_entity_name: "ads1-2", traffic_percentage: 10 }] });
  assert.equal(p.config?.served_entities?.[0]?.environment_vars, { OPENAI_KEY: KEY });
  assert.equal(p.ai_gateway, {
    usage_tracking_config: { enabled: true },
    rate_limits: [{ tokens: 1000, key: "user", renewal_period: "minute" }],
    guardrails: { input: { safety: true, pii: { behavior: "BLOCK" } } },
    fallback_config: { enabled: true },
  });
  assert.equal(p.email_notifications, { on_update_failure: ["ops@example.com"] });
  assert.is(p.route_optimized, true);
  assert.is(p.budget_policy_id, "bp-1");
  const e = thrown(() => endpoint("ab").registeredModel("m", { version: 1 }).traffic({ "m-1": 50 }).build());
  assert.match(e.message, /config\.traffic_config\.routes: traffic percentages must add up to 100/);
});

b("update bodies", () => {
  const x = endpoint("chat").externalModel("gpt-4o", { apiKey: KEY }).tag("team", "ml").rateLimit({ key: "user", calls: 20 }).usageTracking();
  assert.equal(x.configBody(), { served_entities: [{ name: "gpt-4o", external_model: { name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: KEY } } }] });
  assert.equal(x.tagsPatch({ remove: ["foo"] }), { add_tags: [{ key: "team", value: "ml" }], delete_tags: ["foo"] });
  assert.equal(x.rateLimitsBody(), { rate_limits: [{ calls: 20, key: "user", renewal_period: "minute" }] });
  assert.equal(endpoint("c").rateLimitsBody(), { rate_limits: [] });
  assert.equal(x.aiGatewayBody(), { usage_tracking_config: { enabled: true } });
  assert.equal(endpoint("c").notifications({ onUpdateSuccess: ["a@b.c"] }).notificationsBody(), { email_notifications: { on_update_success: ["a@b.c"] } });
  assert.match(thrown(() => endpoint("c").configBody()).message, /served_entities: required/);
});

b("tags are unique by key; tags() sets several", () => {
  assert.equal(endpoint("c").tag("a", "1").tag("a", "2").tags({ b: "3" }).tag("c").build().tags, [{ key: "a", value: "2" }, { key: "b", value: "3" }, { key: "c" }]);
});

b("inspecting a builder hides *_plaintext values; isEndpointBuilder works", () => {
  const x = endpoint("c").externalModel("gpt-4o", { apiKeyPlaintext: "sk-live-TOPSECRET" });
  const shown = inspect(x);
  assert.not.match(shown, /TOPSECRET/);
  assert.match(shown, /openai_api_key_plaintext/);
  assert.ok(isEndpointBuilder(x));
  assert.ok(x instanceof EndpointBuilder);
  assert.not.ok(isEndpointBuilder({ build: () => ({}) }));
  assert.is(x.name, "c");
  assert.is(x.build().config?.served_entities?.[0]?.external_model?.openai_config?.openai_api_key_plaintext, "sk-live-TOPSECRET");
});

b.run();
