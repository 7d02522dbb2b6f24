import { ValidationError } from "../errors/validation-error.js";
import {
  aiGatewayConfigSchema,
  createEndpointRequestSchema,
  endpointCoreConfigInputSchema,
  notificationsPatchRequestSchema,
  rateLimitsRequestSchema,
  tagsPatchRequestSchema,
  validate,
  type AiGatewayConfig,
  type AutoCaptureConfigInput,
  type CreateEndpointRequest,
  type EmailNotifications,
  type EndpointCoreConfigInput,
  type EndpointTag,
  type NotificationsPatchRequest,
  type RateLimit,
  type RateLimitsRequest,
  type ServedEntityInput,
  type ServedModelInput,
  type TagsPatchRequest,
  type TelemetryConfig,
} from "../schemas/index.js";
import { toSnake, type Camelize } from "./case.js";
import { compileExternalModel, type ExternalModelOptions } from "./external-model-options.js";
import { gatewayRateLimit, mergeGateway } from "./gateway.js";
import { defaultRegisteredEntityName } from "./infer.js";
import type {
  AiGatewayOptions,
  GatewayRateLimitOptions,
  GuardrailOptions,
  InferenceTableOptions,
  NotificationOptions,
  RateLimitOptions,
  RegisteredModelOptions,
  TagsPatchOptions,
} from "./options.js";
import { deepFreeze } from "./freeze.js";
import { maskSecretFields } from "../secrets/secret-fields.js";

interface State {
  readonly name: string;
  readonly servedEntities: readonly unknown[];
  readonly servedModels: readonly unknown[];
  readonly routes?: readonly { readonly served_entity_name: string; readonly traffic_percentage: number }[];
  readonly autoCapture?: unknown;
  readonly tags: readonly EndpointTag[];
  readonly rateLimits: readonly RateLimit[];
  readonly aiGateway?: AiGatewayConfig;
  readonly routeOptimized?: boolean;
  readonly description?: string;
  readonly budgetPolicyId?: string;
  readonly emailNotifications?: EmailNotifications;
  readonly telemetryConfig?: unknown;
  readonly ucSystemMetricsExport?: boolean;
}

const BRAND = Symbol.for("databricks-deployments.EndpointBuilder");

/**
 * An immutable description of a serving endpoint that compiles to the exact REST payloads. Every
 * method returns a new builder; the old one is unchanged, so partial builders can be shared.
 * `build()` returns the validated create payload; `configBody()`, `tagsPatch()`,
 * `rateLimitsBody()`, `aiGatewayBody()` and `notificationsBody()` the bodies of the separate updates.
 *
 * @example
 * const payload = endpoint("chat")
 *   .externalModel("gpt-4", { provider: "openai", task: "llm/v1/chat", name: "test",
 *                             openaiConfig: { openaiApiKey: secret("my-scope", "openai-api-key") } })
 *   .tag("foo", "bar")
 *   .rateLimit({ key: "user", renewalPeriod: "minute", calls: 5 })
 *   .build();
 */
export class EndpointBuilder {
  readonly #state: State;

  /** Use {@link endpoint}. */
  private constructor(state: State) {
    this.#state = deepFreeze(state);
    Object.freeze(this);
  }

  /** @internal */
  static create(name: string): EndpointBuilder {
    return new EndpointBuilder({ name, servedEntities: [], servedModels: [], tags: [], rateLimits: [] });
  }

  /** The endpoint's name. */
  get name(): string {
    return this.#state.name;
  }

  /** Brand for {@link isEndpointBuilder}, which works across copies of this package (ESM and CJS). */
  get [BRAND](): true {
    return true;
  }

  #with(patch: Partial<State>): EndpointBuilder {
    // structuredClone so that freezing never reaches objects the caller still holds.
    return new EndpointBuilder({ ...this.#state, ...structuredClone(patch) });
  }

  /**
   * Serves an external model. The provider and task are inferred from the model name where the
   * family is unambiguous; `apiKey` / `apiKeyPlaintext` go to the provider's own key field.
   *
   * @example
   * endpoint("chat").externalModel("gpt-4o", { apiKey: secret("my-scope", "openai-api-key") });
   * endpoint("emb").externalModel("text-embedding-3-small", { apiKey: secret("s", "k") }); // task llm/v1/embeddings
   */
  externalModel(modelName: string, options: ExternalModelOptions = {}): EndpointBuilder {
    return this.#with({ servedEntities: [...this.#state.servedEntities, compileExternalModel(modelName, options)] });
  }

  /**
   * Serves a registered model version (Unity Catalog `catalog.schema.model` or workspace registry).
   *
   * @example
   * endpoint("ads").registeredModel("main.default.ads1", { version: 1, workloadSize: "Small", scaleToZero: true });
   */
  registeredModel(entityName: string, options: RegisteredModelOptions): EndpointBuilder {
    const version = String(options.version);
    const o = options;
    const entity = {
      name: o.name ?? defaultRegisteredEntityName(entityName, version),
      entity_name: entityName,
      entity_version: version,
      ...(o.workloadSize !== undefined && { workload_size: o.workloadSize }),
      ...(o.workloadType !== undefined && { workload_type: o.workloadType }),
      ...(o.scaleToZero !== undefined && { scale_to_zero_enabled: o.scaleToZero }),
      ...(o.environmentVars !== undefined && { environment_vars: { ...o.environmentVars } }),
      ...(o.instanceProfileArn !== undefined && { instance_profile_arn: o.instanceProfileArn }),
      ...(o.minProvisionedConcurrency !== undefined && { min_provisioned_concurrency: o.minProvisionedConcurrency }),
      ...(o.maxProvisionedConcurrency !== undefined && { max_provisioned_concurrency: o.maxProvisionedConcurrency }),
      ...(o.minProvisionedThroughput !== undefined && { min_provisioned_throughput: o.minProvisionedThroughput }),
      ...(o.maxProvisionedThroughput !== undefined && { max_provisioned_throughput: o.maxProvisionedThroughput }),
      ...(o.provisionedModelUnits !== undefined && { provisioned_model_units: o.provisionedModelUnits }),
      ...(o.burstScaling !== undefined && { burst_scaling_enabled: o.burstScaling }),
    };
    return this.#with({ servedEntities: [...this.#state.servedEntities, entity] });
  }

  /**
   * Adds a served entity given in the REST API's own shape (pasted from the docs, say).
   *
   * @example
   * endpoint("x").servedEntity({ name: "a", entity_name: "main.default.m", entity_version: "2", workload_size: "Small", scale_to_zero_enabled: true });
   */
  servedEntity(entity: ServedEntityInput): EndpointBuilder {
    return this.#with({ servedEntities: [...this.#state.servedEntities, entity] });
  }

  /**
   * Adds a served model in the deprecated `served_models` shape.
   *
   * @example
   * endpoint("x").servedModel({ model_name: "ads1", model_version: "1", workload_size: "Small", scale_to_zero_enabled: true });
   */
  servedModel(model: ServedModelInput): EndpointBuilder {
    return this.#with({ servedModels: [...this.#state.servedModels, model] });
  }

  /**
   * Splits traffic between served entities by name, in percent (adding up to 100).
   *
   * @example
   * endpoint("ab").externalModel("gpt-4o", { apiKey: a }).externalModel("claude-3-5-sonnet-latest", { apiKey: b })
   *   .traffic({ "gpt-4o": 80, "claude-3-5-sonnet-latest": 20 });
   */
  traffic(split: Readonly<Record<string, number>>): EndpointBuilder {
    const routes = Object.entries(split).map(([served_entity_name, traffic_percentage]) => ({ served_entity_name, traffic_percentage }));
    return this.#with({ routes });
  }

  /**
   * Sets (or replaces) a tag; tags are unique by key.
   *
   * @example
   * endpoint("chat").tag("foo", "bar").tag("team");
   */
  tag(key: string, value?: string): EndpointBuilder {
    const tag: EndpointTag = value === undefined ? { key } : { key, value };
    const tags = this.#state.tags.some((t) => t.key === key) ? this.#state.tags.map((t) => (t.key === key ? tag : t)) : [...this.#state.tags, tag];
    return this.#with({ tags });
  }

  /**
   * Sets several tags at once.
   *
   * @example
   * endpoint("chat").tags({ team: "ml", env: "dev" });
   */
  tags(tags: Readonly<Record<string, string>>): EndpointBuilder {
    return Object.entries(tags).reduce<EndpointBuilder>((b, [k, v]) => b.tag(k, v), this);
  }

  /**
   * Adds a legacy endpoint rate limit (Databricks now prefers `gatewayRateLimit`).
   *
   * @example
   * endpoint("chat").rateLimit({ key: "user", renewalPeriod: "minute", calls: 5 });
   */
  rateLimit(limit: RateLimitOptions): EndpointBuilder {
    const wire = { calls: limit.calls, ...(limit.key !== undefined && { key: limit.key }), renewal_period: limit.renewalPeriod ?? "minute" } as RateLimit;
    return this.#with({ rateLimits: [...this.#state.rateLimits, wire] });
  }

  /**
   * Configures the AI gateway; each part given replaces that part.
   *
   * @example
   * endpoint("chat").aiGateway({ usageTracking: true, guardrails: { input: { safety: true, pii: "BLOCK" } } });
   */
  aiGateway(options: AiGatewayOptions): EndpointBuilder {
    return this.#with({ aiGateway: mergeGateway(this.#state.aiGateway, options) });
  }

  /**
   * Adds an AI gateway rate limit (calls and/or tokens per minute).
   *
   * @example
   * endpoint("chat").gatewayRateLimit({ tokens: 20000, key: "user" });
   */
  gatewayRateLimit(limit: GatewayRateLimitOptions): EndpointBuilder {
    const current = this.#state.aiGateway ?? {};
    return this.#with({ aiGateway: { ...current, rate_limits: [...(current.rate_limits ?? []), gatewayRateLimit(limit)] } });
  }

  /** @example endpoint("chat").usageTracking(); */
  usageTracking(enabled = true): EndpointBuilder {
    return this.aiGateway({ usageTracking: enabled });
  }

  /** @example endpoint("chat").inferenceTable({ catalogName: "main", schemaName: "logs" }); */
  inferenceTable(options: InferenceTableOptions): EndpointBuilder {
    return this.aiGateway({ inferenceTable: options });
  }

  /** @example endpoint("chat").guardrails({ input: { safety: true }, output: { pii: "MASK" } }); */
  guardrails(options: { readonly input?: GuardrailOptions; readonly output?: GuardrailOptions }): EndpointBuilder {
    return this.aiGateway({ guardrails: options });
  }

  /** @example endpoint("ab").fallback(); // on errors, try the other served entities in order */
  fallback(enabled = true): EndpointBuilder {
    return this.aiGateway({ fallback: enabled });
  }

  /** @example endpoint("chat").routeOptimized(); */
  routeOptimized(enabled = true): EndpointBuilder {
    return this.#with({ routeOptimized: enabled });
  }

  /** @example endpoint("chat").description("Team chat model"); */
  description(text: string): EndpointBuilder {
    return this.#with({ description: text });
  }

  /** @example endpoint("chat").budgetPolicy("policy-id"); */
  budgetPolicy(id: string): EndpointBuilder {
    return this.#with({ budgetPolicyId: id });
  }

  /** @example endpoint("chat").notifications({ onUpdateFailure: ["ops@example.com"] }); */
  notifications(options: NotificationOptions): EndpointBuilder {
    const email: EmailNotifications = {
      ...(options.onUpdateFailure !== undefined && { on_update_failure: [...options.onUpdateFailure] }),
      ...(options.onUpdateSuccess !== undefined && { on_update_success: [...options.onUpdateSuccess] }),
    };
    return this.#with({ emailNotifications: email });
  }

  /** Deprecated legacy inference tables (prefer `inferenceTable`). @example endpoint("x").autoCapture({ catalogName: "main", schemaName: "logs", enabled: true }); */
  autoCapture(options: Camelize<AutoCaptureConfigInput>): EndpointBuilder {
    return this.#with({ autoCapture: toSnake(options) });
  }

  /** @example endpoint("x").telemetry({ enabledTelemetryFeatures: ["TELEMETRY_FEATURE_LOGS"] }); */
  telemetry(options: Camelize<TelemetryConfig>): EndpointBuilder {
    return this.#with({ telemetryConfig: toSnake(options) });
  }

  /** @example endpoint("x").systemMetricsExport(true); */
  systemMetricsExport(enabled: boolean): EndpointBuilder {
    return this.#with({ ucSystemMetricsExport: enabled });
  }

  #config(): Record<string, unknown> | undefined {
    const s = this.#state;
    const config: Record<string, unknown> = {
      ...(s.servedEntities.length > 0 && { served_entities: s.servedEntities }),
      ...(s.servedModels.length > 0 && { served_models: s.servedModels }),
      ...(s.routes !== undefined && { traffic_config: { routes: s.routes } }),
      ...(s.autoCapture !== undefined && { auto_capture_config: s.autoCapture }),
    };
    return Object.keys(config).length > 0 ? config : undefined;
  }

  /** The create payload before validation (what `build()` checks). */
  #draft(): Record<string, unknown> {
    const s = this.#state;
    const config = this.#config();
    return {
      name: s.name,
      ...(config !== undefined && { config }),
      ...(s.tags.length > 0 && { tags: s.tags }),
      ...(s.rateLimits.length > 0 && { rate_limits: s.rateLimits }),
      ...(s.aiGateway !== undefined && { ai_gateway: s.aiGateway }),
      ...(s.routeOptimized !== undefined && { route_optimized: s.routeOptimized }),
      ...(s.description !== undefined && { description: s.description }),
      ...(s.budgetPolicyId !== undefined && { budget_policy_id: s.budgetPolicyId }),
      ...(s.emailNotifications !== undefined && { email_notifications: s.emailNotifications }),
      ...(s.telemetryConfig !== undefined && { telemetry_config: s.telemetryConfig }),
      ...(s.ucSystemMetricsExport !== undefined && {
        uc_system_metrics_export_state: s.ucSystemMetricsExport ? "FIRST_PARTY_EXPORT_ENABLED" : "FIRST_PARTY_EXPORT_DISABLED",
      }),
    };
  }

  /**
   * The full create payload (`POST /api/2.0/serving-endpoints`), validated; a fresh object each call.
   * Throws a `ValidationError` naming the path of every problem.
   *
   * @example
   * await client.createEndpoint(endpoint("chat").externalModel("gpt-4o", { apiKey: secret("s", "k") }).build());
   */
  build(): CreateEndpointRequest {
    return validate(createEndpointRequestSchema, this.#draft(), `endpoint "${this.#state.name}"`);
  }

  /** The same as `build()`, so `JSON.stringify(builder)` is the create payload. @example JSON.stringify(endpoint("chat").externalModel("gpt-4o", { apiKey: k })); */
  toJSON(): CreateEndpointRequest {
    return this.build();
  }

  /**
   * The body of `PUT …/config` (`updateEndpointConfig`): served entities, traffic split, auto-capture.
   *
   * @example
   * await client.updateEndpointConfig({ endpoint: "chat", config: endpoint("chat").externalModel("gpt-4o", { apiKey: k }).configBody() });
   */
  configBody(): EndpointCoreConfigInput {
    const config = this.#config();
    if (config === undefined || (config["served_entities"] === undefined && config["served_models"] === undefined)) {
      throw new ValidationError(`config of endpoint "${this.#state.name}"`, [
        { path: "served_entities", message: "required: add .externalModel(…), .registeredModel(…) or .servedEntity(…)", code: "builder" },
      ]);
    }
    return validate(endpointCoreConfigInputSchema, config, `config of endpoint "${this.#state.name}"`);
  }

  /**
   * The body of `PATCH …/tags` (`updateEndpointTags`): the builder's tags to add, and keys to delete.
   *
   * @example
   * endpoint("chat").tag("team", "ml").tagsPatch({ remove: ["foo"] }); // { add_tags: [{ key: "team", value: "ml" }], delete_tags: ["foo"] }
   */
  tagsPatch(options: TagsPatchOptions = {}): TagsPatchRequest {
    const body = {
      ...(this.#state.tags.length > 0 && { add_tags: this.#state.tags }),
      ...(options.remove !== undefined && options.remove.length > 0 && { delete_tags: [...options.remove] }),
    };
    return validate(tagsPatchRequestSchema, body, `tags patch of endpoint "${this.#state.name}"`);
  }

  /**
   * The body of `PUT …/rate-limits` (`updateEndpointRateLimits`); an empty list removes them.
   *
   * @example
   * endpoint("chat").rateLimit({ key: "user", calls: 20 }).rateLimitsBody(); // { rate_limits: [{ calls: 20, key: "user", renewal_period: "minute" }] }
   */
  rateLimitsBody(): RateLimitsRequest {
    return validate(rateLimitsRequestSchema, { rate_limits: this.#state.rateLimits }, `rate limits of endpoint "${this.#state.name}"`);
  }

  /**
   * The body of `PUT …/ai-gateway` (`updateEndpointAiGateway`), which replaces the whole gateway.
   *
   * @example
   * endpoint("chat").usageTracking().gatewayRateLimit({ calls: 100, key: "user" }).aiGatewayBody();
   */
  aiGatewayBody(): AiGatewayConfig {
    return validate(aiGatewayConfigSchema, this.#state.aiGateway ?? {}, `AI gateway of endpoint "${this.#state.name}"`);
  }

  /**
   * The body of `PATCH …/notifications`.
   *
   * @example
   * endpoint("chat").notifications({ onUpdateFailure: ["ops@example.com"] }).notificationsBody();
   */
  notificationsBody(): NotificationsPatchRequest {
    return validate(notificationsPatchRequestSchema, { email_notifications: this.#state.emailNotifications ?? {} }, `notifications of endpoint "${this.#state.name}"`);
  }

  /** How Node's `util.inspect` and notebooks show a builder: its draft payload, `*_plaintext` values hidden. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `EndpointBuilder ${JSON.stringify(maskSecretFields(this.#draft()), null, 2)}`;
  }
}

/**
 * Starts an immutable endpoint builder. See {@link EndpointBuilder}.
 *
 * @example
 * const chat = endpoint("chat").externalModel("gpt-4o", { apiKey: secret("my-scope", "openai-api-key") });
 * const limited = chat.rateLimit({ key: "user", calls: 5 }); // chat is unchanged
 */
export function endpoint(name: string): EndpointBuilder {
  return EndpointBuilder.create(name);
}

/**
 * Whether `value` is an endpoint builder — also one from another copy of this package (the ESM and
 * CommonJS builds loaded side by side), where `instanceof` would say no.
 *
 * @example
 * const body = isEndpointBuilder(arg) ? arg.build() : arg;
 */
export function isEndpointBuilder(value: unknown): value is EndpointBuilder {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
