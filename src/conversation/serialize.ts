import { z } from "zod";
import { ValidationError } from "../errors/validation-error.js";
import { generationParamsSchema, toIssues } from "./params.js";
import type { ConversationJSON, Turn } from "./types.js";
import { deferred } from "../schemas/deferred.js";

const usageSchema = deferred(() => z.object({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
}));

const toolCallSchema = deferred(() => z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.string(),
  step: z.number().int().positive().default(1),
  status: z.enum(["running", "done", "error"]),
  result: z.unknown().optional(),
  error: z.string().optional(),
  durationMs: z.number().optional(),
}));

const turnSchema = deferred(() => z.object({
  id: z.number().int().positive(),
  user: z.string(),
  reply: z.string(),
  status: z.enum(["streaming", "complete", "cancelled", "error"]),
  endpoint: z.string(),
  model: z.string().optional(),
  simulated: z.boolean().default(false),
  finishReason: z.string().optional(),
  usage: usageSchema.optional(),
  error: z.object({
    name: z.string(),
    message: z.string(),
    status: z.number().optional(),
    errorCode: z.string().optional(),
    retryAfterMs: z.number().optional(),
  }).optional(),
  startedAt: z.string(),
  timeToFirstTokenMs: z.number().optional(),
  durationMs: z.number().optional(),
  tokensPerSecond: z.number().optional(),
  toolCalls: z.array(toolCallSchema).optional(),
  toolStepLimit: z.boolean().optional(),
}));

const conversationSchema = deferred(() => z.object({
  format: z.literal("databricks-deployments/conversation"),
  version: z.literal(1),
  endpoint: z.string().min(1),
  system: z.string().optional(),
  params: generationParamsSchema.default({}),
  createdAt: z.string(),
  turns: z.array(turnSchema),
}));

/** Parses and checks a serialised conversation (object or JSON text). */
export function parseConversationJSON(input: unknown): ConversationJSON {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ValidationError("conversation JSON", [
        { path: "", message: `not JSON: ${(error as Error).message}`, code: "invalid_json" },
      ]);
    }
  }
  const result = conversationSchema.safeParse(value);
  if (!result.success) throw new ValidationError("conversation JSON", toIssues(result.error));
  const data = result.data;
  // A turn saved mid-stream was interrupted: it is a cancelled turn now.
  // A tool call saved while running never finished: the model is told it was cancelled.
  const turns: Turn[] = data.turns.map((t) => ({
    ...t,
    status: t.status === "streaming" ? "cancelled" : t.status,
    ...(t.toolCalls !== undefined ? { toolCalls: t.toolCalls.map((c) => (c.status === "running" ? { ...c, status: "error" as const, error: "cancelled" } : c)) } : {}),
  }));
  return { ...data, turns };
}
