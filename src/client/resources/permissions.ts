import { permissionsRequestSchema, type PermissionsRequest, type PermissionsResponse } from "../../schemas/index.js";
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

async function idOf(ctx: ResourceContext, target: PermissionsTarget): Promise<string> {
  if (target.endpointId !== undefined) return target.endpointId;
  const ep = await getEndpoint(ctx, target.endpoint, target.signal);
  if (typeof ep.id !== "string" || ep.id.length === 0) {
    throw new DeploymentsError(`Endpoint ${JSON.stringify(target.endpoint)} has no id, so it has no permissions object (pay-per-token endpoints are like that)`);
  }
  return ep.id;
}

const path = (id: string): string => `/api/2.0/permissions/serving-endpoints/${encodeURIComponent(id)}`;

/**
 * `GET /api/2.0/permissions/serving-endpoints/{id}`.
 * @example
 * const acl = await getPermissions(ctx, { endpoint: "chat" });
 */
export async function getPermissions(ctx: ResourceContext, target: PermissionsTarget): Promise<PermissionsResponse> {
  return ctx.pipeline.json<PermissionsResponse>({ method: "GET", path: path(await idOf(ctx, target)), retry: "idempotent", signal: target.signal });
}

/**
 * `PUT` (replace, `"set"`) or `PATCH` (merge, `"update"`) the endpoint's access control list.
 * @example
 * await changePermissions(ctx, "PATCH", { endpoint: "chat", config: { access_control_list: [{ group_name: "users", permission_level: "CAN_QUERY" }] } });
 */
export async function changePermissions(ctx: ResourceContext, method: "PUT" | "PATCH", args: PermissionsTarget & { readonly config: PermissionsRequest }): Promise<PermissionsResponse> {
  const body = check(ctx, permissionsRequestSchema, args.config, "permissions request");
  return ctx.pipeline.json<PermissionsResponse>({ method, path: path(await idOf(ctx, args)), body, retry: "idempotent", signal: args.signal });
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
