import {
  deleteSecretAclRequestSchema,
  putSecretAclRequestSchema,
  type ListSecretAclsResponse,
  type SecretAclItem,
  type SecretAclPermission,
} from "../../schemas/index.js";
import { check, type CallOptions, type ResourceContext } from "./context.js";

const ACLS = "/api/2.0/secrets/acls";

/**
 * Which principal on which scope.
 * @example
 * const a: SecretAclTarget = { scope: "my-scope", principal: "data-scientists" };
 */
export interface SecretAclTarget extends CallOptions {
  readonly scope: string;
  /** A user name, a group name (`users` = every workspace user) or a service principal. */
  readonly principal: string;
}

/**
 * `putSecretAcl` arguments.
 * @example
 * const a: PutSecretAclArgs = { scope: "my-scope", principal: "bob@example.com", permission: "READ" };
 */
export interface PutSecretAclArgs extends SecretAclTarget {
  readonly permission: SecretAclPermission;
}

/**
 * `POST /api/2.0/secrets/acls/put`: creates or overwrites the principal's permission (MANAGE needed).
 * @example
 * await putSecretAcl(ctx, { scope: "my-scope", principal: "users", permission: "READ" });
 */
export async function putSecretAcl(ctx: ResourceContext, args: PutSecretAclArgs): Promise<void> {
  const body = check(ctx, putSecretAclRequestSchema, { scope: args.scope, principal: args.principal, permission: args.permission }, "put secret ACL request");
  await ctx.pipeline.json<unknown>({ method: "POST", path: `${ACLS}/put`, body, retry: "idempotent", signal: args.signal });
}

/**
 * `GET /api/2.0/secrets/acls/get?scope=…&principal=…` (MANAGE needed; 404 when the principal has no entry).
 * @example
 * const { permission } = await getSecretAcl(ctx, { scope: "my-scope", principal: "users" });
 */
export async function getSecretAcl(ctx: ResourceContext, args: SecretAclTarget): Promise<SecretAclItem> {
  return ctx.pipeline.json<SecretAclItem>({ method: "GET", path: `${ACLS}/get`, query: { scope: args.scope, principal: args.principal }, retry: "idempotent", signal: args.signal });
}

/**
 * `GET /api/2.0/secrets/acls/list?scope=…` (MANAGE needed); `[]` when there are none.
 * @example
 * const acls = await listSecretAcls(ctx, { scope: "my-scope" });
 */
export async function listSecretAcls(ctx: ResourceContext, args: { readonly scope: string } & CallOptions): Promise<SecretAclItem[]> {
  const res = await ctx.pipeline.json<ListSecretAclsResponse>({ method: "GET", path: `${ACLS}/list`, query: { scope: args.scope }, retry: "idempotent", signal: args.signal });
  return Array.isArray(res.items) ? res.items : [];
}

/**
 * `POST /api/2.0/secrets/acls/delete` (MANAGE needed).
 * @example
 * await deleteSecretAcl(ctx, { scope: "my-scope", principal: "users" });
 */
export async function deleteSecretAcl(ctx: ResourceContext, args: SecretAclTarget): Promise<void> {
  const body = check(ctx, deleteSecretAclRequestSchema, { scope: args.scope, principal: args.principal }, "delete secret ACL request");
  await ctx.pipeline.json<unknown>({ method: "POST", path: `${ACLS}/delete`, body, retry: "idempotent", signal: args.signal });
}
