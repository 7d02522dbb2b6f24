import { createScopeRequestSchema, deleteScopeRequestSchema, deleteSecretRequestSchema, putSecretRequestSchema } from "../../schemas/index.js";
import { ApiFailure } from "../http/api-failure.js";
import { json } from "../http/types.js";
import { checkBody } from "../http/validate-body.js";
import type { ScopeRecord } from "../store/records.js";
import type { Call, Routes } from "./route-types.js";

/**
 * Secrets API 2.0: scopes and secrets. Values are write-only: listing shows keys and timestamps,
 * and `GET /secrets/get` is refused (as outside a Databricks job or notebook).
 */
export function registerSecretRoutes(routes: Routes): void {
  routes.on("POST", "/api/2.0/secrets/scopes/create", createScope);
  routes.on("GET", "/api/2.0/secrets/scopes/list", (call) => {
    const scopes = [...call.context.store.scopes.values()].map((s) => ({ name: s.name, backend_type: s.backend_type }));
    return json(200, scopes.length === 0 ? {} : { scopes });
  });
  routes.on("POST", "/api/2.0/secrets/scopes/delete", (call) => {
    const body = checkBody(deleteScopeRequestSchema, call.body(), "delete scope request");
    scopeOf(call, body.scope);
    call.context.store.scopes.delete(body.scope);
    call.context.store.commit();
    return json(200, {});
  });
  routes.on("POST", "/api/2.0/secrets/put", putSecret);
  routes.on("GET", "/api/2.0/secrets/list", (call) => {
    const scope = scopeOf(call, call.request.query.get("scope") ?? "");
    const secrets = Object.entries(scope.secrets).map(([key, s]) => ({ key, last_updated_timestamp: s.last_updated_timestamp }));
    return json(200, secrets.length === 0 ? {} : { secrets });
  });
  routes.on("POST", "/api/2.0/secrets/delete", (call) => {
    const body = checkBody(deleteSecretRequestSchema, call.body(), "delete secret request");
    const scope = scopeOf(call, body.scope);
    if (scope.secrets[body.key] === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Secret '${body.key}' does not exist in scope '${body.scope}'.`);
    delete scope.secrets[body.key];
    call.context.store.commit();
    return json(200, {});
  });
  routes.on("GET", "/api/2.0/secrets/get", () => {
    throw new ApiFailure(403, "PERMISSION_DENIED", "The emulator never returns secret values over its REST API (Databricks allows this only inside jobs and notebooks).");
  });
}

function createScope(call: Call) {
  const body = checkBody(createScopeRequestSchema, call.body(), "create scope request");
  const { store } = call.context;
  if (store.scopes.has(body.scope)) throw new ApiFailure(400, "RESOURCE_ALREADY_EXISTS", `Scope ${body.scope} already exists!`);
  store.scopes.set(body.scope, { name: body.scope, backend_type: body.scope_backend_type ?? "DATABRICKS", secrets: {} });
  store.commit();
  return json(200, {});
}

function putSecret(call: Call) {
  const body = checkBody(putSecretRequestSchema, call.body(), "put secret request");
  const scope = scopeOf(call, body.scope);
  const value = body.string_value ?? Buffer.from(body.bytes_value ?? "", "base64").toString("utf8");
  scope.secrets[body.key] = { value, last_updated_timestamp: Date.now() };
  call.context.store.commit();
  return json(200, {});
}

function scopeOf(call: Call, name: string): ScopeRecord {
  const scope = call.context.store.scopes.get(name);
  if (scope === undefined) throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Scope ${name} does not exist!`);
  return scope;
}
