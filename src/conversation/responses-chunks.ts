import { ResponseStreamError } from "../client/streaming/response-accumulator.js";
import { DeploymentsError } from "../errors/deployments-error.js";
import type { ChatStreamClient, ConversationMessage } from "./types.js";

/**
 * How a conversation talks to its endpoint: `chat` — chat completions (`messages`, the default);
 * `responses` — the OpenAI Responses API (`POST /serving-endpoints/responses`, `model` = the
 * endpoint); `agent` — a ResponsesAgent (`agent/v1/responses`) on its `/invocations` route.
 *
 * @example
 * const conversation = new Conversation({ client, endpoint: "agent", api: "agent" });
 */
export type ConversationApi = "chat" | "responses" | "agent";

type ChatInputs = Parameters<ChatStreamClient["predictStream"]>[0]["inputs"];
type Json = Record<string, unknown>;

/**
 * A conversation's chat inputs as a Responses body: messages → input items (`function_call` /
 * `function_call_output` for tool exchanges), flat tools, `tool_choice` flattened, `max_tokens` →
 * `max_output_tokens`.
 *
 * @example
 * const body = responsesBodyOf({ messages: conversation.messages(), max_tokens: 64 });
 * await client.predictResponse({ endpoint: "agent", inputs: body, route: "invocations" });
 */
export function responsesBodyOf(inputs: ChatInputs): { input: Json[] } & Json {
  const input: Json[] = [];
  for (const m of inputs.messages as readonly ConversationMessage[]) {
    if (m.role === "tool") input.push({ type: "function_call_output", call_id: m.tool_call_id ?? "", output: m.content });
    else if (m.role === "assistant" && m.tool_calls !== undefined && m.tool_calls.length > 0) {
      for (const c of m.tool_calls) input.push({ type: "function_call", call_id: c.id, name: c.function.name, arguments: c.function.arguments });
    } else input.push({ role: m.role, content: m.content });
  }
  const body: { input: Json[] } & Json = { input };
  if (inputs.tools !== undefined) {
    body["tools"] = inputs.tools.map((t) => {
      const fn = t.function;
      return { type: "function", name: fn.name, ...(fn.description !== undefined ? { description: fn.description } : {}), ...(fn.parameters !== undefined ? { parameters: fn.parameters } : {}), ...(fn.strict != null ? { strict: fn.strict } : {}) };
    });
  }
  const choice = inputs.tool_choice;
  if (choice !== undefined) body["tool_choice"] = typeof choice === "string" ? choice : { type: "function", name: choice.function.name };
  if (inputs.max_tokens !== undefined) body["max_output_tokens"] = inputs.max_tokens;
  if (inputs.temperature !== undefined) body["temperature"] = inputs.temperature;
  if (inputs.top_p !== undefined) body["top_p"] = inputs.top_p;
  if (inputs.extra_params !== undefined) body["extra_params"] = inputs.extra_params;
  return body;
}

function usageOf(value: unknown): Json | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const u = value as Json;
  if (typeof u["input_tokens"] !== "number" && typeof u["output_tokens"] !== "number") return undefined;
  const prompt = Number(u["input_tokens"] ?? 0), completion = Number(u["output_tokens"] ?? 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: typeof u["total_tokens"] === "number" ? u["total_tokens"] : prompt + completion };
}

/**
 * Streams a turn through the Responses API and re-tells it as chat chunks (text deltas, whole
 * tool calls, finish reason and usage), so the conversation's turn logic and tool loop are the
 * same for every API. Text comes from `response.output_text.delta` (or a `message` item that
 * arrives whole, as sparse agent streams send it); tool calls from `function_call` items.
 */
export async function* responsesAsChatChunks(client: ChatStreamClient, args: { endpoint: string; inputs: ChatInputs; signal: AbortSignal; batchMs?: number }, api: "responses" | "agent"): AsyncGenerator<Json> {
  if (client.predictResponseStream === undefined) throw new DeploymentsError(`This client cannot call the Responses API (no predictResponseStream): use a DatabricksDeploymentClient for api: "${api}"`);
  const stream = client.predictResponseStream({ endpoint: args.endpoint, inputs: responsesBodyOf(args.inputs), route: api === "agent" ? "invocations" : "responses", signal: args.signal, ...(args.batchMs ? { batchMs: args.batchMs } : {}) });
  const texted = new Set<string>();
  let calls = 0;
  let model: string | undefined;
  let finished = false;
  for await (const raw of await stream) {
    const e = (raw ?? {}) as Json;
    const simulated = e["simulated"] === true ? { simulated: true } : {};
    const meta = { ...(model !== undefined ? { model } : {}), ...simulated };
    switch (e["type"]) {
      case "response.created":
      case "response.in_progress": {
        const m = (e["response"] as Json | undefined)?.["model"];
        if (typeof m === "string") model = m;
        break;
      }
      case "response.output_text.delta":
        if (typeof e["item_id"] === "string") texted.add(e["item_id"]);
        yield { ...meta, choices: [{ index: 0, delta: { content: String(e["delta"] ?? "") } }] };
        break;
      case "response.output_item.done": {
        const item = (e["item"] ?? {}) as Json;
        if (item["type"] === "function_call") {
          yield { ...meta, choices: [{ index: 0, delta: { tool_calls: [{ index: calls++, id: String(item["call_id"] ?? item["id"] ?? ""), type: "function", function: { name: String(item["name"] ?? ""), arguments: String(item["arguments"] ?? "") } }] } }] };
        } else if (item["type"] === "message" && !texted.has(String(item["id"]))) {
          const parts = Array.isArray(item["content"]) ? (item["content"] as Json[]) : [];
          const text = parts.map((p) => (p["type"] === "output_text" && typeof p["text"] === "string" ? p["text"] : "")).join("");
          if (text !== "") yield { ...meta, choices: [{ index: 0, delta: { content: text } }] };
        }
        break;
      }
      case "response.completed":
      case "response.incomplete":
      case "response.failed": {
        const r = (e["response"] ?? {}) as Json;
        if (typeof r["model"] === "string") model = r["model"];
        const reason = calls > 0 ? "tool_calls" : e["type"] === "response.incomplete" ? "length" : "stop";
        const usage = usageOf(r["usage"]);
        finished = true;
        yield { ...(model !== undefined ? { model } : {}), ...simulated, choices: [{ index: 0, delta: {}, finish_reason: reason }], ...(usage !== undefined ? { usage } : {}) };
        break;
      }
      case "responses.completed": {
        const usage = usageOf((e["response"] as Json | undefined)?.["usage"]);
        if (!finished) yield { ...meta, choices: [{ index: 0, delta: {}, finish_reason: calls > 0 ? "tool_calls" : "stop" }], ...(usage !== undefined ? { usage } : {}) };
        finished = true;
        break;
      }
      case "error":
        throw new ResponseStreamError(`The response stream failed: ${String(e["message"] ?? "error event")}`, typeof e["code"] === "string" ? e["code"] : undefined);
      default:
        break;
    }
  }
}
