import type { z } from "zod";
import { validate } from "../../schemas/index.js";
import type { RequestPipeline } from "../request/pipeline.js";

/** What every resource function gets: the pipeline and the validation switch. */
export interface ResourceContext {
  readonly pipeline: RequestPipeline;
  readonly allowUnknownFields: boolean;
}

/** Options every method accepts. */
export interface CallOptions {
  /** Cancels the call at any phase (connecting, waiting, streaming, between retries). */
  readonly signal?: AbortSignal | undefined;
}

export const SERVING = "/api/2.0/serving-endpoints";

/** `/api/2.0/serving-endpoints/<name>` with the name encoded as one path segment. */
export function endpointPath(name: string): string {
  return `${SERVING}/${encodeURIComponent(name)}`;
}

/** Validates a payload before the wire (throws `ValidationError`, sends nothing). */
export function check<T>(ctx: ResourceContext, schema: z.ZodType<T>, value: unknown, what: string): T {
  // Fast path: a plain parse is several times cheaper than validate()'s; validate() only builds the error report.
  const quick = schema.safeParse(value);
  if (quick.success) return quick.data;
  return validate(schema, value, what, ctx.allowUnknownFields ? { allowUnknownFields: true } : undefined);
}
