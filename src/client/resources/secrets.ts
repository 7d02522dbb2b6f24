import { createScopeRequestSchema, deleteScopeRequestSchema, deleteSecretRequestSchema, putSecretRequestSchema, type ListScopesResponse, type ListSecretsResponse } from "../../schemas/index.js";
import { check, type CallOptions, type ResourceContext } from "./context.js";

const SECRETS = "/api/2.0/secrets";

/** @example const s: SecretScope = { name: "my-scope", backend_type: "DATABRICKS" }; */
export type SecretScope = NonNullable<ListScopesResponse["scopes"]>[number];
/** @example const m: SecretMetadata = { key: "openai-api-key", last_updated_timestamp: 0 }; */
export type SecretMetadata = NonNullable<ListSecretsResponse["secrets"]>[number];

/**
 * `createSecretScope` arguments.
 * @example
 * const a: CreateSecretScopeArgs = { scope: "my-scope", initialManagePrincipal: "users" };
 */
export interface CreateSecretScopeArgs extends CallOptions {
  readonly scope: string;
  readonly initialManagePrincipal?: string | undefined;
}

/**
 * `putSecret` arguments: exactly one of `stringValue` or `bytesValue` (base64). The value never
 * appears in an error, even if the server echoes it.
 * @example
 * const a: PutSecretArgs = { scope: "my-scope", key: "openai-api-key", stringValue: process.env.OPENAI_API_KEY! };
 */
export interface PutSecretArgs extends CallOptions {
  readonly scope: string;
  readonly key: string;
  readonly stringValue?: string | undefined;
  readonly bytesValue?: string | undefined;
}

/**
 * `POST /api/2.0/secrets/scopes/create`.
 * @example
 * await createSecretScope(ctx, { scope: "my-scope" });
 */
export async function createSecretScope(ctx: ResourceContext, args: CreateSecretScopeArgs): Promise<void> {
  const body = check(ctx, createScopeRequestSchema, { scope: args.scope, ...(args.initialManagePrincipal === undefined ? {} : { initial_manage_principal: args.initialManagePrincipal }) }, "create scope request");
  await ctx.pipeline.json<unknown>({ method: "POST", path: `${SECRETS}/scopes/create`, body, retry: "unprocessed", signal: args.signal });
}

/**
 * `GET /api/2.0/secrets/scopes/list`; `[]` when there are none.
 * @example
 * const scopes = await listSecretScopes(ctx, undefined);
 */
export async function listSecretScopes(ctx: ResourceContext, signal: AbortSignal | undefined): Promise<SecretScope[]> {
  const res = await ctx.pipeline.json<ListScopesResponse>({ method: "GET", path: `${SECRETS}/scopes/list`, retry: "idempotent", signal });
  return Array.isArray(res.scopes) ? res.scopes : [];
}

/**
 * `POST /api/2.0/secrets/scopes/delete`.
 * @example
 * await deleteSecretScope(ctx, { scope: "my-scope" });
 */
export async function deleteSecretScope(ctx: ResourceContext, args: { readonly scope: string } & CallOptions): Promise<void> {
  const body = check(ctx, deleteScopeRequestSchema, { scope: args.scope }, "delete scope request");
  await ctx.pipeline.json<unknown>({ method: "POST", path: `${SECRETS}/scopes/delete`, body, retry: "idempotent", signal: args.signal });
}

/**
 * `POST /api/2.0/secrets/put` (overwrites).
 * @example
 * await putSecret(ctx, { scope: "my-scope", key: "openai-api-key", stringValue: "sk-…" });
 */
export async function putSecret(ctx: ResourceContext, args: PutSecretArgs): Promise<void> {
  const raw: Record<string, string> = { scope: args.scope, key: args.key };
  if (args.stringValue !== undefined) raw.string_value = args.stringValue;
  if (args.bytesValue !== undefined) raw.bytes_value = args.bytesValue;
  const body = check(ctx, putSecretRequestSchema, raw, "put secret request");
  const secrets = [args.stringValue, args.bytesValue].filter((v): v is string => v !== undefined);
  await ctx.pipeline.json<unknown>({ method: "POST", path: `${SECRETS}/put`, body, retry: "idempotent", signal: args.signal, secrets });
}

/**
 * `GET /api/2.0/secrets/list?scope=…`: keys and timestamps, never values.
 * @example
 * const keys = (await listSecrets(ctx, { scope: "my-scope" })).map((s) => s.key);
 */
export async function listSecrets(ctx: ResourceContext, args: { readonly scope: string } & CallOptions): Promise<SecretMetadata[]> {
  const res = await ctx.pipeline.json<ListSecretsResponse>({ method: "GET", path: `${SECRETS}/list`, query: { scope: args.scope }, retry: "idempotent", signal: args.signal });
  return Array.isArray(res.secrets) ? res.secrets : [];
}

/**
 * `POST /api/2.0/secrets/delete`.
 * @example
 * await deleteSecret(ctx, { scope: "my-scope", key: "openai-api-key" });
 */
export async function deleteSecret(ctx: ResourceContext, args: { readonly scope: string; readonly key: string } & CallOptions): Promise<void> {
  const body = check(ctx, deleteSecretRequestSchema, { scope: args.scope, key: args.key }, "delete secret request");
  await ctx.pipeline.json<unknown>({ method: "POST", path: `${SECRETS}/delete`, body, retry: "idempotent", signal: args.signal });
}
