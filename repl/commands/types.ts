import type { Conversation } from "../../src/index.js";
import type { ChatClient, SessionInfo } from "../chat/types.js";
import type { ChatSchema } from "../chat/schema-file.js";

/**
 * What a slash command can see and do. The chat controller implements it; a command never touches
 * Ink or the terminal directly, so each one is testable on its own.
 */
export interface CommandContext {
  readonly conversation: Conversation;
  readonly client: ChatClient;
  readonly session: SessionInfo;
  readonly commands: readonly SlashCommand[];
  /** Path of this session's transcript, when one is kept. */
  readonly transcript: { readonly path: string } | undefined;
  /** Adds an informational block to the scrollback. */
  print(text: string): void;
  /** Adds an error with what to do about it. */
  fail(message: string, hint?: string): void;
  /** Endpoint names of the workspace (cached briefly). */
  endpointNames(): Promise<string[]>;
  /** Checks the endpoint exists and makes it the conversation's. */
  useEndpoint(name: string): Promise<void>;
  /** Replaces the conversation (after /load) and shows its turns. */
  replaceConversation(conversation: Conversation): void;
  /** Regenerates the last reply. */
  retry(): void;
  /** Forgets the turns and clears the screen. */
  clear(): void;
  /** Puts text on the clipboard (OSC 52). */
  copy(text: string): void;
  /** Leaves the chat (saving the transcript). */
  exit(): void;
  /** The structured-output schema messages are sent with (`/schema`), if any. */
  readonly schema: ChatSchema | undefined;
  /** Sets or (with `undefined`) clears it. */
  setSchema(schema: ChatSchema | undefined): void;
  /** Shows what a long command is doing in the status line (`undefined` clears it). */
  setActivity?(text: string | undefined): void;
}

/**
 * One slash command: a plain object in its own file.
 *
 * @example
 * export const pingCommand: SlashCommand = { name: "ping", description: "Says pong", run: (ctx) => ctx.print("pong") };
 */
export interface SlashCommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Argument synopsis for /help, e.g. `NAME`. */
  readonly args?: string;
  readonly description: string;
  /** What Tab completes after `/name ` (`endpoint names`), as /help lists it; set with `complete`. */
  readonly completes?: string;
  /** Candidates for Tab after `/name `. */
  complete?(ctx: CommandContext, partial: string): Promise<readonly string[]> | readonly string[];
  run(ctx: CommandContext, args: string): void | Promise<void>;
}
