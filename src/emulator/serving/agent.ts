import { ApiFailure, invalidParameter } from "../http/api-failure.js";
import type { EndpointRecord, JsonObject } from "../store/records.js";
import { chatInputsFromResponses, responsesBody, responsesEvents, type ResponsesCall } from "./responses-api.js";
import { choiceTokens, type SimulatedReply } from "./simulated-model.js";
import { hex24 } from "./tool-choice.js";

/**
 * Agent endpoints (Mosaic AI Agent Framework, modern-query-api.md §5): an endpoint serving a
 * Unity Catalog model logged as an MLflow agent answers in the agent's own shapes on
 * `/invocations` (and, for ResponsesAgent, on `/serving-endpoints/responses` too). The simulated
 * model writes the reply; this file turns agent requests into chat inputs and shapes the reply.
 */

/**
 * The agent interfaces the emulator serves: `agent/v1/responses` (MLflow `ResponsesAgent`, the
 * current one) and `agent/v2/chat` (`ChatAgent`, legacy).
 *
 * @example
 * const task: AgentTask = "agent/v1/responses";
 */
export type AgentTask = "agent/v1/responses" | "agent/v2/chat";

/** Every agent task, in the order the docs introduce them. */
export const AGENT_TASKS: readonly AgentTask[] = ["agent/v1/responses", "agent/v2/chat"];

/** True for a task string the emulator serves as an agent. */
export function isAgentTask(value: unknown): value is AgentTask {
  return typeof value === "string" && (AGENT_TASKS as readonly string[]).includes(value);
}

/** The endpoint's agent task, when it serves an agent. */
export function agentTaskOf(record: EndpointRecord): AgentTask | undefined {
  return isAgentTask(record.task) ? record.task : undefined;
}

/** 32 hex digits (an MLflow trace id after `tr-`). */
function hex32(text: string): string {
  return `${hex24(text)}${hex24(`${text}#trace`).slice(0, 8)}`;
}

/**
 * Chat inputs for an agent request, so tool decisions, caps and formats are the chat model's.
 * ResponsesAgent: a Responses body (`input` a list; a string is one user message), `messages`
 * refused with the 400 Databricks sends. ChatAgent: `messages` with ids (the ids are dropped).
 */
export function agentChatInputs(task: AgentTask, body: JsonObject): JsonObject {
  if (task === "agent/v1/responses") return chatInputsFromResponses(body);
  const messages = body["messages"];
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ApiFailure(400, "BAD_REQUEST", `Invalid request: a ChatAgent endpoint (agent/v2/chat) needs a non-empty 'messages' list${body["input"] !== undefined ? "; 'input' is for ResponsesAgent (agent/v1/responses) endpoints" : ""}.`);
  }
  const chat: JsonObject = {
    messages: messages.map((raw: unknown, i) => {
      if (raw === null || typeof raw !== "object") throw invalidParameter(`messages[${i}]: must be an object with 'role' and 'content'.`);
      const { id: _id, name: _name, attachments: _a, ...message } = raw as JsonObject;
      void _id; void _name; void _a;
      return message;
    }),
  };
  for (const key of ["stream", "temperature", "max_tokens", "stop", "extra_params"]) if (body[key] !== undefined) chat[key] = body[key];
  return chat;
}

/** `custom_outputs` echo `custom_inputs`, as the MLflow agent templates do. */
function customOutputs(request: JsonObject): JsonObject {
  const inputs = request["custom_inputs"];
  return inputs !== null && typeof inputs === "object" && !Array.isArray(inputs) ? (inputs as JsonObject) : {};
}

/** `databricks_output.trace` when the request asked for it (`databricks_options.return_trace`). */
function databricksOutput(request: JsonObject, endpoint: string): JsonObject | undefined {
  if ((request["databricks_options"] as JsonObject | undefined)?.["return_trace"] !== true) return undefined;
  const { stream: _s, ...rest } = request;
  void _s;
  const traceId = `tr-${hex32(JSON.stringify(rest))}`;
  return {
    trace: {
      info: { trace_id: traceId, request_id: traceId, state: "OK", trace_location: { type: "MLFLOW_EXPERIMENT", mlflow_experiment: { experiment_id: "0" } }, tags: { endpoint } },
      data: { spans: [] },
    },
  };
}

/** What shaping an agent reply needs. */
export interface AgentCall extends ResponsesCall {
  readonly endpoint: string;
}

/** A ResponsesAgent reply: the Responses object + `custom_outputs` (+ `databricks_output.trace` when asked). */
export function responsesAgentBody(call: AgentCall, reply: SimulatedReply): JsonObject {
  const body = { ...responsesBody(call, reply), custom_outputs: customOutputs(call.request) };
  const output = databricksOutput(call.request, call.endpoint);
  return output === undefined ? body : { ...body, databricks_output: output };
}

/**
 * A ResponsesAgent stream: the full Responses event set (a superset of MLflow's delta/done
 * pairs), then Databricks' `responses.completed` with the usage (what the AI SDK provider reads
 * for usage and finish), then `data: [DONE]`.
 */
export function responsesAgentEvents(call: AgentCall, reply: SimulatedReply): string[] {
  const events = responsesEvents(call, reply);
  const done = events.pop()!;
  const whole = responsesAgentBody(call, reply);
  const completed: JsonObject = {
    type: "responses.completed",
    sequence_number: events.length,
    response: { id: whole["id"], status: whole["status"], incomplete_details: whole["incomplete_details"], usage: whole["usage"] },
    custom_outputs: whole["custom_outputs"],
    simulated: true,
  };
  if (whole["databricks_output"] !== undefined) completed["databricks_output"] = whole["databricks_output"];
  events.push(`data: ${JSON.stringify(completed)}\n\n`, done);
  return events;
}

function chatAgentIds(call: AgentCall): { reply: string; message: string } {
  const { stream: _s, ...rest } = call.request;
  void _s;
  const seed = JSON.stringify(rest);
  return { reply: `chatagent-${hex24(seed)}`, message: `msg_${hex24(`${seed}#message`)}` };
}

function chatAgentUsage(reply: SimulatedReply): JsonObject {
  const completion = choiceTokens(reply);
  return { prompt_tokens: reply.promptTokens, completion_tokens: completion, total_tokens: reply.promptTokens + completion };
}

/** A ChatAgent reply: a top-level `id`, `messages` each with an `id` and string `content`, finish, usage, `custom_outputs`. */
export function chatAgentBody(call: AgentCall, reply: SimulatedReply): JsonObject {
  const ids = chatAgentIds(call);
  return {
    id: ids.reply,
    messages: [{ role: "assistant", content: reply.tokens.join(""), id: ids.message }],
    finish_reason: reply.finishReason === "length" ? "length" : "stop",
    custom_outputs: customOutputs(call.request),
    usage: chatAgentUsage(reply),
    simulated: true,
  };
}

/**
 * A ChatAgent stream: `{id, delta: {role, content, id}}` per token (one `delta.id` = one message),
 * the last chunk with `finish_reason`, `usage` and `custom_outputs`, then `data: [DONE]`.
 */
export function chatAgentEvents(call: AgentCall, reply: SimulatedReply): string[] {
  const ids = chatAgentIds(call);
  const events = reply.tokens.map((token) => `data: ${JSON.stringify({ id: ids.reply, delta: { role: "assistant", content: token, id: ids.message }, simulated: true })}\n\n`);
  const last = { id: ids.reply, delta: { role: "assistant", content: "", id: ids.message }, finish_reason: reply.finishReason === "length" ? "length" : "stop", usage: chatAgentUsage(reply), custom_outputs: customOutputs(call.request), simulated: true };
  events.push(`data: ${JSON.stringify(last)}\n\n`, "data: [DONE]\n\n");
  return events;
}
