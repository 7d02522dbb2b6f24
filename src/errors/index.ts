// The lowest layer: every error class this package throws, importable by every other layer.
export { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";
export { errorFacts } from "./error-facts.js";
export {
  ApiError,
  type ApiErrorInit,
  AlreadyExistsError,
  ConflictError,
  createApiError,
  InternalServerError,
  InvalidParameterError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnauthenticatedError,
  UnavailableError,
} from "./api-error.js";
export { AbortError } from "./abort-error.js";
export { ConfigurationError } from "./configuration-error.js";
export { ConnectionError } from "./connection-error.js";
export { EndpointUpdateError } from "./endpoint-update-error.js";
export { RedirectError } from "./redirect-error.js";
export { ResponseTooLargeError } from "./response-too-large-error.js";
export { StreamError } from "./stream-error.js";
export { TimeoutError } from "./timeout-error.js";
export { ValidationError, type ValidationIssue } from "./validation-error.js";
export { type ParsedErrorBody, parseErrorBody, parseErrorObject } from "./error-body.js";
export { type ApiErrorName, ERROR_CODES, type ErrorCode, type ErrorCodeFacts, isErrorCode } from "./error-codes.js";
