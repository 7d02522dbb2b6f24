import { invalidParameter } from "../http/api-failure.js";
import type { JsonObject } from "../store/records.js";
import { checkToolRequest } from "./tool-choice.js";

/** What kind of call a served entity answers. */
export type TaskKind = "chat" | "completions" | "embeddings" | "predictions";

const ROLES = new Set(["system", "user", "assistant", "tool", "function", "developer"]);

/**
 * Checks a query against the endpoint's task, hand-written because it runs on every invocation
 * (no schema is built per request). Unknown fields pass through, as on Databricks.
 */
export function checkInputs(task: TaskKind, inputs: JsonObject): void {
  if (task === "chat") {
    const messages = inputs["messages"];
    if (!Array.isArray(messages) || messages.length === 0) {
      throw invalidParameter(`messages: a chat endpoint (llm/v1/chat) needs a non-empty 'messages' array${inputs["prompt"] !== undefined ? "; 'prompt' is for llm/v1/completions endpoints" : ""}.`);
    }
    messages.forEach((message: unknown, i) => {
      if (typeof message !== "object" || message === null) throw invalidParameter(`messages[${i}]: must be an object with 'role' and 'content'.`);
      const m = message as JsonObject;
      if (typeof m["role"] !== "string" || !ROLES.has(m["role"])) throw invalidParameter(`messages[${i}].role: must be one of system, user, assistant, tool (got ${JSON.stringify(m["role"])}).`);
      const content = m["content"];
      if (typeof content !== "string" && !Array.isArray(content) && !(content === null && m["role"] === "assistant")) {
        throw invalidParameter(`messages[${i}].content: must be a string or an array of content parts.`);
      }
    });
  } else if (task === "completions") {
    const prompt = inputs["prompt"];
    if (typeof prompt !== "string" && !(Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === "string"))) {
      throw invalidParameter(`prompt: a completions endpoint (llm/v1/completions) needs 'prompt' as a string or an array of strings${inputs["messages"] !== undefined ? "; 'messages' is for llm/v1/chat endpoints" : ""}.`);
    }
  } else if (task === "embeddings") {
    const input = inputs["input"];
    if (typeof input !== "string" && !(Array.isArray(input) && input.length > 0 && input.every((p) => typeof p === "string"))) {
      throw invalidParameter("input: an embeddings endpoint (llm/v1/embeddings) needs 'input' as a string or an array of strings.");
    }
    return;
  } else {
    return;
  }
  for (const field of ["max_tokens", "max_completion_tokens"]) {
    const cap = inputs[field];
    if (cap !== undefined && cap !== null && (typeof cap !== "number" || !Number.isInteger(cap) || cap < 1)) throw invalidParameter(`${field}: must be a positive integer.`);
  }
  if (task === "chat") {
    checkToolRequest(inputs);
    const format = inputs["response_format"] as JsonObject | undefined;
    if (format !== undefined && format !== null && !["text", "json_object", "json_schema"].includes(String(format["type"]))) throw invalidParameter("response_format.type: must be one of text, json_object, json_schema.");
    if (format?.["type"] === "json_schema" && (typeof format["json_schema"] !== "object" || format["json_schema"] === null)) throw invalidParameter("response_format.json_schema: required for type json_schema ({name, schema, strict}).");
    const top = inputs["top_logprobs"];
    if (top !== undefined && top !== null && (typeof top !== "number" || !Number.isInteger(top) || top < 0 || top > 20)) throw invalidParameter("top_logprobs: must be an integer from 0 to 20.");
  }
  const temperature = inputs["temperature"];
  if (temperature !== undefined && (typeof temperature !== "number" || temperature < 0 || temperature > 2)) throw invalidParameter("temperature: must be a number from 0.0 to 2.0.");
  const n = inputs["n"];
  if (n !== undefined && (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 5)) throw invalidParameter("n: must be an integer from 1 to 5.");
  const stream = inputs["stream"];
  if (stream !== undefined && typeof stream !== "boolean") throw invalidParameter("stream: must be a boolean.");
  const stop = inputs["stop"];
  if (stop !== undefined && typeof stop !== "string" && !(Array.isArray(stop) && stop.every((s) => typeof s === "string"))) throw invalidParameter("stop: must be a string or an array of strings.");
}
