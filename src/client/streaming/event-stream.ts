import { StreamError } from "../../errors/stream-error.js";
import type { OpenedResponse } from "../request/attempt.js";
import { streamedError } from "../request/error-body.js";
import { streamError } from "../request/transport-error.js";
import { SseDecoder, type SseEvent } from "./sse-decoder.js";

const DONE: IteratorReturnResult<void> = Object.freeze({ value: undefined, done: true });
const ignore = (): void => undefined;

/**
 * The JSON chunks of an SSE reply as an async generator, hand-written so that events already
 * decoded are handed out with one resolved promise each (an `async function*` costs three
 * microtask hops per event, which shows on a 10,000-event burst). Opens the request at the first
 * `next()` by calling `open` (which may also validate, so a bad payload fails there); `[DONE]`
 * ends it; an error object becomes an `ApiError`; the body ending before `[DONE]` is a
 * `StreamError`; silence longer than `idleTimeoutMs` aborts it; `return()` (a `break` out of
 * `for await`) aborts the request. It maps its own failures: the opener is never called back.
 *
 * @example
 * for await (const chunk of new EventStream(() => pipeline.open(spec, "sse"), 120_000)) console.log(chunk);
 */
export class EventStream<T> implements AsyncGenerator<T, void, undefined> {
  readonly #open: () => Promise<OpenedResponse>;
  readonly #idleTimeoutMs: number;
  #opened: OpenedResponse | undefined;
  #reader: AsyncIterator<Uint8Array> | undefined;
  #decoder: SseDecoder | undefined;
  #events: SseEvent[] = [];
  #index = 0;
  #received = 0;
  #bodyEnded = false;
  #closed = false;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #reading = false;
  #idleFired = false;
  // Set when the last read brought event data (or the idle timer fired while the consumer held
  // the stream): the next wait for the server starts a fresh idle period.
  #progressed = true;
  #inFlight: Promise<IteratorResult<T, void>> | undefined;
  #busy = false;

  readonly #batchMs: () => number;
  readonly #holdAfter: ((event: T) => boolean) | undefined;
  // Whether a batched read may be held yet: from the first event `holdAfter` accepts.
  #armed: boolean;

  /**
   * `batchMs` (asked once the request is open, so the opener validates it first): above 0, the body
   * is read at most once per that many ms where the transport can (see `PredictStreamArgs.batchMs`).
   * `holdAfter`: the first event after which reads may be held (the first text, not a stream's
   * opening events, so the first token is never held back); by default any event.
   */
  constructor(open: () => Promise<OpenedResponse>, idleTimeoutMs: number, batchMs: () => number = () => 0, holdAfter?: (event: T) => boolean) {
    this.#open = open;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#batchMs = batchMs;
    this.#holdAfter = holdAfter;
    this.#armed = holdAfter === undefined;
  }

  next(): Promise<IteratorResult<T, void>> {
    // Calls that overlap (next() again before the last one settled) are served in order, as a generator would.
    if (this.#busy) return (this.#inFlight as Promise<IteratorResult<T, void>>).then(() => this.next(), () => this.next());
    if (this.#closed) return Promise.resolve(DONE);
    if (this.#index < this.#events.length) {
      try {
        const result = this.#take();
        if (result !== undefined) return Promise.resolve(result);
      } catch (e) {
        return Promise.reject(this.#fail(e));
      }
    }
    // #nextSlow clears #busy as it settles (even when it settles at once): no closure per call,
    // which a paced stream (every event through here) would pay per event.
    this.#busy = true;
    const slow = this.#nextSlow();
    this.#inFlight = slow;
    // A read given up on (raced against a signal, then left) must not become an unhandled rejection.
    slow.catch(ignore);
    return slow;
  }

  return(): Promise<IteratorResult<T, void>> {
    this.#close(true);
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<T, void>> {
    this.#close(true);
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  // The next buffered event's result, or undefined when the buffer is spent.
  #take(): IteratorResult<T, void> | undefined {
    while (this.#index < this.#events.length) {
      const event = this.#events[this.#index++] as SseEvent;
      if (event.data === "[DONE]") {
        this.#close(false);
        return DONE;
      }
      const value = this.#parse(event) as T;
      this.#received++;
      if (!this.#armed) this.#armed = (this.#holdAfter as (event: T) => boolean)(value);
      return { value, done: false };
    }
    return undefined;
  }

  #parse(event: SseEvent): unknown {
    const o = this.#opened as OpenedResponse;
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      // No `cause`: the SyntaxError quotes the raw data, which only leaves here scrubbed. Scrubbed
      // before cutting, so a secret straddling the cut cannot leave its first half behind.
      throw new StreamError(`Stream event ${this.#received + 1} is not JSON: ${o.redactor.text(event.data).slice(0, 200)}`, this.#received);
    }
    const error = streamedError(chunk, o.redactor, o.operation) ?? (event.event === "error" ? streamedError({ error: chunk }, o.redactor, o.operation) : undefined);
    if (error !== undefined) throw error;
    return chunk;
  }

  async #nextSlow(): Promise<IteratorResult<T, void>> {
    try {
      if (this.#opened === undefined) {
        const single = await this.#start();
        if (single !== undefined) return single;
      }
      for (;;) {
        if (this.#closed) return DONE;
        const result = this.#take();
        if (result !== undefined) return result;
        if (this.#bodyEnded) {
          const n = this.#received;
          throw new StreamError(`The connection closed before the stream finished (no [DONE]) after ${n} chunk${n === 1 ? "" : "s"}`, n);
        }
        // The idle clock runs only while we wait for the server: the consumer's own pauses are not silence.
        // Only data moves it on: a server sending nothing but `:` comments is as silent as one sending nothing.
        this.#reading = true;
        if (this.#progressed) {
          this.#progressed = false;
          this.#idle?.refresh();
        }
        const read = await (this.#reader as AsyncIterator<Uint8Array>).next();
        this.#reading = false;
        if (this.#closed) return DONE;
        this.#index = 0;
        const decoder = this.#decoder as SseDecoder;
        const before = decoder.pending;
        if (read.done === true) {
          this.#bodyEnded = true;
          this.#events = decoder.end();
        } else {
          this.#events = decoder.push(read.value);
        }
        if (this.#events.length > 0 || decoder.pending > before) this.#progressed = true;
      }
    } catch (e) {
      throw this.#fail(e);
    } finally {
      this.#busy = false;
    }
  }

  // Opens the request; returns a result only when the server answered one JSON object instead of a stream.
  async #start(): Promise<IteratorResult<T, void> | undefined> {
    const opened = await this.#open();
    this.#opened = opened;
    if (this.#closed) {
      opened.abort();
      opened.release();
      return DONE;
    }
    this.#decoder = new SseDecoder({ maxEventBytes: opened.maxEventBytes });
    const res = opened.res;
    const contentType = res.headers.get("content-type") ?? "";
    const json = contentType.includes("application/json");
    const batchMs = json || res.batched === undefined ? 0 : this.#batchMs();
    // A batched read is held up to batchMs after the last one: that wait is the client's, not the
    // server's silence, so the idle clock allows it on top of idleTimeoutMs.
    this.#idle = setTimeout(() => {
      if (!this.#reading) {
        // The consumer's own pause is not the server's silence: the next wait starts afresh.
        this.#progressed = true;
        return;
      }
      this.#idleFired = true;
      opened.abort();
    }, this.#idleTimeoutMs + batchMs);
    if (json) {
      // A model that ignores `stream: true` answers with one JSON object: it is the only chunk.
      // The attempt timer is already handed over, so the idle timer must guard this read, or a
      // server that stalls mid-body would hang the caller forever.
      this.#reading = true;
      const data = await opened.res.text();
      this.#reading = false;
      const value = this.#parse({ event: undefined, data }) as T;
      this.#received = 1;
      this.#close(false);
      return { value, done: false };
    }
    const body = (batchMs > 0 && res.batched !== undefined ? res.batched(batchMs, () => this.#armed) : res.body) as unknown as AsyncIterable<Uint8Array> | null;
    if (body === null) throw new StreamError(`${opened.operation} answered without a body`, 0);
    this.#reader = body[Symbol.asyncIterator]();
    return undefined;
  }

  #fail(e: unknown): unknown {
    const opened = this.#opened;
    // Before the response was opened, the opener has already said what went wrong.
    const mapped = opened === undefined ? e : streamError(e, { aborted: opened.describeAbort(), idleTimeoutMs: this.#idleFired ? this.#idleTimeoutMs : undefined, received: this.#received, redactor: opened.redactor });
    this.#close(true);
    return mapped;
  }

  #close(abort: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    const opened = this.#opened;
    if (opened === undefined) return;
    // After [DONE] the body is left to end on its own (the server closes it right after), which
    // keeps the socket reusable; stopping early aborts the request.
    if (abort) opened.abort();
    opened.release();
  }
}
