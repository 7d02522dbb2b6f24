import { test } from "uvu";
import * as assert from "uvu/assert";
import * as schemas from "../../src/schemas/index.js";
import * as root from "../../src/index.js";
import type {
  CreateEndpointRequest, EndpointCoreConfigInput, ServedEntityInput, ExternalModel, RateLimit, RateLimitsRequest, AiGatewayConfig,
  EndpointTag, TagsPatchRequest, PermissionsRequest, ServingEndpoint, ServingEndpointDetailed, EndpointState, QueryInput, ChatMessage,
  ChatCompletion, ChatCompletionChunk, Completion, EmbeddingsResponse, QueryResponse, ErrorBody,
} from "../../src/schemas/index.js";

// The names other engineers import (contract 1); renaming one breaks them.
const CONTRACT = [
  "endpointNameSchema", "secretReferenceSchema", "secret", "taskSchema", "externalModelProviderSchema",
  "createEndpointRequestSchema", "endpointCoreConfigInputSchema", "servedEntityInputSchema", "servedModelInputSchema", "externalModelSchema",
  "rateLimitSchema", "rateLimitsRequestSchema", "aiGatewayConfigSchema", "endpointTagSchema", "tagsPatchRequestSchema", "emailNotificationsSchema",
  "notificationsPatchRequestSchema", "permissionsRequestSchema", "createScopeRequestSchema", "deleteScopeRequestSchema", "putSecretRequestSchema",
  "deleteSecretRequestSchema", "servingEndpointSchema", "servingEndpointDetailedSchema", "endpointStateSchema", "listEndpointsResponseSchema",
  "tagsResponseSchema", "rateLimitsResponseSchema", "permissionsResponseSchema", "listScopesResponseSchema", "listSecretsResponseSchema",
  "queryInputSchema", "chatMessageSchema", "chatCompletionSchema", "chatCompletionChunkSchema", "completionSchema", "embeddingsResponseSchema",
  "queryResponseSchema", "errorBodySchema", "validate",
] as const;

test("every contract name is exported from src/schemas and from the package root", () => {
  for (const name of CONTRACT) {
    assert.ok(name in schemas, `src/schemas lacks ${name}`);
    assert.ok(name in root, `src/index lacks ${name}`);
  }
  for (const name of ["endpoint", "EndpointBuilder", "hoistLegacyCreatePayload", "isEndpointBuilder", "ValidationError"]) assert.ok(name in root, name);
});

test("the contract types exist (compile-time) and describe the docs payload", () => {
  const body: CreateEndpointRequest = { name: "chat" };
  const types: [EndpointCoreConfigInput?, ServedEntityInput?, ExternalModel?, RateLimit?, RateLimitsRequest?, AiGatewayConfig?, EndpointTag?,
    TagsPatchRequest?, PermissionsRequest?, ServingEndpoint?, ServingEndpointDetailed?, EndpointState?, QueryInput?, ChatMessage?,
    ChatCompletion?, ChatCompletionChunk?, Completion?, EmbeddingsResponse?, QueryResponse?, ErrorBody?] = [];
  assert.is(types.length, 0);
  assert.is(body.name, "chat");
});

test.run();
