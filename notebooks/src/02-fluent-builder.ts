// %% [markdown]
// # The fluent endpoint builder
//
// Writing a serving-endpoint payload by hand means remembering that OpenAI's key goes in
// `openai_config.openai_api_key`, Bedrock's in `amazon_bedrock_config.aws_secret_access_key`,
// that a custom provider wants `bearer_token_auth.token`, that two served entities need a
// `traffic_config` adding up to 100… The builder knows. It is **immutable** (every call returns a
// new builder, so partial builders can be shared) and **compiles to the exact REST payload**: this
// notebook shows each built payload beside the REST dict it equals, then deploys a few.

// %%
import { connect } from "databricks-deployments/emulator";
const { client, kind, description, close } = await connect();
console.log(`Connected to the ${description}`);

// %%
import { endpoint, secret } from "databricks-deployments";
import {
  show, payloadComparison, endpointCard, endpointsTable,
} from "databricks-deployments/notebook";

// %% [markdown]
// ## The MLflow page's endpoint
//
// `build()` returns the full create payload of `POST /api/2.0/serving-endpoints` — validated:
// a missing key, an unknown field or a bad traffic split throws a `ValidationError` before
// anything is sent. The provider (`openai`) and the task (`llm/v1/chat`) are inferred from the
// model name here; the page's entity is named `test`, so that is given.

// %%
const docsEndpoint = endpoint("chat")
  .externalModel("gpt-4", { name: "test", apiKey: secret("my-scope", "openai-api-key") })
  .tag("foo", "bar")
  .rateLimit({ key: "user", renewalPeriod: "minute", calls: 5 });

show(payloadComparison(docsEndpoint.build(), {
  name: "chat",
  config: {
    served_entities: [
      {
        name: "test",
        external_model: {
          name: "gpt-4",
          provider: "openai",
          task: "llm/v1/chat",
          openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" },
        },
      },
    ],
  },
  tags: [{ key: "foo", value: "bar" }],
  rate_limits: [{ key: "user", renewal_period: "minute", calls: 5 }],
}, { leftTitle: "endpoint(\"chat\")…build()", rightTitle: "REST payload" }));

// %% [markdown]
// ## Every provider
//
// `apiKey` takes a secret reference (`secret(scope, key)` → `{{secrets/scope/key}}`) and lands in
// whatever field the provider calls its key. Provider-specific settings are the REST fields in
// camelCase (`openaiConfig.openaiApiBase` → `openai_config.openai_api_base`). The served entity's
// name defaults to the model name with `.` and `:` replaced by `-`, as Databricks does.

// %%
const key = (name: string) => secret("my-scope", name);
const ref = (name: string) => `{{secrets/my-scope/${name}}}`;
const chat = (name: string, provider: string, config: object) =>
  ({ name, provider, task: "llm/v1/chat", ...config });
const providers: Array<[string, any, any]> = [
  ["OpenAI",
    endpoint("p").externalModel("gpt-4o", { apiKey: key("openai") }),
    { name: "gpt-4o", external_model: chat("gpt-4o", "openai", {
      openai_config: { openai_api_key: ref("openai") } }) }],
  ["Azure OpenAI",
    endpoint("p").externalModel("gpt-4o", { name: "azure-gpt-4o", openaiConfig: {
      openaiApiType: "azure",
      openaiApiKey: key("azure-openai"),
      openaiApiBase: "https://my-resource.openai.azure.com/",
      openaiApiVersion: "2024-02-01",
      openaiDeploymentName: "gpt-4o" } }),
    { name: "azure-gpt-4o", external_model: chat("gpt-4o", "openai", { openai_config: {
      openai_api_type: "azure",
      openai_api_key: ref("azure-openai"),
      openai_api_base: "https://my-resource.openai.azure.com/",
      openai_api_version: "2024-02-01",
      openai_deployment_name: "gpt-4o" } }) }],
  ["Anthropic",
    endpoint("p").externalModel("claude-3-5-sonnet-latest", { apiKey: key("anthropic") }),
    { name: "claude-3-5-sonnet-latest",
      external_model: chat("claude-3-5-sonnet-latest", "anthropic", {
        anthropic_config: { anthropic_api_key: ref("anthropic") } }) }],
  ["Cohere",
    endpoint("p").externalModel("command-r-plus", { provider: "cohere", apiKey: key("cohere") }),
    { name: "command-r-plus", external_model: chat("command-r-plus", "cohere", {
      cohere_config: { cohere_api_key: ref("cohere") } }) }],
  ["AI21 Labs",
    endpoint("p").externalModel("jamba-1.5-large",
      { provider: "ai21labs", apiKey: key("ai21labs") }),
    { name: "jamba-1-5-large", external_model: chat("jamba-1.5-large", "ai21labs", {
      ai21labs_config: { ai21labs_api_key: ref("ai21labs") } }) }],
  ["Amazon Bedrock",
    endpoint("p").externalModel("anthropic.claude-3-5-sonnet-20240620-v1:0", {
      amazonBedrockConfig: {
        awsRegion: "us-east-1",
        bedrockProvider: "anthropic",
        awsAccessKeyId: key("aws-access-key-id"),
        awsSecretAccessKey: key("aws-secret-access-key") } }),
    { name: "anthropic-claude-3-5-sonnet-20240620-v1-0",
      external_model: chat("anthropic.claude-3-5-sonnet-20240620-v1:0", "amazon-bedrock", {
        amazon_bedrock_config: {
          aws_region: "us-east-1",
          bedrock_provider: "anthropic",
          aws_access_key_id: ref("aws-access-key-id"),
          aws_secret_access_key: ref("aws-secret-access-key") } }) }],
  ["Google Vertex AI",
    endpoint("p").externalModel("gemini-1.5-pro", {
      googleCloudVertexAiConfig: { projectId: "my-project", region: "us-central1" },
      apiKey: key("gcp-private-key") }),
    { name: "gemini-1-5-pro", external_model: chat("gemini-1.5-pro", "google-cloud-vertex-ai", {
      google_cloud_vertex_ai_config: {
        project_id: "my-project",
        region: "us-central1",
        private_key: ref("gcp-private-key") } }) }],
  ["PaLM",
    endpoint("p").externalModel("chat-bison-001", { provider: "palm", apiKey: key("palm") }),
    { name: "chat-bison-001", external_model: chat("chat-bison-001", "palm", {
      palm_config: { palm_api_key: ref("palm") } }) }],
  ["Another workspace",
    endpoint("p").externalModel("databricks-meta-llama-3-3-70b-instruct", {
      task: "llm/v1/chat",
      databricksModelServingConfig: {
        databricksWorkspaceUrl: "https://other.cloud.databricks.com" },
      apiKey: key("other-workspace-token") }),
    { name: "databricks-meta-llama-3-3-70b-instruct",
      external_model: chat("databricks-meta-llama-3-3-70b-instruct", "databricks-model-serving", {
        databricks_model_serving_config: {
          databricks_workspace_url: "https://other.cloud.databricks.com",
          databricks_api_token: ref("other-workspace-token") } }) }],
  ["Custom provider",
    endpoint("p").externalModel("my-llm", {
      customProviderConfig: { customProviderUrl: "https://llm.example.com/v1" },
      apiKey: key("my-llm-token") }),
    { name: "my-llm", external_model: chat("my-llm", "custom", {
      custom_provider_config: {
        custom_provider_url: "https://llm.example.com/v1",
        bearer_token_auth: { token: ref("my-llm-token") } } }) }],
  ["Embeddings",
    endpoint("p").externalModel("text-embedding-3-small", { apiKey: key("openai") }),
    { name: "text-embedding-3-small", external_model: {
      ...chat("text-embedding-3-small", "openai", {
        openai_config: { openai_api_key: ref("openai") } }),
      task: "llm/v1/embeddings" } }],
];
for (const [label, builder, rest] of providers) {
  const entity = builder.build().config.served_entities[0];
  show(payloadComparison(entity, rest,
    { leftTitle: `${label}: builder`, rightTitle: "REST served entity" }));
}

// %% [markdown]
// ## Several served entities, a traffic split, the AI gateway
//
// An A/B test: 80 % of the traffic to GPT-4o, 20 % to Claude; usage tracking, a per-user gateway
// limit in calls and tokens, guardrails on the input, and fallbacks (on a provider error, the
// other entity answers). Each call adds to a new builder — `base` is still the bare two-model
// endpoint afterwards.

// %%
const base = endpoint("ab-test")
  .externalModel("gpt-4o", { apiKey: secret("my-scope", "openai-api-key") })
  .externalModel("claude-3-5-sonnet-latest", { apiKey: secret("my-scope", "anthropic-api-key") })
  .tag("team", "ml-platform");

const abTest = base
  .traffic({ "gpt-4o": 80, "claude-3-5-sonnet-latest": 20 })
  .usageTracking()
  .gatewayRateLimit({ key: "user", calls: 100, tokens: 50_000 })
  .guardrails({ input: { safety: true, pii: "BLOCK" } })
  .fallback()
  .description("GPT-4o vs Claude, 80/20");

show(payloadComparison(abTest.build(), {
  name: "ab-test",
  config: {
    served_entities: [
      { name: "gpt-4o", external_model: {
        name: "gpt-4o", provider: "openai", task: "llm/v1/chat",
        openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } },
      { name: "claude-3-5-sonnet-latest", external_model: {
        name: "claude-3-5-sonnet-latest", provider: "anthropic", task: "llm/v1/chat",
        anthropic_config: { anthropic_api_key: "{{secrets/my-scope/anthropic-api-key}}" } } },
    ],
    traffic_config: { routes: [
      { served_entity_name: "gpt-4o", traffic_percentage: 80 },
      { served_entity_name: "claude-3-5-sonnet-latest", traffic_percentage: 20 },
    ] },
  },
  tags: [{ key: "team", value: "ml-platform" }],
  ai_gateway: {
    usage_tracking_config: { enabled: true },
    rate_limits: [{ key: "user", calls: 100, tokens: 50000, renewal_period: "minute" }],
    guardrails: { input: { safety: true, pii: { behavior: "BLOCK" } } },
    fallback_config: { enabled: true },
  },
  description: "GPT-4o vs Claude, 80/20",
}, { leftTitle: "abTest.build()", rightTitle: "REST payload" }));
const baseHasTraffic = JSON.stringify(base.build()).includes("traffic_config");
console.log(`base is unchanged: ${baseHasTraffic ? "no" : "yes"}`);

// %% [markdown]
// The same builder also gives the bodies of the separate update calls, so one description of an
// endpoint serves creation and every later change:

// %%
const built = abTest.build();
show(payloadComparison(abTest.configBody(), built.config,
  { leftTitle: "configBody() → PUT …/config", rightTitle: "build().config" }));
show(payloadComparison(abTest.aiGatewayBody(), built.ai_gateway,
  { leftTitle: "aiGatewayBody() → PUT …/ai-gateway", rightTitle: "build().ai_gateway" }));
show(payloadComparison(abTest.tagsPatch({ remove: ["obsolete"] }),
  { add_tags: [{ key: "team", value: "ml-platform" }], delete_tags: ["obsolete"] },
  { leftTitle: "tagsPatch() → PATCH …/tags", rightTitle: "REST body" }));

// %% [markdown]
// ## Deploy it
//
// `createEndpoint` takes the builder itself; `{ wait: true }` returns once the deployment has
// settled. The secrets the config names must exist, on the emulator as on a workspace: here the
// emulator gets placeholders; on a workspace, store both keys in `my-scope` first (notebook 1
// shows how) — this creates real endpoints there, deleted again at the end.

// %%
const existingScopes = await client.listSecretScopes();
if (!existingScopes.some((s) => s.name === "my-scope")) {
  await client.createSecretScope({ scope: "my-scope" });
}
if (kind === "emulator") {
  for (const k of ["openai-api-key", "anthropic-api-key"]) {
    const stringValue = "sk-placeholder-not-a-real-key";
    await client.putSecret({ scope: "my-scope", key: k, stringValue });
  }
}
const deployed = await client.createEndpoint(abTest, { wait: true });
show(endpointCard(deployed));

// %% [markdown]
// `createOrUpdateEndpoint` makes a builder the desired state: it creates the endpoint, or — as
// here, where it exists — updates its config, tags and gateway to match. Moving to 50/50:

// %%
const fiftyFifty = abTest.traffic({ "gpt-4o": 50, "claude-3-5-sonnet-latest": 50 });
const updated = await client.createOrUpdateEndpoint(fiftyFifty, { wait: true });
show(endpointCard(updated));

// %% [markdown]
// Traffic decides which entity answers each query; the response names it in `model`:

// %%
const models: Record<string, number> = {};
for (let i = 0; i < 10; i++) {
  const reply: any = await client.predict({
    endpoint: "ab-test",
    inputs: { messages: [{ role: "user", content: `question ${i}` }], max_tokens: 16 },
  });
  models[reply.model] = (models[reply.model] ?? 0) + 1;
}
console.log(models);

// %% [markdown]
// Clean up: delete what this notebook created and stop the emulator, if one was started.

// %%
await client.deleteEndpoint("ab-test");
show(endpointsTable(await client.listEndpoints()));
await close();
