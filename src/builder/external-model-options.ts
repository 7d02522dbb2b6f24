import { ValidationError } from "../errors/validation-error.js";
import {
  PROVIDER_CONFIG_FIELD,
  externalModelProviderSchema,
  type Ai21LabsConfig,
  type AmazonBedrockConfig,
  type AnthropicConfig,
  type CohereConfig,
  type CustomProviderConfig,
  type DatabricksModelServingConfig,
  type ExternalModelProvider,
  type GoogleCloudVertexAiConfig,
  type OpenAiConfig,
  type PalmConfig,
  type Task,
} from "../schemas/index.js";
import { snakeKey, toSnake, type Camelize } from "./case.js";
import { defaultExternalEntityName, inferProvider, inferTask } from "./infer.js";

/**
 * Options of `.externalModel(modelName, options)`: the REST fields in camelCase, plus a
 * provider-neutral `apiKey` / `apiKeyPlaintext` mapped to the provider's own key field.
 *
 * @example
 * const o: ExternalModelOptions = { provider: "openai", task: "llm/v1/chat", name: "test",
 *   openaiConfig: { openaiApiKey: secret("my-scope", "openai-api-key") } };
 * const short: ExternalModelOptions = { apiKey: secret("my-scope", "anthropic-key") };
 */
export interface ExternalModelOptions {
  /** Inferred from the model name (gpt-* → openai, claude-* → anthropic, …) or from the one `*Config` given. */
  readonly provider?: ExternalModelProvider;
  /** Inferred from the model name: embedding models → `llm/v1/embeddings`, otherwise `llm/v1/chat`. */
  readonly task?: Task;
  /** The served entity name; defaults to the model name with `.` and `:` replaced by `-`. */
  readonly name?: string;
  /** A secret reference (`secret(scope, key)`) to the provider's API key, whatever the provider calls it. */
  readonly apiKey?: string;
  /** The provider's API key itself (stored by Databricks as a secret; never returned). */
  readonly apiKeyPlaintext?: string;
  readonly openaiConfig?: Camelize<OpenAiConfig>;
  readonly anthropicConfig?: Camelize<AnthropicConfig>;
  readonly cohereConfig?: Camelize<CohereConfig>;
  readonly ai21labsConfig?: Camelize<Ai21LabsConfig>;
  readonly amazonBedrockConfig?: Camelize<AmazonBedrockConfig>;
  readonly googleCloudVertexAiConfig?: Camelize<GoogleCloudVertexAiConfig>;
  readonly palmConfig?: Camelize<PalmConfig>;
  readonly databricksModelServingConfig?: Camelize<DatabricksModelServingConfig>;
  readonly customProviderConfig?: Camelize<CustomProviderConfig>;
}

const CONFIG_OPTIONS = {
  openaiConfig: "openai",
  anthropicConfig: "anthropic",
  cohereConfig: "cohere",
  ai21labsConfig: "ai21labs",
  amazonBedrockConfig: "amazon-bedrock",
  googleCloudVertexAiConfig: "google-cloud-vertex-ai",
  palmConfig: "palm",
  databricksModelServingConfig: "databricks-model-serving",
  customProviderConfig: "custom",
} as const satisfies Record<string, ExternalModelProvider>;
type ConfigOption = keyof typeof CONFIG_OPTIONS;
const CONFIG_OPTION_NAMES = Object.keys(CONFIG_OPTIONS) as ConfigOption[];

/** The field a provider-neutral `apiKey` lands in, per provider (custom: bearer-token auth). */
const KEY_FIELD: Record<ExternalModelProvider, string | undefined> = {
  openai: "openai_api_key",
  anthropic: "anthropic_api_key",
  cohere: "cohere_api_key",
  ai21labs: "ai21labs_api_key",
  palm: "palm_api_key",
  "google-cloud-vertex-ai": "private_key",
  "databricks-model-serving": "databricks_api_token",
  custom: "token",
  "amazon-bedrock": undefined,
};

function fail(modelName: string, path: string, message: string): never {
  throw new ValidationError(`external model "${modelName}"`, [{ path, message, code: "builder" }]);
}

function resolveProvider(modelName: string, options: ExternalModelOptions): ExternalModelProvider {
  if (options.provider !== undefined) return options.provider;
  const given = CONFIG_OPTION_NAMES.filter((k) => options[k] !== undefined);
  if (given.length === 1) return CONFIG_OPTIONS[given[0]!];
  const inferred = inferProvider(modelName);
  if (inferred !== undefined) return inferred;
  return fail(
    modelName,
    "provider",
    `cannot infer the provider of "${modelName}" from its name: add { provider: ${externalModelProviderSchema.options.map((p) => `"${p}"`).join(" | ")} }`,
  );
}

/**
 * Compiles `.externalModel(...)` arguments to a served entity (not yet validated: `build()` does that).
 *
 * @example
 * compileExternalModel("gpt-4", { apiKey: secret("s", "k") });
 * // { name: "gpt-4", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/s/k}}" } } }
 */
export function compileExternalModel(modelName: string, options: ExternalModelOptions = {}): Record<string, unknown> {
  if (typeof modelName !== "string" || modelName === "") fail(String(modelName), "name", "the model name is required, e.g. externalModel(\"gpt-4o\")");
  const provider = resolveProvider(modelName, options);
  const configField = PROVIDER_CONFIG_FIELD[provider];
  const external: Record<string, unknown> = { name: modelName, provider, task: options.task ?? inferTask(modelName) };

  for (const option of CONFIG_OPTION_NAMES) {
    const value = options[option];
    if (value !== undefined) external[snakeKey(option)] = toSnake(value);
  }

  if (options.apiKey !== undefined || options.apiKeyPlaintext !== undefined) {
    const keyField = KEY_FIELD[provider];
    if (keyField === undefined) {
      fail(
        modelName,
        "apiKey",
        "amazon-bedrock has no single API key: use amazonBedrockConfig: { awsAccessKeyId, awsSecretAccessKey } (or their *Plaintext twins), instanceProfileArn, or ucServiceCredentialName",
      );
    }
    const config = { ...((external[configField] as Record<string, unknown> | undefined) ?? {}) };
    const target = provider === "custom" ? { ...((config["bearer_token_auth"] as Record<string, unknown> | undefined) ?? {}) } : config;
    if (options.apiKey !== undefined && options.apiKeyPlaintext !== undefined) {
      fail(modelName, "apiKey", "give apiKey (a secret reference) or apiKeyPlaintext, not both");
    }
    if (target[keyField] !== undefined || target[`${keyField}_plaintext`] !== undefined) {
      fail(modelName, "apiKey", `apiKey/apiKeyPlaintext and ${configField}'s own ${keyField} are both given: use one`);
    }
    if (options.apiKey !== undefined) target[keyField] = options.apiKey;
    else target[`${keyField}_plaintext`] = options.apiKeyPlaintext;
    if (provider === "custom") config["bearer_token_auth"] = target;
    external[configField] = config;
  }

  // An empty config makes a missing key read "exactly one of openai_api_key or … is required".
  if (external[configField] === undefined) external[configField] = {};
  return { name: options.name ?? defaultExternalEntityName(modelName), external_model: external };
}
