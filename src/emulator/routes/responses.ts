import { invalidParameter } from "../http/api-failure.js";
import { invoke } from "../serving/invoke.js";
import { chatInputsFromResponses } from "../serving/responses-api.js";
import type { Routes } from "./route-types.js";

/**
 * `POST /serving-endpoints/responses`: the OpenAI Responses API, `model` naming the endpoint (so
 * `new OpenAI({ baseURL: `${url}/serving-endpoints` }).responses.create(...)` works). Chat
 * endpoints answer it; forwarded upstream as sent, simulated through the chat model otherwise.
 */
export function registerResponsesRoutes(routes: Routes): void {
  routes.on("POST", "/serving-endpoints/responses", (call) => {
    const body = call.body();
    const model = body["model"];
    if (typeof model !== "string" || model === "") throw invalidParameter("model: name the serving endpoint to query in 'model' (OpenAI-compatible Responses route).");
    const { model: _model, ...request } = body;
    void _model;
    return invoke(call.context, call.principal, model, chatInputsFromResponses(request), call.request, undefined, { kind: "responses", original: request });
  });
}
