/** The names of the `ApiError` classes an `error_code` can map to. */
export type ApiErrorName =
  | "ApiError"
  | "NotFoundError"
  | "ConflictError"
  | "AlreadyExistsError"
  | "InvalidParameterError"
  | "RateLimitError"
  | "UnauthenticatedError"
  | "PermissionDeniedError"
  | "UnavailableError"
  | "InternalServerError";

/** What one `error_code` means: its usual HTTP status and the `ApiError` class the client throws. */
export interface ErrorCodeFacts {
  readonly status: number;
  readonly error: ApiErrorName;
}

/**
 * Every Databricks `error_code` this package knows, on both sides of the wire: the client maps a
 * response to an `ApiError` subclass by it (the code wins over the status), and the emulator may
 * only send codes listed here (its `ApiFailure` takes an {@link ErrorCode}). `status` is the one
 * Databricks usually pairs with the code; a reply may still carry another (secret scopes answer
 * `RESOURCE_ALREADY_EXISTS` with 400, an unreachable upstream `TEMPORARILY_UNAVAILABLE` with 502).
 * Kept free of the classes themselves so the emulator can import it without them.
 *
 * @example
 * ERROR_CODES.REQUEST_LIMIT_EXCEEDED; // { status: 429, error: "RateLimitError" }
 */
export const ERROR_CODES = {
  RESOURCE_DOES_NOT_EXIST: { status: 404, error: "NotFoundError" },
  NOT_FOUND: { status: 404, error: "NotFoundError" },
  ENDPOINT_NOT_FOUND: { status: 404, error: "NotFoundError" },
  RESOURCE_ALREADY_EXISTS: { status: 409, error: "AlreadyExistsError" },
  ALREADY_EXISTS: { status: 409, error: "AlreadyExistsError" },
  INVALID_PARAMETER_VALUE: { status: 400, error: "InvalidParameterError" },
  BAD_REQUEST: { status: 400, error: "InvalidParameterError" },
  INVALID_STATE: { status: 400, error: "InvalidParameterError" },
  MALFORMED_REQUEST: { status: 400, error: "InvalidParameterError" },
  // The body was refused for its size: a problem with what was sent, never worth retrying.
  REQUEST_ENTITY_TOO_LARGE: { status: 413, error: "InvalidParameterError" },
  REQUEST_LIMIT_EXCEEDED: { status: 429, error: "RateLimitError" },
  RESOURCE_EXHAUSTED: { status: 429, error: "RateLimitError" },
  TOO_MANY_REQUESTS: { status: 429, error: "RateLimitError" },
  UNAUTHENTICATED: { status: 401, error: "UnauthenticatedError" },
  CUSTOMER_UNAUTHORIZED: { status: 401, error: "UnauthenticatedError" },
  PERMISSION_DENIED: { status: 403, error: "PermissionDeniedError" },
  RESOURCE_CONFLICT: { status: 409, error: "ConflictError" },
  ABORTED: { status: 409, error: "ConflictError" },
  TEMPORARILY_UNAVAILABLE: { status: 503, error: "UnavailableError" },
  INTERNAL_ERROR: { status: 500, error: "InternalServerError" },
  UNKNOWN: { status: 500, error: "InternalServerError" },
  DATA_LOSS: { status: 500, error: "InternalServerError" },
  // The server gave up waiting (e.g. for an upstream model); whether it acted is unknown.
  DEADLINE_EXCEEDED: { status: 504, error: "InternalServerError" },
  // The request was cancelled (the client left); no subclass says more than ApiError.
  CANCELLED: { status: 499, error: "ApiError" },
} as const satisfies Readonly<Record<string, ErrorCodeFacts>>;

/**
 * The name Databricks' SDKs give each HTTP status (`PermissionDenied` for 403…), as an
 * `error_code`. Some endpoints put the status itself in `error_code` (`{"error_code": 403,
 * "message": "Invalid access token."}`); the parser names it from here, so the error reads
 * `403 PERMISSION_DENIED: Invalid access token.`, not `403 403: …`.
 *
 * @example
 * STATUS_ERROR_CODES[403]; // "PERMISSION_DENIED"
 */
export const STATUS_ERROR_CODES: Readonly<Record<number, ErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "RESOURCE_CONFLICT",
  413: "REQUEST_ENTITY_TOO_LARGE",
  429: "TOO_MANY_REQUESTS",
  499: "CANCELLED",
  500: "INTERNAL_ERROR",
  503: "TEMPORARILY_UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** An `error_code` listed in {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Whether a string is a known `error_code`.
 *
 * @example
 * isErrorCode("RESOURCE_DOES_NOT_EXIST"); // true
 */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
