import { DeploymentsError, type DeploymentsErrorJSON } from "./deployments-error.js";

/**
 * A reply was bigger than the client agreed to hold: a body past `maxResponseBytes` (counted after
 * decompression, so a gzip bomb stops at the limit), or one server-sent event or line past
 * `maxEventBytes`. Never retried: asking again would download it again.
 *
 * @example
 * catch (e) { if (e instanceof ResponseTooLargeError) console.log(`reply over ${e.limitBytes} bytes (${e.what})`); }
 */
export class ResponseTooLargeError extends DeploymentsError {
  override name = "ResponseTooLargeError";
  /** `"body"`: the whole reply; `"event"`: one SSE line or event. */
  readonly what: "body" | "event";
  readonly limitBytes: number;

  constructor(message: string, what: "body" | "event", limitBytes: number) {
    super(message);
    this.what = what;
    this.limitBytes = limitBytes;
  }

  protected override fields(): Omit<DeploymentsErrorJSON, "name" | "message" | "cause"> {
    return { what: this.what, limitBytes: this.limitBytes };
  }
}
