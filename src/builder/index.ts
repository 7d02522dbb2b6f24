/** The fluent, immutable endpoint builder and what it compiles to. */
export { endpoint, EndpointBuilder, isEndpointBuilder } from "./endpoint-builder.js";
export { type ExternalModelOptions, compileExternalModel } from "./external-model-options.js";
export type {
  RegisteredModelOptions,
  RateLimitOptions,
  GatewayRateLimitOptions,
  GuardrailOptions,
  InferenceTableOptions,
  AiGatewayOptions,
  NotificationOptions,
  TagsPatchOptions,
} from "./options.js";
export { inferProvider, inferTask, defaultExternalEntityName, defaultRegisteredEntityName } from "./infer.js";
export { hoistLegacyCreatePayload } from "../schemas/legacy-create.js";
export type { Camelize, SnakeToCamel } from "./case.js";
