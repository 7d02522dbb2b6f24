import { json } from "../http/types.js";
import { ADMINS_GROUP } from "../endpoints/access.js";
import type { EndpointRecord } from "../store/records.js";
import type { Routes } from "./route-types.js";

const BASE = "/api/2.0/permissions/serving-endpoints/:id";

/** Permissions of a serving endpoint, addressed by its `id` (not its name), as on Databricks. */
export function registerPermissionRoutes(routes: Routes): void {
  routes.on("GET", BASE, ({ context, principal, params }) => json(200, view(context.permissions.get(principal, params["id"]!))));
  routes.on("PUT", BASE, (call) => json(200, view(call.context.permissions.update(call.principal, call.params["id"]!, call.body(), true))));
  routes.on("PATCH", BASE, (call) => json(200, view(call.context.permissions.update(call.principal, call.params["id"]!, call.body(), false))));
  routes.on("GET", `${BASE}/permissionLevels`, ({ context, principal, params }) => {
    context.permissions.get(principal, params["id"]!);
    return json(200, {
      permission_levels: [
        { permission_level: "CAN_MANAGE", description: "Can manage the endpoint" },
        { permission_level: "CAN_QUERY", description: "Can query the endpoint" },
        { permission_level: "CAN_VIEW", description: "Can view the endpoint" },
      ],
    });
  });
}

/** ServingEndpointPermissions: the direct entries, then the admins' CAN_MANAGE inherited from the workspace. */
function view(record: EndpointRecord) {
  return {
    object_id: `/serving-endpoints/${record.id}`,
    object_type: "serving-endpoint",
    access_control_list: [
      ...record.access_control_list.map((e) => ({
        ...(e.user_name !== undefined ? { user_name: e.user_name } : {}),
        ...(e.group_name !== undefined ? { group_name: e.group_name } : {}),
        ...(e.service_principal_name !== undefined ? { service_principal_name: e.service_principal_name } : {}),
        all_permissions: [{ permission_level: e.permission_level, inherited: false }],
      })),
      { group_name: ADMINS_GROUP, all_permissions: [{ permission_level: "CAN_MANAGE", inherited: true, inherited_from_object: ["/serving-endpoints/"] }] },
    ],
  };
}
