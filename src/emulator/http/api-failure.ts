import type { ErrorCode } from "../../errors/error-codes.js";
import { json, type EmulatorReply } from "./types.js";

/**
 * A Databricks-style error thrown inside a route and turned into `{error_code, message}` with
 * the right status (and `Retry-After` for 429/503). Messages never contain secret values.
 */
export class ApiFailure extends Error {
  override readonly name = "ApiFailure";
  constructor(
    readonly status: number,
    // Only codes the shared table lists, so the client maps every one the emulator sends.
    readonly errorCode: ErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The reply this failure becomes on the wire (with Databricks' RequestInfo detail). */
  toReply(requestId?: string): EmulatorReply {
    const headers: Record<string, string> = {};
    if (this.retryAfterSeconds !== undefined) headers["retry-after"] = String(this.retryAfterSeconds);
    const body: Record<string, unknown> = { error_code: this.errorCode, message: this.message };
    if (requestId !== undefined) body["details"] = [{ "@type": "type.googleapis.com/google.rpc.RequestInfo", request_id: requestId }];
    return json(this.status, body, headers);
  }
}

/** 400 INVALID_PARAMETER_VALUE. */
export const invalidParameter = (message: string): ApiFailure =>
  new ApiFailure(400, "INVALID_PARAMETER_VALUE", message);

/** 404 RESOURCE_DOES_NOT_EXIST for a serving endpoint. */
export const endpointNotFound = (name: string): ApiFailure =>
  new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Serving endpoint with name '${name}' not found.`);
