/** One server-sent event: its `data` lines joined with `\n`, and its `event:` type if it had one. */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Decodes a server-sent-events body into events. One decoder serves web `ReadableStream` bodies
 * (global fetch) and Node `Readable` bodies (cross-fetch) alike: both are `AsyncIterable<Uint8Array>`.
 *
 * - one `TextDecoder` in stream mode, so a UTF-8 character split across reads decodes whole;
 * - lines split by hand on LF, CRLF or CR, anywhere across reads, carrying only the unfinished
 *   line between reads (never re-slicing the whole buffer per event);
 * - `:` comments, `id:`, `retry:` and unknown fields ignored; multi-line `data:` joined; an event
 *   without `data` is not emitted; a last event without its blank line is still emitted.
 *
 * `onRead` is called on each read (the pipeline refreshes its idle timer there).
 *
 * @example
 * for await (const { data } of decodeSse(response.body)) {
 *   if (data === "[DONE]") break;
 *   console.log(JSON.parse(data));
 * }
 */
export async function* decodeSse(source: AsyncIterable<Uint8Array>, onRead?: () => void): AsyncGenerator<SseEvent, void, undefined> {
  const decoder = new TextDecoder();
  let partial = "";
  let skipLeadingLF = false;
  let data: string | undefined;
  let event: string | undefined;

  // Returns true when the line ends an event that should be emitted.
  const field = (line: string): boolean => {
    if (line.length === 0) {
      if (data !== undefined) return true;
      event = undefined;
      return false;
    }
    if (line.charCodeAt(0) === 58 /* ":" comment */) return false;
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
    if (name === "data") data = data === undefined ? value : `${data}\n${value}`;
    else if (name === "event") event = value;
    return false;
  };

  const take = (): SseEvent => {
    const out: SseEvent = { event, data: data as string };
    data = undefined;
    event = undefined;
    return out;
  };

  for await (const bytes of source) {
    if (onRead !== undefined) onRead();
    const text = decoder.decode(bytes, { stream: true });
    const n = text.length;
    if (n === 0) continue;
    let start = 0;
    if (skipLeadingLF) {
      skipLeadingLF = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    if (text.indexOf("\r", start) === -1) {
      // Fast path (the usual LF-only stream): let indexOf find the line ends.
      let nl = text.indexOf("\n", start);
      while (nl !== -1) {
        let line = text.slice(start, nl);
        if (partial.length > 0) {
          line = partial + line;
          partial = "";
        }
        start = nl + 1;
        if (field(line)) yield take();
        nl = text.indexOf("\n", start);
      }
    } else {
      for (let i = start; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        let line = text.slice(start, i);
        if (partial.length > 0) {
          line = partial + line;
          partial = "";
        }
        if (c === 13) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else {
            skipLeadingLF = true;
          }
        }
        start = i + 1;
        if (field(line)) yield take();
      }
    }
    if (start < n) partial += text.slice(start);
  }
  const rest = partial + decoder.decode();
  if (rest.length > 0) field(rest);
  if (data !== undefined) yield take();
}
