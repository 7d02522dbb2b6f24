import type { z } from "zod";
import type {
  AiGatewayConfig,
  AiGatewayOutput,
  ChatCompletionChunk,
  EndpointCoreConfigInput,
  NotificationsPatchRequest,
  PermissionsRequest,
  SecretAclItem,
  QueryResponse,
  ResponseObject,
  ResponseStreamEvent,
  RateLimitsRequest,
  RateLimitsResponse,
  ServingEndpoint,
  ServingEndpointDetailed,
  TagsPatchRequest,
  TagsResponse,
} from "../schemas/index.js";
import type { ClientOptions } from "./client-options.js";
import { PIPELINE_TIME, type InternalClientOptions, type PipelineTime } from "./internal-options.js";
import type { BatchResult, PredictBatchArgs, StructuredBatchArgs } from "./batch/types.js";
import { createAuthorizer, type AuthConfig } from "./config/auth.js";
import { resolveCredentials } from "./config/resolve-credentials.js";
import { Redactor } from "../secrets/redactor.js";
import { RequestPipeline } from "./request/pipeline.js";
import { transportChoice } from "./request/select-transport.js";
import { DEFAULT_MAX_EVENT_BYTES } from "./request/transport.js";
import type { CallOptions, ResourceContext } from "./resources/context.js";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, type CreateEndpointArgs, type CreateEndpointBuilder, type CreateEndpointOptions } from "./resources/endpoints.js";
import { updateEndpoint, updateEndpointAiGateway, updateEndpointConfig, updateEndpointNotifications, updateEndpointRateLimits, updateEndpointTags, type UpdateArgs } from "./resources/config-updates.js";
import { createOrUpdateEndpoint } from "./resources/create-or-update.js";
import { predict, predictStream, type PredictArgs, type PredictStreamArgs } from "./resources/invocations.js";
import { structuredPredict, type ParsedChatCompletion, type StructuredPredictArgs } from "./resources/structured.js";
import { predictResponse, predictResponseStream, type ResponseArgs } from "./resources/responses.js";
import { waitForEndpoint, type WaitForEndpointArgs } from "./resources/wait-for-endpoint.js";
import { changePermissions, getPermissionLevels, getPermissions, type EndpointPermissions, type PermissionLevelInfo, type PermissionsTarget } from "./resources/permissions.js";
import { exportMetrics, getOpenApi, servedModelLogs, type ServedModelArgs } from "./resources/observability.js";
import * as secrets from "./resources/secrets.js";
import * as secretAcls from "./resources/secret-acls.js";
import { createArg, endpointArg } from "./resources/arguments.js";

/** `{ endpoint }` plus call options: the argument of the by-name methods. */
export interface EndpointArgs extends CallOptions {
  readonly endpoint: string;
}

/**
 * MLflow's `DatabricksDeploymentClient` for TypeScript: the serving-endpoints, invocations and
 * secrets REST APIs over one request pipeline (auth, timeouts, retries that never duplicate a
 * model call, typed errors, SSE streaming). Every payload is validated before it is sent.
 * Method names are MLflow's in camelCase; payloads keep the API's snake_case.
 *
 * @example
 * const client = new DatabricksDeploymentClient({ host: "https://adb-1.azuredatabricks.net", token });
 * const reply = await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hello" }] } });
 */
export class DatabricksDeploymentClient {
  /** The normalised workspace URL requests go to. */
  readonly host: string;
  /** How requests authenticate: the auth type resolution picked (`pat`, `oauth-m2m`, `databricks-cli` …). */
  readonly authType: AuthConfig["type"];
  /** Where the credentials came from (`"options"`, `"environment"`, `"profile [dev] in ~/.databrickscfg"`). */
  readonly credentialsSource: string;
  // A true private field: neither JSON.stringify nor util.inspect can reach the credentials behind it.
  readonly #ctx: ResourceContext;
  readonly #time: PipelineTime;

  constructor(options: ClientOptions = {}) {
    const creds = resolveCredentials(options.target, options);
    const redactor = new Redactor();
    const timeoutMs = options.timeoutMs ?? 120_000;
    const time = (options as InternalClientOptions)[PIPELINE_TIME];
    const pipeline = new RequestPipeline({
      host: creds.host,
      authorizer: createAuthorizer(creds.host, creds.auth, redactor, timeoutMs, { env: options.env ?? process.env, now: time?.now, openBrowser: options.openBrowser, tokenCacheDir: options.tokenCacheDir }),
      redactor,
      wire: transportChoice(options),
      maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      timeoutMs,
      totalTimeoutMs: options.totalTimeoutMs ?? 600_000,
      idleTimeoutMs: options.idleTimeoutMs ?? timeoutMs,
      maxRetries: options.maxRetries ?? 5,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 10_000,
      headers: options.headers,
      onRetry: options.onRetry,
      sleep: time?.sleep,
      now: time?.now,
    });
    this.host = creds.host;
    this.authType = creds.auth.type;
    this.credentialsSource = creds.source;
    this.#ctx = { pipeline, allowUnknownFields: options.allowUnknownFields === true };
    this.#time = time ?? {};
  }

  /** What the client is connected to; never the credentials. */
  toJSON(): { host: string; authType: string; credentialsSource: string } {
    return { host: this.host, authType: this.authType, credentialsSource: this.credentialsSource };
  }

  /**
   * Creates an endpoint from a full payload, MLflow's legacy `{ name, config }` (tags / rate_limits
   * inside `config` are hoisted), or a builder. `wait: true` returns once the endpoint has settled.
   * @example
   * await client.createEndpoint({ name: "chat", config: { served_entities: [{ name: "gpt-4", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: "{{secrets/my-scope/openai-api-key}}" } } }] } });
   */
  async createEndpoint(arg: CreateEndpointArgs | CreateEndpointBuilder, options: CreateEndpointOptions = {}): Promise<ServingEndpointDetailed> {
    createArg("createEndpoint", arg);
    const opts = { ...pickOptions(arg), ...options };
    const created = await createEndpoint(this.#ctx, arg, opts.signal);
    if (opts.wait !== true || typeof created.name !== "string") return created;
    return waitForEndpoint(this.#ctx, { endpoint: created.name, signal: opts.signal, timeoutMs: opts.waitTimeoutMs });
  }

  /**
   * One endpoint, by name.
   * @example
   * const ep = await client.getEndpoint("chat");            // or getEndpoint({ endpoint: "chat" })
   */
  async getEndpoint(arg: string | EndpointArgs): Promise<ServingEndpointDetailed> {
    return getEndpoint(this.#ctx, endpointArg("getEndpoint", arg), signalOf(arg));
  }

  /**
   * All endpoints of the workspace (`[]` when there are none).
   * @example
   * for (const ep of await client.listEndpoints()) console.log(ep.name, ep.state?.ready);
   */
  listEndpoints(options: CallOptions = {}): Promise<ServingEndpoint[]> {
    return listEndpoints(this.#ctx, options.signal);
  }

  /**
   * MLflow's deprecated router: `/rate-limits` when `config` holds only `rate_limits`, else `/config`.
   * @deprecated Use updateEndpointConfig, updateEndpointTags, updateEndpointRateLimits or updateEndpointAiGateway.
   * @example
   * await client.updateEndpoint({ endpoint: "chat", config: { rate_limits: [{ calls: 10, key: "endpoint", renewal_period: "minute" }] } });
   */
  updateEndpoint(args: UpdateArgs<EndpointCoreConfigInput | RateLimitsRequest>): Promise<ServingEndpointDetailed | RateLimitsResponse> {
    return updateEndpoint(this.#ctx, args);
  }

  /**
   * Replaces served entities / traffic (`PUT …/config`); `wait: true` returns the settled endpoint.
   * @example
   * await client.updateEndpointConfig({ endpoint: "chat", config: { served_entities: [...] }, wait: true });
   */
  async updateEndpointConfig(args: UpdateArgs<EndpointCoreConfigInput> & CreateEndpointOptions): Promise<ServingEndpointDetailed> {
    const updated = await updateEndpointConfig(this.#ctx, args);
    if (args.wait !== true) return updated;
    return waitForEndpoint(this.#ctx, { endpoint: args.endpoint, signal: args.signal, timeoutMs: args.waitTimeoutMs });
  }

  /**
   * Adds / overwrites / deletes tags; resolves to the full tag list.
   * @example
   * await client.updateEndpointTags({ endpoint: "chat", config: { add_tags: [{ key: "team", value: "ml" }], delete_tags: ["foo"] } });
   */
  updateEndpointTags(args: UpdateArgs<TagsPatchRequest>): Promise<TagsResponse> {
    return updateEndpointTags(this.#ctx, args);
  }

  /**
   * Sets the endpoint's (legacy) rate limits.
   * @example
   * await client.updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: 10, key: "user", renewal_period: "minute" }] } });
   */
  updateEndpointRateLimits(args: UpdateArgs<RateLimitsRequest>): Promise<RateLimitsResponse> {
    return updateEndpointRateLimits(this.#ctx, args);
  }

  /**
   * Replaces the AI Gateway configuration (usage tracking, inference tables, rate limits, guardrails, fallbacks).
   * @example
   * await client.updateEndpointAiGateway({ endpoint: "chat", config: { rate_limits: [{ calls: 100, key: "user", renewal_period: "minute" }] } });
   */
  updateEndpointAiGateway(args: UpdateArgs<AiGatewayConfig>): Promise<AiGatewayOutput> {
    return updateEndpointAiGateway(this.#ctx, args);
  }

  /**
   * Sets who is emailed when an update succeeds or fails.
   * @example
   * await client.updateEndpointNotifications({ endpoint: "chat", config: { email_notifications: { on_update_failure: ["me@example.com"] } } });
   */
  updateEndpointNotifications(args: UpdateArgs<NotificationsPatchRequest>): Promise<Record<string, unknown>> {
    return updateEndpointNotifications(this.#ctx, args);
  }

  /**
   * Deletes an endpoint.
   * @example
   * await client.deleteEndpoint({ endpoint: "chat" });
   */
  async deleteEndpoint(arg: string | EndpointArgs): Promise<void> {
    return deleteEndpoint(this.#ctx, endpointArg("deleteEndpoint", arg), signalOf(arg));
  }

  /**
   * Queries an endpoint (chat, completions, embeddings or a custom model). Retried only when the
   * server did not run the model (429, 503, connection refused). With a zod object `schema`, asks
   * for structured output (`response_format` json_schema, strict) and returns every choice's
   * `message.parsed`, validated (`StructuredOutputError` / `LengthFinishReasonError` otherwise).
   * @example
   * const res = await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }], max_tokens: 64 } });
   * const city = await client.predict({ endpoint: "chat", inputs: { messages }, schema: z.object({ name: z.string() }) });
   * console.log(city.choices[0]?.message.parsed.name);
   */
  predict<S extends z.ZodType>(args: StructuredPredictArgs<S>): Promise<ParsedChatCompletion<z.output<S>>>;
  predict<T = QueryResponse>(args: PredictArgs): Promise<T>;
  predict(args: PredictArgs | StructuredPredictArgs<z.ZodType>): Promise<unknown> {
    // A wrong argument shape (a bare string) falls through to predict(), which names the argument.
    if (typeof args === "object" && args !== null && "schema" in args && args.schema !== undefined) return structuredPredict(this.#ctx, args);
    return predict(this.#ctx, args);
  }

  /**
   * Calls the OpenAI Responses API: `POST /serving-endpoints/responses` with `model` = the endpoint
   * (OpenAI and external models, agents), or with `route: "invocations"` the agent's own
   * `/serving-endpoints/{name}/invocations` (MLflow ResponsesAgent `predict`). The reply carries
   * `output_text`.
   * @example
   * const r = await client.predictResponse({ endpoint: "chat", inputs: { input: "Hello", max_output_tokens: 64 } });
   * console.log(r.output_text, r.usage?.total_tokens);
   */
  predictResponse(args: ResponseArgs): Promise<ResponseObject> {
    return predictResponse(this.#ctx, args);
  }

  /**
   * `predict` over many rows (an array, iterable or async iterable of inputs), as an async iterable
   * of results in completion order. Rate-limit aware as a whole: a 429 pauses the batch for its
   * `Retry-After` and halves the concurrency window, which climbs back while calls succeed; a row
   * the server may have processed is never sent again (it fails with its error). With `schema`,
   * each row is a structured `predict`. See docs/batch.md.
   * @example
   * for await (const r of client.predictBatch({ endpoint: "chat", inputs: rows, concurrency: 8 })) {
   *   console.log(r.index, r.error?.message ?? r.output?.choices[0]?.message.content);
   * }
   */
  predictBatch<S extends z.ZodType>(args: StructuredBatchArgs<S>): AsyncGenerator<BatchResult<ParsedChatCompletion<z.output<S>>>, void, undefined>;
  predictBatch<T = QueryResponse>(args: PredictBatchArgs): AsyncGenerator<BatchResult<T>, void, undefined>;
  async *predictBatch(args: PredictBatchArgs): AsyncGenerator<BatchResult<unknown>, void, undefined> {
    // Loaded on first use: most programs never run a batch, and importing the package stays cheaper.
    const { predictBatch } = await import("./batch/predict-batch.js");
    yield* predictBatch(this.#ctx, args, this.#time);
  }

  /**
   * The streamed Responses call (MLflow ResponsesAgent `predict_stream`): typed events
   * (`response.created`, `response.output_text.delta`, `response.output_item.done`,
   * `response.completed`, function-call events). `accumulateResponse(stream)` gives the final response.
   * @example
   * for await (const e of client.predictResponseStream({ endpoint: "chat", inputs: { input: "Hi" } })) {
   *   if (e.type === "response.output_text.delta") process.stdout.write(e.delta);
   * }
   */
  predictResponseStream(args: ResponseArgs): AsyncGenerator<ResponseStreamEvent, void, undefined> {
    return predictResponseStream(this.#ctx, args);
  }

  /**
   * Streams a reply (`stream: true` forced) as an async iterable of chunks; `break` aborts the request.
   * `batchMs` reads it at most that often (for a display that redraws on a timer: far less CPU).
   * @example
   * for await (const chunk of client.predictStream({ endpoint: "chat", inputs: { messages } })) {
   *   process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
   * }
   */
  predictStream<T = ChatCompletionChunk>(args: PredictStreamArgs): AsyncGenerator<T, void, undefined> {
    return predictStream<T>(this.#ctx, args);
  }

  /**
   * Polls until the endpoint's `config_update` is `NOT_UPDATING`; throws `EndpointUpdateError` on
   * `UPDATE_FAILED` / `UPDATE_CANCELED`, `TimeoutError` after `timeoutMs` (default 20 min).
   * @example
   * await client.waitForEndpoint({ endpoint: "chat", onProgress: (s) => console.log(s.config_update) });
   */
  waitForEndpoint(args: WaitForEndpointArgs): Promise<ServingEndpointDetailed> {
    return waitForEndpoint(this.#ctx, args);
  }

  /**
   * Creates the endpoint, or updates an existing one to this payload (config, tags, rate limits, gateway).
   * @example
   * await client.createOrUpdateEndpoint(endpoint("chat").externalModel("gpt-4", { provider: "openai", apiKey: secret("my-scope", "openai-api-key") }), { wait: true });
   */
  async createOrUpdateEndpoint(arg: CreateEndpointArgs | CreateEndpointBuilder, options: CreateEndpointOptions = {}): Promise<ServingEndpointDetailed> {
    createArg("createOrUpdateEndpoint", arg);
    return createOrUpdateEndpoint(this.#ctx, arg, { ...pickOptions(arg), ...options });
  }

  /**
   * A served model's server logs.
   * @example
   * console.log(await client.getServedModelLogs({ endpoint: "my-model", servedModel: "my-model-1" }));
   */
  getServedModelLogs(args: ServedModelArgs): Promise<string> {
    return servedModelLogs(this.#ctx, "logs", args);
  }

  /**
   * A served model's container build logs.
   * @example
   * console.log(await client.getServedModelBuildLogs({ endpoint: "my-model", servedModel: "my-model-1" }));
   */
  getServedModelBuildLogs(args: ServedModelArgs): Promise<string> {
    return servedModelLogs(this.#ctx, "build-logs", args);
  }

  /**
   * The endpoint's metrics in Prometheus / OpenMetrics text.
   * @example
   * const text = await client.exportMetrics({ endpoint: "chat" });
   */
  exportMetrics(args: EndpointArgs): Promise<string> {
    return exportMetrics(this.#ctx, args);
  }

  /**
   * The endpoint's OpenAPI document (an object when it is JSON).
   * @example
   * const doc = await client.getOpenApi({ endpoint: "chat" });
   */
  getOpenApi(args: EndpointArgs): Promise<Record<string, unknown> | string> {
    return getOpenApi(this.#ctx, args);
  }

  /**
   * The endpoint's access control list (by name: resolved to its id; or `{ endpointId }`), with
   * `callerPermissionLevel`: your own level on it (`CAN_VIEW`, `CAN_QUERY` or `CAN_MANAGE`).
   * @example
   * const acl = await client.getPermissions({ endpoint: "chat" });
   * console.log(acl.callerPermissionLevel, acl.access_control_list);
   */
  getPermissions(target: PermissionsTarget): Promise<EndpointPermissions> {
    return getPermissions(this.#ctx, target);
  }

  /**
   * Replaces the access control list (CAN_MANAGE needed); the result carries your level after the change.
   * @example
   * await client.setPermissions({ endpoint: "chat", config: { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] } });
   */
  setPermissions(args: PermissionsTarget & { readonly config: PermissionsRequest }): Promise<EndpointPermissions> {
    return changePermissions(this.#ctx, "PUT", args);
  }

  /**
   * Adds to the access control list (CAN_MANAGE needed); the result carries your level after the change.
   * @example
   * await client.updatePermissions({ endpoint: "chat", config: { access_control_list: [{ user_name: "me@example.com", permission_level: "CAN_MANAGE" }] } });
   */
  updatePermissions(args: PermissionsTarget & { readonly config: PermissionsRequest }): Promise<EndpointPermissions> {
    return changePermissions(this.#ctx, "PATCH", args);
  }

  /**
   * The permission levels that can be granted on the endpoint.
   * @example
   * const levels = await client.getPermissionLevels({ endpoint: "chat" });
   */
  getPermissionLevels(target: PermissionsTarget): Promise<PermissionLevelInfo[]> {
    return getPermissionLevels(this.#ctx, target);
  }

  /**
   * Grants (or changes) a principal's permission on a secret scope: READ, WRITE or MANAGE. A
   * serving config may reference `{{secrets/scope/key}}` only if its author has READ.
   * @example
   * await client.putSecretAcl({ scope: "my-scope", principal: "bob@example.com", permission: "READ" });
   */
  putSecretAcl(args: secretAcls.PutSecretAclArgs): Promise<void> {
    return secretAcls.putSecretAcl(this.#ctx, args);
  }

  /**
   * One principal's permission on a secret scope.
   * @example
   * const { permission } = await client.getSecretAcl({ scope: "my-scope", principal: "bob@example.com" });
   */
  getSecretAcl(args: secretAcls.SecretAclTarget): Promise<SecretAclItem> {
    return secretAcls.getSecretAcl(this.#ctx, args);
  }

  /**
   * Every ACL entry of a secret scope.
   * @example
   * for (const { principal, permission } of await client.listSecretAcls({ scope: "my-scope" })) console.log(principal, permission);
   */
  listSecretAcls(args: { readonly scope: string } & CallOptions): Promise<SecretAclItem[]> {
    return secretAcls.listSecretAcls(this.#ctx, args);
  }

  /**
   * Removes a principal's entry from a secret scope's ACL.
   * @example
   * await client.deleteSecretAcl({ scope: "my-scope", principal: "bob@example.com" });
   */
  deleteSecretAcl(args: secretAcls.SecretAclTarget): Promise<void> {
    return secretAcls.deleteSecretAcl(this.#ctx, args);
  }

  /**
   * Creates a secret scope (for provider API keys referenced as `{{secrets/scope/key}}`).
   * @example
   * await client.createSecretScope({ scope: "my-scope" });
   */
  createSecretScope(args: secrets.CreateSecretScopeArgs): Promise<void> {
    return secrets.createSecretScope(this.#ctx, args);
  }

  /**
   * All secret scopes.
   * @example
   * const names = (await client.listSecretScopes()).map((s) => s.name);
   */
  listSecretScopes(options: CallOptions = {}): Promise<secrets.SecretScope[]> {
    return secrets.listSecretScopes(this.#ctx, options.signal);
  }

  /**
   * Deletes a secret scope and its secrets.
   * @example
   * await client.deleteSecretScope({ scope: "my-scope" });
   */
  deleteSecretScope(args: { readonly scope: string } & CallOptions): Promise<void> {
    return secrets.deleteSecretScope(this.#ctx, args);
  }

  /**
   * Stores (or overwrites) a secret. The value never appears in errors.
   * @example
   * await client.putSecret({ scope: "my-scope", key: "openai-api-key", stringValue: process.env.OPENAI_API_KEY! });
   */
  putSecret(args: secrets.PutSecretArgs): Promise<void> {
    return secrets.putSecret(this.#ctx, args);
  }

  /**
   * The keys in a scope (values are never listed).
   * @example
   * const keys = (await client.listSecrets({ scope: "my-scope" })).map((s) => s.key);
   */
  listSecrets(args: { readonly scope: string } & CallOptions): Promise<secrets.SecretMetadata[]> {
    return secrets.listSecrets(this.#ctx, args);
  }

  /**
   * Deletes a secret.
   * @example
   * await client.deleteSecret({ scope: "my-scope", key: "openai-api-key" });
   */
  deleteSecret(args: { readonly scope: string; readonly key: string } & CallOptions): Promise<void> {
    return secrets.deleteSecret(this.#ctx, args);
  }
}

function signalOf(arg: unknown): AbortSignal | undefined {
  return arg !== null && typeof arg === "object" ? (arg as { signal?: AbortSignal }).signal : undefined;
}

function pickOptions(arg: unknown): CreateEndpointOptions {
  if (arg === null || typeof arg !== "object" || typeof (arg as { build?: unknown }).build === "function") return {};
  const o = arg as CreateEndpointOptions;
  return { signal: o.signal, wait: o.wait, waitTimeoutMs: o.waitTimeoutMs };
}
