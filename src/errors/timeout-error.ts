import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * A time limit ran out: one attempt (`timeoutMs`), the whole call with its retries
 * (`totalTimeoutMs`), the wait between two stream chunks (`idleTimeoutMs`), or `waitForEndpoint`'s.
 * `kind` says which one; `timeoutMs` its value.
 *
 * @example
 * catch (e) { if (e instanceof TimeoutError) console.log(`gave up after ${e.timeoutMs} ms (${e.kind})`); }
 */
export class TimeoutError extends DeploymentsError {
  override name = "TimeoutError";
  readonly kind: "attempt" | "total" | "idle" | "wait";
  readonly timeoutMs: number;

  constructor(message: string, kind: TimeoutError["kind"], timeoutMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.timeoutMs = timeoutMs;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { kind: this.kind, timeoutMs: this.timeoutMs };
  }
}
