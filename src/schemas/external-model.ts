import { z } from "zod";
import { externalModelProviderSchema, nonEmptyString, secretReferenceSchema, taskSchema, type ExternalModelProvider } from "./common.js";
import { exactlyOneOf, forbidField, isSet, requireField } from "./exactly-one.js";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

const ref = once(() => secretReferenceSchema.optional());
const plain = once(() => nonEmptyString().optional());

/**
 * OpenAI, Azure OpenAI (`openai_api_type: "azure"`) and Azure OpenAI with Microsoft Entra ID (`"azuread"`).
 *
 * @example
 * const c: OpenAiConfig = { openai_api_key: secret("my-scope", "openai-api-key") };
 */
export const openAiConfigSchema = deferred(() => z
  .strictObject({
    openai_api_key: ref(),
    openai_api_key_plaintext: plain(),
    openai_api_base: nonEmptyString().optional(),
    openai_api_type: z.string().optional(),
    openai_api_version: nonEmptyString().optional(),
    openai_deployment_name: nonEmptyString().optional(),
    openai_organization: nonEmptyString().optional(),
    microsoft_entra_client_id: nonEmptyString().optional(),
    microsoft_entra_client_secret: ref(),
    microsoft_entra_client_secret_plaintext: plain(),
    microsoft_entra_tenant_id: nonEmptyString().optional(),
  })
  .superRefine((c, ctx) => {
    const type = c.openai_api_type?.toLowerCase();
    if (type === "azuread") {
      exactlyOneOf(c, ctx, "microsoft_entra_client_secret", "microsoft_entra_client_secret_plaintext");
      requireField(c, ctx, "microsoft_entra_client_id", 'when openai_api_type is "azuread"');
      requireField(c, ctx, "microsoft_entra_tenant_id", 'when openai_api_type is "azuread"');
      forbidField(c, ctx, "openai_api_key", 'when openai_api_type is "azuread" (it authenticates with Microsoft Entra ID)');
      forbidField(c, ctx, "openai_api_key_plaintext", 'when openai_api_type is "azuread" (it authenticates with Microsoft Entra ID)');
    } else {
      exactlyOneOf(c, ctx, "openai_api_key", "openai_api_key_plaintext");
    }
    if (type === "azure" || type === "azuread") {
      const why = `for Azure OpenAI (openai_api_type "${c.openai_api_type}")`;
      requireField(c, ctx, "openai_api_base", why);
      requireField(c, ctx, "openai_api_version", why);
      requireField(c, ctx, "openai_deployment_name", why);
    } else if (type !== undefined && type !== "openai") {
      ctx.addIssue({
        code: "custom",
        path: ["openai_api_type"],
        message: `unknown openai_api_type "${c.openai_api_type}": use "openai", "azure" or "azuread"`,
        params: { code: "invalid_value" },
      });
    }
  }));
/** @example const c: OpenAiConfig = { openai_api_key_plaintext: process.env.OPENAI_API_KEY }; */
export type OpenAiConfig = z.infer<typeof openAiConfigSchema>;

function keyPairConfig<K extends string>(keyField: K) {
  return z
    .strictObject({ [keyField]: ref(), [`${keyField}_plaintext`]: plain() } as Record<K | `${K}_plaintext`, ReturnType<typeof ref>>)
    .superRefine((c, ctx) => exactlyOneOf(c, ctx, keyField, `${keyField}_plaintext`));
}
// Built on first use; externalModelSchema nests the objects themselves, so its type is as before.
const anthropicConfig = once(() => keyPairConfig("anthropic_api_key"));
const ai21LabsConfig = once(() => keyPairConfig("ai21labs_api_key"));
const palmConfig = once(() => keyPairConfig("palm_api_key"));

/** @example const c: AnthropicConfig = { anthropic_api_key: secret("s", "anthropic") }; */
export const anthropicConfigSchema = deferred(anthropicConfig);
/** @example const c: AnthropicConfig = { anthropic_api_key: "{{secrets/s/anthropic}}" }; */
export type AnthropicConfig = z.infer<typeof anthropicConfigSchema>;

/** @example const c: Ai21LabsConfig = { ai21labs_api_key: secret("s", "ai21") }; */
export const ai21LabsConfigSchema = deferred(ai21LabsConfig);
/** @example const c: Ai21LabsConfig = { ai21labs_api_key: "{{secrets/s/ai21}}" }; */
export type Ai21LabsConfig = z.infer<typeof ai21LabsConfigSchema>;

/** @example const c: PalmConfig = { palm_api_key: secret("s", "palm") }; */
export const palmConfigSchema = deferred(palmConfig);
/** @example const c: PalmConfig = { palm_api_key: "{{secrets/s/palm}}" }; */
export type PalmConfig = z.infer<typeof palmConfigSchema>;

/** @example const c: CohereConfig = { cohere_api_key: secret("s", "cohere") }; */
export const cohereConfigSchema = deferred(() => z
  .strictObject({ cohere_api_key: ref(), cohere_api_key_plaintext: plain(), cohere_api_base: nonEmptyString().optional() })
  .superRefine((c, ctx) => exactlyOneOf(c, ctx, "cohere_api_key", "cohere_api_key_plaintext")));
/** @example const c: CohereConfig = { cohere_api_key: "{{secrets/s/cohere}}" }; */
export type CohereConfig = z.infer<typeof cohereConfigSchema>;

const BEDROCK_PROVIDERS = ["ai21labs", "amazon", "anthropic", "cohere", "grok"] as const;

/**
 * Amazon Bedrock: a region, the Bedrock model family, and one way to authenticate — access keys,
 * an instance profile, or a Unity Catalog service credential.
 *
 * @example
 * const c: AmazonBedrockConfig = { aws_region: "us-east-1", bedrock_provider: "anthropic",
 *   aws_access_key_id: secret("s", "aws-id"), aws_secret_access_key: secret("s", "aws-secret") };
 */
export const amazonBedrockConfigSchema = deferred(() => z
  .strictObject({
    aws_region: nonEmptyString(),
    bedrock_provider: z.string().refine((v) => (BEDROCK_PROVIDERS as readonly string[]).includes(v.toLowerCase()), {
      message: `must be one of ${BEDROCK_PROVIDERS.join(", ")}`,
    }),
    aws_access_key_id: ref(),
    aws_access_key_id_plaintext: plain(),
    aws_secret_access_key: ref(),
    aws_secret_access_key_plaintext: plain(),
    instance_profile_arn: nonEmptyString().optional(),
    uc_service_credential_name: nonEmptyString().optional(),
  })
  .superRefine((c, ctx) => {
    const keyFields = ["aws_access_key_id", "aws_access_key_id_plaintext", "aws_secret_access_key", "aws_secret_access_key_plaintext"] as const;
    const usesKeys = keyFields.some((f) => isSet(c[f]));
    const modes = [usesKeys, isSet(c.instance_profile_arn), isSet(c.uc_service_credential_name)].filter(Boolean).length;
    if (modes !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          "exactly one way to authenticate is required: access keys (aws_access_key_id and aws_secret_access_key, or their *_plaintext twins), instance_profile_arn, or uc_service_credential_name" +
          (modes > 1 ? ", but several are set" : ""),
        params: { code: "exactly_one" },
      });
    }
    if (usesKeys) {
      exactlyOneOf(c, ctx, "aws_access_key_id", "aws_access_key_id_plaintext");
      exactlyOneOf(c, ctx, "aws_secret_access_key", "aws_secret_access_key_plaintext");
    }
  }));
/** @example const c: AmazonBedrockConfig = { aws_region: "us-west-2", bedrock_provider: "amazon", instance_profile_arn: "arn:aws:iam::1:instance-profile/x" }; */
export type AmazonBedrockConfig = z.infer<typeof amazonBedrockConfigSchema>;

/** @example const c: GoogleCloudVertexAiConfig = { project_id: "p", region: "us-central1", private_key: secret("s", "gcp") }; */
export const googleCloudVertexAiConfigSchema = deferred(() => z
  .strictObject({ project_id: nonEmptyString(), region: nonEmptyString(), private_key: ref(), private_key_plaintext: plain() })
  .superRefine((c, ctx) => exactlyOneOf(c, ctx, "private_key", "private_key_plaintext")));
/** @example const c: GoogleCloudVertexAiConfig = { project_id: "p", region: "us-central1", private_key: "{{secrets/s/gcp}}" }; */
export type GoogleCloudVertexAiConfig = z.infer<typeof googleCloudVertexAiConfigSchema>;

/** @example const c: DatabricksModelServingConfig = { databricks_workspace_url: "https://x.cloud.databricks.com", databricks_api_token: secret("s", "pat") }; */
export const databricksModelServingConfigSchema = deferred(() => z
  .strictObject({ databricks_workspace_url: nonEmptyString(), databricks_api_token: ref(), databricks_api_token_plaintext: plain() })
  .superRefine((c, ctx) => exactlyOneOf(c, ctx, "databricks_api_token", "databricks_api_token_plaintext")));
/** @example const c: DatabricksModelServingConfig = { databricks_workspace_url: "https://x", databricks_api_token: "{{secrets/s/pat}}" }; */
export type DatabricksModelServingConfig = z.infer<typeof databricksModelServingConfigSchema>;

/** API-key header auth for a custom provider: the header name (`key`) and its value. */
const apiKeyAuthSchema = deferred(() => z
  .strictObject({ key: nonEmptyString(), value: ref(), value_plaintext: plain() })
  .superRefine((c, ctx) => exactlyOneOf(c, ctx, "value", "value_plaintext")));
const bearerTokenAuthSchema = deferred(() => z
  .strictObject({ token: ref(), token_plaintext: plain() })
  .superRefine((c, ctx) => exactlyOneOf(c, ctx, "token", "token_plaintext")));

/**
 * Any OpenAI-compatible server: its URL and either API-key header auth or bearer-token auth.
 *
 * @example
 * const c: CustomProviderConfig = { custom_provider_url: "https://llm.example.com/v1", bearer_token_auth: { token: secret("s", "tok") } };
 */
export const customProviderConfigSchema = deferred(() => z
  .strictObject({ custom_provider_url: nonEmptyString(), api_key_auth: apiKeyAuthSchema.optional(), bearer_token_auth: bearerTokenAuthSchema.optional() })
  .superRefine((c, ctx) => exactlyOneOf(c, ctx, "api_key_auth", "bearer_token_auth")));
/** @example const c: CustomProviderConfig = { custom_provider_url: "https://x", api_key_auth: { key: "X-Key", value: "{{secrets/s/k}}" } }; */
export type CustomProviderConfig = z.infer<typeof customProviderConfigSchema>;

/** Which config field belongs to which provider. */
export const PROVIDER_CONFIG_FIELD = {
  openai: "openai_config",
  anthropic: "anthropic_config",
  cohere: "cohere_config",
  ai21labs: "ai21labs_config",
  "amazon-bedrock": "amazon_bedrock_config",
  "google-cloud-vertex-ai": "google_cloud_vertex_ai_config",
  palm: "palm_config",
  "databricks-model-serving": "databricks_model_serving_config",
  custom: "custom_provider_config",
} as const satisfies Record<ExternalModelProvider, string>;

/**
 * An external model: the provider, the provider's model name, the task, and exactly the config
 * object matching the provider (`openai_config` for `openai`, …).
 *
 * @example
 * const m: ExternalModel = { name: "gpt-4", provider: "openai", task: "llm/v1/chat",
 *   openai_config: { openai_api_key: secret("my-scope", "openai-api-key") } };
 */
export const externalModelSchema = deferred(() => z
  .strictObject({
    name: nonEmptyString(),
    provider: externalModelProviderSchema,
    task: taskSchema,
    openai_config: openAiConfigSchema.optional(),
    anthropic_config: anthropicConfig().optional(),
    cohere_config: cohereConfigSchema.optional(),
    ai21labs_config: ai21LabsConfig().optional(),
    amazon_bedrock_config: amazonBedrockConfigSchema.optional(),
    google_cloud_vertex_ai_config: googleCloudVertexAiConfigSchema.optional(),
    palm_config: palmConfig().optional(),
    databricks_model_serving_config: databricksModelServingConfigSchema.optional(),
    custom_provider_config: customProviderConfigSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const wanted = PROVIDER_CONFIG_FIELD[m.provider];
    for (const field of Object.values(PROVIDER_CONFIG_FIELD)) {
      if (field === wanted) {
        requireField(m, ctx, field, `for provider "${m.provider}"`);
      } else if (isSet(m[field])) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `does not belong to provider "${m.provider}" (its config is ${wanted})`,
          params: { code: "forbidden" },
        });
      }
    }
  }));
/** @example const m: ExternalModel = { name: "claude-3-5-sonnet", provider: "anthropic", task: "llm/v1/chat", anthropic_config: { anthropic_api_key: "{{secrets/s/k}}" } }; */
export type ExternalModel = z.infer<typeof externalModelSchema>;
