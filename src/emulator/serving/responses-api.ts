import { ApiFailure, invalidParameter } from "../http/api-failure.js";
import type { JsonObject } from "../store/records.js";
import { fragments } from "./chat-extras.js";
import { choiceTokens, contentText, type SimulatedReply } from "./simulated-model.js";
import { hex24 } from "./tool-choice.js";

/**
 * The OpenAI Responses API over the simulated chat model (modern-query-api.md §4): a Responses
 * request becomes chat inputs (so tool decisions, structured output and caps are the chat
 * model's), and the simulated reply is shaped as a `response` object or its event stream.
 */

const UNSUPPORTED = ["background", "store", "conversation", "service_tier", "previous_response_id"] as const;

function text(content: unknown): string {
  if (Array.isArray(content)) {
    return content.map((p) => (p !== null && typeof p === "object" && typeof (p as JsonObject)["text"] === "string" ? (p as JsonObject)["text"] : "")).join("");
  }
  return contentText(content);
}

/**
 * Chat inputs for a Responses body: `instructions` → system, a string `input` → one user
 * message, `function_call` items → an assistant message with `tool_calls`, `function_call_output`
 * → `role: "tool"`, flat tools → chat tools, `text.format` (flat or nested) → `response_format`,
 * `max_output_tokens` → `max_tokens`.
 */
export function chatInputsFromResponses(body: JsonObject): JsonObject {
  for (const key of UNSUPPORTED) {
    const value = body[key];
    if (value !== undefined && value !== null && value !== false) throw invalidParameter(`${key}: not supported by Databricks' Responses API.`);
  }
  if (body["messages"] !== undefined && body["input"] === undefined) throw new ApiFailure(400, "BAD_REQUEST", "Invalid request: 'messages' field is not supported. Please use 'input' field instead.");
  const input = body["input"];
  if (typeof input !== "string" && !Array.isArray(input)) throw invalidParameter("input: required, a string or a list of input items.");
  const messages: JsonObject[] = [];
  if (typeof body["instructions"] === "string" && body["instructions"] !== "") messages.push({ role: "system", content: body["instructions"] });
  if (typeof input === "string") messages.push({ role: "user", content: input });
  else {
    (input as unknown[]).forEach((raw, i) => {
      if (raw === null || typeof raw !== "object") throw invalidParameter(`input[${i}]: must be an object.`);
      const item = raw as JsonObject;
      const type = item["type"] ?? "message";
      if (type === "message") {
        if (typeof item["role"] !== "string") throw invalidParameter(`input[${i}].role: required.`);
        messages.push({ role: item["role"], content: text(item["content"]) });
      } else if (type === "function_call") {
        const call = { id: String(item["call_id"] ?? item["id"] ?? ""), type: "function", function: { name: String(item["name"] ?? ""), arguments: String(item["arguments"] ?? "{}") } };
        const last = messages[messages.length - 1];
        if (last?.["role"] === "assistant" && Array.isArray(last["tool_calls"])) (last["tool_calls"] as JsonObject[]).push(call);
        else messages.push({ role: "assistant", content: null, tool_calls: [call] });
      } else if (type === "function_call_output") {
        const output = item["output"];
        messages.push({ role: "tool", tool_call_id: String(item["call_id"] ?? ""), content: typeof output === "string" ? output : JSON.stringify(output ?? "") });
      }
      // reasoning, MCP approvals and other items carry nothing the simulated model reads.
    });
  }
  if (messages.length === 0) throw invalidParameter("input: must hold at least one message.");
  const chat: JsonObject = { messages };
  if (Array.isArray(body["tools"])) {
    chat["tools"] = (body["tools"] as JsonObject[])
      .filter((t) => t?.["type"] === "function")
      .map((t) => ({ type: "function", function: { name: t["name"], description: t["description"] ?? undefined, parameters: t["parameters"] ?? undefined, strict: t["strict"] === true } }));
  }
  const choice = body["tool_choice"];
  if (typeof choice === "string") chat["tool_choice"] = choice;
  else if (choice !== null && typeof choice === "object" && (choice as JsonObject)["type"] === "function") chat["tool_choice"] = { type: "function", function: { name: (choice as JsonObject)["name"] } };
  if (typeof body["parallel_tool_calls"] === "boolean") chat["parallel_tool_calls"] = body["parallel_tool_calls"];
  const format = (body["text"] as JsonObject | undefined)?.["format"] as JsonObject | undefined;
  if (format?.["type"] === "json_schema") {
    const nested = format["json_schema"] as JsonObject | undefined;
    chat["response_format"] = { type: "json_schema", json_schema: nested ?? { name: format["name"], schema: format["schema"], strict: format["strict"] } };
  } else if (format?.["type"] === "json_object") chat["response_format"] = { type: "json_object" };
  if (body["max_output_tokens"] !== undefined && body["max_output_tokens"] !== null) chat["max_tokens"] = body["max_output_tokens"];
  for (const key of ["temperature", "stream", "extra_params"]) if (body[key] !== undefined) chat[key] = body[key];
  return chat;
}

/** What shaping a Responses reply needs besides the simulated reply. */
export interface ResponsesCall {
  /** The Responses request as sent (echoed: tools, tool_choice, text, max_output_tokens). */
  readonly request: JsonObject;
  readonly model: string;
  readonly created: number;
}

interface Ids {
  readonly response: string;
  readonly message: string;
  readonly call: (i: number) => string;
}

function idsOf(call: ResponsesCall): Ids {
  const { stream: _s, ...rest } = call.request;
  void _s;
  const seed = JSON.stringify(rest);
  return { response: `resp_${hex24(seed)}`, message: `msg_${hex24(`${seed}#message`)}`, call: (i) => `fc_${hex24(`${seed}#fc${i}`)}` };
}

function usage(reply: SimulatedReply): JsonObject {
  const output = choiceTokens(reply);
  return { input_tokens: reply.promptTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: reply.promptTokens + output };
}

function outputItems(ids: Ids, reply: SimulatedReply): JsonObject[] {
  const calls = reply.toolCalls ?? [];
  if (calls.length > 0) return calls.map((c, i) => ({ type: "function_call", id: ids.call(i), call_id: c.id, name: c.name, arguments: c.arguments, status: "completed" }));
  return [{ type: "message", id: ids.message, status: "completed", role: "assistant", content: [{ type: "output_text", text: reply.tokens.join(""), annotations: [], logprobs: [] }] }];
}

function envelope(call: ResponsesCall, ids: Ids, reply: SimulatedReply, status: string, output: JsonObject[], withUsage: boolean): JsonObject {
  const r = call.request;
  return {
    id: ids.response,
    object: "response",
    created_at: call.created,
    status,
    model: call.model,
    error: null,
    incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions: r["instructions"] ?? null,
    output,
    parallel_tool_calls: r["parallel_tool_calls"] ?? true,
    tool_choice: r["tool_choice"] ?? "auto",
    tools: r["tools"] ?? [],
    text: r["text"] ?? { format: { type: "text" } },
    max_output_tokens: r["max_output_tokens"] ?? null,
    temperature: r["temperature"] ?? null,
    metadata: r["metadata"] ?? {},
    usage: withUsage ? usage(reply) : null,
    simulated: true,
  };
}

/** The non-streamed `response` object. */
export function responsesBody(call: ResponsesCall, reply: SimulatedReply): JsonObject {
  const ids = idsOf(call);
  return envelope(call, ids, reply, reply.finishReason === "length" ? "incomplete" : "completed", outputItems(ids, reply), true);
}

/**
 * The streamed reply, every event framed `data: {…}\n\n` (no `event:` lines: MLflow's parser
 * rejects them) with `sequence_number` from 0 and `simulated: true`, closed by `data: [DONE]`.
 */
export function responsesEvents(call: ResponsesCall, reply: SimulatedReply): string[] {
  const ids = idsOf(call);
  const events: string[] = [];
  let seq = 0;
  const emit = (type: string, fields: JsonObject): void => {
    events.push(`data: ${JSON.stringify({ type, sequence_number: seq++, ...fields, simulated: true })}\n\n`);
  };
  emit("response.created", { response: envelope(call, ids, reply, "in_progress", [], false) });
  emit("response.in_progress", { response: envelope(call, ids, reply, "in_progress", [], false) });
  const items = outputItems(ids, reply);
  items.forEach((item, output_index) => {
    const id = item["id"] as string;
    if (item["type"] === "function_call") {
      emit("response.output_item.added", { output_index, item: { ...item, arguments: "", status: "in_progress" } });
      for (const delta of fragments(item["arguments"] as string)) emit("response.function_call_arguments.delta", { item_id: id, output_index, delta });
      emit("response.function_call_arguments.done", { item_id: id, output_index, arguments: item["arguments"], name: item["name"] });
    } else {
      const whole = reply.tokens.join("");
      emit("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
      emit("response.content_part.added", { item_id: id, output_index, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
      for (const delta of reply.tokens) emit("response.output_text.delta", { item_id: id, output_index, content_index: 0, delta, logprobs: [] });
      emit("response.output_text.done", { item_id: id, output_index, content_index: 0, text: whole, logprobs: [] });
      emit("response.content_part.done", { item_id: id, output_index, content_index: 0, part: { type: "output_text", text: whole, annotations: [] } });
    }
    emit("response.output_item.done", { output_index, item });
  });
  const status = reply.finishReason === "length" ? "incomplete" : "completed";
  emit(status === "incomplete" ? "response.incomplete" : "response.completed", { response: envelope(call, ids, reply, status, items, true) });
  events.push("data: [DONE]\n\n");
  return events;
}
