/**
 * databricks-deployments — the public API. Explicit exports only: what is not listed here is private.
 * @packageDocumentation
 */
// errors (root + validation; the client's error classes are listed in the client section)
export { DeploymentsError } from "./errors/deployments-error.js";
export { ValidationError, type ValidationIssue } from "./errors/validation-error.js";
export { VERSION } from "./version.js";

// --- schemas (issue 2) ---
export {
  secret,
  validate,
  type ValidateOptions,
  endpointNameSchema,
  secretReferenceSchema,
  taskSchema,
  type Task,
  externalModelProviderSchema,
  type ExternalModelProvider,
  createEndpointRequestSchema,
  type CreateEndpointRequest,
  endpointCoreConfigInputSchema,
  type EndpointCoreConfigInput,
  servedEntityInputSchema,
  type ServedEntityInput,
  servedModelInputSchema,
  type ServedModelInput,
  trafficConfigSchema,
  type TrafficConfig,
  type Route,
  externalModelSchema,
  type ExternalModel,
  type OpenAiConfig,
  type AnthropicConfig,
  type CohereConfig,
  type Ai21LabsConfig,
  type AmazonBedrockConfig,
  type GoogleCloudVertexAiConfig,
  type PalmConfig,
  type DatabricksModelServingConfig,
  type CustomProviderConfig,
  type WorkloadType,
  rateLimitSchema,
  type RateLimit,
  rateLimitsRequestSchema,
  type RateLimitsRequest,
  aiGatewayConfigSchema,
  type AiGatewayConfig,
  type AiGatewayRateLimit,
  type GuardrailParameters,
  endpointTagSchema,
  type EndpointTag,
  tagsPatchRequestSchema,
  type TagsPatchRequest,
  emailNotificationsSchema,
  type EmailNotifications,
  notificationsPatchRequestSchema,
  type NotificationsPatchRequest,
  permissionsRequestSchema,
  type PermissionsRequest,
  type PermissionLevel,
  servingEndpointSchema,
  type ServingEndpoint,
  servingEndpointDetailedSchema,
  type ServingEndpointDetailed,
  endpointStateSchema,
  type EndpointState,
  type ServedEntityOutput,
  type EndpointConfigOutput,
  type AiGatewayOutput,
  listEndpointsResponseSchema,
  type ListEndpointsResponse,
  tagsResponseSchema,
  type TagsResponse,
  rateLimitsResponseSchema,
  type RateLimitsResponse,
  permissionsResponseSchema,
  type PermissionsResponse,
  createScopeRequestSchema,
  type CreateScopeRequest,
  deleteScopeRequestSchema,
  putSecretRequestSchema,
  type PutSecretRequest,
  deleteSecretRequestSchema,
  listScopesResponseSchema,
  type ListScopesResponse,
  listSecretsResponseSchema,
  type ListSecretsResponse,
  secretAclPermissionSchema,
  type SecretAclPermission,
  putSecretAclRequestSchema,
  type PutSecretAclRequest,
  type SecretAclItem,
  queryInputSchema,
  type QueryInput,
  chatMessageSchema,
  type ChatMessage,
  type ChatRole,
  toolDefinitionSchema,
  type ToolDefinition,
  toolChoiceSchema,
  type ToolChoice,
  toolCallSchema,
  type ToolCall,
  toolCallDeltaSchema,
  type ToolCallDelta,
  responseFormatSchema,
  type ResponseFormat,
  choiceLogprobsSchema,
  type ChoiceLogprobs,
  type JsonSchema,
  responseInputSchema,
  type ResponseInput,
  type ResponseInputItem,
  type ResponseFunctionTool,
  responseObjectSchema,
  type ResponseObject,
  type ResponseOutputItem,
  type ResponseUsage,
  type ResponseStreamEvent,
  type ResponseOtherEvent,
  chatCompletionSchema,
  type ChatCompletion,
  chatCompletionChunkSchema,
  type ChatCompletionChunk,
  completionSchema,
  type Completion,
  embeddingsResponseSchema,
  type EmbeddingsResponse,
  queryResponseSchema,
  type QueryResponse,
  type Usage,
  errorBodySchema,
  type ErrorBody,
} from "./schemas/index.js";

// --- builder (issue 2) ---
export {
  endpoint,
  EndpointBuilder,
  isEndpointBuilder,
  hoistLegacyCreatePayload,
  inferProvider,
  inferTask,
  type ExternalModelOptions,
  type RegisteredModelOptions,
  type RateLimitOptions,
  type GatewayRateLimitOptions,
  type GuardrailOptions,
  type InferenceTableOptions,
  type AiGatewayOptions,
  type NotificationOptions,
  type TagsPatchOptions,
  type Camelize,
} from "./builder/index.js";

// --- client (issue 3) ---
export { DatabricksDeploymentClient, type EndpointArgs } from "./client/client.js";
export { getDeployClient } from "./client/get-deploy-client.js";
export type { ClientOptions } from "./client/client-options.js";
export type { RetryEvent } from "./client/request/pipeline.js";
export type { FetchLike } from "./client/request/fetch.js";
export type { AuthConfig } from "./client/config/auth.js";
export { resolveCredentials, hasDatabricksConfiguration, type CredentialOptions, type ResolvedCredentials } from "./client/config/resolve-credentials.js";
export { AUTH_TYPES, type AuthType } from "./client/config/attributes.js";
export { authLogin, authStatus, authLogout, type AuthSessionOptions, type AuthStatus, type LoginResult } from "./client/config/auth-commands.js";
export { decodeSse, SseDecoder, type SseEvent } from "./client/streaming/sse-decoder.js";
export type { CallOptions } from "./client/resources/context.js";
export type { CreateEndpointArgs, CreateEndpointBuilder, CreateEndpointOptions } from "./client/resources/endpoints.js";
export type { UpdateArgs } from "./client/resources/config-updates.js";
export type { PredictArgs, PredictStreamArgs } from "./client/resources/invocations.js";
export type { PredictBatchArgs, StructuredBatchArgs, BatchInputs, BatchResult, BatchProgress, BatchUsage } from "./client/batch/types.js";
export { responseFormatFor, parseStructured, type StructuredPredictArgs, type ParsedChatCompletion } from "./client/resources/structured.js";
export type { ResponseArgs } from "./client/resources/responses.js";
export { tool, isTool, Tool, type ToolSpec, type ToolExecute, type ToolContext } from "./client/tools/tool.js";
export { toDatabricksJsonSchema, schemaIssues, isStrictCompatible, SCHEMA_LIMITS } from "./client/tools/json-schema.js";
export { checkToolInputs } from "./client/tools/check-inputs.js";
export { ChatStreamAccumulator, accumulateChatStream, type AccumulatedChoice } from "./client/streaming/tool-call-accumulator.js";
export { ResponseAccumulator, accumulateResponse, outputText, ResponseStreamError } from "./client/streaming/response-accumulator.js";
export type { WaitForEndpointArgs } from "./client/resources/wait-for-endpoint.js";
export type { PermissionsTarget, PermissionLevelInfo, EndpointPermissions } from "./client/resources/permissions.js";
export type { ServedModelArgs } from "./client/resources/observability.js";
export type { CreateSecretScopeArgs, PutSecretArgs, SecretScope, SecretMetadata } from "./client/resources/secrets.js";
export type { PutSecretAclArgs, SecretAclTarget } from "./client/resources/secret-acls.js";
export {
  ApiError,
  NotFoundError,
  AlreadyExistsError,
  InvalidParameterError,
  RateLimitError,
  UnauthenticatedError,
  PermissionDeniedError,
  ConflictError,
  UnavailableError,
  InternalServerError,
  type ApiErrorInit,
} from "./errors/api-error.js";
export { ConnectionError } from "./errors/connection-error.js";
export { TimeoutError } from "./errors/timeout-error.js";
export { AbortError } from "./errors/abort-error.js";
export { StreamError } from "./errors/stream-error.js";
export { RedirectError } from "./errors/redirect-error.js";
export { ResponseTooLargeError } from "./errors/response-too-large-error.js";
export { ConfigurationError } from "./errors/configuration-error.js";
export { EndpointUpdateError } from "./errors/endpoint-update-error.js";
export { type DeploymentsErrorJSON } from "./errors/deployments-error.js";
export { StructuredOutputError, LengthFinishReasonError } from "./errors/structured-output-error.js";

// --- conversation (issue 5) ---
export { Conversation, type ConversationOptions, type SendOptions } from "./conversation/conversation.js";
export { Reply } from "./conversation/reply.js";
export { toolCallLine } from "./conversation/markdown.js";
export { DEFAULT_MAX_TOOL_STEPS } from "./conversation/tool-runner.js";
export { responsesBodyOf, type ConversationApi } from "./conversation/responses-chunks.js";
export { describeError } from "./conversation/chunk.js";
export { turnStats, turnTokens, usageTokens, tokensPerSecond } from "./conversation/stats.js";
export {
  endpointFacts, modelLabel, stateLabel, servedEntityLines, trafficLines, tagLines, rateLimitLines, hasUpstream, type EndpointFacts, type EndpointLike,
} from "./conversation/describe-endpoint.js";
export type {
  ChatStreamClient, ConversationJSON, ConversationMessage, ConversationTotals, GenerationParams, TokenUsage, ToolCallRecord, Turn, TurnError, TurnStatus,
} from "./conversation/types.js";
