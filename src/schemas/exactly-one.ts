import type { z } from "zod";

type Ctx = z.RefinementCtx;

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Adds an `exactly_one` issue unless exactly one of `a` / `b` is set on `obj`. With `required: false`
 * both may be absent (at most one). Issues sit on the object's own path and name both fields.
 */
export function exactlyOneOf(obj: Record<string, unknown>, ctx: Ctx, a: string, b: string, required = true): void {
  const hasA = isSet(obj[a]);
  const hasB = isSet(obj[b]);
  if (hasA && hasB) {
    ctx.addIssue({
      code: "custom",
      message: `exactly one of ${a} or ${b} is required, but both are set`,
      params: { code: "exactly_one", fields: [a, b] },
    });
  } else if (required && !hasA && !hasB) {
    ctx.addIssue({
      code: "custom",
      message: `exactly one of ${a} or ${b} is required`,
      params: { code: "exactly_one", fields: [a, b] },
    });
  }
}

/** Adds a `required` issue at `field` when it is absent (for fields required only in some cases). */
export function requireField(obj: Record<string, unknown>, ctx: Ctx, field: string, why: string): void {
  if (!isSet(obj[field])) {
    ctx.addIssue({ code: "custom", path: [field], message: `required ${why}`, params: { code: "required" } });
  }
}

/** Adds a `forbidden` issue at `field` when it is set where it does not belong. */
export function forbidField(obj: Record<string, unknown>, ctx: Ctx, field: string, why: string): void {
  if (isSet(obj[field])) {
    ctx.addIssue({ code: "custom", path: [field], message: `not allowed ${why}`, params: { code: "forbidden" } });
  }
}

export { isSet };
