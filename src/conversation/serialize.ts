import { z } from "zod";
import { ValidationError } from "../errors/validation-error.js";
import { generationParamsSchema, toIssues } from "./params.js";
import type { ConversationJSON, Turn } from "./types.js";

const usageSchema = z.lazy(() => z.object({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
}));

const turnSchema = z.lazy(() => z.object({
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
}));

const conversationSchema = z.lazy(() => z.object({
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
  const turns: Turn[] = data.turns.map((t) => ({ ...t, status: t.status === "streaming" ? "cancelled" : t.status }));
  return { ...data, turns };
}
