import { z } from "zod";
import { nonEmptyString, SECRET_REFERENCE_FORM, secretReferenceSchema } from "./common.js";
import { exactlyOneOf, isSet } from "./exactly-one.js";
import { externalModelSchema } from "./external-model.js";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

/**
 * Compute types for served entities; CPU is the server's default.
 *
 * @example
 * const w: WorkloadType = "GPU_SMALL";
 */
export const workloadTypeSchema = deferred(() => z.enum([
  "CPU",
  "CPU_MEDIUM",
  "CPU_LARGE",
  "GPU_SMALL",
  "GPU_MEDIUM",
  "GPU_LARGE",
  "GPU_XLARGE",
  "GPU_XLARGE_8",
  "MULTIGPU_MEDIUM",
]));
/** @example const w: WorkloadType = "CPU"; */
export type WorkloadType = z.infer<typeof workloadTypeSchema>;

const count = once(() => z.number().int("must be an integer").nonnegative("must be 0 or more"));

/** Fields shared by served entities and (deprecated) served models that are about compute. */
const computeShape = once(() => ({
  workload_size: nonEmptyString().optional(),
  workload_type: workloadTypeSchema.optional(),
  scale_to_zero_enabled: z.boolean().optional(),
  // A value that starts like a secret reference must be a well-formed one; others are plain values.
  environment_vars: z
    .record(
      z.string(),
      z.string().superRefine((v, ctx) => {
        if (v.startsWith("{{") && !secretReferenceSchema.safeParse(v).success) {
          ctx.addIssue({ code: "custom", message: `looks like a secret reference but is malformed: use ${SECRET_REFERENCE_FORM}`, params: { code: "secret_reference" } });
        }
      }),
    )
    .optional(),
  instance_profile_arn: nonEmptyString().optional(),
  min_provisioned_concurrency: count().optional(),
  max_provisioned_concurrency: count().optional(),
  min_provisioned_throughput: count().optional(),
  max_provisioned_throughput: count().optional(),
  provisioned_model_units: count().optional(),
  burst_scaling_enabled: z.boolean().optional(),
}));
const computeFields = once(() => Object.keys(computeShape()));

function checkCompute(e: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (isSet(e["workload_size"]) && (isSet(e["min_provisioned_concurrency"]) || isSet(e["max_provisioned_concurrency"]))) {
    ctx.addIssue({
      code: "custom",
      path: ["workload_size"],
      message: "cannot be combined with min_provisioned_concurrency / max_provisioned_concurrency: choose one way to size the entity",
      params: { code: "forbidden" },
    });
  }
  for (const [min, max] of [
    ["min_provisioned_concurrency", "max_provisioned_concurrency"],
    ["min_provisioned_throughput", "max_provisioned_throughput"],
  ] as const) {
    const lo = e[min];
    const hi = e[max];
    if (typeof lo === "number" && typeof hi === "number" && lo > hi) {
      ctx.addIssue({ code: "custom", path: [min], message: `must not exceed ${max} (${hi})`, params: { code: "too_big" } });
    }
  }
}

/**
 * One thing an endpoint serves: an external model, or a registered (Unity Catalog / workspace
 * registry) model version with its compute.
 *
 * @example
 * const a: ServedEntityInput = { name: "gpt-4", external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: secret("s", "k") } } };
 * const b: ServedEntityInput = { entity_name: "main.default.my_model", entity_version: "3", workload_size: "Small", scale_to_zero_enabled: true };
 */
export const servedEntityInputSchema = deferred(() => z
  .strictObject({
    name: nonEmptyString().optional(),
    entity_name: nonEmptyString().optional(),
    entity_version: nonEmptyString().optional(),
    external_model: externalModelSchema.optional(),
    ...computeShape(),
  })
  .superRefine((e, ctx) => {
    if (isSet(e.external_model)) {
      for (const field of ["entity_name", "entity_version", ...computeFields()]) {
        if (isSet((e as Record<string, unknown>)[field])) {
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: "not allowed with external_model: an external model has no entity or compute of its own",
            params: { code: "forbidden" },
          });
        }
      }
    } else if (!isSet(e.entity_name)) {
      ctx.addIssue({
        code: "custom",
        path: ["entity_name"],
        message: "required: a served entity needs either external_model or entity_name (with entity_version)",
        params: { code: "required" },
      });
    }
    checkCompute(e, ctx);
  }));
/** @example const e: ServedEntityInput = { entity_name: "main.default.m", entity_version: "1", workload_size: "Small", scale_to_zero_enabled: true }; */
export type ServedEntityInput = z.infer<typeof servedEntityInputSchema>;

/**
 * The deprecated `served_models` form of a served entity (use `served_entities`).
 *
 * @example
 * const m: ServedModelInput = { model_name: "ads1", model_version: "1", workload_size: "Small", scale_to_zero_enabled: true };
 */
export const servedModelInputSchema = deferred(() => z
  .strictObject({
    name: nonEmptyString().optional(),
    model_name: nonEmptyString(),
    model_version: nonEmptyString(),
    ...computeShape(),
    scale_to_zero_enabled: z.boolean(),
  })
  .superRefine((m, ctx) => checkCompute(m, ctx)));
/** @example const m: ServedModelInput = { model_name: "ads1", model_version: "1", scale_to_zero_enabled: false }; */
export type ServedModelInput = z.infer<typeof servedModelInputSchema>;

/**
 * One route of a traffic split: a percentage sent to one served entity (or served model).
 *
 * @example
 * const r: Route = { served_entity_name: "a", traffic_percentage: 80 };
 */
export const routeSchema = deferred(() => z
  .strictObject({
    served_entity_name: nonEmptyString().optional(),
    served_model_name: nonEmptyString().optional(),
    traffic_percentage: z.number().int("must be an integer").min(0, "must be 0–100").max(100, "must be 0–100"),
  })
  .superRefine((r, ctx) => exactlyOneOf(r, ctx, "served_entity_name", "served_model_name")));
/** @example const r: Route = { served_model_name: "ads1-1", traffic_percentage: 100 }; */
export type Route = z.infer<typeof routeSchema>;

/**
 * How traffic is split between served entities; percentages add up to 100.
 *
 * @example
 * const t: TrafficConfig = { routes: [{ served_entity_name: "a", traffic_percentage: 80 }, { served_entity_name: "b", traffic_percentage: 20 }] };
 */
export const trafficConfigSchema = deferred(() => z.strictObject({ routes: z.array(routeSchema) }).superRefine((t, ctx) => {
  const total = t.routes.reduce((sum, r) => sum + r.traffic_percentage, 0);
  if (t.routes.length > 0 && total !== 100) {
    ctx.addIssue({ code: "custom", path: ["routes"], message: `traffic percentages must add up to 100 (they add up to ${total})`, params: { code: "traffic_total" } });
  }
}));
/** @example const t: TrafficConfig = { routes: [{ served_entity_name: "a", traffic_percentage: 100 }] }; */
export type TrafficConfig = z.infer<typeof trafficConfigSchema>;

/**
 * Deprecated legacy inference tables (use the AI gateway's `inference_table_config`).
 *
 * @example
 * const a: AutoCaptureConfigInput = { catalog_name: "main", schema_name: "logs", enabled: true };
 */
export const autoCaptureConfigInputSchema = deferred(() => z.strictObject({
  catalog_name: nonEmptyString().optional(),
  schema_name: nonEmptyString().optional(),
  table_name_prefix: nonEmptyString().optional(),
  enabled: z.boolean().optional(),
}));
/** @example const a: AutoCaptureConfigInput = { enabled: false }; */
export type AutoCaptureConfigInput = z.infer<typeof autoCaptureConfigInputSchema>;
