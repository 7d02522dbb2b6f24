import { z } from "zod";
import { nonEmptyString } from "./common.js";
import { isSet } from "./exactly-one.js";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

// "minute" is the only renewal period; a missing one still reads "required".
const renewalPeriod = once(() => z.literal("minute", { error: (iss) => (iss.input === undefined ? "required" : 'must be "minute"') }));
const positiveInt = once(() => z.number().int("must be an integer").nonnegative("must be 0 or more"));

/**
 * A legacy endpoint rate limit (deprecated by Databricks in favour of AI gateway rate limits):
 * `calls` per `renewal_period`, per `user` or for the whole `endpoint` (the default).
 *
 * @example
 * const r: RateLimit = { calls: 5, key: "user", renewal_period: "minute" };
 */
export const rateLimitSchema = deferred(() => z.strictObject({
  calls: positiveInt(),
  key: z.enum(["user", "endpoint"]).optional(),
  renewal_period: renewalPeriod(),
}));
/** @example const r: RateLimit = { calls: 100, renewal_period: "minute" }; */
export type RateLimit = z.infer<typeof rateLimitSchema>;

/**
 * The body of `PUT /api/2.0/serving-endpoints/{name}/rate-limits` (and its response).
 *
 * @example
 * const body: RateLimitsRequest = { rate_limits: [{ calls: 5, key: "user", renewal_period: "minute" }] };
 */
export const rateLimitsRequestSchema = deferred(() => z.strictObject({ rate_limits: z.array(rateLimitSchema) }));
/** @example const body: RateLimitsRequest = { rate_limits: [] }; */
export type RateLimitsRequest = z.infer<typeof rateLimitsRequestSchema>;

/**
 * An AI gateway rate limit: `calls` and/or `tokens` per minute, for the endpoint, each user, a
 * user group, or a service principal; `principal` narrows it to one user / group / principal.
 *
 * @example
 * const r: AiGatewayRateLimit = { calls: 100, tokens: 20000, key: "user", renewal_period: "minute" };
 */
export const aiGatewayRateLimitSchema = deferred(() => z
  .strictObject({
    calls: positiveInt().optional(),
    tokens: positiveInt().optional(),
    key: z.enum(["user", "user_group", "service_principal", "endpoint"]).optional(),
    principal: nonEmptyString().optional(),
    renewal_period: renewalPeriod(),
  })
  .superRefine((r, ctx) => {
    if (!isSet(r.calls) && !isSet(r.tokens)) {
      ctx.addIssue({ code: "custom", message: "at least one of calls or tokens is required", params: { code: "exactly_one", fields: ["calls", "tokens"] } });
    }
    if (isSet(r.principal) && (r.key === undefined || r.key === "endpoint")) {
      ctx.addIssue({
        code: "custom",
        path: ["principal"],
        message: 'only applies with key "user", "user_group" or "service_principal"',
        params: { code: "forbidden" },
      });
    }
  }));
/** @example const r: AiGatewayRateLimit = { tokens: 50000, key: "endpoint", renewal_period: "minute" }; */
export type AiGatewayRateLimit = z.infer<typeof aiGatewayRateLimitSchema>;

/**
 * Guardrail parameters for one direction (input or output).
 *
 * @example
 * const g: GuardrailParameters = { safety: true, pii: { behavior: "BLOCK" }, invalid_keywords: ["secret"] };
 */
export const guardrailParametersSchema = deferred(() => z.strictObject({
  safety: z.boolean().optional(),
  pii: z.strictObject({ behavior: z.enum(["BLOCK", "MASK", "NONE"]).optional() }).optional(),
  invalid_keywords: z.array(z.string()).optional(),
  valid_topics: z.array(z.string()).optional(),
}));
/** @example const g: GuardrailParameters = { pii: { behavior: "MASK" } }; */
export type GuardrailParameters = z.infer<typeof guardrailParametersSchema>;

/**
 * Inference tables of the AI gateway: where request/response logs go.
 *
 * @example
 * const t: AiGatewayInferenceTableConfig = { catalog_name: "main", schema_name: "logs", enabled: true };
 */
export const aiGatewayInferenceTableConfigSchema = deferred(() => z
  .strictObject({
    catalog_name: nonEmptyString().optional(),
    schema_name: nonEmptyString().optional(),
    table_name_prefix: nonEmptyString().optional(),
    enabled: z.boolean().optional(),
  })
  .superRefine((t, ctx) => {
    if (t.enabled === true) {
      for (const field of ["catalog_name", "schema_name"] as const) {
        if (!isSet(t[field])) {
          ctx.addIssue({ code: "custom", path: [field], message: "required to enable inference tables", params: { code: "required" } });
        }
      }
    }
  }));
/** @example const t: AiGatewayInferenceTableConfig = { enabled: false }; */
export type AiGatewayInferenceTableConfig = z.infer<typeof aiGatewayInferenceTableConfigSchema>;

/**
 * The AI gateway of an endpoint (create `ai_gateway`, and the body of `PUT …/ai-gateway`, which
 * replaces the whole gateway config).
 *
 * @example
 * const g: AiGatewayConfig = { usage_tracking_config: { enabled: true },
 *   rate_limits: [{ calls: 100, key: "user", renewal_period: "minute" }],
 *   guardrails: { input: { safety: true } } };
 */
export const aiGatewayConfigSchema = deferred(() => z.strictObject({
  usage_tracking_config: z.strictObject({ enabled: z.boolean() }).optional(),
  inference_table_config: aiGatewayInferenceTableConfigSchema.optional(),
  rate_limits: z.array(aiGatewayRateLimitSchema).optional(),
  guardrails: z.strictObject({ input: guardrailParametersSchema.optional(), output: guardrailParametersSchema.optional() }).optional(),
  fallback_config: z.strictObject({ enabled: z.boolean() }).optional(),
}));
/** @example const g: AiGatewayConfig = { fallback_config: { enabled: true } }; */
export type AiGatewayConfig = z.infer<typeof aiGatewayConfigSchema>;
