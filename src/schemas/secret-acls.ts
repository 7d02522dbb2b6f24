import { z } from "zod";
import { once } from "./once.js";
import { deferred } from "./deferred.js";

const scope = once(() => z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, "must be 1–128 letters, digits, '-', '_', '.' or '@'"));
const principal = once(() => z.string().min(1, "name a user, a group (e.g. 'users') or a service principal").max(256));

/**
 * A secret scope permission, weakest first: READ (list keys, resolve references), WRITE (put and
 * delete secrets), MANAGE (change ACLs, delete the scope).
 *
 * @example
 * const p: SecretAclPermission = "READ";
 */
export const secretAclPermissionSchema = deferred(() => z.enum(["READ", "WRITE", "MANAGE"]));
/** @example const p: SecretAclPermission = "MANAGE"; */
export type SecretAclPermission = z.infer<typeof secretAclPermissionSchema>;

/**
 * The body of `POST /api/2.0/secrets/acls/put` (creates or overwrites the principal's entry).
 *
 * @example
 * const b: PutSecretAclRequest = { scope: "my-scope", principal: "data-scientists", permission: "READ" };
 */
export const putSecretAclRequestSchema = deferred(() => z.strictObject({ scope: scope(), principal: principal(), permission: secretAclPermissionSchema }));
/** @example const b: PutSecretAclRequest = { scope: "s", principal: "users", permission: "READ" }; */
export type PutSecretAclRequest = z.infer<typeof putSecretAclRequestSchema>;

/**
 * The body of `POST /api/2.0/secrets/acls/delete`.
 *
 * @example
 * const b: DeleteSecretAclRequest = { scope: "my-scope", principal: "data-scientists" };
 */
export const deleteSecretAclRequestSchema = deferred(() => z.strictObject({ scope: scope(), principal: principal() }));
/** @example const b: DeleteSecretAclRequest = { scope: "s", principal: "users" }; */
export type DeleteSecretAclRequest = z.infer<typeof deleteSecretAclRequestSchema>;

/**
 * One ACL entry of a scope (`GET /api/2.0/secrets/acls/get`, and each item of `…/acls/list`).
 *
 * @example
 * const a: SecretAclItem = { principal: "data-scientists", permission: "READ" };
 */
export const secretAclItemSchema = deferred(() => z.looseObject({ principal: z.string(), permission: z.string() }));
/** @example const a: SecretAclItem = { principal: "users", permission: "MANAGE" }; */
export type SecretAclItem = z.infer<typeof secretAclItemSchema>;

/**
 * The response of `GET /api/2.0/secrets/acls/list?scope=`; `items` is absent when there are none.
 *
 * @example
 * const r: ListSecretAclsResponse = { items: [{ principal: "alice@example.com", permission: "MANAGE" }] };
 */
export const listSecretAclsResponseSchema = deferred(() => z.looseObject({ items: z.array(secretAclItemSchema).optional() }));
/** @example const r: ListSecretAclsResponse = {}; */
export type ListSecretAclsResponse = z.infer<typeof listSecretAclsResponseSchema>;
