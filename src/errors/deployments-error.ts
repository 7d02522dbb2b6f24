/**
 * The one serialisable shape of every error this package throws (`DeploymentsError#toJSON()`):
 * its class name and message, plus the fields of its subclass. Never holds a secret: messages,
 * details and causes are scrubbed when the error is made. `describeError`, the notebook's
 * `errorView` and the REPL's advice read this shape.
 */
export interface DeploymentsErrorJSON {
  /** The class name: `RateLimitError`, `ValidationError`, `ConnectionError`, … */
  readonly name: string;
  readonly message: string;
  /** `ApiError`: HTTP status. */
  readonly status?: number;
  /** `ApiError`: Databricks `error_code`, e.g. `RESOURCE_DOES_NOT_EXIST`. */
  readonly errorCode?: string;
  /** `ApiError`: the server's `details` array. */
  readonly details?: readonly unknown[];
  /** `ApiError`: the request id the server gave. */
  readonly requestId?: string;
  /** `ApiError`: seconds the server asked to wait (`Retry-After`). */
  readonly retryAfter?: number;
  /** `ApiError`: `"GET /api/2.0/serving-endpoints/chat"`. */
  readonly operation?: string;
  /** `ConnectionError`: the system error code (`ECONNREFUSED`, …). */
  readonly code?: string;
  /** `TimeoutError`: which limit ran out. */
  readonly kind?: "attempt" | "total" | "idle" | "wait";
  /** `TimeoutError`: that limit, in milliseconds. */
  readonly timeoutMs?: number;
  /** `ResponseTooLargeError`: what was too large (`"body"` or one SSE `"event"`). */
  readonly what?: "body" | "event";
  /** `ResponseTooLargeError`: the limit it passed. */
  readonly limitBytes?: number;
  /** `RedirectError`: the origin it was sent to. */
  readonly location?: string;
  /** `StreamError`: chunks received before the stream broke. */
  readonly received?: number;
  /** `EndpointUpdateError`: the endpoint and its final `config_update` state. */
  readonly endpoint?: string;
  readonly state?: string;
  /** `ConfigurationError`: every place that was looked at. */
  readonly searched?: readonly string[];
  /** `ValidationError`: each problem with its path. */
  readonly issues?: readonly { readonly path: string; readonly message: string; readonly code: string }[];
  /** The error this one wraps, when it is an `Error` (its name and message, or its own shape). */
  readonly cause?: DeploymentsErrorJSON;
}

/**
 * The root of every error this package throws. `catch (e) { if (e instanceof DeploymentsError) … }`
 * separates this library's failures from anything else; `toJSON()` gives its facts as data.
 *
 * @example
 * try { await client.getEndpoint("nope"); }
 * catch (e) { if (e instanceof DeploymentsError) console.error(e.message, e.toJSON()); }
 */
export class DeploymentsError extends Error {
  override name = "DeploymentsError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /**
   * Plain data for logs, transcripts and displays: name, message and the subclass's fields
   * (fields without a value are left out). Never contains credentials.
   *
   * @example
   * JSON.stringify(error); // {"name":"RateLimitError","message":"429 …","status":429,"retryAfter":2}
   */
  toJSON(): DeploymentsErrorJSON {
    const cause = this.cause instanceof DeploymentsError ? this.cause.toJSON() : this.cause instanceof Error ? { name: this.cause.name, message: this.cause.message } : undefined;
    return definedOnly({ name: this.name, message: this.message, ...this.fields(), cause });
  }

  /** The subclass's own fields for `toJSON()`; subclasses with fields override it. */
  protected fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return {};
  }
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
