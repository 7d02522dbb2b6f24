import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import type { GenerationParams } from "./types.js";
import { deferred } from "../schemas/deferred.js";

/** Generation parameters a conversation accepts; strict, so a typo (`max_token`) is an error, not ignored. */
export const generationParamsSchema = deferred(() => z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  stop: z.array(z.string().min(1)).max(4).optional(),
  top_p: z.number().min(0).max(1).optional(),
  extra_params: z.record(z.string(), z.string()).optional(),
}));

/** zod issues → our `ValidationIssue`s (dotted paths with `[i]` for indexes). */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join(""),
    message: issue.message,
    code: issue.code,
  }));
}

/** Validates generation parameters; throws a `ValidationError` naming each bad field. */
export function checkParams(params: unknown): GenerationParams {
  const result = generationParamsSchema.safeParse(params);
  if (!result.success) throw new ValidationError("generation parameters", toIssues(result.error));
  // Drop explicit `undefined`s so unset parameters never reach the wire.
  return Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined)) as GenerationParams;
}
