// Compile-time checks: `npm test` type-checks this file, so each @ts-expect-error below must stay an error.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { endpoint, secret, type CreateEndpointRequest, type ExternalModelOptions, type ServingEndpointDetailed } from "../../src/index.js";

test("option types catch misspelt and misplaced options at compile time", () => {
  const key = secret("s", "k");
  const ok: ExternalModelOptions = { openaiConfig: { openaiApiKey: key, openaiApiVersion: "2024-06-01" } };
  // @ts-expect-error misspelt camelCase config field
  const typo: ExternalModelOptions = { openaiConfig: { openaiApiKye: key } };
  // @ts-expect-error unknown provider
  const provider: ExternalModelOptions = { provider: "openia" };
  // @ts-expect-error unknown task
  const task: ExternalModelOptions = { task: "llm/v1/chat-completions" };
  // @ts-expect-error legacy rate limits only know user / endpoint keys
  endpoint("x").rateLimit({ calls: 1, key: "user_group" });
  const payload: CreateEndpointRequest = endpoint("x").externalModel("gpt-4o", ok).build();
  // Responses are typed and tolerate what they do not know.
  const detailed: ServingEndpointDetailed = { name: "x", state: { ready: "READY" }, brand_new_field: 1 };
  assert.ok([typo, provider, task, payload, detailed].length === 5);
});

test.run();
