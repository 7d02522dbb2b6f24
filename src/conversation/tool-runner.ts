import { isTool, type Tool } from "../client/tools/tool.js";
import { checkToolInputs } from "../client/tools/check-inputs.js";
import { DeploymentsError } from "../errors/deployments-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { ToolCall } from "../schemas/index.js";
import type { ToolCallRecord } from "./types.js";

/** The default bound on model requests that may ask for tools in one turn. */
export const DEFAULT_MAX_TOOL_STEPS = 8;

/**
 * Checks a conversation's tools before anything is sent: `tool()` objects only (the loop needs
 * each one's zod schema), within Databricks' limits (≤ 32, unique names). Throws a `ValidationError`.
 */
export function checkConversationTools(tools: readonly unknown[]): readonly Tool[] {
  tools.forEach((t, i) => {
    if (!isTool(t)) throw new ValidationError("conversation tools", [{ path: `tools[${i}]`, message: "must be made with tool({ name, description, parameters, execute }) (the conversation validates arguments with its zod schema)", code: "invalid_type" }]);
  });
  checkToolInputs({ tools }, "conversation tools", false);
  return tools as readonly Tool[];
}

/** A JSON-safe copy of a tool's result (what `toJSON()` can keep). */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "string") return value;
  try {
    return JSON.parse(JSON.stringify(value) ?? "null");
  } catch {
    return String(value);
  }
}

/** The `content` of the `role: "tool"` message for a finished call: the result (strings as is, else JSON), or the error. */
export function toolResultContent(record: ToolCallRecord): string {
  if (record.status === "error") return JSON.stringify({ error: record.error ?? "failed" });
  return typeof record.result === "string" ? record.result : JSON.stringify(record.result ?? null);
}

function messageOf(error: unknown): string {
  if (error instanceof ValidationError) return error.message;
  if (error instanceof Error) return `${error.name === "Error" ? "" : `${error.name}: `}${error.message}`;
  return String(error);
}

/**
 * Runs one call the model asked for: finds the tool, validates the arguments with its zod schema,
 * runs `execute` with the turn's signal, and records the outcome in `record` (created `running`,
 * passed to `onStart` first). A bad argument, an unknown tool or a throw is an `error` result the
 * model gets to see — never a crash of the turn. Aborting the signal ends the wait at once
 * (`error: "cancelled"`), whether or not `execute` honours it.
 */
export async function runToolCall(
  tools: readonly Tool[],
  call: ToolCall,
  step: number,
  signal: AbortSignal,
  onStart: (record: ToolCallRecord) => void,
): Promise<ToolCallRecord> {
  const record: ToolCallRecord = { id: call.id, name: call.function.name, arguments: call.function.arguments, step, status: "running" };
  onStart(record);
  const started = performance.now();
  const fail = (message: string): ToolCallRecord => {
    record.status = "error";
    record.error = message;
    record.durationMs = Math.round(performance.now() - started);
    return record;
  };
  const tool = tools.find((t) => t.name === call.function.name);
  if (tool === undefined) return fail(`no tool named '${call.function.name}' (tools: ${tools.map((t) => t.name).join(", ") || "none"})`);
  const execute = tool.execute;
  if (execute === undefined) return fail(`the tool '${tool.name}' has no execute function in this conversation`);
  let args: unknown;
  try {
    args = tool.parseArguments(call.function.arguments);
  } catch (error) {
    return fail(messageOf(error));
  }
  if (signal.aborted) return fail("cancelled");
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(() => execute(args, { signal, toolCallId: call.id })), aborted]);
    if (outcome === "aborted" || signal.aborted) return fail("cancelled");
    record.status = "done";
    record.result = jsonSafe(outcome);
    record.durationMs = Math.round(performance.now() - started);
    return record;
  } catch (error) {
    return fail(signal.aborted ? "cancelled" : messageOf(error));
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

/** The error a conversation throws for a `maxToolSteps` that is not a positive integer. */
export function checkMaxToolSteps(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_TOOL_STEPS;
  if (!Number.isInteger(value) || value < 1) throw new DeploymentsError(`maxToolSteps must be a positive integer, got ${String(value)}`);
  return value;
}
