/**
 * databricks-deployments — the public API. Explicit exports only: what is not listed here is private.
 * @packageDocumentation
 */
// errors (root + validation; the client's error classes are listed in the client section)
export { DeploymentsError } from "./client/errors/deployments-error.js";
export { ValidationError, type ValidationIssue } from "./client/errors/validation-error.js";
export { VERSION } from "./version.js";

// --- schemas (issue 2) ---

// --- builder (issue 2) ---

// --- client (issue 3) ---

// --- conversation (issue 5) ---
export { Conversation, type ConversationOptions, type SendOptions } from "./conversation/conversation.js";
export { Reply } from "./conversation/reply.js";
export type {
  ChatStreamClient, ConversationJSON, ConversationMessage, ConversationTotals, GenerationParams, TokenUsage, Turn, TurnError, TurnStatus,
} from "./conversation/types.js";
