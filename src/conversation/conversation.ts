import type { Tool } from "../client/tools/tool.js";
import { checkToolInputs } from "../client/tools/check-inputs.js";
import { batchMsArg } from "../client/resources/arguments.js";
import { DeploymentsError } from "../errors/deployments-error.js";
import type { ToolChoice } from "../schemas/index.js";
import { conversationToMarkdown } from "./markdown.js";
import { checkParams } from "./params.js";
import { Reply } from "./reply.js";
import { turnTokens } from "./stats.js";
import { parseConversationJSON } from "./serialize.js";
import { checkConversationTools, checkMaxToolSteps } from "./tool-runner.js";
import type { ConversationApi } from "./responses-chunks.js";
import { runTurn, toolMessages } from "./turn-runner.js";
import type {
  ChatStreamClient, ConversationJSON, ConversationMessage, ConversationTotals, GenerationParams, Turn,
} from "./types.js";

/**
 * Options of `new Conversation(...)`.
 *
 * @example
 * const options: ConversationOptions = { client, endpoint: "chat", system: "Be brief.", params: { temperature: 0.2 } };
 */
export interface ConversationOptions {
  /** Anything with `predictStream` — a `DatabricksDeploymentClient`. Optional for a conversation only read/exported. */
  client?: ChatStreamClient;
  /** The serving endpoint to talk to. */
  endpoint: string;
  /** The system prompt, sent first with every request. */
  system?: string;
  /** Generation parameters sent with every request (`temperature`, `max_tokens`, `stop`, …). */
  params?: GenerationParams;
  /**
   * Tools made with `tool()`: offered to the model with every request. When the model asks for
   * some, `send()` validates the arguments with each tool's zod schema, runs `execute`, sends the
   * results back and asks again — until the model answers in text.
   */
  tools?: readonly Tool[];
  /** `tool_choice` sent with the tools (default: the endpoint's, i.e. `"auto"`). */
  toolChoice?: ToolChoice;
  /**
   * How many model requests of one turn may run tools (default 8). Past it the model is asked to
   * answer in text (`tool_choice: "none"`) and the turn is marked `toolStepLimit`.
   */
  maxToolSteps?: number;
  /**
   * How to talk to the endpoint: `"chat"` (chat completions, default), `"responses"` (the OpenAI
   * Responses API, `POST /serving-endpoints/responses`), or `"agent"` (a ResponsesAgent on its
   * `/invocations` route). Turns, tools and usage work the same with each.
   */
  api?: ConversationApi;
}

/**
 * Options of one `send()`.
 *
 * @example
 * conversation.send("Hi", { signal: AbortSignal.timeout(10_000) });
 */
export interface SendOptions {
  /** Aborting cancels the reply (the partial text is kept and the turn marked `cancelled`). */
  signal?: AbortSignal;
  /**
   * Read the reply at most once per `batchMs` milliseconds (see `PredictStreamArgs.batchMs`): for
   * a display that redraws on a timer anyway, e.g. the REPL's 80 ms. Default 0: each event as it comes.
   */
  batchMs?: number;
}

/**
 * A chat with a serving endpoint: system prompt, generation parameters and turns, sent as the
 * `messages` of each request. `send()` streams the reply; every turn records its usage, time to
 * first token and tokens/s. The user's message is never lost: a failed turn stays with its error
 * (and is left out of the context of later requests until `retry()` succeeds).
 *
 * @example
 * const conversation = new Conversation({ client: getDeployClient("databricks"), endpoint: "chat" });
 * for await (const delta of conversation.send("What is MLflow?")) process.stdout.write(delta);
 * await conversation.send("Shorter, please.");           // or just await the finished turn
 * console.log(conversation.toMarkdown(), conversation.totals());
 */
export class Conversation {
  /** The endpoint the next request goes to. */
  endpoint: string;
  /** How requests are sent (see `ConversationOptions.api`); may change between turns, as `endpoint` may. */
  api: ConversationApi;
  /** The system prompt (`undefined` for none). */
  system: string | undefined;
  /** ISO 8601 time the conversation began. */
  readonly createdAt: string;
  private client: ChatStreamClient | undefined;
  private paramsValue: GenerationParams;
  private toolList: readonly Tool[];
  private toolChoiceValue: ToolChoice | undefined;
  /** How many model requests of one turn may run tools. */
  readonly maxToolSteps: number;
  private readonly turnList: Turn[] = [];
  private active: Reply | undefined;

  constructor(options: ConversationOptions) {
    if (typeof options.endpoint !== "string" || options.endpoint === "") {
      throw new DeploymentsError("Conversation needs an endpoint name, e.g. new Conversation({ client, endpoint: \"chat\" })");
    }
    this.client = options.client;
    this.endpoint = options.endpoint;
    if (options.api !== undefined && !["chat", "responses", "agent"].includes(options.api)) throw new DeploymentsError(`api must be "chat", "responses" or "agent", got ${JSON.stringify(options.api)}`);
    this.api = options.api ?? "chat";
    this.system = options.system === "" ? undefined : options.system;
    this.paramsValue = checkParams(options.params ?? {});
    this.toolList = checkConversationTools(options.tools ?? []);
    this.toolChoiceValue = options.toolChoice;
    if (options.toolChoice !== undefined) checkToolInputs({ tools: this.toolList, tool_choice: options.toolChoice }, "conversation tools", false);
    this.maxToolSteps = checkMaxToolSteps(options.maxToolSteps);
    this.createdAt = new Date().toISOString();
  }

  /**
   * Reads back a conversation saved with `toJSON()` (object or JSON text); pass a client to continue it.
   * Throws a `ValidationError` naming what is wrong with a damaged file.
   *
   * @example
   * const conversation = Conversation.fromJSON(readFileSync("chat.json", "utf8"), { client });
   */
  static fromJSON(json: unknown, options: Pick<ConversationOptions, "client" | "tools" | "toolChoice" | "maxToolSteps" | "api"> = {}): Conversation {
    const data = parseConversationJSON(json);
    const conversation = new Conversation({ ...options, endpoint: data.endpoint, system: data.system, params: data.params });
    (conversation as { createdAt: string }).createdAt = data.createdAt;
    conversation.turnList.push(...data.turns.map((t) => ({ ...t })));
    return conversation;
  }

  /** Replaces the client (e.g. after loading a conversation, or to switch workspaces). */
  useClient(client: ChatStreamClient): this {
    this.client = client;
    return this;
  }

  /** The generation parameters (a copy; change them with `setParams`). */
  get params(): GenerationParams {
    return structuredClone(this.paramsValue);
  }

  /**
   * Merges parameters into the current ones; `undefined` removes one. Throws a `ValidationError`
   * for an unknown name or an out-of-range value, leaving the parameters unchanged.
   *
   * @example
   * conversation.setParams({ temperature: 0.2, max_tokens: undefined });
   */
  setParams(patch: Partial<Record<keyof GenerationParams, unknown>>): GenerationParams {
    this.paramsValue = checkParams({ ...this.paramsValue, ...patch });
    return this.params;
  }

  /** The tools offered to the model (see `ConversationOptions.tools`). */
  get tools(): readonly Tool[] {
    return this.toolList;
  }

  /**
   * Replaces the tools (and optionally the tool choice) for the next requests. Throws a
   * `ValidationError` for tools Databricks would refuse, leaving the old ones in place.
   *
   * @example
   * conversation.setTools([getWeather, getTime], "auto");
   */
  setTools(tools: readonly Tool[], toolChoice?: ToolChoice): readonly Tool[] {
    const checked = checkConversationTools(tools);
    if (toolChoice !== undefined) checkToolInputs({ tools: checked, tool_choice: toolChoice }, "conversation tools", false);
    this.toolList = checked;
    this.toolChoiceValue = toolChoice;
    return checked;
  }

  /** Every turn so far, oldest first (including cancelled and failed ones). */
  get turns(): readonly Turn[] {
    return this.turnList;
  }

  /** The last turn, if any. */
  get lastTurn(): Turn | undefined {
    return this.turnList[this.turnList.length - 1];
  }

  /** True while a reply is streaming. */
  get streaming(): boolean {
    return this.active !== undefined;
  }

  /**
   * The `messages` the next request will carry before the new user message: the system prompt, then
   * each finished turn (complete, or cancelled with some text or tool calls that ran), with its
   * tool calls and their results. Failed turns are left out.
   */
  messages(): ConversationMessage[] {
    const messages: ConversationMessage[] = [];
    if (this.system) messages.push({ role: "system", content: this.system });
    for (const turn of this.turnList) {
      const tools = toolMessages(turn.toolCalls ?? []);
      if (turn.status === "complete" || (turn.status === "cancelled" && (turn.reply !== "" || tools.length > 0))) {
        messages.push({ role: "user", content: turn.user }, ...tools);
        if (turn.reply !== "" || tools.length === 0) messages.push({ role: "assistant", content: turn.reply });
      }
    }
    return messages;
  }

  /**
   * Sends a user message and streams the reply. Returns at once with a `Reply`: iterate it, listen
   * to it, or await it (see `Reply`). Only one reply streams at a time.
   *
   * @example
   * const turn = await conversation.send("Hello", { signal: AbortSignal.timeout(30_000) });
   */
  send(text: string, options: SendOptions = {}): Reply {
    if (typeof text !== "string" || text.trim() === "") throw new DeploymentsError("Nothing to send: the message is empty");
    batchMsArg("send", options);
    return this.start(text, options);
  }

  /**
   * Regenerates the reply of the last turn (complete, cancelled or failed) from the same user message;
   * the old reply is replaced.
   *
   * @example
   * const turn = await conversation.retry();
   */
  retry(options: SendOptions = {}): Reply {
    const last = this.lastTurn;
    if (!last) throw new DeploymentsError("Nothing to retry: the conversation has no turns yet");
    batchMsArg("retry", options);
    if (this.active) throw new DeploymentsError("A reply is still streaming: cancel it or wait for it before retrying");
    // Check before removing the turn: a throw after the pop would lose the user's message.
    this.requireClient();
    this.turnList.pop();
    return this.start(last.user, options);
  }

  /** Cancels the streaming reply, if any (its partial text is kept). */
  cancel(): void {
    this.active?.cancel();
  }

  /** Forgets every turn (the endpoint, system prompt and parameters stay). */
  clear(): void {
    this.cancel();
    this.turnList.length = 0;
  }

  /** Sums of usage and speed over all turns. */
  totals(): ConversationTotals {
    let promptTokens = 0, completionTokens = 0, totalTokens = 0, ttftSum = 0, ttftCount = 0, genTokens = 0, genMs = 0;
    for (const turn of this.turnList) {
      promptTokens += turn.usage?.prompt_tokens ?? 0;
      completionTokens += turn.usage?.completion_tokens ?? 0;
      totalTokens += turnTokens(turn) ?? 0;
      if (turn.timeToFirstTokenMs !== undefined) { ttftSum += turn.timeToFirstTokenMs; ttftCount++; }
      if (turn.tokensPerSecond !== undefined && turn.tokensPerSecond > 0 && turn.durationMs !== undefined && turn.timeToFirstTokenMs !== undefined) {
        const ms = turn.durationMs - turn.timeToFirstTokenMs;
        genMs += ms;
        genTokens += (turn.tokensPerSecond * ms) / 1000;
      }
    }
    return {
      turns: this.turnList.length,
      promptTokens,
      completionTokens,
      totalTokens,
      ...(ttftCount > 0 ? { meanTimeToFirstTokenMs: ttftSum / ttftCount } : {}),
      ...(genMs > 0 ? { tokensPerSecond: (genTokens * 1000) / genMs } : {}),
    };
  }

  /** A plain, credential-free object for `JSON.stringify` (read back with `Conversation.fromJSON`). */
  toJSON(): ConversationJSON {
    return {
      format: "databricks-deployments/conversation",
      version: 1,
      endpoint: this.endpoint,
      ...(this.system !== undefined ? { system: this.system } : {}),
      params: this.params,
      createdAt: this.createdAt,
      turns: this.turnList.map((t) => structuredClone(t)),
    };
  }

  /** The conversation as a readable Markdown transcript. */
  toMarkdown(): string {
    return conversationToMarkdown(this.toJSON());
  }

  private requireClient(): ChatStreamClient {
    if (!this.client) throw new DeploymentsError("This conversation has no client: pass one to new Conversation({ client }) or call useClient(client)");
    return this.client;
  }

  private start(text: string, options: SendOptions): Reply {
    if (this.active) throw new DeploymentsError("A reply is still streaming: cancel it or wait for it before sending another message");
    const client = this.requireClient();
    const messages: ConversationMessage[] = [...this.messages(), { role: "user", content: text }];
    const turn: Turn = {
      id: (this.lastTurn?.id ?? 0) + 1,
      user: text,
      reply: "",
      status: "streaming",
      endpoint: this.endpoint,
      simulated: false,
      startedAt: new Date().toISOString(),
    };
    this.turnList.push(turn);
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    else options.signal?.addEventListener("abort", onOuterAbort, { once: true });
    const reply = new Reply(turn, (reason) => controller.abort(reason ?? "cancelled"));
    this.active = reply;
    const plan = { client, messages, params: this.params, tools: this.toolList, toolChoice: this.toolChoiceValue, maxToolSteps: this.maxToolSteps, api: this.api, turn, reply, signal: controller.signal, batchMs: options.batchMs };
    void runTurn(plan).finally(() => {
      options.signal?.removeEventListener("abort", onOuterAbort);
      if (this.active === reply) this.active = undefined;
    });
    return reply;
  }
}
