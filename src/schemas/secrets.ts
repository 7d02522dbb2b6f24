import { z } from "zod";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

const scope = once(() => z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, "must be 1–128 letters, digits, '-', '_', '.' or '@'"));
const key = once(() => z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, "must be 1–128 letters, digits, '-', '_' or '.'"));

/**
 * The body of `POST /api/2.0/secrets/scopes/create`.
 *
 * @example
 * const b: CreateScopeRequest = { scope: "my-scope" };
 */
export const createScopeRequestSchema = deferred(() => z.strictObject({
  scope: scope(),
  initial_manage_principal: z.string().optional(),
  scope_backend_type: z.enum(["DATABRICKS", "AZURE_KEYVAULT"]).optional(),
  backend_azure_keyvault: z.strictObject({ dns_name: z.string(), resource_id: z.string() }).optional(),
}));
/** @example const b: CreateScopeRequest = { scope: "s", initial_manage_principal: "users" }; */
export type CreateScopeRequest = z.infer<typeof createScopeRequestSchema>;

/** @example const b: DeleteScopeRequest = { scope: "my-scope" }; */
export const deleteScopeRequestSchema = deferred(() => z.strictObject({ scope: scope() }));
/** @example const b: DeleteScopeRequest = { scope: "s" }; */
export type DeleteScopeRequest = z.infer<typeof deleteScopeRequestSchema>;

/**
 * The body of `POST /api/2.0/secrets/put`: exactly one of `string_value` or `bytes_value` (base64).
 * Messages about it never include the value.
 *
 * @example
 * const b: PutSecretRequest = { scope: "my-scope", key: "openai-api-key", string_value: process.env.OPENAI_API_KEY ?? "" };
 */
export const putSecretRequestSchema = deferred(() => z
  .strictObject({ scope: scope(), key: key(), string_value: z.string().optional(), bytes_value: z.string().optional() })
  .superRefine((b, ctx) => {
    const n = [b.string_value, b.bytes_value].filter((v) => v !== undefined).length;
    if (n !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `exactly one of string_value or bytes_value is required${n > 1 ? ", but both are set" : ""}`,
        params: { code: "exactly_one", fields: ["string_value", "bytes_value"] },
      });
    }
    const size = (b.string_value?.length ?? 0) + (b.bytes_value?.length ?? 0) * 0.75;
    if (size > 128 * 1024) ctx.addIssue({ code: "custom", message: "a secret value may be at most 128 KB", params: { code: "too_big" } });
  }));
/** @example const b: PutSecretRequest = { scope: "s", key: "k", bytes_value: "aGk=" }; */
export type PutSecretRequest = z.infer<typeof putSecretRequestSchema>;

/** @example const b: DeleteSecretRequest = { scope: "my-scope", key: "openai-api-key" }; */
export const deleteSecretRequestSchema = deferred(() => z.strictObject({ scope: scope(), key: key() }));
/** @example const b: DeleteSecretRequest = { scope: "s", key: "k" }; */
export type DeleteSecretRequest = z.infer<typeof deleteSecretRequestSchema>;

/**
 * The response of `GET /api/2.0/secrets/scopes/list`; `scopes` is absent when there are none.
 *
 * @example
 * const r: ListScopesResponse = { scopes: [{ name: "my-scope", backend_type: "DATABRICKS" }] };
 */
export const listScopesResponseSchema = deferred(() => z.looseObject({
  scopes: z.array(z.looseObject({ name: z.string(), backend_type: z.string().optional() })).optional(),
}));
/** @example const r: ListScopesResponse = {}; */
export type ListScopesResponse = z.infer<typeof listScopesResponseSchema>;

/**
 * The response of `GET /api/2.0/secrets/list?scope=`: keys and timestamps, never values.
 *
 * @example
 * const r: ListSecretsResponse = { secrets: [{ key: "openai-api-key", last_updated_timestamp: 1700000000000 }] };
 */
export const listSecretsResponseSchema = deferred(() => z.looseObject({
  secrets: z.array(z.looseObject({ key: z.string(), last_updated_timestamp: z.number().optional() })).optional(),
}));
/** @example const r: ListSecretsResponse = { secrets: [] }; */
export type ListSecretsResponse = z.infer<typeof listSecretsResponseSchema>;
