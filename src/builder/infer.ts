import { defaultEntityName, type ExternalModelProvider, type Task } from "../schemas/index.js";

interface Family {
  readonly test: RegExp;
  readonly provider: ExternalModelProvider;
}

// Only families whose name says who serves them. Google's `text-embedding-004/005` share a prefix
// with OpenAI's `text-embedding-3-*` / `-ada-002`, so the numeric Google ones are matched first.
const FAMILIES: readonly Family[] = [
  { test: /^(text-embedding-0\d\d|text-multilingual-embedding-|textembedding-gecko)/i, provider: "google-cloud-vertex-ai" },
  { test: /^(gpt-|chatgpt-|o\d(-|$)|text-embedding-|davinci-|babbage-)/i, provider: "openai" },
  { test: /^claude-/i, provider: "anthropic" },
  { test: /^(command|embed-)/i, provider: "cohere" },
  { test: /^gemini-/i, provider: "google-cloud-vertex-ai" },
];

/**
 * The provider a model name belongs to, when its family is unambiguous: `gpt-*`, o-series
 * (`o1`, `o3-mini`, …) and `text-embedding-*` → openai; `claude-*` → anthropic; `command*` and
 * `embed-*` → cohere; `gemini-*` → google-cloud-vertex-ai. `undefined` otherwise.
 *
 * @example
 * inferProvider("claude-3-5-sonnet-latest"); // "anthropic"
 * inferProvider("llama-3-70b");              // undefined
 */
export function inferProvider(modelName: string): ExternalModelProvider | undefined {
  return FAMILIES.find((f) => f.test.test(modelName))?.provider;
}

/**
 * The task a model name implies: embeddings models (`text-embedding-*`, `embed-*`, `*embedding*`)
 * → `llm/v1/embeddings`; OpenAI's `gpt-*-instruct`, `davinci-*`, `babbage-*` → `llm/v1/completions`;
 * everything else → `llm/v1/chat`.
 *
 * @example
 * inferTask("text-embedding-3-small"); // "llm/v1/embeddings"
 * inferTask("gpt-4o");                 // "llm/v1/chat"
 */
export function inferTask(modelName: string): Task {
  if (/embed/i.test(modelName)) return "llm/v1/embeddings";
  if (/^(gpt-.*-instruct$|davinci-|babbage-)/i.test(modelName)) return "llm/v1/completions";
  return "llm/v1/chat";
}

/**
 * The served entity name Databricks gives an external model when none is set: the model name
 * with `.` and `:` replaced by `-` (the schemas' `defaultEntityName`, which the emulator uses too).
 *
 * @example
 * defaultExternalEntityName("gpt-4o-2024-08-06"); // "gpt-4o-2024-08-06"
 * defaultExternalEntityName("anthropic.claude-3:0"); // "anthropic-claude-3-0"
 */
export function defaultExternalEntityName(modelName: string): string {
  return defaultEntityName({ external_model: { name: modelName } });
}

/**
 * The served entity name of a registered model version when none is set: the model's own name
 * (the last part of a Unity Catalog `catalog.schema.model`), `-`, the version.
 *
 * @example
 * defaultRegisteredEntityName("main.default.ads1", "1"); // "ads1-1"
 */
export function defaultRegisteredEntityName(entityName: string, entityVersion: string): string {
  return defaultEntityName({ entity_name: entityName, entity_version: entityVersion });
}
