import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { SECRET_REFERENCE } from "../secrets/secret-reference.js";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

// The one secret-reference pattern lives in secrets/ (below schemas) so displays can leave
// references unmasked; the wire layer exports it as its own.
export { SECRET_REFERENCE } from "../secrets/secret-reference.js";

const ENDPOINT_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;
/** Secret scopes: letters, digits, `-`, `_`, `@`, `.`; keys: letters, digits, `-`, `_`, `.` (Secrets API 2.0). */
const SCOPE_NAME = /^[A-Za-z0-9_.@-]{1,128}$/;
const SECRET_KEY = /^[A-Za-z0-9_.-]{1,128}$/;

/** The form a secret reference must take, quoted in every error about one. */
export const SECRET_REFERENCE_FORM = "{{secrets/<scope>/<key>}}";

/**
 * A serving endpoint name: 1–63 characters, letters and digits with `-` and `_` allowed in between;
 * the `databricks-` prefix is reserved for Databricks' own pay-per-token endpoints.
 *
 * @example
 * endpointNameSchema.parse("chat"); // "chat"
 */
export const endpointNameSchema = deferred(() => z.string().superRefine((name, ctx) => {
  if (!ENDPOINT_NAME.test(name)) {
    ctx.addIssue({
      code: "custom",
      message: `endpoint name ${JSON.stringify(name)} is invalid: use 1–63 letters, digits, '-' or '_', starting and ending with a letter or digit`,
      params: { code: "endpoint_name" },
    });
  } else if (name.toLowerCase().startsWith("databricks-")) {
    ctx.addIssue({
      code: "custom",
      message: `endpoint name ${JSON.stringify(name)} is invalid: the "databricks-" prefix is reserved for Databricks-managed endpoints`,
      params: { code: "endpoint_name" },
    });
  }
}));

function describeBadReference(value: string): string {
  // Echo the value only when it looks like an attempted reference: anything else may be a raw API key.
  const shown = value.startsWith("{{") && value.length <= 300 ? ` (got ${JSON.stringify(value)})` : "";
  return `must be a secret reference of the form ${SECRET_REFERENCE_FORM}, e.g. secret("my-scope", "openai-api-key")${shown}; to pass the key itself use the matching *_plaintext field (apiKeyPlaintext in the builder)`;
}

/**
 * A Databricks secret reference, `{{secrets/<scope>/<key>}}`. The value itself is never echoed
 * in an error unless it starts with `{{` (a malformed reference, not a key).
 *
 * @example
 * secretReferenceSchema.parse("{{secrets/my-scope/openai-api-key}}");
 */
export const secretReferenceSchema = deferred(() => z.string().superRefine((value, ctx) => {
  if (!SECRET_REFERENCE.test(value)) {
    ctx.addIssue({ code: "custom", message: describeBadReference(value), params: { code: "secret_reference" } });
  }
}));

/**
 * Builds the secret reference `{{secrets/<scope>/<key>}}` for a key stored in a Databricks secret scope.
 * Throws a `ValidationError` when the scope or key is empty or has characters the Secrets API rejects.
 *
 * @example
 * secret("my-scope", "openai-api-key"); // "{{secrets/my-scope/openai-api-key}}"
 */
export function secret(scope: string, key: string): string {
  const issues: ValidationIssue[] = [];
  if (typeof scope !== "string" || !SCOPE_NAME.test(scope)) {
    issues.push({
      path: "scope",
      message: `scope ${JSON.stringify(scope)} is invalid: use 1–128 letters, digits, '-', '_', '.' or '@' — a reference has the form ${SECRET_REFERENCE_FORM}`,
      code: "secret_reference",
    });
  }
  if (typeof key !== "string" || !SECRET_KEY.test(key)) {
    issues.push({
      path: "key",
      message: `key ${JSON.stringify(key)} is invalid: use 1–128 letters, digits, '-', '_' or '.' — a reference has the form ${SECRET_REFERENCE_FORM}`,
      code: "secret_reference",
    });
  }
  if (issues.length > 0) throw new ValidationError("secret reference", issues);
  return `{{secrets/${scope}/${key}}}`;
}

/**
 * The task of an external model: chat, completions or embeddings.
 *
 * @example
 * const t: Task = "llm/v1/chat";
 */
export const taskSchema = deferred(() => z.enum(["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"]));
/** @example const t: Task = "llm/v1/embeddings"; */
export type Task = z.infer<typeof taskSchema>;

/**
 * The nine external model providers, spelled as the REST API spells them.
 *
 * @example
 * const p: ExternalModelProvider = "amazon-bedrock";
 */
export const externalModelProviderSchema = deferred(() => z.enum([
  "ai21labs",
  "amazon-bedrock",
  "anthropic",
  "cohere",
  "custom",
  "databricks-model-serving",
  "google-cloud-vertex-ai",
  "openai",
  "palm",
]));
/** @example const p: ExternalModelProvider = "openai"; */
export type ExternalModelProvider = z.infer<typeof externalModelProviderSchema>;

/** A non-empty string, e.g. a `*_plaintext` key. Messages about it never include the value. */
export const nonEmptyString = once(() => z.string().min(1, "must not be empty"));
