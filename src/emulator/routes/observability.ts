import { ApiFailure } from "../http/api-failure.js";
import { json, text } from "../http/types.js";
import { entitiesOf } from "../endpoints/config.js";
import { taskOf } from "../endpoints/view.js";
import { openApiDocument } from "../serving/openapi.js";
import type { EndpointRecord } from "../store/records.js";
import { own } from "../store/dict.js";
import type { Call, Routes } from "./route-types.js";

const BASE = "/api/2.0/serving-endpoints/:name";

/**
 * Logs, build logs, Prometheus metrics and the OpenAPI document of an endpoint. The logs name
 * callers and quote upstream errors, so they need CAN_MANAGE; metrics and OpenAPI CAN_VIEW.
 */
export function registerObservabilityRoutes(routes: Routes): void {
  routes.on("GET", `${BASE}/served-models/:served/build-logs`, (call) => {
    const record = call.context.endpoints.get(call.principal, call.params["name"]!, "CAN_MANAGE");
    const served = servedName(call, record);
    return json(200, { logs: (own(record.build_logs, served) ?? []).join("\n") });
  });
  routes.on("GET", `${BASE}/served-models/:served/logs`, (call) => {
    const record = call.context.endpoints.get(call.principal, call.params["name"]!, "CAN_MANAGE");
    const served = servedName(call, record);
    const lines = [...(own(record.build_logs, served) ?? []), ...call.context.servingLogs.of(record.name, served)];
    return json(200, { logs: lines.join("\n") });
  });
  routes.on("GET", `${BASE}/metrics`, (call) => {
    const record = call.context.endpoints.get(call.principal, call.params["name"]!);
    return text(200, call.context.metrics.prometheus(record.name), "text/plain; version=0.0.4; charset=utf-8");
  });
  routes.on("GET", `${BASE}/openapi`, (call) => {
    const record = call.context.endpoints.get(call.principal, call.params["name"]!);
    return text(200, JSON.stringify(openApiDocument(record.name, taskOf(record), entitiesOf(record.config ?? record.pending_config).map((e) => e.name)), null, 2), "application/json");
  });
}

function servedName(call: Call, record: EndpointRecord): string {
  const served = call.params["served"]!;
  const known = entitiesOf(record.config).concat(entitiesOf(record.pending_config)).map((e) => e.name);
  if (!known.includes(served)) {
    throw new ApiFailure(404, "RESOURCE_DOES_NOT_EXIST", `Served model '${served}' does not exist in endpoint '${record.name}' (served: ${[...new Set(known)].join(", ") || "none"}).`);
  }
  return served;
}
