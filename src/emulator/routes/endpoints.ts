import { json } from "../http/types.js";
import { detailed, listItem } from "../endpoints/view.js";
import type { Routes } from "./route-types.js";

const BASE = "/api/2.0/serving-endpoints";

/** Management routes of `/api/2.0/serving-endpoints` (MLflow's trailing-slash forms included). */
export function registerEndpointRoutes(routes: Routes): void {
  routes.on("GET", BASE, ({ context, principal }) => json(200, { endpoints: context.endpoints.list(principal).map((record) => listItem(record, principal)) }));
  routes.on("POST", BASE, (call) => json(200, detailed(call.context.endpoints.create(call.principal, call.body()), call.principal)));
  routes.on("GET", `${BASE}/:name`, ({ context, principal, params }) => json(200, detailed(context.endpoints.get(principal, params["name"]!), principal)));
  routes.on("DELETE", `${BASE}/:name`, ({ context, principal, params }) => {
    context.endpoints.delete(principal, params["name"]!);
    return json(200, {});
  });
  routes.on("PUT", `${BASE}/:name/config`, (call) => json(200, detailed(call.context.endpoints.updateConfig(call.principal, call.params["name"]!, call.body()), call.principal)));
  routes.on("PUT", `${BASE}/:name/rate-limits`, (call) => {
    const record = call.context.endpoints.putRateLimits(call.principal, call.params["name"]!, call.body());
    return json(200, { rate_limits: record.rate_limits });
  });
  routes.on("PATCH", `${BASE}/:name/tags`, (call) => json(200, { tags: call.context.endpoints.patchTags(call.principal, call.params["name"]!, call.body()).tags }));
  routes.on("PUT", `${BASE}/:name/ai-gateway`, (call) => json(200, call.context.endpoints.putAiGateway(call.principal, call.params["name"]!, call.body()).ai_gateway ?? {}));
  routes.on("PATCH", `${BASE}/:name/notifications`, (call) => {
    const record = call.context.endpoints.patchNotifications(call.principal, call.params["name"]!, call.body());
    return json(200, { name: record.name, email_notifications: record.email_notifications });
  });
}
