import type { z } from "zod";
import type * as Library from "../../src/index.js";
import type { ChatStreamClient, ConversationMessage, DatabricksDeploymentClient, TurnStatus } from "../../src/index.js";

/**
 * The library functions the chat's controller calls. They are handed to it (not imported) so the
 * prompt can be drawn before the library loads: zod and the client are ~70 ms of start-up.
 */
export type ChatLibrary = Pick<typeof Library, "describeError" | "endpointFacts" | "turnStats" | "turnTokens">;

/**
 * What the REPL needs from a client: streaming plus listing and reading endpoints.
 * `DatabricksDeploymentClient` fits; tests may pass a smaller fake.
 */
export interface ChatClient extends ChatStreamClient {
  listEndpoints(): Promise<readonly unknown[]>;
  getEndpoint(name: string): Promise<unknown>;
  /** A structured-output query (`/schema`): `choices[0].message.parsed` validated with `schema`. */
  predict?(args: { endpoint: string; inputs: Record<string, unknown> & { messages: ConversationMessage[] }; schema: z.ZodType; schemaName?: string; signal?: AbortSignal }): Promise<unknown>;
  /** For `/batch` (the real client has it; test doubles may not). */
  predictBatch?: DatabricksDeploymentClient["predictBatch"];
}

/** Where the session is connected, for the header and `/info`. */
export interface SessionInfo {
  /** `databricks` (a real workspace) or `emulator` (the in-process one). */
  readonly kind: "databricks" | "emulator";
  /** A human description of the target, e.g. `emulator at http://127.0.0.1:41234 (seeded)`. Never a token. */
  readonly description: string;
}

/** One finished item of the chat, shown once in the scrollback (Ink `<Static>`). */
export type HistoryItem =
  | { readonly id: number; readonly kind: "header"; readonly lines: readonly string[] }
  | { readonly id: number; readonly kind: "user"; readonly text: string }
  | {
      readonly id: number;
      readonly kind: "assistant";
      /** Markdown; a long reply arrives in several parts (finished paragraphs move here while streaming). */
      readonly text: string;
      /** Set on the last part of a reply. */
      readonly status?: TurnStatus;
      readonly stats?: string;
      /** True when the whole reply is empty (cancelled or failed before any text). */
      readonly empty?: boolean;
    }
  | {
      readonly id: number;
      readonly kind: "tool";
      /** `start` when the model asked for the call (arguments shown), `end` when it finished (result or error, time). */
      readonly phase: "start" | "end";
      readonly name: string;
      /** The arguments as the model sent them (JSON text). */
      readonly args: string;
      readonly ok?: boolean;
      /** The result, or the error, as one short line. */
      readonly outcome?: string;
      readonly durationMs?: number;
    }
  | { readonly id: number; readonly kind: "info"; readonly text: string }
  | { readonly id: number; readonly kind: "error"; readonly text: string; readonly hint?: string };

/** Distributes `Omit` over the union. */
export type NewHistoryItem = HistoryItem extends infer T ? (T extends HistoryItem ? Omit<T, "id"> : never) : never;

/** The status line's facts. */
export interface StatusInfo {
  readonly endpoint: string;
  readonly model?: string;
  readonly simulated: boolean;
  readonly kind: "databricks" | "emulator";
  readonly sessionTokens: number;
  readonly ttftMs?: number;
  readonly tokensPerSecond?: number;
  /** Epoch ms at which a rate-limited request will be retried; the UI counts down to it. */
  readonly retryAt?: number;
  /** Why it is retried (`429 REQUEST_LIMIT_EXCEEDED`, `ECONNREFUSED`); a 429 when absent. */
  readonly retryReason?: string | undefined;
  /** A long command's progress (`/batch`), shown before the numbers. */
  readonly activity?: string | undefined;
}

/** Everything the UI renders; replaced (never mutated) on each change. */
export interface ChatSnapshot {
  readonly items: readonly HistoryItem[];
  /** Bumped by /clear so the scrollback view remounts. */
  readonly epoch: number;
  /** The tail of the streaming reply not yet moved to the scrollback. */
  readonly live?: string;
  readonly streaming: boolean;
  readonly status: StatusInfo;
  /** Set when the user leaves: the UI drops the input and status lines so the scrollback ends with the chat. */
  readonly exiting?: boolean;
}
