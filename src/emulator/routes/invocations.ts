import { invalidParameter } from "../http/api-failure.js";
import { invoke } from "../serving/invoke.js";
import type { Call, Routes } from "./route-types.js";

/**
 * Query routes: `/serving-endpoints/{name}/invocations`, one served model's invocations, and the
 * OpenAI-compatible `/serving-endpoints/chat/completions`, `/completions`, `/embeddings` where
 * `model` names the endpoint (so `new OpenAI({ baseURL: `${url}/serving-endpoints` })` works).
 */
export function registerInvocationRoutes(routes: Routes): void {
  routes.on("POST", "/serving-endpoints/:name/invocations", (call) =>
    invoke(call.context, call.principal, call.params["name"]!, call.body(), call.request),
  );
  routes.on("POST", "/serving-endpoints/:name/served-models/:served/invocations", (call) =>
    invoke(call.context, call.principal, call.params["name"]!, call.body(), call.request, call.params["served"]),
  );
  routes.on("POST", "/serving-endpoints/chat/completions", (call) => openAiStyle(call, "llm/v1/chat"));
  routes.on("POST", "/serving-endpoints/completions", (call) => openAiStyle(call, "llm/v1/completions"));
  routes.on("POST", "/serving-endpoints/embeddings", (call) => openAiStyle(call, "llm/v1/embeddings"));
}

async function openAiStyle(call: Call, task: string): ReturnType<typeof invoke> {
  const body = call.body();
  const model = body["model"];
  if (typeof model !== "string" || model === "") throw invalidParameter(`model: name the serving endpoint to query in 'model' (OpenAI-compatible ${task} route).`);
  const { model: _model, ...inputs } = body;
  void _model;
  return invoke(call.context, call.principal, model, inputs, call.request);
}
