/**
 * The OpenAPI 3.1 document of one endpoint's query API, by task: the request and response
 * schemas of chat, completions or embeddings (or the generic custom-model formats).
 */
export function openApiDocument(endpoint: string, task: string | undefined, servedEntities: readonly string[]): Record<string, unknown> {
  const usage = { type: "object", properties: { prompt_tokens: { type: "integer" }, completion_tokens: { type: "integer" }, total_tokens: { type: "integer" } } };
  const schemas: Record<string, { request: unknown; response: unknown }> = {
    "llm/v1/chat": {
      request: {
        type: "object",
        required: ["messages"],
        properties: {
          messages: { type: "array", items: { type: "object", required: ["role", "content"], properties: { role: { type: "string", enum: ["system", "user", "assistant", "tool"] }, content: { type: "string" } } } },
          max_tokens: { type: "integer", minimum: 1 },
          temperature: { type: "number", minimum: 0, maximum: 2 },
          n: { type: "integer", minimum: 1, maximum: 5 },
          stop: { type: "array", items: { type: "string" } },
          stream: { type: "boolean" },
          extra_params: { type: "object", additionalProperties: true },
        },
      },
      response: {
        type: "object",
        properties: {
          id: { type: "string" },
          object: { const: "chat.completion" },
          created: { type: "integer" },
          model: { type: "string" },
          choices: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, message: { type: "object", properties: { role: { type: "string" }, content: { type: "string" } } }, finish_reason: { type: "string" } } } },
          usage,
        },
      },
    },
    "llm/v1/completions": {
      request: {
        type: "object",
        required: ["prompt"],
        properties: { prompt: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }, max_tokens: { type: "integer" }, temperature: { type: "number" }, n: { type: "integer" }, stop: { type: "array", items: { type: "string" } }, stream: { type: "boolean" } },
      },
      response: {
        type: "object",
        properties: { id: { type: "string" }, object: { const: "text_completion" }, created: { type: "integer" }, model: { type: "string" }, choices: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, text: { type: "string" }, finish_reason: { type: "string" } } } }, usage },
      },
    },
    "llm/v1/embeddings": {
      request: { type: "object", required: ["input"], properties: { input: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] } } },
      response: {
        type: "object",
        properties: { object: { const: "list" }, model: { type: "string" }, data: { type: "array", items: { type: "object", properties: { object: { const: "embedding" }, index: { type: "integer" }, embedding: { type: "array", items: { type: "number" } } } } }, usage },
      },
    },
  };
  const chosen = (task !== undefined ? schemas[task] : undefined) ?? {
    request: { type: "object", properties: { dataframe_split: { type: "object" }, dataframe_records: { type: "array" }, instances: { type: "array" }, inputs: {} } },
    response: { type: "object", properties: { predictions: { type: "array" } } },
  };
  const operation = (summary: string) => ({
    summary,
    requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Request" } } } },
    responses: {
      "200": { description: "Successful response", content: { "application/json": { schema: { $ref: "#/components/schemas/Response" } } } },
    },
  });
  const paths: Record<string, unknown> = { [`/serving-endpoints/${endpoint}/invocations`]: { post: operation(`Query ${endpoint}${task !== undefined ? ` (${task})` : ""}`) } };
  for (const served of servedEntities) paths[`/serving-endpoints/${endpoint}/served-models/${served}/invocations`] = { post: operation(`Query served entity ${served}`) };
  return {
    openapi: "3.1.0",
    info: { title: endpoint, version: "2" },
    servers: [{ url: "https://<workspace-host>" }],
    paths,
    components: { schemas: { Request: chosen.request, Response: chosen.response }, securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } },
    security: [{ bearerAuth: [] }],
  };
}
