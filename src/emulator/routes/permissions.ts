import { permissionsRequestSchema } from "../../schemas/index.js";
import { ApiFailure } from "../http/api-failure.js";
import { json } from "../http/types.js";
import { checkBody } from "../http/validate-body.js";
import type { AccessControlEntry, EndpointRecord } from "../store/records.js";
import type { Call, Routes } from "./route-types.js";

const BASE = "/api/2.0/permissions/serving-endpoints/:id";

/** Permissions of a serving endpoint, addressed by its `id` (not its name), as on Databricks. */
export function registerPermissionRoutes(routes: Routes): void {
  routes.on("GET", BASE, (call) => json(200, view(byId(call))));
  routes.on("PUT", BASE, (call) => update(call, true));
  routes.on("PATCH", BASE, (call) => update(call, false));
  routes.on("GET", `${BASE}/permissionLevels`, (call) => {
    byId(call);
    return json(200, {
      permission_levels: [
        { permission_level: "CAN_MANAGE", description: "Can manage the endpoint" },
        { permission_level: "CAN_QUERY", description: "Can query the endpoint" },
        { permission_level: "CAN_VIEW", description: "Can view the endpoint" },
      ],
    });
  });
}

function byId(call: Call): EndpointRecord {
  const id = call.params["id"]!;
  const record = call.context.store.endpointById(id);
  if (record === undefined) {
    const hint = call.context.store.endpoints.has(id) ? ` ('${id}' is an endpoint name; the permissions API takes the endpoint's id)` : "";
    throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `'${id}' is not a valid Inference Endpoint ID${hint}.`);
  }
  return record;
}

function update(call: Call, replace: boolean) {
  const record = byId(call);
  const body = checkBody(permissionsRequestSchema, call.body(), "permissions request");
  const entries = body.access_control_list as AccessControlEntry[];
  const key = (e: AccessControlEntry): string => `${e.user_name ?? ""}|${e.group_name ?? ""}|${e.service_principal_name ?? ""}`;
  const merged = new Map<string, AccessControlEntry>();
  // The creator keeps CAN_MANAGE, as the workspace admin does on Databricks.
  merged.set(key({ user_name: record.creator, permission_level: "" }), { user_name: record.creator, permission_level: "CAN_MANAGE" });
  if (!replace) for (const e of record.access_control_list) merged.set(key(e), e);
  for (const e of entries) merged.set(key(e), e);
  record.access_control_list = [...merged.values()];
  call.context.store.commit();
  return json(200, view(record));
}

function view(record: EndpointRecord) {
  return {
    object_id: `/serving-endpoints/${record.id}`,
    object_type: "serving-endpoint",
    access_control_list: record.access_control_list.map((e) => ({
      ...(e.user_name !== undefined ? { user_name: e.user_name } : {}),
      ...(e.group_name !== undefined ? { group_name: e.group_name } : {}),
      ...(e.service_principal_name !== undefined ? { service_principal_name: e.service_principal_name } : {}),
      all_permissions: [{ permission_level: e.permission_level, inherited: false }],
    })),
  };
}
