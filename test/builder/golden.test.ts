import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { createEndpointRequestSchema, endpoint, hoistLegacyCreatePayload, secret, validate, type EndpointBuilder } from "../../src/index.js";

const dir = new URL("../fixtures/payloads/", import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8"));
const ref = (key: string): string => secret("my-scope", key);

// Each golden payload and the builder chain a user would write for it.
const CHAINS: Record<string, () => EndpointBuilder> = {
  "docs-example": () =>
    endpoint("chat")
      .externalModel("gpt-4", { provider: "openai", task: "llm/v1/chat", name: "test", openaiConfig: { openaiApiKey: secret("my-scope", "openai-api-key") } })
      .tag("foo", "bar")
      .rateLimit({ key: "user", renewalPeriod: "minute", calls: 5 }),
  "provider-openai": () => endpoint("openai-embeddings").externalModel("text-embedding-3-small", { apiKey: ref("openai-api-key") }),
  "provider-openai-azure": () =>
    endpoint("azure-chat").externalModel("gpt-4o", {
      apiKey: ref("azure-openai-key"),
      openaiConfig: { openaiApiType: "azure", openaiApiBase: "https://my-resource.openai.azure.com/", openaiApiVersion: "2024-06-01", openaiDeploymentName: "gpt4o-prod" },
    }),
  "provider-anthropic": () => endpoint("claude").externalModel("claude-3-5-sonnet-latest", { apiKey: ref("anthropic-key") }),
  "provider-cohere": () => endpoint("cohere-embeddings").externalModel("embed-english-v3.0", { apiKey: ref("cohere-key") }),
  "provider-ai21labs": () => endpoint("jurassic").externalModel("j2-ultra", { provider: "ai21labs", task: "llm/v1/completions", apiKey: ref("ai21-key") }),
  "provider-amazon-bedrock": () =>
    endpoint("bedrock-claude").externalModel("anthropic.claude-3-sonnet-20240229-v1:0", {
      amazonBedrockConfig: { awsRegion: "us-east-1", bedrockProvider: "anthropic", awsAccessKeyId: ref("aws-access-key-id"), awsSecretAccessKey: ref("aws-secret-access-key") },
    }),
  "provider-google-cloud-vertex-ai": () =>
    endpoint("gemini").externalModel("gemini-1.5-pro", { apiKey: ref("gcp-private-key"), googleCloudVertexAiConfig: { projectId: "my-project", region: "us-central1" } }),
  "provider-palm": () => endpoint("palm").externalModel("chat-bison-001", { provider: "palm", apiKey: ref("palm-key") }),
  "provider-databricks-model-serving": () =>
    endpoint("remote-llama").externalModel("databricks-meta-llama-3-1-70b-instruct", {
      name: "llama",
      task: "llm/v1/chat",
      databricksModelServingConfig: { databricksWorkspaceUrl: "https://other-workspace.cloud.databricks.com", databricksApiToken: ref("other-workspace-pat") },
    }),
  "provider-custom": () =>
    endpoint("local-llm").externalModel("qwen2.5-7b-instruct", {
      task: "llm/v1/chat",
      customProviderConfig: { customProviderUrl: "https://llm.example.com/v1", apiKeyAuth: { key: "X-API-Key", value: ref("llm-key") } },
    }),
  "traffic-split": () =>
    endpoint("ab-test")
      .externalModel("gpt-4o", { apiKey: ref("openai-api-key") })
      .externalModel("claude-3-5-sonnet-latest", { name: "claude", apiKey: ref("anthropic-key") })
      .registeredModel("main.default.ads1", { version: 3, workloadSize: "Small", scaleToZero: true })
      .traffic({ "gpt-4o": 70, claude: 30, "ads1-3": 0 }),
  "ai-gateway": () =>
    endpoint("governed-chat")
      .externalModel("gpt-4o", { apiKey: ref("openai-api-key") })
      .usageTracking()
      .inferenceTable({ catalogName: "main", schemaName: "serving_logs", tableNamePrefix: "governed_chat" })
      .gatewayRateLimit({ calls: 100, key: "user" })
      .gatewayRateLimit({ tokens: 50000, key: "user_group", principal: "data-scientists" })
      .gatewayRateLimit({ calls: 1000, tokens: 500000, key: "endpoint" })
      .guardrails({ input: { safety: true, pii: "BLOCK", invalidKeywords: ["password"] }, output: { pii: "MASK", validTopics: ["billing", "support"] } })
      .fallback()
      .routeOptimized()
      .description("Chat behind the AI gateway")
      .notifications({ onUpdateFailure: ["ops@example.com"] }),
};

const g = suite("golden payloads");

g("every fixture has a builder chain and every chain a fixture", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
  assert.equal(files, Object.keys(CHAINS).sort());
  assert.ok(files.filter((f) => f.startsWith("provider-")).length >= 9, "one fixture per provider");
});

for (const [name, chain] of Object.entries(CHAINS)) {
  g(`${name}: the builder compiles to the fixture, which passes the create schema unchanged`, () => {
    const golden = fixture(name);
    assert.equal(chain().build(), golden);
    assert.equal(validate(createEndpointRequestSchema, golden, name), golden);
  });
}

g("docs example: byte-identical JSON, no route_optimized", () => {
  const text = readFileSync(new URL("docs-example.json", dir), "utf8").trim();
  assert.is(JSON.stringify(CHAINS["docs-example"]!()), text);
});

g("builder ≡ MLflow's legacy {name, config: {…, tags, rate_limits}} form after hoisting", () => {
  const legacyConfig = {
    served_entities: [
      { name: "test", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } },
    ],
    tags: [{ key: "foo", value: "bar" }],
    rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }],
  };
  const frozen = structuredClone(legacyConfig);
  const hoisted = hoistLegacyCreatePayload("chat", legacyConfig);
  assert.equal(legacyConfig, frozen, "input untouched");
  assert.equal(hoisted, fixture("docs-example"));
  assert.equal(validate(createEndpointRequestSchema, hoisted, "create payload"), CHAINS["docs-example"]!().build());
  assert.equal(hoistLegacyCreatePayload("chat", legacyConfig, { routeOptimized: false })["route_optimized"], false);
  assert.equal(hoistLegacyCreatePayload("e", undefined), { name: "e", config: {} });
  assert.equal(hoistLegacyCreatePayload("e", { served_entities: [], route_optimized: true, ai_gateway: { fallback_config: { enabled: true } } }), {
    name: "e",
    config: { served_entities: [] },
    route_optimized: true,
    ai_gateway: { fallback_config: { enabled: true } },
  });
});

g.run();
