import type { z } from "zod";
import { ValidationError, type ValidationIssue } from "../../errors/validation-error.js";
import { validate } from "../../schemas/index.js";
import { ApiFailure } from "./api-failure.js";

/** At most this many problems are listed in one error reply; the rest are counted. */
export const MAX_LISTED_ISSUES = 20;
/** A management body holds at most this many JSON values (objects, arrays, strings, numbers …). */
export const MAX_BODY_VALUES = 10_000;
/** One listed problem is cut to this many characters (a path can hold a user's megabyte key). */
const MAX_ISSUE_CHARS = 300;

/**
 * Validates a management request body with the shared wire schema (the same one the client uses
 * before sending); a failure is a 400 INVALID_PARAMETER_VALUE listing the first
 * {@link MAX_LISTED_ISSUES} paths and saying how many more were left out, so a body of a million
 * bad tags gets a short reply, not one larger than the body.
 */
export function checkBody<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const values = countValues(value, MAX_BODY_VALUES);
  if (values > MAX_BODY_VALUES) {
    // Refused before the schema sees it: validating half a million bad fields takes seconds.
    throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", `Invalid ${what}: it holds more than ${MAX_BODY_VALUES} values; a management request is far smaller. Send fewer tags, entities or limits per request.`);
  }
  try {
    return validate(schema, value, what);
  } catch (error) {
    if (error instanceof ValidationError) throw new ApiFailure(400, "INVALID_PARAMETER_VALUE", boundedMessage(what, error.issues));
    throw error;
  }
}

/**
 * The message of a validation failure with a bounded list of problems.
 *
 * @example
 * boundedMessage("tags patch request", issues); // "Invalid tags patch request (5000 problems):\n  - add_tags[0].key: required\n…\n  … and 4980 more left out"
 */
export function boundedMessage(what: string, issues: readonly ValidationIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => cut(`  - ${i.path === "" ? "(root)" : i.path}: ${i.message}`));
  if (issues.length > MAX_LISTED_ISSUES) lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more left out`);
  return `Invalid ${what} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

function cut(line: string): string {
  return line.length <= MAX_ISSUE_CHARS ? line : `${line.slice(0, MAX_ISSUE_CHARS - 1)}…`;
}

/** How many JSON values `value` holds, counting stops once past `limit` (so the walk is cheap). */
function countValues(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const next = stack.pop();
    count++;
    if (Array.isArray(next)) for (const item of next) stack.push(item);
    else if (typeof next === "object" && next !== null) for (const item of Object.values(next)) stack.push(item);
  }
  return count;
}
