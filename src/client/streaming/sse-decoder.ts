import { ResponseTooLargeError } from "../../errors/response-too-large-error.js";

/** One server-sent event: its `data` lines joined with `\n`, and its `event:` type if it had one. */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * The incremental SSE parser behind `decodeSse`: feed it bytes as they arrive, get back the events
 * those bytes completed. Synchronous, so a consumer that already loops over a body (the request
 * pipeline) pays no extra async-iterator layer per event.
 *
 * - one `TextDecoder` in stream mode, so a UTF-8 character split across reads decodes whole;
 * - lines split by hand on LF, CRLF or CR, anywhere across reads, carrying only the unfinished
 *   line between reads (never re-slicing the whole buffer per event);
 * - `:` comments, `id:`, `retry:` and unknown fields ignored; multi-line `data:` joined; an event
 *   without `data` is not emitted; a last event without its blank line is still emitted by `end()`;
 * - a line or an event longer than `maxEventBytes` (decoded characters; default 16 MiB) throws a
 *   `ResponseTooLargeError` instead of growing without bound.
 *
 * @example
 * const decoder = new SseDecoder();
 * for await (const bytes of body) for (const e of decoder.push(bytes)) console.log(e.data);
 * for (const e of decoder.end()) console.log(e.data);
 */
export class SseDecoder {
  readonly #decoder = new TextDecoder();
  readonly #max: number;
  #partial = "";
  #skipLeadingLF = false;
  #data: string | undefined;
  #event: string | undefined;

  constructor(options: { readonly maxEventBytes?: number | undefined } = {}) {
    this.#max = options.maxEventBytes ?? 16 * 2 ** 20;
  }

  /** Characters held for an event not finished yet (its data so far and its unfinished line). */
  get pending(): number {
    return this.#partial.length + (this.#data?.length ?? 0);
  }

  /** The events completed by these bytes (often none or one; many in a burst). */
  push(bytes: Uint8Array): SseEvent[] {
    const out: SseEvent[] = [];
    const text = this.#decoder.decode(bytes, { stream: true });
    const n = text.length;
    if (n === 0) return out;
    let start = 0;
    if (this.#skipLeadingLF) {
      this.#skipLeadingLF = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    if (text.indexOf("\r", start) === -1) {
      // Fast path (the usual LF-only stream): let indexOf find the line ends.
      let nl = text.indexOf("\n", start);
      while (nl !== -1) {
        let line = text.slice(start, nl);
        if (this.#partial.length > 0) {
          line = this.#partial + line;
          this.#partial = "";
        }
        start = nl + 1;
        this.#line(line, out);
        nl = text.indexOf("\n", start);
      }
    } else {
      for (let i = start; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        let line = text.slice(start, i);
        if (this.#partial.length > 0) {
          line = this.#partial + line;
          this.#partial = "";
        }
        if (c === 13) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else {
            this.#skipLeadingLF = true;
          }
        }
        start = i + 1;
        this.#line(line, out);
      }
    }
    if (start < n) {
      this.#partial += text.slice(start);
      if (this.#partial.length > this.#max) this.#tooLarge("line");
    }
    return out;
  }

  /** Flushes the end of the body: an unfinished last line and an event without its blank line. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = "";
    if (rest.length > 0) this.#line(rest, out);
    if (this.#data !== undefined) this.#dispatch(out);
    return out;
  }

  #tooLarge(what: "line" | "event"): never {
    this.#partial = "";
    this.#data = undefined;
    throw new ResponseTooLargeError(`A server-sent ${what} is longer than maxEventBytes (${this.#max}); the stream was stopped`, "event", this.#max);
  }

  #dispatch(out: SseEvent[]): void {
    out.push({ event: this.#event, data: this.#data as string });
    this.#data = undefined;
    this.#event = undefined;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      if (this.#data !== undefined) this.#dispatch(out);
      else this.#event = undefined;
      return;
    }
    const first = line.charCodeAt(0);
    if (first === 58 /* ":" comment */) return;
    // The usual line, `data: …`, without slicing out its field name.
    if (first === 100 && line.startsWith("data: ")) {
      const value = line.slice(6);
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
      if (this.#data.length > this.#max) this.#tooLarge("event");
      return;
    }
    const colon = line.indexOf(":");
    let name: string;
    let value: string;
    if (colon === -1) {
      name = line;
      value = "";
    } else {
      name = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    if (name === "data") {
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
      if (this.#data.length > this.#max) this.#tooLarge("event");
    }
    else if (name === "event") this.#event = value;
  }
}

/**
 * Decodes a server-sent-events body into events. One decoder serves web `ReadableStream` bodies
 * (global fetch) and Node `Readable` bodies (cross-fetch) alike: both are `AsyncIterable<Uint8Array>`.
 * See `SseDecoder` for the rules. `onRead` is called on each read.
 *
 * @example
 * for await (const { data } of decodeSse(response.body)) {
 *   if (data === "[DONE]") break;
 *   console.log(JSON.parse(data));
 * }
 */
export async function* decodeSse(source: AsyncIterable<Uint8Array>, onRead?: () => void): AsyncGenerator<SseEvent, void, undefined> {
  const decoder = new SseDecoder();
  for await (const bytes of source) {
    if (onRead !== undefined) onRead();
    for (const event of decoder.push(bytes)) yield event;
  }
  for (const event of decoder.end()) yield event;
}
