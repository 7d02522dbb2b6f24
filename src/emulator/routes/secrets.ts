import { ApiFailure } from "../http/api-failure.js";
import { json } from "../http/types.js";
import type { Routes } from "./route-types.js";

/**
 * Secrets API 2.0: scopes, secrets and scope ACLs. Values are write-only: listing shows keys and timestamps,
 * and `GET /secrets/get` is refused (as outside a Databricks job or notebook).
 */
export function registerSecretRoutes(routes: Routes): void {
  routes.on("POST", "/api/2.0/secrets/scopes/create", (call) => {
    call.context.secrets.createScope(call.principal, call.body());
    return json(200, {});
  });
  routes.on("GET", "/api/2.0/secrets/scopes/list", ({ context, principal }) => {
    const scopes = context.secrets.listScopes(principal).map((s) => ({ name: s.name, backend_type: s.backend_type }));
    return json(200, scopes.length === 0 ? {} : { scopes });
  });
  routes.on("POST", "/api/2.0/secrets/scopes/delete", (call) => {
    call.context.secrets.deleteScope(call.principal, call.body());
    return json(200, {});
  });
  routes.on("POST", "/api/2.0/secrets/put", (call) => {
    call.context.secrets.putSecret(call.principal, call.body());
    return json(200, {});
  });
  routes.on("GET", "/api/2.0/secrets/list", ({ context, principal, request }) => {
    const scope = context.secrets.scope(principal, request.query.get("scope") ?? "");
    const secrets = Object.entries(scope.secrets).map(([key, s]) => ({ key, last_updated_timestamp: s.last_updated_timestamp }));
    return json(200, secrets.length === 0 ? {} : { secrets });
  });
  routes.on("POST", "/api/2.0/secrets/delete", (call) => {
    call.context.secrets.deleteSecret(call.principal, call.body());
    return json(200, {});
  });
  routes.on("POST", "/api/2.0/secrets/acls/put", (call) => {
    call.context.secrets.putAcl(call.principal, call.body());
    return json(200, {});
  });
  routes.on("GET", "/api/2.0/secrets/acls/get", ({ context, principal, request }) => {
    const entry = context.secrets.getAcl(principal, request.query.get("scope") ?? "", request.query.get("principal") ?? "");
    return json(200, { principal: entry.principal, permission: entry.permission });
  });
  routes.on("GET", "/api/2.0/secrets/acls/list", ({ context, principal, request }) => {
    const items = context.secrets.listAcls(principal, request.query.get("scope") ?? "").map((e) => ({ principal: e.principal, permission: e.permission }));
    return json(200, items.length === 0 ? {} : { items });
  });
  routes.on("POST", "/api/2.0/secrets/acls/delete", (call) => {
    call.context.secrets.deleteAcl(call.principal, call.body());
    return json(200, {});
  });
  routes.on("GET", "/api/2.0/secrets/get", () => {
    throw new ApiFailure(403, "PERMISSION_DENIED", "The emulator never returns secret values over its REST API (Databricks allows this only inside jobs and notebooks).");
  });
}
