import type { Conversation, ToolCallRecord, Turn } from "../../src/index.js";
import { apiForTask } from "./api-for-task.js";
import { toolOutcome } from "./tool-call-text.js";
import type { ChatSchema } from "./schema-file.js";
import type { CommandContext, SlashCommand } from "../commands/types.js";
import { findCommand } from "../commands/index.js";
import { completeInput } from "./completion.js";
import { splitAtSafeBoundary } from "./split-markdown.js";
import { TerminalText, terminalSafe } from "./terminal-text.js";
import { advise } from "./advice.js";
import { CommandRefusal, refuseIfNotChat } from "./not-for-chat.js";
import type { InputHistory } from "./input-history.js";
import type { Transcript } from "./transcripts.js";
import type { ChatClient, ChatLibrary, ChatSnapshot, HistoryItem, NewHistoryItem, SessionInfo, StatusInfo } from "./types.js";

/** What a controller works with once its session exists (given up front, or by `attach()`). */
export interface ChatAttachment {
  client: ChatClient;
  conversation: Conversation;
  session: SessionInfo;
  library: ChatLibrary;
  transcript?: Transcript | undefined;
}

/** Options of `new ChatController(...)`: the session's parts, or `connecting: true` and `attach()` later. */
export type ChatControllerOptions = ChatControllerCommon & ((Omit<ChatAttachment, "transcript"> & { connecting?: false }) | { connecting: true });

/** Options of every controller. */
export interface ChatControllerCommon {
  commands: readonly SlashCommand[];
  history: InputHistory;
  transcript?: Transcript;
  /** How often streamed text reaches the UI, in ms (one state update per batch). */
  flushMs?: number;
  /** Writes to the terminal (OSC 52 for /copy, screen clear for /clear). */
  writeTerminal?: (data: string) => void;
  /** Called right after the screen was cleared through `writeTerminal`: what drew the last frame must forget it. */
  onScreenCleared?: () => void;
  /** Called once when the user asks to leave. */
  onExit?: () => void;
}

/** Until the session exists nothing may reach a server: what is submitted meanwhile is queued. */
const notConnected = (): Promise<never> => Promise.reject(new Error("not connected yet"));
const NOT_CONNECTED: ChatClient = { listEndpoints: notConnected, getEndpoint: notConnected, predictStream: notConnected };
const CONNECTING: SessionInfo = { kind: "databricks", description: "connecting…" };

/** A retry's reason says "rate limit" unless it names something else (no reason: the countdown came from a 429). */
function isRateLimit(reason: string | undefined): boolean {
  return reason === undefined || /^429\b/.test(reason);
}

/** A tool call as scrollback items: the request (name, arguments) and its outcome (result or error, time). */
function toolItems(call: ToolCallRecord): [NewHistoryItem, NewHistoryItem] {
  const start: NewHistoryItem = { kind: "tool", phase: "start", name: call.name, args: call.arguments };
  const end: NewHistoryItem = { kind: "tool", phase: "end", name: call.name, args: call.arguments, ok: call.status === "done", outcome: toolOutcome(call), ...(call.durationMs !== undefined ? { durationMs: call.durationMs } : {}) };
  return [start, end];
}

/**
 * An item with every outside text made terminal-safe: Ink passes OSC sequences through (a reply's
 * OSC 52 would set the clipboard, OSC 0 the title), so nothing from a model, a server or a saved
 * transcript reaches it unfiltered. The REPL's own escapes (/copy, /clear) go by `writeTerminal`.
 */
function safeItem(item: NewHistoryItem): NewHistoryItem {
  switch (item.kind) {
    case "header": return { ...item, lines: item.lines.map(terminalSafe) };
    case "error": return { ...item, text: terminalSafe(item.text), ...(item.hint !== undefined ? { hint: terminalSafe(item.hint) } : {}) };
    case "assistant": return { ...item, text: terminalSafe(item.text), ...(item.stats !== undefined ? { stats: terminalSafe(item.stats) } : {}) };
    // A tool's name, arguments and result come from the model or the tool: same rule.
    case "tool": return { ...item, name: terminalSafe(item.name), args: terminalSafe(item.args), ...(item.outcome !== undefined ? { outcome: terminalSafe(item.outcome) } : {}) };
    default: return { ...item, text: terminalSafe(item.text) };
  }
}

/**
 * The chat's state and behaviour, independent of Ink: sends messages through the `Conversation`,
 * batches streamed text, moves finished paragraphs to the scrollback, runs slash commands and
 * saves the transcript. The UI subscribes to snapshots and calls `submit`, `cancel`, `complete`.
 *
 * @example
 * const chat = new ChatController({ connecting: true, commands: COMMANDS, history: InputHistory.load(undefined) });
 * render(<App controller={chat} render={plainRenderer} />);
 * await chat.attach({ client, conversation, session, library: await import("databricks-deployments") });
 */
export class ChatController implements CommandContext {
  /** The session's client, conversation, target and library: undefined while connecting. */
  private parts: Omit<ChatAttachment, "transcript"> | undefined;
  readonly commands: readonly SlashCommand[];
  readonly history: InputHistory;
  transcript: Transcript | undefined;
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private streamBuffer = "";
  private pending = "";
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly flushMs: number;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  /** The reply is read once per frame: the socket is left unread between frames (see `PredictStreamArgs.batchMs`). */
  private get batchMs(): number {
    return Math.min(1000, Math.round(this.flushMs));
  }
  private readonly writeTerminal: (data: string) => void;
  private readonly onScreenCleared: () => void;
  private readonly onExit: () => void;
  private endpointCache: { names: string[]; at: number } | undefined;
  private exited = false;
  private active: ReturnType<Conversation["send"]> | undefined;
  private structured: AbortController | undefined;
  /** Inputs submitted while connecting, run in order by `attach()`. */
  private queued: string[] | undefined;
  private attached: Promise<void> = Promise.resolve();
  private markAttached: () => void = () => undefined;
  schema: ChatSchema | undefined;

  constructor(options: ChatControllerOptions) {
    if (options.connecting === true) {
      this.queued = [];
      this.attached = new Promise((resolve) => { this.markAttached = resolve; });
    } else {
      this.parts = { client: options.client, conversation: options.conversation, session: options.session, library: options.library };
    }
    this.commands = options.commands;
    this.history = options.history;
    this.transcript = options.transcript;
    // 80 ms: 12 frames a second read as smooth, and every frame is a React commit, a layout and a diff
    this.flushMs = options.flushMs ?? 80;
    this.writeTerminal = options.writeTerminal ?? ((data) => process.stdout.write(data));
    this.onScreenCleared = options.onScreenCleared ?? (() => undefined);
    this.onExit = options.onExit ?? (() => undefined);
    this.snapshot = {
      items: [],
      epoch: 0,
      streaming: false,
      status: { endpoint: this.parts?.conversation.endpoint ?? "…", simulated: false, kind: this.session.kind, sessionTokens: 0, ...(this.queued ? { activity: "connecting…" } : {}) },
    };
  }

  get client(): ChatClient {
    return this.parts?.client ?? NOT_CONNECTED;
  }

  get session(): SessionInfo {
    return this.parts?.session ?? CONNECTING;
  }

  /** The conversation; only commands and sends use it, and those wait for the session. */
  get conversation(): Conversation {
    return this.connected().conversation;
  }

  private get library(): ChatLibrary {
    return this.connected().library;
  }

  private connected(): Omit<ChatAttachment, "transcript"> {
    if (this.parts === undefined) throw new Error("internal: the chat used its session before it was attached");
    return this.parts;
  }

  /** True until `attach()` of a controller created `connecting`. */
  get connecting(): boolean {
    return this.queued !== undefined;
  }

  /**
   * Gives a controller created `connecting` its session, runs `prelude` (what the scrollback shows
   * first: the header, a resumed conversation's turns), then what was submitted meanwhile, in order.
   */
  async attach(attachment: ChatAttachment, prelude?: () => void): Promise<void> {
    const queued = this.queued ?? [];
    this.queued = undefined;
    const { transcript, ...parts } = attachment;
    this.parts = parts;
    this.transcript = transcript;
    this.setStatus({ endpoint: this.conversation.endpoint, kind: this.session.kind, activity: undefined });
    prelude?.();
    this.markAttached();
    for (const input of queued) await this.submit(input);
  }

  // --- store for useSyncExternalStore ---
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatSnapshot => this.snapshot;

  private update(patch: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setStatus(patch: Partial<StatusInfo>): void {
    // the model's name comes from the server
    const model = patch.model === undefined ? {} : { model: terminalSafe(patch.model) };
    this.update({ status: { ...this.snapshot.status, ...patch, ...model } });
  }

  private push(...items: NewHistoryItem[]): void {
    const added = items.map((item) => ({ ...safeItem(item), id: this.nextId++ }) as HistoryItem);
    this.update({ items: [...this.snapshot.items, ...added] });
  }

  // --- CommandContext ---
  print(text: string): void {
    this.push({ kind: "info", text });
  }

  fail(message: string, hint?: string): void {
    this.push({ kind: "error", text: message, ...(hint ? { hint } : {}) });
  }

  setActivity(text: string | undefined): void {
    this.setStatus({ activity: text });
  }

  async endpointNames(): Promise<string[]> {
    if (this.endpointCache && Date.now() - this.endpointCache.at < 30_000) return this.endpointCache.names;
    const list = await this.client.listEndpoints();
    const names = list.map((e) => this.library.endpointFacts(e).name).filter((n) => n !== "?").sort();
    this.endpointCache = { names, at: Date.now() };
    return names;
  }

  async useEndpoint(name: string): Promise<void> {
    const facts = this.library.endpointFacts(await this.client.getEndpoint(name));
    refuseIfNotChat(name, facts.task);
    this.conversation.endpoint = name;
    this.conversation.api = apiForTask(facts.task);
    this.setStatus({ endpoint: name, model: facts.model });
  }

  header(lines: readonly string[]): void {
    this.push({ kind: "header", lines });
  }

  /** Shows the served model in the status line. */
  setStatusModel(model: string): void {
    this.setStatus({ model });
  }

  /** Marks the session as answered by a simulated model (known up front on the emulator without an upstream). */
  setSimulated(simulated: boolean): void {
    this.setStatus({ simulated });
  }

  /** Shows a countdown until a rate-limited request is retried (the client's `onRetry`). */
  retryScheduled(delayMs: number, reason?: string): void {
    this.setStatus({ retryAt: Date.now() + delayMs, retryReason: reason });
  }

  copy(text: string): void {
    // OSC 52: the terminal (also over SSH, and tmux with set-clipboard) puts the text on the clipboard.
    this.writeTerminal(`\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`);
  }

  clear(): void {
    this.abandonReply();
    this.conversation.clear();
    this.clearScreen();
    this.update({ items: [], epoch: this.snapshot.epoch + 1, live: undefined });
    this.saveTranscript();
  }

  /**
   * Redraws the whole screen (after the terminal's width changed): the terminal has re-flowed what
   * was drawn at the old width, so Ink's line-count erase of its last frame would leave part of it
   * behind (a live paragraph shown twice). Clearing and re-printing the scrollback at the new width
   * is the one way that is always right.
   */
  redraw(): void {
    this.clearScreen();
    this.update({ epoch: this.snapshot.epoch + 1 });
  }

  private clearScreen(): void {
    this.writeTerminal("\x1b[2J\x1b[3J\x1b[H");
    this.onScreenCleared();
  }

  replaceConversation(conversation: Conversation): void {
    this.abandonReply();
    conversation.useClient(this.client);
    this.parts = { ...this.connected(), conversation };
    this.setStatus({ endpoint: conversation.endpoint });
    this.replay(conversation.turns);
    this.saveTranscript();
  }

  /** Shows saved turns in the scrollback (after `--resume` or `/load`). */
  replay(turns: readonly Turn[]): void {
    for (const turn of turns) {
      this.push({ kind: "user", text: turn.user });
      for (const call of turn.toolCalls ?? []) this.push(...toolItems(call));
      this.push({ kind: "assistant", text: turn.reply, status: turn.status, stats: this.library.turnStats(turn), empty: turn.reply === "" });
      if (turn.status === "error" && turn.error) this.fail(turn.error.message, advise(turn.error));
    }
  }

  exit(): void {
    if (this.exited) return;
    this.exited = true;
    const leave = (): void => {
      this.saveTranscript();
      this.update({ exiting: true, live: undefined });
      // One macrotask for React to commit the last frame (no prompt) before Ink unmounts.
      setTimeout(() => this.onExit(), 0);
    };
    const active = this.active;
    if (active && this.cancel()) {
      // Let the cancelled turn land in the scrollback (and the transcript) first.
      void active.then(leave, leave);
      return;
    }
    leave();
  }

  setSchema(schema: ChatSchema | undefined): void {
    this.schema = schema;
  }

  retry(): void {
    this.run(() => this.conversation.retry({ batchMs: this.batchMs }), this.conversation.lastTurn?.user);
  }

  // --- input ---
  /** False when `input` is a message that cannot be sent yet (a reply is streaming): the UI keeps it in the input. */
  accepts(input: string): boolean {
    return !(this.parts?.conversation.streaming ?? false) || (input.startsWith("/") && !input.startsWith("//"));
  }

  /** Handles one submitted input: a slash command, or a message to send. */
  async submit(input: string): Promise<void> {
    const text = input.replace(/\r\n?/g, "\n");
    if (text.trim() === "") return;
    if (this.queued !== undefined) {
      // Typed before the session exists: sent (or run) the moment it does.
      this.queued.push(input);
      this.setStatus({ activity: `connecting… (${this.queued.length} waiting)` });
      return;
    }
    this.history.add(text);
    if (text.startsWith("/") && !text.startsWith("//")) {
      await this.runCommand(text);
      return;
    }
    // `//` escapes a message that starts with a slash.
    const message = text.startsWith("//") ? text.slice(1) : text;
    if (this.schema !== undefined) {
      await this.runStructured(message, this.schema);
      return;
    }
    this.run(() => this.conversation.send(message, { batchMs: this.batchMs }), message);
  }

  private async runCommand(text: string): Promise<void> {
    const match = /^\/(\S*)\s*([\s\S]*)$/.exec(text);
    const name = match?.[1] ?? "";
    const args = (match?.[2] ?? "").trim();
    const command = findCommand(this.commands, name);
    if (!command) {
      this.fail(`Unknown command /${name}.`, "Type /help for the list; start a message with // to send a literal slash.");
      return;
    }
    try {
      await command.run(this, args);
    } catch (error) {
      if (error instanceof CommandRefusal) {
        this.fail(`/${command.name}: ${error.message}`, error.hint);
        return;
      }
      const facts = this.library.describeError(error);
      this.fail(`/${command.name}: ${facts.message}`, advise(facts));
    }
  }

  /**
   * Cancels the streaming reply and forgets it (for /clear and /load): it settles later, and its
   * partial text must not land in the scrollback that replaced it.
   */
  private abandonReply(): void {
    if (!this.cancel()) return;
    this.active = undefined;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.streamBuffer = "";
    this.pending = "";
    this.update({ streaming: false, live: undefined });
  }

  /**
   * One structured-output exchange (`/schema`): the message with the conversation as context, sent
   * with the schema; the parsed object shown pretty-printed. Not added to the conversation.
   */
  private async runStructured(message: string, schema: ChatSchema): Promise<void> {
    const predict = this.client.predict?.bind(this.client);
    if (predict === undefined || this.conversation.api !== "chat") {
      this.fail("Structured output needs a chat endpoint and a full client.", "/schema off, or /use a chat endpoint.");
      return;
    }
    if (this.conversation.streaming || this.structured !== undefined) {
      this.fail("A reply is still streaming.", "Press Esc or Ctrl-C to cancel it first.");
      return;
    }
    this.push({ kind: "user", text: message });
    const abort = new AbortController();
    this.structured = abort;
    this.update({ streaming: true, live: "" });
    const started = performance.now();
    try {
      const inputs = { messages: [...this.conversation.messages(), { role: "user" as const, content: message }], ...this.conversation.params };
      const reply = (await predict({ endpoint: this.conversation.endpoint, inputs, schema: schema.schema, schemaName: schema.name, signal: abort.signal })) as { choices?: { message?: { parsed?: unknown } }[]; usage?: { total_tokens?: number } };
      const parsed = reply.choices?.[0]?.message?.parsed;
      const tokens = reply.usage?.total_tokens ?? 0;
      this.push({ kind: "assistant", text: "```json\n" + JSON.stringify(parsed, null, 2) + "\n```", status: "complete", stats: `structured output · schema ${schema.name} · valid · ${Math.round(performance.now() - started)} ms${tokens ? ` · ${tokens} tokens` : ""}` });
      this.setStatus({ sessionTokens: this.snapshot.status.sessionTokens + tokens });
    } catch (error) {
      if (abort.signal.aborted) this.push({ kind: "assistant", text: "", status: "cancelled", empty: true });
      else {
        const facts = this.library.describeError(error);
        this.fail(facts.message, advise(facts));
      }
    } finally {
      this.structured = undefined;
      this.update({ streaming: false, live: undefined });
    }
  }

  /** Cancels the streaming reply; returns whether there was one. */
  cancel(): boolean {
    if (this.structured !== undefined) {
      this.structured.abort();
      return true;
    }
    const conversation = this.parts?.conversation;
    if (conversation?.streaming !== true) return false;
    conversation.cancel();
    return true;
  }

  /**
   * Why a message cannot be sent right now, for the input line: the request may still be waiting
   * out a rate limit (nothing is streaming yet), or a reply is streaming.
   */
  busyHint(now = Date.now()): string {
    const at = this.snapshot.status.retryAt;
    if (at !== undefined && at > now && !isRateLimit(this.snapshot.status.retryReason)) return `Waiting to retry (${this.snapshot.status.retryReason}; retrying in ${Math.ceil((at - now) / 1000)} s): Esc cancels it (your message stays here).`;
    if (at !== undefined && at > now) return `Waiting on a rate limit (retrying in ${Math.ceil((at - now) / 1000)} s): Esc cancels it (your message stays here).`;
    return "A reply is still streaming: Esc cancels it (your message stays here).";
  }

  private run(start: () => ReturnType<Conversation["send"]>, userText: string | undefined): void {
    if (this.conversation.streaming) {
      const at = this.snapshot.status.retryAt;
      this.fail(at !== undefined && at > Date.now() ? (isRateLimit(this.snapshot.status.retryReason) ? "A request is waiting on a rate limit." : "A request is waiting to retry.") : "A reply is still streaming.", "Press Esc or Ctrl-C to cancel it first.");
      return;
    }
    let reply: ReturnType<Conversation["send"]>;
    try {
      reply = start();
    } catch (error) {
      this.fail(this.library.describeError(error).message);
      return;
    }
    this.active = reply;
    if (userText !== undefined) this.push({ kind: "user", text: userText });
    this.streamBuffer = "";
    this.pending = "";
    this.update({ streaming: true, live: "" });
    const clean = new TerminalText();
    reply.onDelta((delta) => {
      this.pending += clean.push(delta);
      // At most one frame per flushMs, drawn as soon as that allows: the reply is read once per
      // flushMs too (batchMs), so each read's text is drawn right away, not a whole period later.
      // The timer (0 at the earliest) lets the rest of the same read arrive first.
      this.flushTimer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + this.flushMs - performance.now()));
    });
    reply.onToolCall((call) => {
      if (reply !== this.active) return;
      // Text streamed before the call goes above it in the scrollback.
      const text = this.streamBuffer + this.pending;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.streamBuffer = "";
      this.pending = "";
      if (text.trim() !== "") this.push({ kind: "assistant", text });
      this.push(call.status === "running" ? toolItems(call)[0]! : toolItems(call)[1]!);
      this.update({ live: "" });
    });
    void reply.then(
      (turn) => this.finishTurn(reply, turn),
      (error: unknown) => this.finishTurn(reply, reply.turn, error),
    );
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.lastFlushAt = performance.now();
    if (this.pending === "") return;
    this.streamBuffer += this.pending;
    this.pending = "";
    const [done, rest] = splitAtSafeBoundary(this.streamBuffer);
    let items = this.snapshot.items;
    if (done !== "") {
      this.streamBuffer = rest;
      items = [...items, { kind: "assistant", text: done, id: this.nextId++ }];
    }
    // One snapshot per batch: every update is a React commit and a layout pass.
    this.update({ items, live: this.streamBuffer, ...(this.snapshot.status.retryAt ? { status: { ...this.snapshot.status, retryAt: undefined } } : {}) });
  }

  private finishTurn(reply: ReturnType<Conversation["send"]>, turn: Turn, error?: unknown): void {
    if (reply !== this.active) {
      // Abandoned by /clear or /load: only its tokens still count (they were spent).
      const tokens = this.library.turnTokens(turn) ?? 0;
      if (tokens > 0) this.setStatus({ sessionTokens: this.snapshot.status.sessionTokens + tokens });
      return;
    }
    this.active = undefined;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const text = this.streamBuffer + this.pending;
    this.streamBuffer = "";
    this.pending = "";
    this.push({ kind: "assistant", text, status: turn.status, stats: this.library.turnStats(turn), empty: turn.reply === "" });
    if (error !== undefined) {
      const facts = this.library.describeError(error);
      this.fail(facts.message, advise(facts));
    }
    this.update({
      streaming: false,
      live: undefined,
      status: {
        ...this.snapshot.status,
        retryAt: undefined,
        // Tokens spent in this session: replies replaced by /retry or forgotten by /clear still count.
        sessionTokens: this.snapshot.status.sessionTokens + (this.library.turnTokens(turn) ?? 0),
        ...(turn.model && !this.snapshot.status.model ? { model: terminalSafe(turn.model) } : {}),
        // The wire says which it was: `"simulated": true` on every simulated chunk.
        ...(turn.reply !== "" ? { simulated: turn.simulated } : {}),
        ttftMs: turn.timeToFirstTokenMs,
        tokensPerSecond: turn.tokensPerSecond,
      },
    });
    this.saveTranscript();
  }

  saveTranscript(): void {
    if (!this.transcript || this.parts === undefined || this.conversation.turns.length === 0) return;
    try {
      this.transcript.save(this.conversation);
    } catch (error) {
      this.fail(`Transcript not saved: ${(error as Error).message}`, "Check the data directory is writable, or start with --no-transcript.");
      this.transcript = undefined;
    }
  }

  /** Tab completion of the input (see `completeInput`). */
  async complete(input: string): Promise<{ input: string; candidates: readonly string[] }> {
    // Endpoint names come from the session's client.
    await this.attached;
    return completeInput(this, input);
  }
}
