import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";
import { ERROR_CODES, type ApiErrorName } from "./error-codes.js";

/** What the pipeline knows about a failed HTTP exchange; secrets are already scrubbed. */
export interface ApiErrorInit {
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly message: string;
  readonly details: readonly unknown[] | undefined;
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;
  /** `"GET /api/2.0/serving-endpoints/chat"`: what was asked, without host or query. */
  readonly operation: string | undefined;
}

/**
 * The server answered with an error status (or sent an error object inside a stream). Carries
 * everything the server said: HTTP `status`, Databricks `errorCode` (`RESOURCE_DOES_NOT_EXIST`…),
 * `message`, `details`, `requestId` and `retryAfter` (seconds, from the `Retry-After` header).
 * A subclass per error family lets `instanceof` do the routing.
 *
 * @example
 * try { await client.getEndpoint("nope"); }
 * catch (e) {
 *   if (e instanceof NotFoundError) console.log("no such endpoint");
 *   else if (e instanceof ApiError) console.log(e.status, e.errorCode, e.requestId);
 * }
 */
export class ApiError extends DeploymentsError {
  override name = "ApiError";
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly details: readonly unknown[] | undefined;
  readonly requestId: string | undefined;
  /** Seconds the server asked us to wait (`Retry-After`), if it said. */
  readonly retryAfter: number | undefined;
  readonly operation: string | undefined;

  constructor(init: ApiErrorInit) {
    super(ApiError.format(init));
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.operation = init.operation;
  }

  private static format(init: ApiErrorInit): string {
    const head = init.errorCode === undefined ? `${init.status}` : `${init.status} ${init.errorCode}`;
    const where = init.operation === undefined ? "" : ` (${init.operation})`;
    return `${head}: ${init.message}${where}`;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { status: this.status, errorCode: this.errorCode, details: this.details, requestId: this.requestId, retryAfter: this.retryAfter, operation: this.operation };
  }
}

/**
 * `RESOURCE_DOES_NOT_EXIST` / 404: the endpoint, scope or secret is not there.
 * @example
 * const exists = await client.getEndpoint("chat").then(() => true, (e) => { if (e instanceof NotFoundError) return false; throw e; });
 */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}

/**
 * `RESOURCE_CONFLICT` / `ABORTED` / 409: e.g. an update while another is `IN_PROGRESS`.
 * @example
 * catch (e) { if (e instanceof ConflictError) await client.waitForEndpoint({ endpoint: "chat" }); }
 */
export class ConflictError extends ApiError {
  override name = "ConflictError";
}

/**
 * `RESOURCE_ALREADY_EXISTS` (409 for endpoints, 400 for secret scopes). A `ConflictError`.
 * @example
 * catch (e) { if (e instanceof AlreadyExistsError) console.log("already there"); }
 */
export class AlreadyExistsError extends ConflictError {
  override name = "AlreadyExistsError";
}

/**
 * `INVALID_PARAMETER_VALUE` / `BAD_REQUEST` / 400: the server rejected the payload.
 * @example
 * catch (e) { if (e instanceof InvalidParameterError) console.log(e.message); }
 */
export class InvalidParameterError extends ApiError {
  override name = "InvalidParameterError";
}

/**
 * `REQUEST_LIMIT_EXCEEDED` / 429: rate limited; `retryAfter` says how long to wait when the server said.
 * @example
 * catch (e) { if (e instanceof RateLimitError) console.log(`retry in ${e.retryAfter ?? "?"} s`); }
 */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}

/**
 * 401: missing, wrong or expired credentials.
 * @example
 * catch (e) { if (e instanceof UnauthenticatedError) console.log("check DATABRICKS_TOKEN"); }
 */
export class UnauthenticatedError extends ApiError {
  override name = "UnauthenticatedError";
}

/**
 * `PERMISSION_DENIED` / 403: authenticated, but not allowed.
 * @example
 * catch (e) { if (e instanceof PermissionDeniedError) console.log("ask for CAN_QUERY"); }
 */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}

/**
 * `TEMPORARILY_UNAVAILABLE` / 503: the service is overloaded or scaling from zero.
 * @example
 * catch (e) { if (e instanceof UnavailableError) console.log("try again shortly"); }
 */
export class UnavailableError extends ApiError {
  override name = "UnavailableError";
}

/**
 * `INTERNAL_ERROR` / other 5xx: the server failed.
 * @example
 * catch (e) { if (e instanceof InternalServerError) console.log(e.requestId); }
 */
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}

type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

// Every ApiError class by name: `Record<ApiErrorName, …>` makes a name in the table without a
// class (or a class missing here) a type error.
const CLASSES: Readonly<Record<ApiErrorName, ApiErrorClass>> = {
  ApiError,
  NotFoundError,
  ConflictError,
  AlreadyExistsError,
  InvalidParameterError,
  RateLimitError,
  UnauthenticatedError,
  PermissionDeniedError,
  UnavailableError,
  InternalServerError,
};

const BY_CODE: ReadonlyMap<string, ApiErrorClass> = new Map(Object.entries(ERROR_CODES).map(([code, facts]) => [code, CLASSES[facts.error]]));

function classFor(status: number, errorCode: string | undefined): ApiErrorClass {
  const byCode = errorCode === undefined ? undefined : BY_CODE.get(errorCode);
  if (byCode !== undefined) return byCode;
  switch (status) {
    case 400: return InvalidParameterError;
    case 401: return UnauthenticatedError;
    case 403: return PermissionDeniedError;
    case 404: return NotFoundError;
    case 409: return ConflictError;
    case 429: return RateLimitError;
    case 503: return UnavailableError;
    default: return status >= 500 ? InternalServerError : ApiError;
  }
}

/**
 * The subclass of `ApiError` for a status and error code: the code wins (the SDKs do the same),
 * then the status.
 *
 * @example
 * createApiError({ status: 409, errorCode: "RESOURCE_ALREADY_EXISTS", message: "exists", details: undefined, requestId: undefined, retryAfter: undefined, operation: undefined }) instanceof AlreadyExistsError; // true
 */
export function createApiError(init: ApiErrorInit): ApiError {
  // Databricks answers a wrong or expired token with 403 "Invalid access token." (error_code 403):
  // that is a credentials problem, not a missing permission.
  if (init.status === 403 && /invalid access token/i.test(init.message)) return new UnauthenticatedError(init);
  const Class = classFor(init.status, init.errorCode);
  return new Class(init);
}
