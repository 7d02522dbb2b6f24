import { ConfigurationError } from "../errors/configuration-error.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { ApiFailure } from "./http/api-failure.js";

/**
 * One injected failure: the reply a matching request gets instead of its real answer.
 *
 * @example
 * emu.faults.next("POST /serving-endpoints/chat/invocations", { status: 503, times: 2, retryAfter: 0 });
 */
export interface FaultSpec {
  /** HTTP status, 400–599. */
  readonly status: number;
  /** How many matching requests fail (default 1). */
  readonly times?: number;
  /** `Retry-After` in whole seconds (default: none). */
  readonly retryAfter?: number;
  /** Databricks `error_code` (default by status, e.g. 503 → TEMPORARILY_UNAVAILABLE). */
  readonly errorCode?: ErrorCode;
  /** Error message (default names the injected fault). */
  readonly message?: string;
}

/**
 * Test-only fault injection on a running emulator, after the Databricks test server's
 * `/__testserver/fault`: the next requests to one route fail with a chosen status, then the route
 * answers normally again. Faults apply after authentication and before routing.
 *
 * @example
 * emu.faults.next("POST /serving-endpoints/chat/invocations", { status: 429, retryAfter: 0 });
 * await emu.client().predict({ endpoint: "chat", inputs }); // retried once, then answered
 */
export interface EmulatorFaults {
  /** Arms a fault for `"METHOD /path"` (exact path, no query string); several queue in order. */
  next(route: string, fault: FaultSpec): void;
  /** Disarms every fault. */
  clear(): void;
  /** Faults still armed (a fault with `times: 3` counts 3). */
  pending(): number;
}

interface Armed {
  readonly failure: ApiFailure;
  left: number;
}

const DEFAULT_CODES: Readonly<Record<number, ErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "RESOURCE_DOES_NOT_EXIST",
  409: "RESOURCE_CONFLICT",
  429: "REQUEST_LIMIT_EXCEEDED",
  500: "INTERNAL_ERROR",
  503: "TEMPORARILY_UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** The emulator's armed faults; {@link Faults.take} is on the request path, so it is cheap when none are armed. */
export class Faults implements EmulatorFaults {
  readonly #byRoute = new Map<string, Armed[]>();

  next(route: string, fault: FaultSpec): void {
    const match = /^([A-Za-z]+) (\/\S*)$/.exec(route);
    if (match === null) throw new ConfigurationError(`faults.next: route must be "METHOD /path" (e.g. "POST /serving-endpoints/chat/invocations"), got ${JSON.stringify(route)}`);
    const { status, times = 1, retryAfter } = fault;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new ConfigurationError(`faults.next: status must be an integer from 400 to 599, got ${status}`);
    if (!Number.isInteger(times) || times < 1) throw new ConfigurationError(`faults.next: times must be a positive integer, got ${times}`);
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) throw new ConfigurationError(`faults.next: retryAfter must be a whole number of seconds, got ${retryAfter}`);
    const key = `${match[1]!.toUpperCase()} ${match[2]!}`;
    const code = fault.errorCode ?? DEFAULT_CODES[status] ?? (status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
    const failure = new ApiFailure(status, code, fault.message ?? `Injected fault (${status} ${code}) for ${key}.`, retryAfter);
    let queue = this.#byRoute.get(key);
    if (queue === undefined) this.#byRoute.set(key, (queue = []));
    queue.push({ failure, left: times });
  }

  clear(): void {
    this.#byRoute.clear();
  }

  pending(): number {
    let n = 0;
    for (const queue of this.#byRoute.values()) for (const armed of queue) n += armed.left;
    return n;
  }

  /** The failure for this request, if one is armed (and uses it up). */
  take(method: string, path: string): ApiFailure | undefined {
    if (this.#byRoute.size === 0) return undefined;
    const key = `${method} ${path}`;
    const queue = this.#byRoute.get(key);
    if (queue === undefined) return undefined;
    const armed = queue[0]!;
    if (--armed.left === 0) queue.shift();
    if (queue.length === 0) this.#byRoute.delete(key);
    return armed.failure;
  }
}
