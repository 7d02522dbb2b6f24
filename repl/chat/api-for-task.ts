import type { ConversationApi } from "../../src/index.js";

/**
 * How the chat talks to an endpoint of this task: a ResponsesAgent through its invocations route,
 * everything else with chat completions (a ChatAgent streams chat-like chunks).
 *
 * @example
 * apiForTask("agent/v1/responses"); // "agent"
 */
export function apiForTask(task: string | undefined): ConversationApi {
  return task === "agent/v1/responses" || task === "agent/v2/responses" ? "agent" : "chat";
}
