import { suite } from "uvu";
import * as assert from "uvu/assert";
import { inferProvider, inferTask } from "../../src/index.js";
import { defaultExternalEntityName, defaultRegisteredEntityName } from "../../src/builder/index.js";

const i = suite("model family inference");

i("providers by family; unknown families stay undefined", () => {
  const table: [string, string | undefined][] = [
    ["gpt-4", "openai"], ["gpt-4o-mini", "openai"], ["o1", "openai"], ["o3-mini", "openai"], ["o4-mini", "openai"], ["chatgpt-4o-latest", "openai"],
    ["text-embedding-3-large", "openai"], ["text-embedding-ada-002", "openai"],
    ["claude-3-5-sonnet-latest", "anthropic"], ["claude-sonnet-4-20250514", "anthropic"],
    ["command-r-plus", "cohere"], ["command", "cohere"], ["embed-english-v3.0", "cohere"],
    ["gemini-1.5-pro", "google-cloud-vertex-ai"], ["text-embedding-004", "google-cloud-vertex-ai"], ["textembedding-gecko@003", "google-cloud-vertex-ai"],
    ["llama-3-70b-instruct", undefined], ["mistral-large", undefined], ["omni", undefined], ["j2-ultra", undefined],
  ];
  for (const [model, provider] of table) assert.is(inferProvider(model), provider, model);
});

i("tasks: embeddings by name, OpenAI instruct models are completions, the rest chat", () => {
  assert.is(inferTask("text-embedding-3-small"), "llm/v1/embeddings");
  assert.is(inferTask("embed-multilingual-v3.0"), "llm/v1/embeddings");
  assert.is(inferTask("textembedding-gecko"), "llm/v1/embeddings");
  assert.is(inferTask("gpt-3.5-turbo-instruct"), "llm/v1/completions");
  assert.is(inferTask("llama-3-70b-instruct"), "llm/v1/chat");
  assert.is(inferTask("gpt-4o"), "llm/v1/chat");
});

i("default served entity names as Databricks makes them", () => {
  assert.is(defaultExternalEntityName("embed-english-v3.0"), "embed-english-v3-0");
  assert.is(defaultExternalEntityName("anthropic.claude-3-sonnet-20240229-v1:0"), "anthropic-claude-3-sonnet-20240229-v1-0");
  assert.is(defaultRegisteredEntityName("main.default.ads1", "1"), "ads1-1");
  assert.is(defaultRegisteredEntityName("ads1", "12"), "ads1-12");
});

i.run();
