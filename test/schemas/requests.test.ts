import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ValidationError } from "../../src/index.js";
import {
  aiGatewayConfigSchema,
  createEndpointRequestSchema,
  endpointCoreConfigInputSchema,
  endpointNameSchema,
  externalModelSchema,
  permissionsRequestSchema,
  putSecretRequestSchema,
  secret,
  secretReferenceSchema,
  tagsPatchRequestSchema,
  validate,
} from "../../src/schemas/index.js";
import type { z } from "zod";

function fail<T>(schema: z.ZodType<T>, value: unknown): ValidationError {
  try {
    validate(schema, value, "payload");
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error(`expected a ValidationError for ${JSON.stringify(value)}`);
}
const ok = <T>(schema: z.ZodType<T>, value: unknown): T => validate(schema, value, "payload");

const names = suite("endpoint names and secret references");

names("endpoint names follow Databricks' rule", () => {
  for (const n of ["chat", "a", "my-endpoint_2", "A".repeat(63)]) ok(endpointNameSchema, n);
  for (const n of ["", "-chat", "chat-", "has space", "dots.no", "A".repeat(64), "databricks-foo", "Databricks-Foo"]) {
    assert.ok(fail(endpointNameSchema, n).issues.length === 1, n);
  }
  assert.match(fail(endpointNameSchema, "databricks-x").message, /reserved/);
});

names("secret() builds references and rejects empty or malformed parts with the correct form", () => {
  assert.is(secret("my-scope", "openai-api-key"), "{{secrets/my-scope/openai-api-key}}");
  for (const [s, k] of [["", "x"], ["x", ""], ["a/b", "c"], ["a", "b}}"]]) {
    let err: unknown;
    try {
      secret(s!, k!);
    } catch (e) {
      err = e;
    }
    assert.instance(err, ValidationError);
    assert.match((err as Error).message, /\{\{secrets\/<scope>\/<key>\}\}/);
  }
});

names("the docs' {{secrets/}} and other malformed references are rejected, showing the correct form", () => {
  for (const bad of ["{{secrets/}}", "{{secrets/scope}}", "{{secret/a/b}}", "{{secrets/a/b}", "secrets/a/b", "{{secrets/a/b/c}}"]) {
    const e = fail(secretReferenceSchema, bad);
    assert.match(e.message, /\{\{secrets\/<scope>\/<key>\}\}/, bad);
  }
  ok(secretReferenceSchema, "{{secrets/my-scope/openai-api-key}}");
  ok(secretReferenceSchema, "{{secrets/user@example.com/key.v2}}");
});

names("a raw key put where a reference belongs is never echoed back", () => {
  const e = fail(secretReferenceSchema, "sk-live-ABCDEF123456");
  assert.not.match(e.message, /sk-live/);
  assert.match(e.message, /_plaintext/);
});

const providers = suite("external models");

const model = (provider: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: "m",
  provider,
  task: "llm/v1/chat",
  ...config,
  ...extra,
});
const REF = "{{secrets/s/k}}";

providers("each of the nine providers accepts its config", () => {
  ok(externalModelSchema, model("openai", { openai_config: { openai_api_key: REF } }));
  ok(externalModelSchema, model("openai", { openai_config: { openai_api_key_plaintext: "sk-1", openai_organization: "org" } }));
  ok(externalModelSchema, model("openai", { openai_config: { openai_api_key: REF, openai_api_type: "azure", openai_api_base: "https://x.openai.azure.com", openai_api_version: "2024-02-01", openai_deployment_name: "gpt4" } }));
  ok(externalModelSchema, model("openai", { openai_config: { openai_api_type: "azuread", openai_api_base: "https://x", openai_api_version: "2024-02-01", openai_deployment_name: "d", microsoft_entra_client_id: "c", microsoft_entra_tenant_id: "t", microsoft_entra_client_secret: REF } }));
  ok(externalModelSchema, model("anthropic", { anthropic_config: { anthropic_api_key: REF } }));
  ok(externalModelSchema, model("cohere", { cohere_config: { cohere_api_key_plaintext: "c", cohere_api_base: "https://x" } }));
  ok(externalModelSchema, model("ai21labs", { ai21labs_config: { ai21labs_api_key: REF } }));
  ok(externalModelSchema, model("amazon-bedrock", { amazon_bedrock_config: { aws_region: "us-east-1", bedrock_provider: "Anthropic", aws_access_key_id: REF, aws_secret_access_key_plaintext: "x" } }));
  ok(externalModelSchema, model("amazon-bedrock", { amazon_bedrock_config: { aws_region: "us-east-1", bedrock_provider: "amazon", instance_profile_arn: "arn:x" } }));
  ok(externalModelSchema, model("google-cloud-vertex-ai", { google_cloud_vertex_ai_config: { project_id: "p", region: "us-central1", private_key: REF } }));
  ok(externalModelSchema, model("palm", { palm_config: { palm_api_key: REF } }));
  ok(externalModelSchema, model("databricks-model-serving", { databricks_model_serving_config: { databricks_workspace_url: "https://w", databricks_api_token: REF } }));
  ok(externalModelSchema, model("custom", { custom_provider_config: { custom_provider_url: "https://x", api_key_auth: { key: "X-Key", value: REF } } }));
  ok(externalModelSchema, model("custom", { custom_provider_config: { custom_provider_url: "https://x", bearer_token_auth: { token_plaintext: "t" } } }));
});

providers("exactly one of the key and its plaintext twin", () => {
  const none = fail(externalModelSchema, model("anthropic", { anthropic_config: {} }));
  assert.equal(none.issues, [{ path: "anthropic_config", message: "exactly one of anthropic_api_key or anthropic_api_key_plaintext is required", code: "exactly_one" }]);
  const both = fail(externalModelSchema, model("palm", { palm_config: { palm_api_key: REF, palm_api_key_plaintext: "TOPSECRET" } }));
  assert.match(both.message, /palm_config: exactly one of palm_api_key or palm_api_key_plaintext is required, but both are set/);
  assert.not.match(both.message, /TOPSECRET/);
  const custom = fail(externalModelSchema, model("custom", { custom_provider_config: { custom_provider_url: "u", api_key_auth: { key: "k" } } }));
  assert.is(custom.issues[0]!.path, "custom_provider_config.api_key_auth");
  const bedrock = fail(externalModelSchema, model("amazon-bedrock", { amazon_bedrock_config: { aws_region: "r", bedrock_provider: "amazon", aws_access_key_id: REF, instance_profile_arn: "arn" } }));
  assert.match(bedrock.message, /exactly one way to authenticate/);
  assert.match(bedrock.message, /exactly one of aws_secret_access_key or aws_secret_access_key_plaintext is required/);
});

providers("Azure OpenAI needs api base, version and deployment name", () => {
  const e = fail(externalModelSchema, model("openai", { openai_config: { openai_api_key: REF, openai_api_type: "azure" } }));
  assert.equal(e.issues.map((i) => i.path).sort(), ["openai_config.openai_api_base", "openai_config.openai_api_version", "openai_config.openai_deployment_name"]);
});

providers("the config must match the provider", () => {
  const e = fail(externalModelSchema, model("openai", { anthropic_config: { anthropic_api_key: REF } }));
  assert.equal(e.issues.map((i) => i.path).sort(), ["anthropic_config", "openai_config"]);
  assert.match(e.message, /openai_config: required for provider "openai"/);
});

providers("required per-provider fields and enums", () => {
  const v = fail(externalModelSchema, model("google-cloud-vertex-ai", { google_cloud_vertex_ai_config: { private_key: REF } }));
  assert.equal(v.issues.map((i) => i.path).sort(), ["google_cloud_vertex_ai_config.project_id", "google_cloud_vertex_ai_config.region"]);
  assert.is(fail(externalModelSchema, model("nope", { openai_config: { openai_api_key: REF } })).issues[0]!.path, "provider");
  assert.is(fail(externalModelSchema, { ...model("openai", { openai_config: { openai_api_key: REF } }), task: "llm/v2/chat" }).issues[0]!.path, "task");
});

const config = suite("endpoint config, gateway and other bodies");

config("registry entities, traffic split totals and route names", () => {
  const entities = [
    { name: "a", entity_name: "main.default.m", entity_version: "1", workload_size: "Small", scale_to_zero_enabled: true },
    { name: "b", entity_name: "main.default.m", entity_version: "2", workload_size: "Small", scale_to_zero_enabled: true },
  ];
  ok(endpointCoreConfigInputSchema, { served_entities: entities, traffic_config: { routes: [{ served_entity_name: "a", traffic_percentage: 80 }, { served_entity_name: "b", traffic_percentage: 20 }] } });
  const sum = fail(endpointCoreConfigInputSchema, { served_entities: entities, traffic_config: { routes: [{ served_entity_name: "a", traffic_percentage: 80 }] } });
  assert.match(sum.message, /traffic_config\.routes: traffic percentages must add up to 100 \(they add up to 80\)/);
  const unknown = fail(endpointCoreConfigInputSchema, { served_entities: entities, traffic_config: { routes: [{ served_entity_name: "c", traffic_percentage: 100 }] } });
  assert.is(unknown.issues[0]!.path, "traffic_config.routes[0].served_entity_name");
  const dup = fail(endpointCoreConfigInputSchema, { served_entities: [entities[0], entities[0]] });
  assert.is(dup.issues[0]!.path, "served_entities[1].name");
});

config("environment variables: secret references must be well formed; routes name one target", () => {
  const entity = { entity_name: "m", entity_version: "1", environment_vars: { A: "{{secrets/a/b}}", B: "plain value" } };
  ok(endpointCoreConfigInputSchema, { served_entities: [entity] });
  const e = fail(endpointCoreConfigInputSchema, { served_entities: [{ ...entity, environment_vars: { C: "{{secrets/}}" } }] });
  assert.equal(e.issues.map((i) => i.path), ["served_entities[0].environment_vars.C"]);
  assert.match(e.message, /\{\{secrets\/<scope>\/<key>\}\}/);
  const r = fail(endpointCoreConfigInputSchema, { served_entities: [entity], traffic_config: { routes: [{ traffic_percentage: 100 }] } });
  assert.match(r.message, /traffic_config\.routes\[0\]: exactly one of served_entity_name or served_model_name is required/);
});

config("an external model excludes entity and compute fields; tasks must agree", () => {
  const em = model("openai", { openai_config: { openai_api_key: REF } });
  const e = fail(endpointCoreConfigInputSchema, { served_entities: [{ external_model: em, workload_size: "Small" }] });
  assert.is(e.issues[0]!.path, "served_entities[0].workload_size");
  const t = fail(endpointCoreConfigInputSchema, {
    served_entities: [{ name: "x", external_model: em }, { name: "y", external_model: { ...em, task: "llm/v1/embeddings" } }],
  });
  assert.match(t.message, /share one task/);
  assert.match(fail(endpointCoreConfigInputSchema, { served_entities: [{ name: "x" }] }).message, /either external_model or entity_name/);
});

config("ai gateway rate limits: calls and/or tokens, key enum, principal", () => {
  ok(aiGatewayConfigSchema, {
    usage_tracking_config: { enabled: true },
    inference_table_config: { catalog_name: "main", schema_name: "logs", enabled: true },
    rate_limits: [{ tokens: 1000, key: "user_group", principal: "eng", renewal_period: "minute" }, { calls: 10, renewal_period: "minute" }],
    guardrails: { input: { safety: true, pii: { behavior: "BLOCK" }, invalid_keywords: ["x"] }, output: { pii: { behavior: "MASK" } } },
    fallback_config: { enabled: true },
  });
  assert.match(fail(aiGatewayConfigSchema, { rate_limits: [{ renewal_period: "minute" }] }).message, /rate_limits\[0\]: at least one of calls or tokens is required/);
  assert.is(fail(aiGatewayConfigSchema, { rate_limits: [{ calls: 1, key: "team", renewal_period: "minute" }] }).issues[0]!.path, "rate_limits[0].key");
  assert.is(fail(aiGatewayConfigSchema, { rate_limits: [{ calls: 1, key: "endpoint", principal: "x", renewal_period: "minute" }] }).issues[0]!.path, "rate_limits[0].principal");
  assert.is(fail(aiGatewayConfigSchema, { inference_table_config: { enabled: true } }).issues.length, 2);
  assert.is(fail(aiGatewayConfigSchema, { guardrails: { input: { pii: { behavior: "REDACT" } } } }).issues[0]!.path, "guardrails.input.pii.behavior");
});

config("create without config may not carry ai_gateway or rate_limits", () => {
  ok(createEndpointRequestSchema, { name: "empty", tags: [{ key: "t" }], description: "later" });
  assert.is(fail(createEndpointRequestSchema, { name: "e", rate_limits: [{ calls: 1, renewal_period: "minute" }] }).issues[0]!.path, "rate_limits");
});

config("tags patch, permissions and secrets bodies", () => {
  ok(tagsPatchRequestSchema, { add_tags: [{ key: "a", value: "b" }], delete_tags: ["c"] });
  assert.is(fail(tagsPatchRequestSchema, { add_tags: [{ key: "" }] }).issues[0]!.path, "add_tags[0].key");
  ok(permissionsRequestSchema, { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] });
  assert.match(fail(permissionsRequestSchema, { access_control_list: [{ permission_level: "CAN_QUERY" }] }).message, /exactly one of user_name, group_name or service_principal_name/);
  ok(putSecretRequestSchema, { scope: "s", key: "k", string_value: "v" });
  const both = fail(putSecretRequestSchema, { scope: "s", key: "k", string_value: "HUSH", bytes_value: "SFVTSA==" });
  assert.not.match(both.message, /HUSH|SFVTSA/);
});

names.run();
providers.run();
config.run();
