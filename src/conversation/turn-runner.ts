import { abortRace } from "./abort-race.js";
import type { Tool } from "../client/tools/tool.js";
import { ChatStreamAccumulator } from "../client/streaming/tool-call-accumulator.js";
import type { ChatCompletionChunk, ToolCall, ToolChoice } from "../schemas/index.js";
import { describeError, readChunk } from "./chunk.js";
import type { Reply } from "./reply.js";
import { tokensPerSecond } from "./stats.js";
import { responsesAsChatChunks, type ConversationApi } from "./responses-chunks.js";
import { runToolCall, toolResultContent } from "./tool-runner.js";
import type { ChatStreamClient, ConversationMessage, GenerationParams, ToolCallRecord, Turn } from "./types.js";

/** What one turn runs with. */
export interface TurnPlan {
  readonly client: ChatStreamClient;
  /** The context before this turn's user message, and the message itself. */
  readonly messages: readonly ConversationMessage[];
  readonly params: GenerationParams;
  readonly tools: readonly Tool[];
  readonly toolChoice: ToolChoice | undefined;
  readonly maxToolSteps: number;
  readonly api: ConversationApi;
  readonly turn: Turn;
  readonly reply: Reply;
  readonly signal: AbortSignal;
  /** How often the reply may be read (`SendOptions.batchMs`); absent: each event as it comes. */
  readonly batchMs?: number | undefined;
}

/**
 * The assistant and tool messages a turn's tool calls add to the context, step by step: one
 * assistant message with the step's `tool_calls`, then one `role: "tool"` result per call.
 * Only finished calls count (a call has a result or an error once its turn ends).
 */
export function toolMessages(calls: readonly ToolCallRecord[]): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  const steps = [...new Set(calls.map((c) => c.step))].sort((a, b) => a - b);
  for (const step of steps) {
    const these = calls.filter((c) => c.step === step && c.status !== "running");
    if (these.length === 0) continue;
    // Some providers (Claude) refuse an empty assistant text next to tool calls.
    out.push({ role: "assistant", content: " ", tool_calls: these.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) });
    for (const c of these) out.push({ role: "tool", tool_call_id: c.id, content: toolResultContent(c) });
  }
  return out;
}

/**
 * Streams one turn: a model request, and — when the model asks for tools — runs them and asks
 * again, until it answers in text or `maxToolSteps` requests have asked for tools. Text deltas
 * reach the reply as they come; tool calls as they start and finish. Cancelling keeps what ran.
 */
export async function runTurn(plan: TurnPlan): Promise<void> {
  const { client, turn, reply, signal } = plan;
  const started = performance.now();
  let firstAt: number | undefined;
  let chunks = 0;
  const race = abortRace(signal);
  const finish = (status: Turn["status"]): void => {
    const end = performance.now();
    turn.status = status;
    turn.durationMs = Math.round(end - started);
    const speed = tokensPerSecond({ completionTokens: turn.usage?.completion_tokens, textChunks: chunks, firstTextAtMs: firstAt, endedAtMs: end });
    if (speed !== undefined) turn.tokensPerSecond = speed;
  };
  const cancelled = (): void => { finish("cancelled"); reply.finish(); };
  const withTools = plan.tools.length > 0;
  try {
    for (let step = 1; ; step++) {
      const messages = [...plan.messages, ...toolMessages(turn.toolCalls ?? [])];
      // Past the limit the model is asked to answer in text with what the tools gave it.
      const overLimit = step > plan.maxToolSteps;
      if (overLimit) turn.toolStepLimit = true;
      const choice = overLimit ? "none" : plan.toolChoice;
      const inputs: Parameters<ChatStreamClient["predictStream"]>[0]["inputs"] = {
        messages,
        ...plan.params,
        ...(withTools ? { tools: [...plan.tools] } : {}),
        ...(withTools && choice !== undefined ? { tool_choice: choice } : {}),
      };
      const args = { endpoint: turn.endpoint, inputs, signal, ...(plan.batchMs ? { batchMs: plan.batchMs } : {}) };
      const opened = plan.api === "chat" ? client.predictStream(args) : responsesAsChatChunks(client, args, plan.api);
      const stream = await race(Promise.resolve(opened));
      if (stream === "aborted") return cancelled();
      const iterator = stream[Symbol.asyncIterator]();
      const acc = new ChatStreamAccumulator();
      for (;;) {
        // Race each read against the signal: a client that ignores abort must not keep the turn streaming.
        const next = await race(iterator.next());
        if (next === "aborted") {
          // Close the stream (and its request); an error from the aborted read is the cancel itself, not news.
          void Promise.resolve(iterator.return?.()).catch(() => undefined);
          return cancelled();
        }
        if (next.done) break;
        if (withTools && typeof next.value === "object" && next.value !== null) acc.push(next.value as ChatCompletionChunk);
        const facts = readChunk(next.value);
        if (facts.model) turn.model = facts.model;
        if (facts.simulated) turn.simulated = true;
        if (facts.finishReason) turn.finishReason = facts.finishReason;
        if (facts.usage) turn.usage = addUsage(turn, facts.usage, step);
        if (facts.text !== "") {
          if (firstAt === undefined) { firstAt = performance.now(); turn.timeToFirstTokenMs = Math.round(firstAt - started); }
          chunks++;
          turn.reply += facts.text;
          reply.push(facts.text);
        }
      }
      const calls: ToolCall[] = withTools ? acc.toolCalls.filter((c) => c.function.name !== "") : [];
      if (calls.length === 0 || overLimit) break;
      const records = (turn.toolCalls ??= []);
      for (const call of calls) {
        const record = await runToolCall(plan.tools, call, step, signal, (r) => { records.push(r); reply.toolCall(r); });
        reply.toolCall(record);
        if (signal.aborted) return cancelled();
      }
    }
    finish("complete");
    reply.finish();
  } catch (error) {
    if (signal.aborted) return cancelled();
    finish("error");
    turn.error = describeError(error);
    reply.fail(error);
  }
}

/** Usage over the turn's requests: each step's figures add up (a step's own chunks replace each other). */
const stepUsage = new WeakMap<Turn, { step: number; base: NonNullable<Turn["usage"]>; current: NonNullable<Turn["usage"]> }>();
function addUsage(turn: Turn, usage: NonNullable<Turn["usage"]>, step: number): NonNullable<Turn["usage"]> {
  let state = stepUsage.get(turn);
  if (state === undefined || state.step !== step) {
    const base = state === undefined ? {} : sum(state.base, state.current);
    state = { step, base, current: {} };
    stepUsage.set(turn, state);
  }
  state.current = { ...state.current, ...usage };
  return sum(state.base, state.current);
}

function sum(a: NonNullable<Turn["usage"]>, b: NonNullable<Turn["usage"]>): NonNullable<Turn["usage"]> {
  const out: NonNullable<Turn["usage"]> = {};
  for (const key of ["prompt_tokens", "completion_tokens", "total_tokens"] as const) {
    if (a[key] !== undefined || b[key] !== undefined) out[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  return out;
}
