import type { ToolCallRecord, Turn } from "./types.js";

type DeltaListener = (delta: string, turn: Turn) => void;
type ToolCallListener = (call: ToolCallRecord, turn: Turn) => void;

/**
 * A reply being streamed. Consume it whichever way suits the place you are in:
 * - `for await (const delta of reply)` — text deltas as they arrive (every iterator starts from the
 *   first delta, so a late consumer misses nothing); throws if the request fails;
 * - `reply.onDelta((delta) => …)` plus `await reply` (or `reply.done`) — callbacks, handy where a
 *   top-level `for await` is not allowed (tslab notebooks);
 * - `await reply` alone — the finished `Turn`.
 *
 * Awaiting resolves with the turn when it completes or is cancelled (`turn.status === "cancelled"`,
 * partial text kept) and rejects with the client's error when it fails (the turn stays in the
 * conversation with `status === "error"`).
 *
 * @example
 * const reply = conversation.send("Write a haiku about rate limits");
 * reply.onDelta((delta) => process.stdout.write(delta));
 * const turn = await reply;
 * console.log(`\n${turn.tokensPerSecond?.toFixed(1)} tok/s`);
 */
export class Reply implements AsyncIterable<string>, PromiseLike<Turn> {
  /** The turn this reply fills in; live while streaming. */
  readonly turn: Turn;
  /** Settles when the reply ends: resolves with the turn (complete or cancelled), rejects on error. */
  readonly done: Promise<Turn>;
  private readonly deltas: string[] = [];
  private readonly listeners = new Set<DeltaListener>();
  private readonly toolListeners = new Set<ToolCallListener>();
  private readonly wakers = new Set<() => void>();
  private finished = false;
  private failure: unknown = undefined;
  private failed = false;
  private readonly cancelRequest: (reason?: string) => void;
  private settle!: { resolve: (turn: Turn) => void; reject: (error: unknown) => void };

  /** @internal Replies are made by `Conversation.send()`. */
  constructor(turn: Turn, cancel: (reason?: string) => void) {
    this.turn = turn;
    this.cancelRequest = cancel;
    this.done = new Promise<Turn>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // A consumer that only iterates (or only listens) must not get an unhandled rejection:
    // the error still reaches whoever awaits `done` or iterates.
    this.done.catch(() => undefined);
  }

  /** The reply text received so far. */
  get text(): string {
    return this.turn.reply;
  }

  /** Stops the stream; the partial reply is kept and the turn marked `cancelled`. No-op once finished. */
  cancel(reason?: string): void {
    if (!this.finished) this.cancelRequest(reason);
  }

  /**
   * Calls `listener` with each text delta from now on (earlier deltas are in `reply.text`).
   * Returns a function that removes the listener.
   */
  onDelta(listener: DeltaListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` when a tool call starts (`status: "running"`) and again when it ends (`done`
   * or `error`, with `result` / `error` and `durationMs`) — the same record object both times.
   * Earlier calls are in `reply.turn.toolCalls`. Returns a function that removes the listener.
   *
   * @example
   * reply.onToolCall((call) => console.log(call.status, call.name, call.arguments, call.result ?? call.error ?? ""));
   */
  onToolCall(listener: ToolCallListener): () => void {
    this.toolListeners.add(listener);
    return () => this.toolListeners.delete(listener);
  }

  then<A = Turn, B = never>(
    onFulfilled?: ((turn: Turn) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onFulfilled, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    let index = 0;
    for (;;) {
      while (index < this.deltas.length) yield this.deltas[index++] as string;
      if (this.failed) throw this.failure;
      if (this.finished) return;
      await new Promise<void>((wake) => this.wakers.add(wake));
    }
  }

  /** @internal */
  push(delta: string): void {
    this.deltas.push(delta);
    for (const listener of this.listeners) listener(delta, this.turn);
    this.wake();
  }

  /** @internal */
  toolCall(call: ToolCallRecord): void {
    for (const listener of this.toolListeners) listener(call, this.turn);
  }

  /** @internal */
  finish(): void {
    this.finished = true;
    this.settle.resolve(this.turn);
    this.wake();
  }

  /** @internal */
  fail(error: unknown): void {
    this.finished = true;
    this.failed = true;
    this.failure = error;
    this.settle.reject(error);
    this.wake();
  }

  private wake(): void {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const wake of wakers) wake();
  }
}
