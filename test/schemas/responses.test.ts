import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import {
  chatCompletionChunkSchema,
  chatCompletionSchema,
  embeddingsResponseSchema,
  errorBodySchema,
  listEndpointsResponseSchema,
  queryResponseSchema,
  servingEndpointDetailedSchema,
  validate,
} from "../../src/schemas/index.js";

const r = suite("response schemas");

const CREATED = {
  name: "feed-ads",
  creator: "customer@example.com",
  creation_timestamp: 1666829055000,
  last_updated_timestamp: 1666829055000,
  state: { ready: "NOT_READY", config_update: "IN_PROGRESS" },
  pending_config: {
    start_time: 1666718879000,
    config_version: 1,
    served_models: [
      {
        name: "ads1-1",
        model_name: "ads1",
        model_version: "1",
        workload_size: "Small",
        scale_to_zero_enabled: true,
        state: { deployment: "DEPLOYMENT_CREATING", deployment_state_message: "Creating" },
        creator: "customer@example.com",
        creation_timestamp: 1666829055000,
      },
    ],
    traffic_config: { routes: [{ served_model_name: "ads1-1", traffic_percentage: 100 }] },
  },
};

r("a real create response parses unchanged", () => {
  assert.equal(validate(servingEndpointDetailedSchema, CREATED, "endpoint"), CREATED);
});

r("unknown fields and unknown enum values from a newer server are kept", () => {
  const newer = { ...CREATED, brand_new: { a: 1 }, state: { ready: "WARMING", config_update: "NOT_UPDATING", suspend: "NOT_SUSPENDED" } };
  const out = validate(servingEndpointDetailedSchema, newer, "endpoint");
  assert.equal(out, newer);
});

r("any extra fields a server adds, at any level we model, survive validation unchanged", () => {
  const extra = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue(), { minKeys: 1, maxKeys: 3 });
  fc.assert(
    fc.property(extra, extra, extra, (top, state, entity) => {
      const value = structuredClone(CREATED) as Record<string, any>;
      Object.assign(value, top);
      Object.assign(value.state, state);
      Object.assign(value.pending_config.served_models[0], entity);
      assert.equal(validate(servingEndpointDetailedSchema, value, "endpoint"), value);
    }),
    { seed: 7, numRuns: 200 },
  );
});

r("an empty workspace list has no endpoints key", () => {
  assert.equal(validate(listEndpointsResponseSchema, {}, "list"), {});
});

r("chat completion, chunk, embeddings and generic query responses", () => {
  const chat = { id: "c1", object: "chat.completion", created: 1, model: "gpt-4", choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, simulated: true };
  assert.equal(validate(chatCompletionSchema, chat, "reply"), chat);
  const chunk = validate(chatCompletionChunkSchema, { object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "He" }, finish_reason: null }] }, "chunk");
  assert.is(chunk.choices[0]?.delta.content, "He");
  const usageOnly = validate(chatCompletionChunkSchema, { object: "chat.completion.chunk", usage: { total_tokens: 3 } }, "chunk");
  assert.equal(usageOnly.choices, []);
  const emb = { object: "list", data: [{ object: "embedding", index: 0, embedding: [0.5, -1] }], model: "m", usage: { prompt_tokens: 2, total_tokens: 2 } };
  assert.equal(validate(embeddingsResponseSchema, emb, "embeddings"), emb);
  assert.equal(validate(queryResponseSchema, { predictions: [1, 2], "served-model-name": "a-1" }, "reply"), { predictions: [1, 2], "served-model-name": "a-1" });
  assert.throws(() => validate(embeddingsResponseSchema, { data: [{ embedding: "nope" }] }, "embeddings"), /data\[0\]\.embedding/);
});

r("error bodies, both Databricks' and OpenAI's shapes", () => {
  validate(errorBodySchema, { error_code: "RESOURCE_DOES_NOT_EXIST", message: "gone", details: [{ "@type": "x" }] }, "error");
  validate(errorBodySchema, { error: { message: "bad", type: "invalid_request_error" } }, "error");
});

r.run();
