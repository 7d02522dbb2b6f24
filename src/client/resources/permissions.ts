import { permissionLevelSchema, permissionsRequestSchema, type PermissionLevel, type PermissionsRequest, type PermissionsResponse } from "../../schemas/index.js";
import { NotFoundError, PermissionDeniedError } from "../../errors/api-error.js";
import { DeploymentsError } from "../../errors/deployments-error.js";
import { check, type CallOptions, type ResourceContext } from "./context.js";
import { getEndpoint } from "./endpoints.js";

/**
 * Which endpoint: by name (resolved to its id with one GET) or directly by `endpointId`.
 * @example
 * const t: PermissionsTarget = { endpoint: "chat" };
 */
export type PermissionsTarget = ({ readonly endpoint: string; readonly endpointId?: undefined } | { readonly endpointId: string; readonly endpoint?: undefined }) & CallOptions;

/** @example const l: PermissionLevelInfo = { permission_level: "CAN_QUERY", description: "Can query" }; */
export interface PermissionLevelInfo {
  readonly permission_level?: string;
  readonly description?: string;
}

/**
 * An endpoint's permissions as the API returns them, plus the caller's own level on the endpoint.
 * `callerPermissionLevel` is added by the client (camelCase: it is not on the wire): the endpoint's
 * `permission_level` as the caller reads it — known when the endpoint is named, `undefined` when
 * it is addressed by `endpointId` only, or when the caller can no longer see it after a change.
 *
 * @example
 * const acl: EndpointPermissions = await client.getPermissions({ endpoint: "chat" });
 * if (acl.callerPermissionLevel !== "CAN_MANAGE") console.log("read-only view of the ACL");
 */
export type EndpointPermissions = PermissionsResponse & { readonly callerPermissionLevel?: PermissionLevel | undefined };

interface Resolved {
  readonly id: string;
  readonly level: PermissionLevel | undefined;
}

const levelOf = (value: unknown): PermissionLevel | undefined => {
  const parsed = permissionLevelSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

async function resolve(ctx: ResourceContext, target: PermissionsTarget): Promise<Resolved> {
  if (target.endpointId !== undefined) return { id: target.endpointId, level: undefined };
  const ep = await getEndpoint(ctx, target.endpoint, target.signal);
  if (typeof ep.id !== "string" || ep.id.length === 0) {
    throw new DeploymentsError(`Endpoint ${JSON.stringify(target.endpoint)} has no id, so it has no permissions object (pay-per-token endpoints are like that)`);
  }
  return { id: ep.id, level: levelOf(ep.permission_level) };
}

async function idOf(ctx: ResourceContext, target: PermissionsTarget): Promise<string> {
  return (await resolve(ctx, target)).id;
}

/** The caller's level after a change: re-read, since the change may have lowered it; gone from view = undefined. */
async function levelAfterChange(ctx: ResourceContext, target: PermissionsTarget): Promise<PermissionLevel | undefined> {
  if (target.endpoint === undefined) return undefined;
  try {
    return levelOf((await getEndpoint(ctx, target.endpoint, target.signal)).permission_level);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof PermissionDeniedError) return undefined;
    throw error;
  }
}

const path = (id: string): string => `/api/2.0/permissions/serving-endpoints/${encodeURIComponent(id)}`;

/**
 * `GET /api/2.0/permissions/serving-endpoints/{id}`.
 * @example
 * const acl = await getPermissions(ctx, { endpoint: "chat" });
 */
export async function getPermissions(ctx: ResourceContext, target: PermissionsTarget): Promise<EndpointPermissions> {
  const { id, level } = await resolve(ctx, target);
  const acl = await ctx.pipeline.json<PermissionsResponse>({ method: "GET", path: path(id), retry: "idempotent", signal: target.signal });
  return { ...acl, callerPermissionLevel: level };
}

/**
 * `PUT` (replace, `"set"`) or `PATCH` (merge, `"update"`) the endpoint's access control list.
 * @example
 * await changePermissions(ctx, "PATCH", { endpoint: "chat", config: { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] } });
 */
export async function changePermissions(ctx: ResourceContext, method: "PUT" | "PATCH", args: PermissionsTarget & { readonly config: PermissionsRequest }): Promise<EndpointPermissions> {
  const body = check(ctx, permissionsRequestSchema, args.config, "permissions request");
  const acl = await ctx.pipeline.json<PermissionsResponse>({ method, path: path(await idOf(ctx, args)), body, retry: "idempotent", signal: args.signal });
  return { ...acl, callerPermissionLevel: await levelAfterChange(ctx, args) };
}

/**
 * `GET …/{id}/permissionLevels`.
 * @example
 * const levels = await getPermissionLevels(ctx, { endpoint: "chat" });
 */
export async function getPermissionLevels(ctx: ResourceContext, target: PermissionsTarget): Promise<PermissionLevelInfo[]> {
  const res = await ctx.pipeline.json<{ permission_levels?: PermissionLevelInfo[] }>({ method: "GET", path: `${path(await idOf(ctx, target))}/permissionLevels`, retry: "idempotent", signal: target.signal });
  return Array.isArray(res.permission_levels) ? res.permission_levels : [];
}
