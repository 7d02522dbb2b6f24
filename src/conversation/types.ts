import type { ToolCall, ToolChoice, ToolDefinition } from "../schemas/index.js";

/**
 * The data a `Conversation` is made of: turns, generation parameters, token usage and timings.
 * Wire objects (`GenerationParams`, `TokenUsage`, `ConversationMessage`) keep the REST API's
 * snake_case so they paste into `predict` inputs unchanged; everything else is camelCase.
 */

/**
 * A chat message as the serving endpoint's `messages` field takes it.
 *
 * @example
 * const message: ConversationMessage = { role: "user", content: "Hello" };
 */
// A type alias (not an interface) so it fits the client's open `QueryInput` (which has an index signature).
export type ConversationMessage = {
  readonly role: "system" | "user" | "assistant" | "tool";
  readonly content: string;
  /** On an assistant message that asked for tools: the calls, as the model sent them. */
  readonly tool_calls?: ToolCall[];
  /** On a `role: "tool"` message: the id of the call this is the result of. */
  readonly tool_call_id?: string;
};

/**
 * One tool call of a turn, as the conversation ran it: what the model asked for, and what came
 * back (a `result`, or the `error` the model was shown instead). Plain JSON, kept by `toJSON()`.
 *
 * @example
 * const turn = await conversation.send("What is the weather in Paris?");
 * for (const call of turn.toolCalls ?? []) console.log(call.name, call.arguments, call.result ?? call.error);
 */
export interface ToolCallRecord {
  /** The model's id for the call (`tool_call_id` of the result message). */
  readonly id: string;
  /** The tool's name. */
  readonly name: string;
  /** The arguments as the model sent them (a JSON string). */
  readonly arguments: string;
  /** Which model request of the turn asked for it (1 = the first). */
  readonly step: number;
  /** `running` while `execute` runs; then `done` (with `result`) or `error` (with `error`). */
  status: "running" | "done" | "error";
  /** What `execute` returned (JSON-safe copy); absent while running and on error. */
  result?: unknown;
  /** Why the call failed (bad arguments, unknown tool, a throw, cancelled): the model saw this. */
  error?: string;
  /** How long `execute` took, in milliseconds. */
  durationMs?: number;
}

/**
 * Generation parameters sent with every request of a conversation (the chat `inputs` fields).
 *
 * @example
 * const params: GenerationParams = { temperature: 0.2, max_tokens: 256, stop: ["\n\n"] };
 */
export type GenerationParams = {
  /** 0.0–2.0; the endpoint's default (1.0) when absent. */
  temperature?: number;
  /** Upper bound on the reply's length, in tokens. */
  max_tokens?: number;
  /** Sequences that end the reply. */
  stop?: string[];
  /** Nucleus sampling, 0–1 (passed through to the provider). */
  top_p?: number;
  /** Provider-specific parameters, passed through as strings. */
  extra_params?: Record<string, string>;
};

/**
 * Token counts as the endpoint reports them (`usage` of a response or of the last stream chunk).
 *
 * @example
 * const spent = turn.usage?.total_tokens ?? 0;
 */
export interface TokenUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/**
 * Where a turn is: still streaming, finished, stopped by the user (partial reply kept), or failed.
 *
 * @example
 * if (turn.status === "cancelled") console.log("partial:", turn.reply);
 */
export type TurnStatus = "streaming" | "complete" | "cancelled" | "error";

/**
 * Why a turn failed, as plain data (the error object itself is not serialisable). Never holds a token.
 *
 * @example
 * if (turn.error?.status === 429) console.log(`retry in ${turn.error.retryAfterMs} ms`);
 */
export interface TurnError {
  /** The error's class name: `RateLimitError`, `NotFoundError`, `ConnectionError`, … */
  readonly name: string;
  readonly message: string;
  /** HTTP status of an API error. */
  readonly status?: number;
  /** Databricks `error_code` of an API error, e.g. `RESOURCE_DOES_NOT_EXIST`. */
  readonly errorCode?: string;
  /** How long the server asked to wait before retrying (429 / 503), in milliseconds. */
  readonly retryAfterMs?: number;
}

/**
 * One exchange: the user's message and the endpoint's reply, with what it cost and how fast it came.
 * A turn is live while `status === "streaming"`; afterwards it does not change.
 *
 * @example
 * const turn = await conversation.send("Hi");
 * console.log(turn.reply, turn.usage?.completion_tokens, turn.timeToFirstTokenMs, turn.tokensPerSecond);
 */
export interface Turn {
  /** 1-based position in the conversation, stable across `toJSON()`/`fromJSON()`. */
  readonly id: number;
  /** The user's message, kept whatever happens to the reply. */
  readonly user: string;
  /** The reply so far (the whole reply once complete; the partial text when cancelled). */
  reply: string;
  status: TurnStatus;
  /** The endpoint the turn was sent to (it may change during a conversation, see `/use`). */
  readonly endpoint: string;
  /** Model name the endpoint reported (`model` of the chunks), when it did. */
  model?: string;
  /** True when the reply came from the emulator's simulated model (`"simulated": true` on the wire). */
  simulated: boolean;
  /** `finish_reason` of the last choice: `stop`, `length`, … */
  finishReason?: string;
  /** Token usage reported by the endpoint (absent when it reported none). */
  usage?: TokenUsage;
  /** Why the turn failed, when `status === "error"`. */
  error?: TurnError;
  /** ISO 8601 time the request was sent. */
  readonly startedAt: string;
  /** Milliseconds from sending to the first text of the reply. */
  timeToFirstTokenMs?: number;
  /** Milliseconds from sending to the end of the reply (or its cancellation / failure). */
  durationMs?: number;
  /** Completion tokens per second after the first token (usage when reported, else streamed chunks). */
  tokensPerSecond?: number;
  /** The tool calls the model made during this turn, in order (absent when it made none). */
  toolCalls?: ToolCallRecord[];
  /** True when the tool loop stopped at `maxToolSteps` with the model still asking for tools. */
  toolStepLimit?: boolean;
}

/**
 * Sums over every turn of a conversation.
 *
 * @example
 * const { totalTokens, turns } = conversation.totals();
 */
export interface ConversationTotals {
  readonly turns: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  /** Mean time to first token over turns that produced one, in ms. */
  readonly meanTimeToFirstTokenMs?: number;
  /** Completion tokens per second of generation time over all turns. */
  readonly tokensPerSecond?: number;
}

/**
 * What a conversation needs from a client: a streaming query. `DatabricksDeploymentClient` fits,
 * so does anything with the same `predictStream` (a fake in tests, a wrapper that logs).
 *
 * @example
 * const conversation = new Conversation({ client: getDeployClient("databricks"), endpoint: "chat" });
 */
export interface ChatStreamClient {
  predictStream(args: {
    endpoint: string;
    inputs: { messages: ConversationMessage[]; tools?: ToolDefinition[]; tool_choice?: ToolChoice } & GenerationParams;
    signal?: AbortSignal;
    /** Passed only when the sender asked for it (`SendOptions.batchMs`): a client may ignore it. */
    batchMs?: number;
  }): AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>;
  /** A streamed Responses call; needed only for `api: "responses"` / `"agent"` conversations. */
  predictResponseStream?(args: {
    endpoint: string;
    inputs: { input: Record<string, unknown>[] } & Record<string, unknown>;
    route?: "responses" | "invocations";
    signal?: AbortSignal;
    batchMs?: number;
  }): AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>;
}

/**
 * The serialised form of a conversation (`conversation.toJSON()`), readable back with
 * `Conversation.fromJSON()`. Holds no credentials.
 *
 * @example
 * writeFileSync("chat.json", JSON.stringify(conversation));
 */
export interface ConversationJSON {
  readonly format: "databricks-deployments/conversation";
  readonly version: 1;
  readonly endpoint: string;
  readonly system?: string;
  readonly params: GenerationParams;
  readonly createdAt: string;
  readonly turns: readonly Turn[];
}
