import type { z } from "zod";
import { ValidationError } from "../../errors/validation-error.js";
import { validate } from "../../schemas/index.js";
import { ApiFailure } from "./api-failure.js";

/**
 * Validates a management request body with the shared wire schema (the same one the client uses
 * before sending); a failure is a 400 INVALID_PARAMETER_VALUE listing every path.
 */
export function checkBody<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  try {
    return validate(schema, value, what);
  } catch (error) {
    if (error instanceof ValidationError) throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", error.message);
    throw error;
  }
}
